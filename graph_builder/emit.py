"""Stage 5: turn extracted objects into RDF triples.

IRIs are derived from canonical keys, so the same document read from its Chinese and its
English text is one node; its paragraphs (by number) and obligations (by obligor and
recipient) are shared too, each carrying the language(s) it was read from.

The unit of emission is a *document unit*: the source files that give one main document (its
language versions), with the decisions they annex.  A unit's triples depend on that unit alone,
so each unit is its own named graph, keyed by a fingerprint of its files (incremental builds,
remote stores), and the whole graph is the union of the units.  What several units may say of
the same node — a document's identity (``a mg:Document; mg:key``), a session, a body, a verb
concept — is *shared*: a function of the node alone, kept apart so that the units' graphs are
disjoint (a union default graph then has no duplicate triples) and merged into one shared graph.  Triples are collected in a
plain set (:class:`Triples`), not an rdflib store: emitting is ~3x faster and lighter, and the
result is handed to the store module as N-Triples lines.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from rdflib import Literal, Namespace, URIRef
from rdflib import namespace as _ns
from rdflib.namespace import XSD
from rdflib.term import Node

from . import lexicon
from .lexicon import LANGUAGES, knowledge_graph, session_dates, split_session_key
from .model import DocumentPart, Extracted, Paragraph
from .resources import PACKAGE_DIR, resource_dir
from .symbols import BASE, body_iri, doc_iri, graph_iri, session_iri


class _Cached:
    """A namespace whose terms are looked up once (a misspelt term still raises, on first use):
    emit asks for a term per triple, and rdflib's namespace lookup is a third of emit's time."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term


MG, RDF, DCTERMS, SKOS, ORG = (_Cached(n) for n in (lexicon.MG, _ns.RDF, _ns.DCTERMS, _ns.SKOS, _ns.ORG))
CITO = Namespace("http://purl.org/spar/cito/")
VERB = Namespace(BASE + "verb/")
FORCE = Namespace(BASE + "force/")
RECUR = Namespace(BASE + "recurrence/")
DOC_CLASS = {"resolution": MG.Resolution, "decision": MG.Decision, "report": MG.Report, "note": MG.Note,
             "draft": MG.Draft, "other": MG.OtherDocument}
PARA_CLASS = {"preambular": MG.PreambularParagraph, "operative": MG.OperativeParagraph, "sub": MG.SubParagraph,
              "narrative": MG.NarrativeParagraph, "heading": MG.Heading, "footnote": MG.Footnote}
RELATION_PROP = {"recalls": MG.recalls, "reaffirms": MG.reaffirms, "cites": CITO.cites, "fulfils": MG.fulfils}
FORCE_PROP = {"request": MG.requests, "urge": MG.urges, "call-upon": MG.callsUpon, "encourage": MG.encourages,
              "invite": MG.invites}


def _slug(text: str) -> str:
    return quote(text, safe="-_.")


def paragraph_id(doc: DocumentPart, para: Paragraph, counters: dict[str, int], lang: str = "") -> str:
    """Numbered and preambular paragraphs are shared by the language versions of a document
    (paragraph 3 is paragraph 3 in every text); headings and unnumbered narrative paragraphs
    do not line up across languages, so their ids carry the language."""
    if para.kind in ("operative", "sub") and para.number:
        base = para.number
        # an unnumbered continuation (SC dash items) shares its paragraph's number
        if para.kind == "sub" and "(" not in para.number:
            counters["dash" + para.number] = counters.get("dash" + para.number, 0) + 1
            base = f"{para.number}-{counters['dash' + para.number]}"
        return base
    prefix = {"preambular": "pp", "narrative": "n", "heading": "h", "footnote": "fn"}.get(para.kind, "x")
    counters[prefix] = counters.get(prefix, 0) + 1
    if para.kind == "footnote" and para.number:
        return f"fn{para.number}-{counters[prefix]}"
    if para.kind in ("heading", "narrative", "footnote") and lang:
        return f"{prefix}{counters[prefix]}-{lang}"
    return f"{prefix}{counters[prefix]}"


class Triples:
    """A set of triples with the one lookup emit needs (the first object of a subject and
    predicate); no store indexes, so a unit is cheap to build and to throw away."""

    __slots__ = ("_set", "_sp")

    def __init__(self) -> None:
        self._set: set[tuple[Node, Node, Node]] = set()
        self._sp: dict[tuple[Node, Node], Node] = {}

    def add(self, t: tuple[Node, Node, Node]) -> None:
        self._set.add(t)
        self._sp.setdefault((t[0], t[1]), t[2])

    def value(self, s: Node, p: Node) -> Node | None:
        return self._sp.get((s, p))

    def __contains__(self, t: tuple[Node, Node, Node]) -> bool:
        return t in self._set

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._set)

    def __len__(self) -> int:
        return len(self._set)


def _once(g: Triples, s: URIRef, p: URIRef, o: Literal | URIRef) -> None:
    """Add a single-valued fact unless another language already gave it."""
    if g.value(s, p) is None:
        g.add((s, p, o))


def session_node(g: Triples, key: str, body: str) -> URIRef:
    s = URIRef(session_iri(key))
    if (s, RDF.type, MG.Session) in g:
        return s
    g.add((s, RDF.type, MG.Session))
    g.add((s, SKOS.notation, Literal(key)))
    g.add((s, MG.sessionOf, URIRef(body_iri(body))))
    sk = split_session_key(key)
    if sk is not None and sk.number is not None:
        numbered = sk.series.numbering == "numbered"
        g.add((s, MG.sessionNumber if numbered else MG.sessionYear, Literal(sk.number)))
    if sk is not None and sk.kind:
        g.add((s, MG.sessionType, Literal(sk.kind)))
    dates = session_dates(key)
    if dates:
        g.add((s, MG.startDate, Literal(dates[0], datatype=XSD.date)))
        g.add((s, MG.endDate, Literal(dates[1], datatype=XSD.date)))
        if dates[2]:
            g.add((s, MG.datesEstimated, Literal(True)))
    return s


@cache
def build_fingerprint() -> str:
    """What else decides a unit's triples besides its files: the code and the data files the
    stages read.  A change to either makes every unit stale."""
    h = hashlib.sha256()
    for folder in (PACKAGE_DIR, resource_dir("lexicon"), resource_dir("ontology")):
        for p in sorted(folder.glob("*.py" if folder == PACKAGE_DIR else "*")):
            if p.is_file():
                h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def unit_key(ex: Extracted) -> str:
    """The unit a file belongs to: its main (first) document's key, or the file's name."""
    docs = ex.segmented.documents
    return docs[0].key if docs else "file:" + ex.segmented.normalised.source.name


@dataclass
class Unit:
    """The files that give one main document (its language versions), emitted together."""
    key: str
    extracted: list[Extracted]

    @property
    def iri(self) -> URIRef:
        return URIRef(graph_iri(self.key))

    @property
    def files(self) -> dict[str, str]:
        return {ex.segmented.normalised.source.name: ex.segmented.normalised.source.fingerprint
                for ex in self.extracted}

    @property
    def fingerprint(self) -> str:
        return unit_fingerprint(self.files)


def unit_fingerprint(files: dict[str, str]) -> str:
    """A unit's fingerprint: its files' fingerprints and the build's own."""
    return hashlib.sha256(json.dumps([build_fingerprint(), sorted(files.items())]).encode()).hexdigest()


def units(extracted: Iterable[Extracted]) -> list[Unit]:
    """Group files into units, in key order; within a unit in a fixed order (language, then
    file), so "first language wins" is the same on every run."""
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    groups: dict[str, list[Extracted]] = {}
    for ex in extracted:
        groups.setdefault(unit_key(ex), []).append(ex)
    return [Unit(k, sorted(v, key=lambda e: (order.get(e.segmented.normalised.source.language, 99),
                                             e.segmented.normalised.source.name)))
            for k, v in sorted(groups.items())]


def emit_unit(unit: Unit) -> tuple[Triples, Triples]:
    """The triples of one unit: its own (they depend on the unit's files alone) and the shared
    ones (each a function of its subject alone, whichever unit states it)."""
    g = Triples()
    shared = Triples()
    restated: dict[URIRef, list[URIRef]] = {}     # obligations by imposing document, for fulfils
    for ex in unit.extracted:
        seg = ex.segmented
        src = seg.normalised.source
        lang = src.language
        para_iri: dict[tuple[str, int], URIRef] = {}
        for doc in seg.documents:
            d = URIRef(doc_iri(doc.key))
            g.add((d, RDF.type, DOC_CLASS.get(doc.doc_type, MG.OtherDocument)))
            shared.add((d, RDF.type, MG.Document))
            shared.add((d, MG.key, Literal(doc.key)))
            if doc.symbol:
                g.add((d, MG.symbol, Literal(doc.symbol)))
            if doc.date:
                _once(g, d, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
            if doc.issuer:
                g.add((d, MG.issuedBy, URIRef(body_iri(doc.issuer))))
            if doc.title:
                g.add((d, DCTERMS.title, Literal(doc.title, lang=lang)))
            if doc.container:
                g.add((d, MG.containedIn, URIRef(doc_iri(doc.container))))
            g.add((d, DCTERMS.language, Literal(lang)))
            g.add((d, MG.sourceFile, Literal(src.name)))
            expr = URIRef(f"{d}/expression/{lang}")
            g.add((d, MG.hasExpression, expr))
            g.add((expr, RDF.type, MG.Expression))
            g.add((expr, DCTERMS.language, Literal(lang)))
            g.add((expr, MG.sourceFile, Literal(src.name)))
            g.add((expr, MG.contentHash, Literal(src.sha256)))
            counters: dict[str, int] = {}
            for idx, para in enumerate(doc.paragraphs):
                p = URIRef(f"{d}/para/{_slug(paragraph_id(doc, para, counters, lang))}")
                para_iri[(doc.key, idx)] = p
                g.add((p, RDF.type, PARA_CLASS[para.kind]))
                g.add((p, MG.inDocument, d))
                g.add((p, MG.text, Literal(para.text, lang=lang)))
                # the span is per text: one passage per language, in its expression
                t = URIRef(f"{p}/passage/{lang}")
                g.add((p, MG.hasPassage, t))
                g.add((t, RDF.type, MG.Passage))
                g.add((t, MG.inExpression, expr))
                g.add((t, MG.startOffset, Literal(para.start)))
                g.add((t, MG.endOffset, Literal(para.end)))
                _once(g, p, MG.ordinal, Literal(para.ordinal))
                if para.number:
                    g.add((p, MG.number, Literal(para.number)))
                if para.parent and para.kind == "sub":
                    g.add((p, MG.subParagraphOf, URIRef(f"{d}/para/{_slug(para.parent)}")))
                if para.section:
                    g.add((p, MG.section, Literal(para.section, lang=lang)))
        for c in ex.citations:
            d = URIRef(doc_iri(c.citing))
            cited = URIRef(doc_iri(c.cited))
            shared.add((cited, RDF.type, MG.Document))
            shared.add((cited, MG.key, Literal(c.cited)))
            node = URIRef(f"{d}/citation/{_slug(c.cited)}/{c.relation}")
            g.add((node, RDF.type, MG.Citation))
            g.add((node, MG.citing, d))
            g.add((node, MG.cited, cited))
            g.add((node, MG.relation, Literal(c.relation)))
            g.add((node, MG.mention, Literal(c.mention, lang=lang)))
            g.add((node, MG.sourceParagraph, para_iri[(c.citing, c.paragraph)]))
            g.add((d, RELATION_PROP[c.relation], cited))
        repeats: dict[tuple[URIRef, str], int] = {}
        for a in ex.actions:
            p = para_iri[(a.document, a.paragraph)]
            # by verb, not by position, so the two languages' readings of a paragraph meet
            k = repeats[(p, a.verb)] = repeats.get((p, a.verb), 0) + 1
            m = URIRef(f"{p}/action/{a.verb}" + (f"-{k}" if k > 1 else ""))
            d = URIRef(doc_iri(a.document))
            g.add((m, RDF.type, MG.Mandate))
            g.add((m, MG.verb, VERB[a.verb]))
            _once(g, m, MG.order, Literal(a.order))
            g.add((m, MG.sourceParagraph, p))
            g.add((m, MG.language, Literal(lang)))
            issuer = next((x.issuer for x in seg.documents if x.key == a.document), "")
            if issuer:
                g.add((m, MG.issuer, URIRef(body_iri(issuer))))
            if a.force:
                g.add((m, MG.force, FORCE[a.force]))
            if a.verb == "decides":
                g.add((d, MG.decides, m))
            for b in a.addressees:
                g.add((m, MG.addressee, URIRef(body_iri(b))))
                if a.force in FORCE_PROP:
                    g.add((d, FORCE_PROP[a.force], URIRef(body_iri(b))))
        for o in ex.obligations:
            p = para_iri[(o.stated_in, o.paragraph)]
            imposer = URIRef(doc_iri(o.document))
            if o.document == o.stated_in:
                node = URIRef(f"{p}/obligation/{_slug(o.obligor)}-{_slug(o.recipient or 'none')}")
            else:
                h = hashlib.sha1(f"{o.stated_in}|{o.paragraph}".encode()).hexdigest()[:8]
                node = URIRef(f"{imposer}/restated/{h}-{_slug(o.obligor)}-{_slug(o.recipient or 'none')}")
                shared.add((imposer, RDF.type, MG.Document))
                shared.add((imposer, MG.key, Literal(o.document)))
                g.add((node, MG.statedIn, URIRef(doc_iri(o.stated_in))))
            g.add((node, RDF.type, MG.ReportingObligation))
            restated.setdefault(imposer, []).append(node)
            g.add((node, MG.imposedBy, imposer))
            g.add((node, MG.obligor, URIRef(body_iri(o.obligor))))
            if o.recipient:
                g.add((node, MG.recipient, URIRef(body_iri(o.recipient))))
                if o.deliverable == "transmittal":
                    g.add((imposer, MG.transmitsTo, URIRef(body_iri(o.recipient))))
            g.add((imposer, MG.requestsReportFrom, URIRef(body_iri(o.obligor))))
            # single-valued facts: the first language read wins (emit reads languages in a fixed order)
            _once(g, node, MG.force, FORCE[o.force])
            _once(g, node, MG.recurrence, RECUR[o.recurrence])
            _once(g, node, MG.paragraphNumber, Literal(o.paragraph_number))
            g.add((node, MG.subject, Literal(o.subject, lang=lang)))
            g.add((node, MG.deliverable, Literal(o.deliverable, lang=lang)))
            g.add((node, MG.sourceParagraph, p))
            g.add((node, MG.language, Literal(lang)))
            for s in o.sessions:
                prop = {"before": MG.dueBefore, "from": MG.startsAt}.get(s.relation, MG.dueSession)
                g.add((node, prop, session_node(shared, s.key, s.body)))
        for report, imposer, _idx in ex.fulfils:
            for node in restated.get(URIRef(doc_iri(imposer)), ()):
                if (node, MG.statedIn, URIRef(doc_iri(report))) in g:
                    g.add((URIRef(doc_iri(report)), MG.fulfilsObligation, node))
    _bodies(g, shared)
    return g, shared


BODY_PROPS = frozenset((MG.issuedBy, MG.addressee, MG.obligor, MG.recipient, MG.issuer, MG.sessionOf))


def _bodies(g: Triples, shared: Triples) -> None:
    """Every body used gets its notation and structure, so queries can print keys without the ontology
    (shared triples: they depend on the body alone)."""
    used = {o for _s, p, o in (*g, *shared) if p in BODY_PROPS}
    kg = knowledge_graph()
    for b in used:
        key = str(b).rsplit("/", 1)[-1]
        shared.add((b, SKOS.notation, Literal(key)))
        shared.add((b, RDF.type, MG.Body))
        for prop in (ORG.subOrganizationOf, MG.governs, MG.reportsTo, MG.postIn):
            for other in kg.objects(b, prop):
                shared.add((b, prop, other))
                shared.add((other, SKOS.notation, Literal(str(other).rsplit("/", 1)[-1])))
    concept_props = {MG.verb, MG.force, MG.recurrence}
    concepts = {o for _s, p, o in g if p in concept_props}
    for c in concepts:
        shared.add((c, SKOS.notation, Literal(str(c).rsplit("/", 1)[-1])))
        shared.add((c, RDF.type, SKOS.Concept))
