"""Shape tests driven by data files: tests/shapes/*.ttl say what they expect in '# expect:' lines."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph_builder.validate import shacl_check

CASES = sorted((Path(__file__).parent / "shapes").glob("*.ttl"))


def expectations(path: Path) -> tuple[bool, set[tuple[str, str, str]]]:
    exp = set()
    conforms = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            parts = line[len("# expect:"):].split()
            if parts == ["conforms"]:
                conforms = True
            else:
                shape, path_, focus = parts
                exp.add((shape, "" if path_ == "-" else path_, focus))
    return conforms, exp


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_shapes_report_expected_violations(case: Path) -> None:
    conforms, expected = expectations(case)
    rep = shacl_check(Graph().parse(case, format="turtle"))
    assert rep.conforms == conforms
    got = {(v.shape.rsplit("#", 1)[-1], v.path, v.focus) for v in rep.violations}
    if not conforms:
        for shape, path_, focus in expected:
            assert any(g[0] == shape and g[2] == focus and (not path_ or g[1] == path_) for g in got), (shape, got)
        assert {g[0] for g in got} == {e[0] for e in expected}


def test_shapes_seed_graph_conforms(built_graph: Path) -> None:
    rep = shacl_check(Graph().parse(built_graph, format="turtle"))
    assert rep.conforms, rep.violations[:5]
