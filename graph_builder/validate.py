"""Stage 6: check a graph — SHACL shapes and OWL consistency (owlready2 + HermiT).

Two SHACL engines give the same violations (tests/test_shacl_sparql.py): ``pyshacl``, the
reference, and ``sparql``, the shapes compiled to SPARQL and answered by Oxigraph or by a
remote endpoint (:mod:`.shacl_sparql`), for large graphs.  ``auto`` picks pySHACL up to
``PYSHACL_MAX`` triples."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, XSD

from .resources import resource_dir
from .store import is_oxigraph, oxigraph_of, plain_literals

SHACL_ENGINES = ("auto", "pyshacl", "sparql")
PYSHACL_MAX = 50_000       # above this, auto uses the SPARQL engine (pySHACL: ~8 s per 10k triples)
OWL_MAX = 200_000          # above this, the HermiT check is skipped unless asked for


@dataclass
class Violation:
    shape: str
    focus: str
    path: str
    message: str
    severity: str
    value: str = ""


@dataclass
class CheckReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    owl_consistent: bool | None = None
    owl_message: str = ""
    report_graph: Graph | None = None


def shapes_graph() -> Graph:
    g = Graph()
    for p in sorted(resource_dir("shapes").glob("*.ttl")):
        g.parse(p, format="turtle")
    return g


def ontology_files() -> list:
    return sorted(resource_dir("ontology").glob("*.ttl"))


def ontology_graph() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    return g


def _text(t) -> str:
    if t is None:
        return ""
    return "_:" + str(t) if isinstance(t, BNode) else str(t)


def sparql_check(select, shapes: Graph | None = None, ontology: Graph | None = None) -> CheckReport:
    """The SHACL check by the SPARQL engine over a runner (see shacl_sparql.Select).  pySHACL
    reads the ontology beside the data; here either the runner's data include it (a local check
    loads it into the store) or ``ontology`` gives its subclass axioms (a store's check)."""
    from .shacl_sparql import validate as run

    results = run(select, shapes if shapes is not None else shapes_graph(), ontology)
    out = CheckReport(not any(r.severity == "Violation" for r in results))
    out.violations = [Violation(r.shape, r.focus, r.path, r.message, r.severity, r.value) for r in results]
    out.violations.sort(key=lambda x: (x.shape, x.focus, x.path, x.message))
    out.report_graph = report_graph(out)
    return out


def report_graph(rep: CheckReport) -> Graph:
    """A SHACL validation report (sh:ValidationReport) for the violations, as pySHACL writes one."""
    g = Graph()
    g.bind("sh", SH)
    r = BNode("report")
    g.add((r, RDF.type, SH.ValidationReport))
    g.add((r, SH.conforms, Literal(rep.conforms)))

    def term(text: str):
        return BNode(text[2:]) if text.startswith("_:") else URIRef(text) if "://" in text or text.startswith("urn:") \
            else Literal(text)
    for i, v in enumerate(rep.violations):
        x = BNode(f"result{i}")
        g.add((r, SH.result, x))
        g.add((x, RDF.type, SH.ValidationResult))
        g.add((x, SH.focusNode, term(v.focus)))
        g.add((x, SH.sourceShape, term(v.shape)))
        g.add((x, SH.resultSeverity, SH[v.severity]))
        g.add((x, SH.resultMessage, Literal(v.message)))
        if v.path:
            g.add((x, SH.resultPath, URIRef(v.path)))
        if v.value:
            g.add((x, SH.value, term(v.value)))
    return g


def shacl_check(data: Graph, shapes: Graph | None = None, engine: str = "pyshacl") -> CheckReport:
    if engine == "auto":
        engine = "pyshacl" if len(data) <= PYSHACL_MAX else "sparql"
    if engine == "sparql":
        from .shacl_sparql import oxigraph_select

        return sparql_check(oxigraph_select(oxigraph_of(data, extra=ontology_files())), shapes)
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine {engine!r} (choose {', '.join(SHACL_ENGINES)})")
    from pyshacl import validate

    shapes = shapes if shapes is not None else shapes_graph()
    if is_oxigraph(data):          # oxrdflib types plain literals xsd:string; pySHACL would see false sh:in misses
        data = plain_literals(data)
    # the bodies of the ontology are part of the data (sh:class mg:Body needs their types)
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="none",
                                   advanced=True, allow_warnings=True)
    out = CheckReport(bool(conforms), report_graph=report)
    for r in report.subjects(RDF.type, SH.ValidationResult):
        def v(p: URIRef, r: URIRef = r) -> str:
            return _text(report.value(r, p))
        src = report.value(r, SH.sourceShape)
        parent = shapes.value(None, SH.property, src) if src is not None and not isinstance(src, URIRef) else None
        shape = str(parent if parent is not None else src or "")
        out.violations.append(Violation(shape, v(SH.focusNode), v(SH.resultPath), v(SH.resultMessage),
                                        v(SH.resultSeverity).rsplit("#", 1)[-1], v(SH.value)))
    out.violations.sort(key=lambda x: (x.shape, x.focus, x.path, x.message))
    return out


def owl_view(data: Graph) -> Graph:
    """Ontology + the data's individuals, in the subset HermiT accepts (no xsd:date)."""
    view = ontology_graph()
    declared = {s for s in view.subjects(RDF.type, OWL.ObjectProperty)} | \
               {s for s in view.subjects(RDF.type, OWL.DatatypeProperty)}
    for s, p, o in data:
        if p == RDF.type or p in declared:
            if isinstance(o, Literal):
                if o.datatype == XSD.date:
                    o = Literal(f"{o}T00:00:00", datatype=XSD.dateTime)
                elif o.datatype not in (None, XSD.string, XSD.integer, XSD.boolean, XSD.dateTime):
                    continue
                if o.language:
                    o = Literal(str(o))
            view.add((s, p, o))
    return view


def owl_check(data: Graph) -> tuple[bool, str]:
    """Run HermiT over the OWL view; (consistent, message)."""
    import owlready2

    view = owl_view(data)
    fd, tmp = tempfile.mkstemp(suffix=".nt")
    os.close(fd)
    try:
        view.serialize(tmp, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology("file://" + tmp).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, "HermiT: the ontology and the graph are inconsistent"
        inconsistent = list(world.inconsistent_classes())
        if inconsistent:
            return False, "HermiT: unsatisfiable classes: " + ", ".join(str(c) for c in inconsistent[:5])
        return True, f"HermiT: consistent ({len(view)} triples)"
    finally:
        os.unlink(tmp)


def check(data: Graph, *, owl: bool | None = True, engine: str = "auto") -> CheckReport:
    """SHACL, then HermiT.  ``owl=None``: HermiT only up to OWL_MAX triples (it is the slow part)."""
    rep = shacl_check(data, engine=engine)
    if owl is None:
        owl = len(data) <= OWL_MAX
        if not owl:
            rep.owl_message = f"OWL: skipped above {OWL_MAX} triples (--owl to force)"
    if owl:
        rep.owl_consistent, rep.owl_message = owl_check(data)
        rep.conforms = rep.conforms and bool(rep.owl_consistent)
    return rep


def check_store(ds, *, owl: bool = False, engine: str = "auto") -> CheckReport:
    """Check a store (store.Dataset) where it lies: the shapes as SPARQL over its union, with
    classes closed under the ontology's subclasses.  pySHACL or HermiT fetch the whole graph."""
    if engine == "pyshacl" or owl:
        from .store import graph_from_nt, store_lines

        data = graph_from_nt(b"\n".join(store_lines(ds)) + b"\n")
        return check(data, owl=owl, engine=engine)
    return sparql_check(ds.select, ontology=ontology_graph())
