"""The one module that owns graph storage, loading and serialising.

rdflib stays the API everywhere; the engine behind it is chosen here: ``memory`` (rdflib's
own store) or ``oxigraph`` (pyoxigraph through oxrdflib, much faster at scale), and queries
with bound parameters run through :func:`run_query` whichever engine holds the graph.  Files
are written to a temporary file and renamed, so nothing is left half-written; output is
deterministic (sorted N-Triples; Turtle written by Oxigraph from them).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .symbols import GRAPH_BASE, SHARED_GRAPH  # noqa: F401  (SHARED_GRAPH: part of the store API)

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
    inner = _inner(g)
    if inner is not None:
        st.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in inner.quads_for_pattern(None, None, None))
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


def serialise(g: Graph, fmt: str = "ttl", *, canonical: bool = True) -> bytes:
    """Write a graph.  ``canonical``: N-Triples and Turtle in sorted order, the same bytes whatever
    engine holds the graph (diff-friendly; what builds write).  Otherwise an Oxigraph-held graph is
    written in the engine's own order by the engine alone (deterministic for a given Oxigraph,
    ~3x faster at a million triples)."""
    fmt = format_of("x", fmt)
    inner = _inner(g)
    if not canonical and inner is not None and fmt in ("ttl", "nt"):
        import pyoxigraph as ox

        kind = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        return inner.dump(format=kind, from_graph=_graph_name(g),
                          **({"prefixes": PREFIXES} if fmt == "ttl" else {})) or b""
    if fmt in ("nt", "ttl"):
        # Oxigraph's Turtle writer over the sorted N-Triples: deterministic, and ~50x faster than rdflib's
        return serialise_lines(_sorted_lines(g), fmt)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return g.serialize(format=FORMATS[fmt], encoding="utf-8")


def is_oxigraph(g: Graph) -> bool:
    return type(g.store).__name__ == "OxigraphStore"


def _inner(g: Graph):
    """The pyoxigraph Store behind an Oxigraph-held rdflib graph, else None."""
    return getattr(g.store, "_inner", None) if is_oxigraph(g) else None


def _graph_name(g: Graph):
    """Where an rdflib graph's triples are in its Oxigraph store (None: the union of all graphs)."""
    if getattr(g, "default_union", False):
        return None
    from oxrdflib._converter import to_ox

    return to_ox(g.identifier)


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
    """Run a SPARQL query with bound parameters on whatever engine holds the graph (rdflib's own
    store binds them itself; Oxigraph and remote endpoints get a VALUES block)."""
    if type(g.store).__name__ == "Memory":
        return g.query(text, initBindings=binds)
    return g.query(with_values(text, binds))


def select_text(g: Graph, text: str, binds: dict) -> tuple[list[str], list[list[str]]]:
    """A SELECT's columns and rows as text (an IRI or a literal's lexical form; '' when unbound).
    On an Oxigraph-held graph the rows come straight from pyoxigraph: turning each value into an
    rdflib term first costs 2-4x the query itself at a million triples."""
    inner = _inner(g)
    if inner is not None:
        name = _graph_name(g)
        res = inner.query(with_values(text, binds), use_default_graph_as_union=name is None, default_graph=name)
        cols = [v.value for v in res.variables]
        return cols, [["" if v is None else v.value for v in sol] for sol in res]
    res = run_query(g, text, binds)
    return [str(v) for v in res.vars], [["" if v is None else str(v) for v in row] for row in res]


def _ox_nt(store, graph=None) -> bytes:
    """A pyoxigraph Store's triples (of one graph, or of all) as N-Triples, written by the engine."""
    import pyoxigraph as ox

    quads = store.quads_for_pattern(None, None, None, graph)
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES) or b""


def _sorted_lines(g: Graph) -> list[bytes]:
    """Canonical order: unique N-Triples lines sorted as UTF-8 bytes (the same order as sorting
    the text).  An Oxigraph-held graph writes its own N-Triples, without rdflib terms."""
    inner = _inner(g)
    nt = _ox_nt(inner, _graph_name(g)) if inner is not None else g.serialize(format="nt", encoding="utf-8")
    return union_lines([nt.split(b"\n")])


def _sorted_nt(g: Graph) -> bytes:
    return b"\n".join(_sorted_lines(g)) + b"\n"


# Canonical N-Triples (RDF 1.1): ECHAR for \b \t \n \f \r \" \\, UCHAR for the other control
# characters, everything else as UTF-8 — the same bytes as Oxigraph's writer, so lines from either sort alike.
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def _escape(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


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


# ------------------------------------------------------------------ datasets: named graphs in a store
# A built graph can live in a store as named graphs: one per document unit (replaced whole, so a
# unit is never half-written) plus one shared graph (merged into).  Queries see their union as the
# default graph.  Two kinds: a directory (an on-disk Oxigraph store, embedded) and a URL (any
# SPARQL 1.1 server: Graph Store Protocol for writing, the SPARQL protocol for reading).

class Dataset:
    """The store API the builder and the commands use; ``location`` names it in messages."""

    location: str

    def select(self, query: str) -> list[dict[str, str | None]]:
        """Rows of a SELECT over the union (GRAPH ?g reaches the named graphs): an IRI or a
        literal as its text, a blank node as ``_:label``."""
        raise NotImplementedError

    def put(self, iri: str, nt: bytes) -> None:
        """Replace a named graph with these N-Triples, in one transaction."""
        raise NotImplementedError

    def add(self, iri: str, nt: bytes) -> None:
        """Merge N-Triples into a named graph."""
        raise NotImplementedError

    def drop(self, iri: str) -> None:
        raise NotImplementedError

    def get(self, iri: str) -> bytes:
        """A named graph as N-Triples (empty if there is none)."""
        raise NotImplementedError

    def graph(self) -> Graph:
        """An rdflib view of the union, for the named queries."""
        raise NotImplementedError

    def triples(self) -> bytes:
        """The union's triples as N-Triples (unsorted, deduplicated by the caller)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


def ox_select(store, query: str, *, union: bool = False) -> list[dict[str, str | None]]:
    """A SELECT on a pyoxigraph Store, its rows as text: an IRI or a literal as its text, a blank
    node as ``_:label``, unbound as None (``union``: the default graph is the union of all)."""
    res = store.query(query, use_default_graph_as_union=union)
    names = [v.value for v in res.variables]

    def text(t) -> str | None:
        if t is None:
            return None
        return "_:" + t.value if type(t).__name__ == "BlankNode" else t.value
    return [{n: text(sol[n]) for n in names} for sol in res]


class LocalDataset(Dataset):
    """An on-disk Oxigraph store (a directory); one writer process at a time."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.location = str(path)
        p = Path(path)
        if read_only and not p.is_dir():
            raise StoreError(f"{p}: no such store directory")
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p}: not a directory (a store is a directory)")
        try:
            self.store = ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            raise StoreError(f"{p}: cannot open the store ({str(exc).splitlines()[0][:200]})") from None

    def select(self, query: str) -> list[dict[str, str | None]]:
        return ox_select(self.store, query, union=True)

    def put(self, iri: str, nt: bytes) -> None:
        # one SPARQL update is one transaction: the old graph goes and the new one comes together
        self.store.update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n"
                          + nt.decode("utf-8") + "\n} }")

    def add(self, iri: str, nt: bytes) -> None:
        import pyoxigraph as ox

        self.store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))

    def drop(self, iri: str) -> None:
        self.store.update(f"DROP SILENT GRAPH <{iri}>")

    def get(self, iri: str) -> bytes:
        import pyoxigraph as ox

        return _ox_nt(self.store, ox.NamedNode(iri))

    def graph(self) -> Graph:
        from oxrdflib import OxigraphStore
        from rdflib import Dataset as RDataset

        g = RDataset(store=OxigraphStore(store=self.store), default_union=True)
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    def triples(self) -> bytes:
        return _ox_nt(self.store)

    def close(self) -> None:
        self.store.flush()
        del self.store


class RemoteDataset(Dataset):
    """A SPARQL 1.1 server.  Paths default to Oxigraph's layout (``/query``, ``/store``); set
    MANDATE_GRAPH_QUERY_PATH and MANDATE_GRAPH_GSP_PATH for others (Fuseki: ``/ds/sparql``,
    ``/ds/data``).  Queries expect the server to answer over the union of its graphs
    (``oxigraph serve --union-default-graph``)."""

    concurrent = True                         # several uploads at once (build --jobs)

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.location = url.rstrip("/")
        self.query_url = self.location + os.environ.get("MANDATE_GRAPH_QUERY_PATH", "/query")
        self.gsp_url = self.location + os.environ.get("MANDATE_GRAPH_GSP_PATH", "/store")
        self.timeout = timeout

    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None,
                 ok_missing: bool = False) -> bytes:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            if ok_missing and exc.code == 404:
                return b""
            raise self._error(method, exc) from None
        except Exception as exc:
            err = self._error(method, exc)
            if err is exc:
                raise
            raise err from None

    def _error(self, what: str, exc: Exception) -> Exception:
        """A network failure as one line naming the store (the exception itself if it is not one)."""
        import http.client
        import urllib.error

        if isinstance(exc, urllib.error.HTTPError):
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines() if exc.fp else []
            return StoreError(f"{self.location}: the store refused {what} ({exc.code} {exc.reason}"
                              + (f": {detail[0]}" if detail else "") + ")")
        if isinstance(exc, (urllib.error.URLError, OSError, http.client.HTTPException)):
            reason = getattr(exc, "reason", exc)
            return StoreError(f"{self.location}: cannot reach the store ({reason or type(exc).__name__})")
        return exc

    def _graph_url(self, iri: str) -> str:
        from urllib.parse import quote

        return f"{self.gsp_url}?graph={quote(iri, safe='')}"

    def select(self, query: str) -> list[dict[str, str | None]]:
        from urllib.parse import urlencode

        data = self._request("POST", self.query_url, urlencode({"query": query}).encode(),
                             {"Accept": "application/sparql-results+json",
                              "Content-Type": "application/x-www-form-urlencoded"})
        doc = json.loads(data)
        names = doc["head"].get("vars", [])
        return [{n: ((("_:" if b[n]["type"] == "bnode" else "") + b[n]["value"]) if n in b else None)
                 for n in names} for b in doc["results"]["bindings"]]

    def put(self, iri: str, nt: bytes) -> None:
        self._request("PUT", self._graph_url(iri), nt, {"Content-Type": "application/n-triples"})

    def add(self, iri: str, nt: bytes) -> None:
        self._request("POST", self._graph_url(iri), nt, {"Content-Type": "application/n-triples"})

    def drop(self, iri: str) -> None:
        self._request("DELETE", self._graph_url(iri), ok_missing=True)

    def get(self, iri: str) -> bytes:
        return self._request("GET", self._graph_url(iri), headers={"Accept": "application/n-triples"}, ok_missing=True)

    def graph(self) -> Graph:
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        remote = self

        class Endpoint(SPARQLStore):
            """rdflib's SPARQL client, its network errors turned into one-line StoreErrors."""

            def query(self, *args, **kwargs):
                try:
                    return super().query(*args, **kwargs)
                except Exception as exc:
                    err = remote._error("the query", exc)
                    if err is exc:
                        raise
                    raise err from None

        g = Graph(store=Endpoint(self.query_url, method="POST", returnFormat="json", timeout=self.timeout))
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    def triples(self) -> bytes:
        from urllib.parse import urlencode

        return self._request("POST", self.query_url, urlencode({"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}).encode(),
                             {"Accept": "application/n-triples", "Content-Type": "application/x-www-form-urlencoded"})


def store_lines(ds: Dataset) -> list[bytes]:
    """A store's union as canonical N-Triples lines, without the units' bookkeeping triples
    (those whose subject is a unit graph): the same lines as the file build of the same inputs."""
    graphs = f"<{GRAPH_BASE}".encode()
    return [x for x in union_lines([ds.triples().split(b"\n")]) if not x.startswith(graphs)]


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def open_dataset(spec: str, *, read_only: bool = False) -> Dataset:
    """A store by its name: an http(s) URL (a SPARQL server) or a directory (on-disk Oxigraph)."""
    return RemoteDataset(spec) if is_url(spec) else LocalDataset(spec, read_only=read_only)
