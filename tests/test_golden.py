"""Golden graphs, compared as graphs (isomorphism), not as text."""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph_builder.pipeline import build, read_manifest
from tests.conftest import EN, MANIFEST

GOLDEN = Path(__file__).parent / "golden"


def test_golden_sc_827_graph_is_isomorphic() -> None:
    g = build([EN / "S_RES_827_1993.txt"], read_manifest(MANIFEST)).graph
    path = GOLDEN / "S_RES_827_1993.ttl"
    if os.environ.get("UPDATE_GOLDEN"):
        g.serialize(path, format="turtle")
    expected = Graph().parse(path)
    if not isomorphic(g, expected):
        _, only_new, only_old = graph_diff(to_isomorphic(g), to_isomorphic(expected))
        raise AssertionError(f"graph differs: +{len(only_new)} -{len(only_old)}: {sorted(only_new)[:3]} {sorted(only_old)[:3]}")
