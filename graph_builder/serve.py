"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, on localhost.

* GET ``/sparql?query=…``, POST form (``query=…``) and POST ``application/sparql-query``.
* Results by content negotiation (Accept): SPARQL JSON (default), SPARQL XML, CSV, TSV;
  CONSTRUCT/DESCRIBE as N-Triples or Turtle.
* Read-only: an update (``update=`` form field, ``application/sparql-update``, or update
  syntax in a query) is refused with 403 and one line saying so.
* A time limit per query: the query runs in a worker process over an Oxigraph store opened
  read-only on disk; a query that runs over the limit is answered 503 and its worker is
  killed and replaced (opening the store again is instant).
* A size limit: at most ``max_rows`` solutions (or triples) are sent; when a result is cut,
  the response carries ``Mandate-Graph-Truncated: true``.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import re
import shutil
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle"}
ACCEPT = {"application/sparql-results+json": "json", "application/json": "json",
          "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
          "text/csv": "csv", "text/tab-separated-values": "tsv",
          "application/n-triples": "nt", "text/turtle": "ttl", "text/plain": "nt"}


# ---------------------------------------------------------------- serialising solutions

def _term_json(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _term_xml(t) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f'<literal xml:lang="{escape(t.language)}">{escape(t.value)}</literal>'
    if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f'<literal datatype="{escape(t.datatype.value)}">{escape(t.value)}</literal>'
    return f"<literal>{escape(t.value)}</literal>"


def serialise_solutions(names: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{n: _term_json(v) for n, v in zip(names, r, strict=True) if v is not None} for r in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        head = "".join(f'<variable name="{escape(n)}"/>' for n in names)
        res = "".join("<result>" + "".join(f'<binding name="{escape(n)}">{_term_xml(v)}</binding>'
                                           for n, v in zip(names, r, strict=True) if v is not None) + "</result>"
                      for r in rows)
        return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
                f"<results>{res}</results></sparql>").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)] + ["\t".join("" if v is None else str(v) for v in r) for r in rows]
        return ("\n".join(lines) + "\n").encode()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(names)
    w.writerows(["" if v is None else v.value for v in r] for r in rows)
    return buf.getvalue().encode()


def serialise_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode()
    if fmt in ("csv", "tsv"):
        return f"_askResult\n{'true' if value else 'false'}\n".encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


# ---------------------------------------------------------------- the worker process

def _worker(store_dir: str, conn) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    while True:
        msg = conn.recv()
        if msg is None:
            return
        query, fmt, max_rows = msg
        try:
            conn.send(_answer(store, query, fmt, max_rows))
        except Exception as exc:  # noqa: BLE001 - every query error goes back to the client
            conn.send((400, "text/plain; charset=utf-8", f"bad query: {exc}\n".encode(), False))


def _answer(store, query: str, fmt: str, max_rows: int) -> tuple[int, str, bytes, bool]:
    import pyoxigraph as ox

    res = store.query(query)
    if isinstance(res, ox.QueryBoolean):
        f = fmt if fmt in RESULT_TYPES else "json"
        return 200, RESULT_TYPES[f], serialise_boolean(bool(res), f), False
    if isinstance(res, ox.QueryTriples):
        f = fmt if fmt in GRAPH_TYPES else "nt"
        triples, cut = [], False
        for t in res:
            if len(triples) >= max_rows:
                cut = True
                break
            triples.append(f"{t.subject} {t.predicate} {t.object} .")
        return 200, GRAPH_TYPES[f] + "; charset=utf-8", ("\n".join(triples) + "\n").encode(), cut
    names = [v.value for v in res.variables]
    rows, cut = [], False
    for sol in res:
        if len(rows) >= max_rows:
            cut = True
            break
        rows.append([sol[n] for n in names])
    f = fmt if fmt in RESULT_TYPES else "json"
    ctype = RESULT_TYPES[f] + ("; charset=utf-8" if f in ("csv", "tsv") else "")
    return 200, ctype, serialise_solutions(names, rows, f), cut


class Engine:
    """One worker process over a read-only on-disk Oxigraph store; killed and replaced on timeout."""

    def __init__(self, graph_file: str | Path, timeout: float = 10.0, max_rows: int = 10000) -> None:
        import pyoxigraph as ox

        self.timeout, self.max_rows = timeout, max_rows
        self.dir = tempfile.mkdtemp(prefix="mandate-graph-store-")
        store = ox.Store(self.dir)
        fmt = ox.RdfFormat.N_TRIPLES if str(graph_file).endswith(".nt") else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(graph_file), format=fmt)
        store.flush()
        del store
        self.lock = threading.Lock()
        self.ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(self.dir, child), daemon=True)
        self.proc.start()

    def ask(self, query: str, fmt: str) -> tuple[int, str, bytes, bool]:
        with self.lock:
            self.conn.send((query, fmt, self.max_rows))
            if self.conn.poll(self.timeout):
                return self.conn.recv()
            self.proc.kill()
            self.proc.join()
            self._start()
            return (503, "text/plain; charset=utf-8",
                    f"query exceeded the time limit of {self.timeout:g} s and was stopped\n".encode(), False)

    def close(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(2)
        finally:
            if self.proc.is_alive():
                self.proc.kill()
            shutil.rmtree(self.dir, ignore_errors=True)


def negotiate(accept: str, default: str = "json") -> str:
    best, best_q = default, -1.0
    for part in (accept or "").split(","):
        bits = part.strip().split(";")
        media = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            if b.strip().startswith("q="):
                try:
                    q = float(b.strip()[2:])
                except ValueError:
                    q = 0.0
        if media in ACCEPT and q > best_q:
            best, best_q = ACCEPT[media], q
    return best


# an update, after any PREFIX/BASE declarations and comments
UPDATE_RE = re.compile(r"""^(?:\s|\#[^\n]*\n|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*
                           (?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b""", re.I | re.X)


def make_handler(engine: Engine):
    class Handler(BaseHTTPRequestHandler):
        server_version = "mandate-graph-sparql"

        def log_message(self, fmt: str, *args) -> None:   # one line per request on stderr
            sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

        def _send(self, code: int, ctype: str, body: bytes, truncated: bool = False) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            if truncated:
                self.send_header("Mandate-Graph-Truncated", "true")
            self.end_headers()
            self.wfile.write(body)

        def _text(self, code: int, msg: str) -> None:
            self._send(code, "text/plain; charset=utf-8", (msg + "\n").encode())

        def _run(self, query: str | None) -> None:
            if not query:
                self._text(400, "missing 'query' parameter")
                return
            if UPDATE_RE.match(query):
                self._text(403, "read-only endpoint: updates are refused")
                return
            fmt = negotiate(self.headers.get("Accept", ""))
            self._send(*engine.ask(query, fmt))

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path not in ("/sparql", "/query"):
                self._text(404, "the SPARQL endpoint is at /sparql")
                return
            qs = parse_qs(url.query)
            if "update" in qs:
                self._text(403, "read-only endpoint: updates are refused")
                return
            self._run((qs.get("query") or [None])[0])

        def do_POST(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path not in ("/sparql", "/query", "/update"):
                self._text(404, "the SPARQL endpoint is at /sparql")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update" or url.path == "/update":
                self._text(403, "read-only endpoint: updates are refused")
                return
            if ctype == "application/sparql-query":
                self._run(body)
                return
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body)
                if "update" in form:
                    self._text(403, "read-only endpoint: updates are refused")
                    return
                self._run((form.get("query") or [None])[0])
                return
            self._text(415, f"unsupported Content-Type {ctype!r}")

        def do_PUT(self) -> None:  # noqa: N802
            self._text(403, "read-only endpoint: updates are refused")

        do_DELETE = do_PUT  # noqa: N815
        do_PATCH = do_PUT  # noqa: N815

    return Handler


def serve(graph_file: str | Path, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0,
          max_rows: int = 10000, ready=None) -> None:
    engine = Engine(graph_file, timeout, max_rows)
    httpd = ThreadingHTTPServer((host, port), make_handler(engine))
    if ready:
        ready(httpd.server_address)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        engine.close()
