"""The one module that owns graph storage, loading and serialising.

rdflib stays the API everywhere; the engine behind it is chosen here: ``memory`` (rdflib's
own store) or ``oxigraph`` (pyoxigraph through oxrdflib, much faster at scale), and queries
with bound parameters run through :func:`run_query` whichever engine holds the graph.  Files
are written to a temporary file and renamed, so nothing is left half-written; output is
deterministic (sorted N-Triples; Turtle written by Oxigraph from them).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
SUFFIX = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig"}
ENGINES = ("memory", "oxigraph")

PREFIXES = {
    "mg": "https://w3id.org/mandate-graph/ontology#",
    "doc": "https://w3id.org/mandate-graph/id/doc/",
    "body": "https://w3id.org/mandate-graph/id/body/",
    "session": "https://w3id.org/mandate-graph/id/session/",
    "verb": "https://w3id.org/mandate-graph/id/verb/",
    "force": "https://w3id.org/mandate-graph/id/force/",
    "recur": "https://w3id.org/mandate-graph/id/recurrence/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "cito": "http://purl.org/spar/cito/",
    "eli": "http://data.europa.eu/eli/ontology#",
}


_UMASK = os.umask(0)
os.umask(_UMASK)


class StoreError(Exception):
    """A graph file cannot be read or written; the message names the file."""


def new_graph(engine: str = "memory") -> Graph:
    if engine == "memory":
        g = Graph()
    elif engine == "oxigraph":
        g = Graph(store="Oxigraph")
    else:
        raise StoreError(f"unknown store engine {engine!r} (choose {', '.join(ENGINES)})")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def format_of(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
        return fmt
    return SUFFIX.get(Path(path).suffix.lower(), "ttl")


# Oxigraph's own parsers, through oxrdflib: 20x faster than rdflib's at 1M triples
OX_PARSERS = {"ttl": "ox-turtle", "nt": "ox-ntriples", "trig": "ox-trig"}


def load_graph(path: str | Path, engine: str = "memory", fmt: str | None = None) -> Graph:
    """Load a graph file. ``engine="oxigraph"`` parses and queries with Oxigraph (fast at scale);
    hand such a graph to pySHACL only through :func:`plain_literals`."""
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"{p}: no such graph file")
    g = new_graph(engine)
    kind = format_of(p, fmt)
    parser = OX_PARSERS.get(kind, FORMATS[kind]) if engine == "oxigraph" else FORMATS[kind]
    try:
        g.parse(p, format=parser)
    except Exception as exc:  # rdflib raises many parser-specific errors
        raise StoreError(f"{p}: cannot parse as {FORMATS[kind]}: {str(exc).splitlines()[0][:200]}") from None
    return g


def oxigraph_of(g: Graph, extra: Iterable[str | Path] = ()):
    """A fresh pyoxigraph Store holding the graph's triples (and extra Turtle files, e.g. the
    ontology), for engines that talk to Oxigraph directly."""
    import pyoxigraph as ox

    st = ox.Store()
    if is_oxigraph(g) and hasattr(g.store, "_inner"):
        st.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in g.store._inner.quads_for_pattern(None, None, None))
    else:
        st.load(_sorted_nt(g), format=ox.RdfFormat.N_TRIPLES)
    for p in extra:
        st.load(path=str(p), format=ox.RdfFormat.TURTLE)
    return st


def plain_literals(g: Graph) -> Graph:
    """Copy into an rdflib memory graph, turning xsd:string literals into plain ones (oxrdflib trap)."""
    out = new_graph("memory")
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def serialise(g: Graph, fmt: str = "ttl") -> bytes:
    fmt = format_of("x", fmt)
    if fmt == "nt":
        return _sorted_nt(g)
    if fmt == "ttl":
        # Oxigraph's Turtle writer over the sorted N-Triples: deterministic, and ~50x faster than rdflib's
        import pyoxigraph as ox

        triples = ox.parse(_sorted_nt(g), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return g.serialize(format=FORMATS[fmt], encoding="utf-8")


def is_oxigraph(g: Graph) -> bool:
    return type(g.store).__name__ == "OxigraphStore"


def with_values(text: str, binds: dict) -> str:
    """Bind parameters for engines whose own binding API is narrower than rdflib's initBindings
    (Oxigraph substitutes projected variables only; a remote endpoint has none): a VALUES block
    of RDF terms, each serialised by rdflib (``n3()``, escaped), opens the outermost WHERE group.
    The user's text is never spliced in as SPARQL."""
    if not binds:
        return text
    m = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if not m:
        raise StoreError("cannot bind parameters: the query has no WHERE clause")
    names = sorted(binds)
    values = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(binds[n].n3() for n in names) + ") }"
    return text[:m.end()] + "\n  " + values + "\n" + text[m.end():]


def run_query(g: Graph, text: str, binds: dict):
    """Run a SPARQL query with bound parameters on whatever engine holds the graph."""
    if is_oxigraph(g):
        return g.query(with_values(text, binds))
    return g.query(text, initBindings=binds)


def _sorted_nt(g: Graph) -> bytes:
    """Canonical order: N-Triples lines sorted as UTF-8 bytes (the same order as sorting the text),
    kept as bytes and deduplicated in place, so a large graph is not copied more than needed."""
    lines = g.serialize(format="nt", encoding="utf-8").split(b"\n")
    lines.sort()
    out = [x for i, x in enumerate(lines) if x.strip() and (i == 0 or x != lines[i - 1])]
    return b"\n".join(out) + b"\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def nt_term(t: Node) -> str:
    """One RDF term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        text = f'"{_escape(str(t))}"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None and t.datatype != XSD.string:
            return f"{text}^^<{t.datatype}>"
        return text
    if isinstance(t, BNode):
        return f"_:{t}"
    raise StoreError(f"not an RDF term: {t!r}")


def nt_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[bytes]:
    """Triples as sorted N-Triples lines (bytes, no newline): a unit's canonical form."""
    return sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .".encode() for s, p, o in triples)


def union_lines(parts: Iterable[Iterable[bytes]]) -> list[bytes]:
    """The union of several graphs' N-Triples lines, deduplicated and sorted (canonical order)."""
    seen: set[bytes] = set()
    for lines in parts:
        seen.update(lines)
    seen.discard(b"")
    return sorted(seen)


def serialise_lines(lines: list[bytes], fmt: str = "ttl") -> bytes:
    """Write sorted N-Triples lines in a format, without building an rdflib store where possible."""
    nt = b"\n".join(lines) + b"\n" if lines else b""
    fmt = format_of("x", fmt)
    if fmt == "nt":
        return nt
    if fmt == "ttl":
        import pyoxigraph as ox

        return ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                            prefixes=PREFIXES)
    return serialise(graph_from_nt(nt), fmt)


def graph_from_nt(nt: bytes, engine: str = "memory") -> Graph:
    g = new_graph(engine)
    g.parse(data=nt, format="ox-ntriples" if engine == "oxigraph" else "nt")
    return g


def atomic_write(path: str | Path, data: bytes) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)        # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_graph(g: Graph, path: str | Path, fmt: str | None = None) -> None:
    atomic_write(path, serialise(g, format_of(path, fmt)))
