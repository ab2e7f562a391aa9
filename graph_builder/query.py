"""Named SPARQL queries (``queries/*.rq``): listing, header parsing, running with bound parameters."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .lifecycle import DateError, date_defaults
from .resources import resource_dir
from .store import select_text


class QueryError(Exception):
    """Unknown query or bad parameter; the message is for the user."""


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    purpose: str
    params: str
    columns: list[str]
    example: str = ""


def _header(text: str, field: str) -> str:
    m = re.search(rf"^#\s*{field}:\s*(.*)$", text, re.MULTILINE)
    return m.group(1).strip() if m else ""


def list_queries() -> list[NamedQuery]:
    out = []
    for p in sorted(resource_dir("queries").glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        out.append(NamedQuery(p.stem, p, text, _header(text, "purpose"), _header(text, "params"),
                              [c.strip() for c in _header(text, "columns").split(",") if c.strip()],
                              _header(text, "example")))
    return out


def get_query(name: str) -> NamedQuery:
    for q in list_queries():
        if q.name == name:
            return q
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no query named {name!r} (have: {names})")


def bindings(params: dict[str, str]) -> dict[str, Literal | URIRef]:
    """Parameters become typed RDF terms, bound with initBindings (never pasted into the text)."""
    out: dict[str, Literal | URIRef] = {}
    for k, v in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
            raise QueryError(f"bad parameter name {k!r}")
        if v.startswith(("http://", "https://")):
            out[k] = URIRef(v)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            out[k] = Literal(v, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
        else:
            out[k] = Literal(v)
    return out


def run(graph: Graph, name: str, params: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    q = get_query(name)
    params = params or {}
    declared = q.params
    for k in params:
        if not re.search(rf"\b{re.escape(k)}\b", declared):
            raise QueryError(f"query {name!r} takes no parameter {k!r} (params: {declared or 'none'})")
    try:
        params = date_defaults(params, declared)
    except DateError as exc:
        raise QueryError(str(exc)) from None
    return select_text(graph, q.text, bindings(params))


def records(graph: Graph, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    """A named query's rows as column → value dicts (for code that reads the graph through queries)."""
    cols, rows = run(graph, name, params)
    return [dict(zip(cols, r, strict=True)) for r in rows]


def render(cols: list[str], rows: list[list[str]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    widths = [min(40, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(cols)]
    def line(vals: list[str]) -> str:
        return "  ".join(v.replace("\n", " ")[:40].ljust(widths[i]) for i, v in enumerate(vals))
    return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"
