"""One document read in two languages is one node; nothing it says is duplicated.

The pair in tests/data/pair is a short resolution written for this test in Chinese and English
(same symbol). Its paragraph 4 differs on purpose: the Chinese text requests an oral report,
the English one decides to include an item, so each language has a statement the other lacks.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph_builder.lexicon import MG
from graph_builder.pipeline import build, process, read_manifest
from graph_builder.query import run
from graph_builder.symbols import doc_iri

PAIR = Path(__file__).parent / "data" / "pair"
ZH, EN = PAIR / "A_RES_99_200_zh.txt", PAIR / "A_RES_99_200_en.txt"
DOC = URIRef(doc_iri("A/RES/99/200"))


@pytest.fixture(scope="module")
def pair() -> Graph:
    return build([ZH, EN], read_manifest(PAIR / "manifest.csv")).graph


def langs(g: Graph, node: URIRef) -> set[str]:
    return {str(x) for x in g.objects(node, MG.language)}


def test_emit_pair_one_document_two_expressions(pair: Graph) -> None:
    assert set(pair.subjects(MG.key, Literal("A/RES/99/200"))) == {DOC}
    assert {str(pair.value(e, URIRef("http://purl.org/dc/terms/language")))
            for e in pair.objects(DOC, MG.hasExpression)} == {"zh", "en"}


def test_emit_pair_no_duplicated_obligations(pair: Graph) -> None:
    obls = list(pair.subjects(RDF.type, MG.ReportingObligation))
    keys = Counter((str(pair.value(o, MG.paragraphNumber)), str(pair.value(o, MG.obligor)).rsplit("/", 1)[-1],
                    str(pair.value(o, MG.recipient)).rsplit("/", 1)[-1]) for o in obls)
    assert keys == Counter({("3", "SG", "GA"): 1, ("4", "SG", "CSW"): 1})
    cols, rows = run(pair, "obligations")
    assert sorted((r[cols.index("paragraph")], r[cols.index("session")]) for r in rows) == [("3", "GA-81"), ("4", "CSW-70")]


def test_emit_pair_shared_obligation_carries_both_texts(pair: Graph) -> None:
    [o3] = [o for o in pair.subjects(RDF.type, MG.ReportingObligation) if str(pair.value(o, MG.paragraphNumber)) == "3"]
    assert langs(pair, o3) == {"zh", "en"}
    assert {s.language for s in pair.objects(o3, MG.subject)} == {"zh", "en"}
    assert len(list(pair.objects(o3, MG.recurrence))) == 1 and len(list(pair.objects(o3, MG.force))) == 1


def test_emit_pair_one_language_obligation_is_kept_and_marked(pair: Graph) -> None:
    [o4] = [o for o in pair.subjects(RDF.type, MG.ReportingObligation) if str(pair.value(o, MG.paragraphNumber)) == "4"]
    assert langs(pair, o4) == {"zh"}
    cols, rows = run(pair, "language_coverage")
    got = {(r[cols.index("paragraph")], r[cols.index("kind")], r[cols.index("statement")], r[cols.index("found_in")])
           for r in rows}
    assert got == {("4", "obligation", "SG -> CSW", "zh"), ("4", "mandate", "requests", "zh"),
                   ("4", "mandate", "decides", "en")}


def test_emit_pair_mandates_and_citations_shared(pair: Graph) -> None:
    para2 = URIRef(f"{DOC}/para/2")
    mandates = list(pair.subjects(MG.sourceParagraph, para2))
    assert len(mandates) == 1 and langs(pair, mandates[0]) == {"zh", "en"}   # 敦促 = Urges
    cits = [c for c in pair.subjects(RDF.type, MG.Citation) if str(pair.value(c, MG.cited)).endswith("62/136")]
    assert len(cits) == 1
    assert {m.language for m in pair.objects(cits[0], MG.mention)} == {"zh", "en"}


def test_emit_pair_paragraph_span_per_language(pair: Graph) -> None:
    """Each language's passage gives the paragraph's span in that language's normalised text."""
    man = read_manifest(PAIR / "manifest.csv")
    texts = {f.name[-6:-4]: process(f, man).segmented.normalised.text for f in (ZH, EN)}
    para3 = URIRef(f"{DOC}/para/3")
    passages = list(pair.objects(para3, MG.hasPassage))
    assert len(passages) == 2
    for t in passages:
        lang = str(pair.value(pair.value(t, MG.inExpression), URIRef("http://purl.org/dc/terms/language")))
        start, end = int(pair.value(t, MG.startOffset)), int(pair.value(t, MG.endOffset))
        text = next(x for x in pair.objects(para3, MG.text) if x.language == lang)
        assert texts[lang][start:end] == str(text)
    # headings do not line up across languages: theirs are not shared
    heads = [p for p in pair.subjects(RDF.type, MG.Heading)]
    assert all(len(set(pair.objects(h, MG.text))) == 1 for h in heads)


def test_emit_pair_order_of_inputs_does_not_matter(pair: Graph) -> None:
    other = build([EN, ZH], read_manifest(PAIR / "manifest.csv")).graph
    assert isomorphic(pair, other)


def test_emit_pair_conforms(pair: Graph) -> None:
    from graph_builder.validate import shacl_check

    rep = shacl_check(pair)
    assert rep.conforms, rep.violations[:3]


def test_emit_units_disjoint_and_their_union_is_the_graph() -> None:
    from tests.conftest import EN, MANIFEST, SEEDS

    r = build([SEEDS, EN], read_manifest(MANIFEST))
    own = [x for u in r.units for x in u.lines]
    shared = {x for u in r.units for x in u.shared}
    assert len(own) == len(set(own))                   # no triple in two units' own graphs
    assert not set(own) & shared                       # nor in a unit and the shared graph
    assert sorted(set(own) | shared) == r.lines
    assert len(r.lines) == len(r.graph)
    keys = [u.key for u in r.units]
    assert keys == sorted(keys) and "UNW/2024/6" in keys
    # the annexed decisions belong to their report's unit
    unw = next(u for u in r.units if u.key == "UNW/2024/6")
    assert any(b"/doc/UNW/DEC/2024/5/" in x for x in unw.lines)
