"""Parse and format UN document symbols and the canonical keys of CONTRACT.md.

Printed symbols (``A/RES/78/182``, ``UNW/2024/3/Add.1``, ``A/66/6(Sect.17)``) are found by
``SYMBOL_RE``; references by number in context ("第 2023/7 号决定" in a UN-Women Executive
Board text) are turned into keys by :func:`key_for`, using ``lexicon/series.csv``.
IRIs are derived from keys, so they are stable across runs.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from .resources import resource

BASE = "https://w3id.org/mandate-graph/id/"

SYMBOL_RE = re.compile(
    r"""
    (?<![A-Za-z0-9/.])                 # not inside a longer token or URL path
    (?P<symbol>
      [A-Z]{1,6}(?:\.\d{1,3})?         # first element: organ or series  (A, S, E, UNW, JIU, E/CN.6 -> E)
      (?:/                             # then one or more /-separated elements:
        (?:S-\d{1,2}                   #   special session            S-23
          |[A-Z]{1,6}(?:\.\d{1,4})?    #   series element             RES, CN.6, CONF.189, L.4, CRP.3
          |\d{1,5}                     #   session, year or number    78, 2024, 182
          |(?:Add|Corr|Rev|Amend|Sect)\.\d{1,3}   # addenda etc.     Add.1, Rev.1
        )
      ){1,6}
      (?:\((?:Sect|Part|Vol)\.\s?\d{1,3}[A-Z]?\))?   # budget section suffix  (Sect.17)
    )
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
# "S/25704 and Add.1", "A/CONF.189/12 和 Corr.1"
ADDENDUM_RE = re.compile(r"^\s*(?:and|和|及)\s+((?:Add|Corr|Rev)\.\d{1,3})")
# Keys of the contract: resolution and decision numbers
SESSION_NUMBER_RE = re.compile(r"^(?P<first>S-\d{1,2}|\d{1,4})/(?P<n>\d{1,4})$")
YEAR_SUFFIX_RE = re.compile(r"^(?P<n>\d{1,4})\s*\(\s*(?P<year>(?:19|20)\d\d)\s*\)$")
ROMAN_SUFFIX_RE = re.compile(r"^(?P<n>\d{1,4})\s*(?:[A-Z]\s*)?\((?P<roman>[IVXLC]+)\)$")


class SymbolError(ValueError):
    """Raised for text that is not a UN document symbol or number."""


@dataclass(frozen=True)
class Symbol:
    text: str                 # as printed, spaces removed
    elements: tuple[str, ...]

    @property
    def prefix(self) -> str:
        return self.elements[0]


def parse_symbol(text: str) -> Symbol:
    """Parse a printed symbol; raise :class:`SymbolError` with the offending text otherwise."""
    compact = re.sub(r"\s+", "", text or "")
    m = SYMBOL_RE.fullmatch(compact)
    if not m or not re.search(r"\d", compact):
        raise SymbolError(f"not a UN document symbol: {text!r}")
    return Symbol(compact, tuple(compact.split("/")))


def find_symbols(text: str) -> list[tuple[int, int, str]]:
    """All printed symbols in ``text`` as (start, end, symbol), addenda expanded."""
    out: list[tuple[int, int, str]] = []
    for m in SYMBOL_RE.finditer(text):
        sym = m.group("symbol")
        if not re.search(r"\d", sym) or "/" not in sym:
            continue
        out.append((m.start(), m.end(), sym))
        add = ADDENDUM_RE.match(text[m.end():])
        if add:
            out.append((m.end(), m.end() + add.end(), f"{sym}/{add.group(1)}"))
    return out


@dataclass(frozen=True)
class Series:
    body: str
    type: str
    key_format: str
    numbering: str


@cache
def series_table() -> dict[tuple[str, str], Series]:
    with open(resource("lexicon", "series.csv"), encoding="utf-8") as fh:
        return {(r["body"], r["type"]): Series(**r) for r in csv.DictReader(fh)}


@cache
def issuer_prefixes() -> list[tuple[str, str]]:
    with open(resource("lexicon", "issuers.csv"), encoding="utf-8") as fh:
        rows = [(r["prefix"], r["body"]) for r in csv.DictReader(fh)]
    return sorted(rows, key=lambda r: -len(r[0]))


def issuer_of_symbol(symbol: str) -> str | None:
    for prefix, body in issuer_prefixes():
        if symbol.startswith(prefix):
            return body
    return None


def numbering_of(number: str) -> str:
    """Classify a printed number: 'year-suffix' 1325(2000), 'roman' 217(III), 'year' 2023/7, 'session' 64/289."""
    number = re.sub(r"\s+", "", number)
    if YEAR_SUFFIX_RE.match(number):
        return "year-suffix"
    if ROMAN_SUFFIX_RE.match(number):
        return "roman"
    m = SESSION_NUMBER_RE.match(number)
    if not m:
        raise SymbolError(f"not a resolution or decision number: {number!r}")
    first = m.group("first")
    if first.startswith("S-"):
        return "session"
    return "year" if 1946 <= int(first) <= 2100 else "session"


def can_issue(body: str, doc_type: str, number: str) -> bool:
    s = series_table().get((body, doc_type))
    if not s:
        return False
    kind = numbering_of(number)
    return kind == s.numbering or (kind == "roman" and s.numbering == "session")


def key_for(body: str, doc_type: str, number: str) -> str:
    """Canonical key of resolution/decision ``number`` of ``body``: key_for('UNW-EB','decision','2023/7')."""
    number = re.sub(r"\s+", "", number)
    s = series_table().get((body, doc_type))
    if s is None:
        raise SymbolError(f"no {doc_type} series known for body {body!r}")
    m = ROMAN_SUFFIX_RE.match(number)
    if m:  # early sessions: 217 A (III) -> A/RES/217(III)
        return s.key_format.split("{")[0] + f"{m.group('n')}({m.group('roman')})"
    m = YEAR_SUFFIX_RE.match(number)
    if m:
        return s.key_format.format(n=m.group("n"), year=m.group("year"), first="")
    m = SESSION_NUMBER_RE.match(number)
    if not m:
        raise SymbolError(f"not a resolution or decision number: {number!r}")
    return s.key_format.format(first=m.group("first"), n=m.group("n"), year="")


def canonical_key(symbol: str) -> str:
    """Canonical key of a printed symbol (A/RES/64/289 stays; spaces are removed)."""
    return parse_symbol(symbol).text


def doc_iri(key: str) -> str:
    return BASE + "doc/" + quote(key, safe="/.-_")


def body_iri(key: str) -> str:
    return BASE + "body/" + quote(key, safe="-_")


GRAPH_BASE = BASE + "graph/"            # named graphs in a store: one per document unit
SHARED_GRAPH = GRAPH_BASE + "shared"     # ... and one for what several units say of the same node


def graph_iri(unit_key: str) -> str:
    """The named graph of a document unit (see emit.Unit), from its main document's key."""
    return GRAPH_BASE + quote(unit_key, safe="-_.")


def session_iri(key: str) -> str:
    return BASE + "session/" + quote(key, safe="-_")
