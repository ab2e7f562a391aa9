"""The SPARQL SHACL engine reports what pySHACL reports: on every shape case, on built graphs,
and on built graphs broken on purpose."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from graph_builder.shacl_sparql import UnsupportedShape, validate
from graph_builder.validate import shacl_check, shapes_graph

CASES = sorted((Path(__file__).parent / "shapes").glob("*.ttl"))
MG = "https://w3id.org/mandate-graph/ontology#"


def keys(rep, shapes: Graph) -> list[tuple[str, ...]]:
    """What both engines must agree on; a message only where the shapes give one, blank nodes by kind."""
    given = {str(m) for m in shapes.objects(None, SH.message)}
    return sorted((v.shape, "_:" if v.focus.startswith("_:") else v.focus, v.path, v.value, v.severity,
                   v.message if v.message in given else "") for v in rep.violations)


def same(g: Graph) -> tuple[list, list]:
    shapes = shapes_graph()
    ref, fast = shacl_check(g, engine="pyshacl"), shacl_check(g, engine="sparql")
    assert ref.conforms == fast.conforms
    return keys(ref, shapes), keys(fast, shapes)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_shacl_sparql_same_violations_as_pyshacl_on_shape_cases(case: Path) -> None:
    ref, fast = same(Graph().parse(case, format="turtle"))
    assert fast == ref


def test_shacl_sparql_same_violations_on_built_graph(built_graph: Path) -> None:
    ref, fast = same(Graph().parse(built_graph, format="turtle"))
    assert fast == ref == []


def test_shacl_sparql_same_violations_on_broken_built_graph(built_graph: Path) -> None:
    g = Graph().parse(built_graph, format="turtle")
    mg = lambda n: URIRef(MG + n)  # noqa: E731
    # break it in every way the shapes look at, on a handful of nodes each
    for i, (s, _p, o) in enumerate(sorted(g.triples((None, mg("obligor"), None)))):
        if i % 3 == 0:
            g.remove((s, mg("obligor"), o))
        elif i % 3 == 1:
            g.add((s, mg("recipient"), URIRef("urn:not-a-body")))
    for i, s in enumerate(sorted(g.subjects(mg("startOffset"), None))):
        if i % 40 == 0:
            g.add((s, mg("startOffset"), Literal(10**7)))
    for i, s in enumerate(sorted(set(g.subjects(mg("hasExpression"), None)))):
        if i % 2 == 0:
            g.add((s, mg("key"), Literal(f"X/{i}")))
    for i, s in enumerate(sorted(g.subjects(mg("sourceParagraph"), None))):
        if i % 25 == 0:
            g.remove((s, mg("sourceParagraph"), None))
    ref, fast = same(g)
    assert len(ref) > 20
    assert fast == ref


def test_shacl_sparql_refuses_what_it_does_not_compile() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
            sh:or ( [ sh:datatype <urn:x> ] [ sh:class <urn:y> ] ) .""", format="turtle")
    with pytest.raises(UnsupportedShape, match="or"):
        validate(lambda q: [], shapes)
