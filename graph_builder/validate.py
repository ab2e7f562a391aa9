"""Stage 6: check a graph — SHACL shapes (pySHACL) and OWL consistency (owlready2 + HermiT)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, XSD

from .resources import resource_dir
from .store import is_oxigraph, plain_literals


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


def ontology_graph() -> Graph:
    g = Graph()
    for p in sorted(resource_dir("ontology").glob("*.ttl")):
        g.parse(p, format="turtle")
    return g


def shacl_check(data: Graph, shapes: Graph | None = None) -> CheckReport:
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
            x = report.value(r, p)
            return "" if x is None else str(x)
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


def check(data: Graph, *, owl: bool = True) -> CheckReport:
    rep = shacl_check(data)
    if owl:
        rep.owl_consistent, rep.owl_message = owl_check(data)
        rep.conforms = rep.conforms and bool(rep.owl_consistent)
    return rep
