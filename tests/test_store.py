"""The store module: engines answer alike, serialisation is deterministic and atomic."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from graph_builder.query import list_queries, run
from graph_builder.store import StoreError, is_oxigraph, load_graph, save_graph, serialise, with_values

QUERIES = list_queries()


def example_params(example: str) -> dict[str, str]:
    args = shlex.split(example)
    out = {}
    for i, a in enumerate(args):
        if a == "--param":
            k, v = args[i + 1].split("=", 1)
            out[k] = v
        elif a == "--as-of":
            out["as_of"] = args[i + 1]
    return out


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_store_oxigraph_answers_like_rdflib(q, built_graph: Path) -> None:
    mem, ox = load_graph(built_graph), load_graph(built_graph, engine="oxigraph")
    assert is_oxigraph(ox) and not is_oxigraph(mem)
    for params in ({}, example_params(q.example)):
        cm, rm = run(mem, q.name, params)
        co, ro = run(ox, q.name, params)
        assert cm == co and sorted(rm) == sorted(ro), (q.name, params)


def test_store_with_values_binds_terms_not_text() -> None:
    q = "SELECT ?x WHERE { ?x ?p ?o }"
    out = with_values(q, {"o": Literal('a" } ; DROP ALL ; {'), "p": Literal(1)})
    assert re.search(r'VALUES \(\?o \?p\) \{ \("a\\" \} ; DROP ALL ; \{" ', out)
    Graph().query(out)           # still one well-formed query
    with pytest.raises(StoreError):
        with_values("ASK { }", {"x": Literal(1)})


def test_store_turtle_is_deterministic_and_faithful(built_graph: Path, tmp_path: Path) -> None:
    g = load_graph(built_graph)
    a, b = serialise(g, "ttl"), serialise(load_graph(built_graph), "ttl")
    assert a == b
    assert isomorphic(Graph().parse(data=a, format="turtle"), g)
    out = tmp_path / "x.nt"
    save_graph(g, out)
    assert isomorphic(Graph().parse(out, format="nt"), g)
    assert not list(tmp_path.glob(".*.tmp"))          # nothing half-written left behind
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


def test_store_oxigraph_load_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(StoreError, match="bad.ttl"):
        load_graph(bad, engine="oxigraph")


def test_store_nt_lines_round_trip_every_kind_of_term() -> None:
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.compare import isomorphic
    from rdflib.namespace import XSD

    from graph_builder.store import nt_lines

    s = URIRef("https://w3id.org/mandate-graph/id/doc/A/RES/78/182")
    p = URIRef("urn:p")
    objs = [Literal('quote " backslash \\ newline \n return \r tab \t vt \x0b del \x7f'), Literal("请秘书长", lang="zh"),
            Literal(3), Literal(True), Literal("2024-06-20", datatype=XSD.date), URIRef("urn:o"), BNode("b1")]
    g = Graph()
    for o in objs:
        g.add((s, p, o))
    lines = nt_lines(g)
    assert lines == sorted(lines) and len(lines) == len(objs)
    back = Graph().parse(data=b"\n".join(lines).decode("utf-8"), format="nt")
    assert isomorphic(g, back)
    # RDF 1.1: an xsd:string literal is a plain literal, and is written as one
    assert nt_lines([(s, p, Literal("x", datatype=XSD.string))]) == [b'<https://w3id.org/mandate-graph/id/doc/A/RES/78/182> <urn:p> "x" .']
    # canonical N-Triples: the same bytes as Oxigraph's writer, so lines from either sort alike
    import pyoxigraph as ox

    ours = sorted(x for x in lines if b"_:" not in x)
    ox_lines = ox.serialize(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    assert ours == sorted(x for x in ox_lines.split(b"\n") if x and b"_:" not in x)
