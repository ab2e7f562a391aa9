"""SHACL at scale: the shapes compiled to SPARQL and answered by Oxigraph (or any endpoint).

pySHACL walks the graph in Python: ~8 s for 10k triples.  Here every constraint of every shape
becomes one SELECT over the whole graph, so a million triples are checked in seconds, and a
graph held by a remote SPARQL server is checked where it lies.  pySHACL stays the reference:
``tests/test_shacl_sparql.py`` runs both engines on every case of ``tests/shapes/`` and on built
graphs and requires the same violations.

The subset compiled (anything else raises :class:`UnsupportedShape`, naming the construct):

* targets: ``sh:targetClass`` (with subclasses, read from the data and ontology by SPARQL),
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``;
* paths: a predicate IRI (property shapes) or none (the focus node itself);
* ``sh:minCount``, ``sh:maxCount``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` /
  ``sh:qualifiedMaxCount`` (value-level inner shape), ``sh:hasValue``;
* value-level: ``sh:datatype``, ``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:pattern``
  (``sh:flags``), ``sh:minLength``, ``sh:maxLength``, ``sh:min/maxInclusive``,
  ``sh:min/maxExclusive``;
* pair: ``sh:lessThan``, ``sh:lessThanOrEquals``;
* ``sh:sparql`` SELECT constraints that project ``$this`` (pre-binding is done by a join);
* ``sh:message``, ``sh:severity``, ``sh:deactivated``.

Known differences from pySHACL: ill-typed literals (``"x"^^xsd:integer``) are not reported by
``sh:datatype``; ``sh:pattern`` uses Oxigraph's regular expressions, not Python's; messages
that the shapes do not give are this module's own wording.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

# A SELECT runner: query text -> rows of {variable: text}; an IRI or a literal as its text
# (as validate.Violation reports them), a blank node as "_:" + its label, unbound as None
Select = Callable[[str], list[dict[str, str | None]]]

VALUE_PARAMS = (SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.pattern, SH.minLength, SH.maxLength,
                SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
KNOWN = set(VALUE_PARAMS) | {
    SH.path, SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.hasValue, SH.lessThan, SH.lessThanOrEquals, SH.sparql, SH.message, SH.severity, SH.deactivated,
    SH.property, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.flags, SH.name,
    SH.description, SH.order, SH.group, RDF.type, SH.declare, SH.prefixes}


class UnsupportedShape(Exception):
    """The shapes use a construct this engine does not compile; use pySHACL for them."""


@dataclass(frozen=True)
class Result:
    shape: str           # the node shape (its IRI), as validate.Violation reports it
    focus: str           # as a runner shows it: an IRI or a literal's text, "_:label" for a blank node
    path: str            # predicate IRI or ""
    value: str           # like focus, or ""
    message: str
    severity: str        # Violation | Warning | Info


def n3(t: Node) -> str:
    if isinstance(t, Literal):
        return t.n3()
    if isinstance(t, URIRef):
        return f"<{t}>"
    raise UnsupportedShape(f"a blank node where the engine needs an IRI or literal: {t}")


@dataclass
class _Check:
    shape: Node          # the node shape
    source: Node         # the shape carrying the constraint (node or property shape)
    path: URIRef | None
    kind: str
    query: str
    message: str
    severity: str
    has_value: bool


def _message(shapes: Graph, node: Node, default: str) -> str:
    m = shapes.value(node, SH.message)
    return str(m) if m is not None else default


def _severity(shapes: Graph, node: Node) -> str:
    s = shapes.value(node, SH.severity)
    return str(s).rsplit("#", 1)[-1] if s is not None else "Violation"


class Compiler:
    def __init__(self, shapes: Graph, select: Select, ontology: Graph | None = None) -> None:
        self.shapes = shapes
        self.select = select
        self.ontology = ontology
        self._closures: dict[URIRef, list[str]] = {}

    # -- pieces --------------------------------------------------------------------------------
    def closure(self, cls: URIRef) -> list[str]:
        """The class and its subclasses, in the data (and the ontology loaded beside it)."""
        if cls not in self._closures:
            rows = self.select("SELECT DISTINCT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                               f"{n3(cls)} }}")
            found = {f"<{r['c']}>" for r in rows if r.get("c") and not r["c"].startswith("_:")}
            if self.ontology is not None:
                found |= {n3(c) for c in self.ontology.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)}
            self._closures[cls] = sorted(found | {n3(cls)})
        return self._closures[cls]

    def target(self, shape: Node) -> str:
        parts = []
        for c in self.shapes.objects(shape, SH.targetClass):
            parts.append(f"VALUES ?_tc {{ {' '.join(self.closure(c))} }} ?this a ?_tc .")
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {n3(p)} ?_t .")
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"?_t {n3(p)} ?this .")
        nodes = list(self.shapes.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"VALUES ?this {{ {' '.join(n3(n) for n in nodes)} }}")
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in self.shapes:
            raise UnsupportedShape(f"implicit class target on {shape}")
        if not parts:
            return ""
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    def path(self, prop: Node) -> URIRef:
        p = self.shapes.value(prop, SH.path)
        if not isinstance(p, URIRef):
            raise UnsupportedShape(f"path of {prop} is not a predicate IRI (sequence, inverse, … paths)")
        return p

    def condition(self, node: Node) -> str | None:
        """The value-level constraints of a shape as one SPARQL condition on ?v (None: none)."""
        conds = []
        g = self.shapes
        for dt in g.objects(node, SH.datatype):
            conds.append(f"(isLiteral(?v) && sameTerm(datatype(?v), {n3(dt)}))")
        for c in g.objects(node, SH["class"]):
            conds.append(f"EXISTS {{ VALUES ?_c {{ {' '.join(self.closure(c))} }} ?v a ?_c }}")
        for k in g.objects(node, SH.nodeKind):
            kind = str(k).rsplit("#", 1)[-1]
            test = {"IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
                    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
                    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))"}.get(kind)
            if test is None:
                raise UnsupportedShape(f"sh:nodeKind {k}")
            conds.append(test)
        for lst in g.objects(node, SH["in"]):
            members = list(Collection(g, lst))
            conds.append("(" + (" || ".join(f"sameTerm(?v, {n3(m)})" for m in members) or "false") + ")")
        for pat in g.objects(node, SH.pattern):
            flags = g.value(node, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            conds.append(f"(!isBlank(?v) && regex(str(?v), {Literal(str(pat)).n3()}{extra}))")
        for p, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for n in g.objects(node, p):
                conds.append(f"(!isBlank(?v) && strlen(str(?v)) {op} {int(n)})")
        for p, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<="), (SH.minExclusive, ">"), (SH.maxExclusive, "<")):
            for n in g.objects(node, p):
                conds.append(f"(?v {op} {n3(n)})")
        if not conds:
            return None
        return " && ".join(conds)

    # -- shapes --------------------------------------------------------------------------------
    def compile(self) -> list[_Check]:
        checks: list[_Check] = []
        g = self.shapes
        node_shapes = sorted({s for s in g.subjects(RDF.type, SH.NodeShape)} |
                             {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                              for s in g.subjects(p, None)}, key=str)
        for shape in node_shapes:
            if (shape, SH.deactivated, Literal(True)) in g:
                continue
            target = self.target(shape)
            if not target:
                continue
            self._unknown(shape)
            checks += self._constraints(shape, shape, None, target)
            for prop in g.objects(shape, SH.property):
                if (prop, SH.deactivated, Literal(True)) in g:
                    continue
                self._unknown(prop)
                checks += self._constraints(shape, prop, self.path(prop), target)
        return checks

    def _unknown(self, node: Node) -> None:
        for p in self.shapes.predicates(node, None):
            if p not in KNOWN:
                raise UnsupportedShape(f"{p} (on {node})")

    def _constraints(self, shape: Node, src: Node, path: URIRef | None, target: str) -> list[_Check]:
        g = self.shapes
        sev = _severity(g, src)
        pth = f"?this {n3(path)} ?v ." if path is not None else "BIND(?this AS ?v)"
        out = []

        def add(kind: str, query: str, default: str, has_value: bool) -> None:
            out.append(_Check(shape, src, path, kind, query, _message(g, src, default), sev, has_value))

        cond = self.condition(src)
        if cond:
            add("value", f"SELECT DISTINCT ?this ?v WHERE {{ {target} {pth} FILTER(!COALESCE({cond}, false)) }}",
                f"value does not conform to {src}", True)
        for n in g.objects(src, SH.minCount):
            n = int(n)
            if n == 1:
                q = f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {pth} }} }}"
            else:
                q = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {pth} }} }} GROUP BY ?this "
                     f"HAVING (COUNT(DISTINCT ?v) < {n})")
            add("minCount", q, f"fewer than {n} values of {path}", False)
        for n in g.objects(src, SH.maxCount):
            q = (f"SELECT ?this WHERE {{ {target} {pth} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)})")
            add("maxCount", q, f"more than {int(n)} values of {path}", False)
        for x in g.objects(src, SH.hasValue):
            q = (f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {pth} FILTER(sameTerm(?v, {n3(x)})) }} }}")
            add("hasValue", q, f"missing value {x}", False)
        for q_shape in g.objects(src, SH.qualifiedValueShape):
            if (src, URIRef(str(SH) + "qualifiedValueShapesDisjoint"), Literal(True)) in g:
                raise UnsupportedShape("sh:qualifiedValueShapesDisjoint")
            for p in g.predicates(q_shape, None):
                if p not in VALUE_PARAMS and p not in (RDF.type, SH.flags, SH.message):
                    raise UnsupportedShape(f"{p} inside sh:qualifiedValueShape (only value-level constraints)")
            qc = self.condition(q_shape) or "true"
            for p, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
                for n in g.objects(src, p):
                    q = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {pth} FILTER(COALESCE({qc}, false)) }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {int(n)})")
                    add("qualified", q, f"qualified value count {op.replace('<', 'below').replace('>', 'above')} {int(n)}",
                        False)
        for p, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in g.objects(src, p):
                q = (f"SELECT DISTINCT ?this ?v WHERE {{ {target} {pth} ?this {n3(other)} ?_w . "
                     f"FILTER(!COALESCE(?v {op} ?_w, false)) }}")
                add("pair", q, f"value is not {op} the value of {other}", True)
        for sq in g.objects(src, SH.sparql):
            if (sq, SH.deactivated, Literal(True)) in g:
                continue
            out.append(_Check(shape, src, path, "sparql", self._sparql(sq, target),
                              _message(g, sq, _message(g, src, "SPARQL constraint")), _severity(g, sq), True))
        return out

    def _sparql(self, sq: Node, target: str) -> str:
        g = self.shapes
        text = g.value(sq, SH.select)
        if text is None:
            raise UnsupportedShape(f"sh:sparql {sq} without sh:select")
        text = str(text)
        for var in ("$currentShape", "$shapesGraph", "$PATH"):
            if var in text:
                raise UnsupportedShape(f"{var} in a SPARQL constraint")
        prefixes = {}
        for decl_of in g.objects(sq, SH.prefixes):
            for decl in g.objects(decl_of, SH.declare):
                prefixes[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
        for m in re.finditer(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", text, re.IGNORECASE):
            prefixes[m.group(1)] = m.group(2)
        body = re.sub(r"PREFIX\s+[\w.-]*:\s*<[^>]*>", "", text, flags=re.IGNORECASE).replace("$this", "?this")
        head = re.match(r"\s*SELECT\s+(DISTINCT\s+)?(.*?)\bWHERE\b", body, re.IGNORECASE | re.DOTALL)
        if not head or ("?this" not in head.group(2) and "*" not in head.group(2)):
            raise UnsupportedShape(f"SPARQL constraint {sq} must SELECT $this")
        decls = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted(prefixes.items()))
        return f"{decls}SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} {{ {body} }} }}"


def validate(select: Select, shapes: Graph, ontology: Graph | None = None) -> list[Result]:
    """Run every compiled constraint; results sorted like validate.CheckReport's violations.
    ``ontology``: subclass axioms to add to those the data hold (when the runner's data lack them)."""
    results: set[Result] = set()
    for c in Compiler(shapes, select, ontology).compile():
        shape = str(c.shape)
        path = str(c.path) if c.path is not None else ""
        for row in select(c.query):
            focus = row.get("this") or ""
            value = (row.get("value") if c.kind == "sparql" else row.get("v")) or ""
            results.add(Result(shape, focus, path, value if c.has_value else "", c.message, c.severity))
    return sorted(results, key=lambda r: (r.shape, r.focus, r.path, r.message, r.value))


# -- runners ---------------------------------------------------------------------------------------
def oxigraph_select(store) -> Select:
    """A runner over a pyoxigraph Store (its default graph)."""
    from .store import ox_select

    return lambda query: ox_select(store, query)
