"""The extractor's knowledge, read from data: body and verb labels (SKOS, ontology/*.ttl),
language patterns (lexicon/<lang>.toml), symbol series and session calendars (lexicon/*.csv).

Adding a language means adding its labels to the Turtle files and a ``lexicon/<lang>.toml``.
"""
from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import SKOS

from .resources import resource, resource_dir

MG = Namespace("https://w3id.org/mandate-graph/ontology#")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Label:
    text: str
    key: str          # body key or verb notation
    hidden: bool = False   # contextual label (执行局, the Council)


@dataclass(frozen=True)
class VerbInfo:
    notation: str
    force: str
    mid_clause: bool


@dataclass(frozen=True)
class SessionSeries:
    body: str
    code: str
    numbering: str    # numbered | yearly | typed
    base_year: int
    start_month: int
    length_days: int = 0


@dataclass
class BodyMatch:
    start: int
    end: int
    key: str
    label: str
    hidden: bool


@cache
def knowledge_graph() -> Graph:
    g = Graph()
    for name in ("bodies.ttl", "verbs.ttl"):
        g.parse(resource("ontology", name), format="turtle")
    return g


@cache
def body_kinds() -> dict[str, str]:
    g = knowledge_graph()
    return {str(g.value(s, SKOS.notation)): str(o) for s, o in g.subject_objects(MG.bodyKind)}


@cache
def verb_info() -> dict[str, VerbInfo]:
    g = knowledge_graph()
    out = {}
    for s in g.subjects(SKOS.inScheme, MG.OperativeVerbs):
        force = g.value(s, MG.force)
        mid = g.value(s, MG.midClause)
        out[str(g.value(s, SKOS.notation))] = VerbInfo(
            str(g.value(s, SKOS.notation)),
            str(g.value(force, SKOS.notation)) if force is not None else "",
            bool(mid.toPython()) if isinstance(mid, Literal) else True)
    return out


def _labels(subject_scheme_pred, lang: str, props) -> list[Label]:
    g = knowledge_graph()
    out = []
    for s in subject_scheme_pred:
        key = str(g.value(s, SKOS.notation))
        for prop, hidden in props:
            for o in g.objects(s, prop):
                if isinstance(o, Literal) and o.language == lang:
                    out.append(Label(str(o), key, hidden))
    return out


class Lexicon:
    """Labels and patterns of one language, compiled for matching."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"no lexicon for language {lang!r} (have {', '.join(LANGUAGES)})")
        self.lang = lang
        path = resource_dir("lexicon") / f"{lang}.toml"
        with open(path, "rb") as fh:
            self.patterns: dict[str, Any] = tomllib.load(fh)
        g = knowledge_graph()
        bodies = [s for s in g.subjects(MG.bodyKind, None)]
        self.body_labels = _labels(bodies, lang, [(SKOS.prefLabel, False), (SKOS.altLabel, False),
                                                  (SKOS.hiddenLabel, True)])
        verbs = list(g.subjects(SKOS.inScheme, MG.OperativeVerbs))
        self.verb_labels = _labels(verbs, lang, [(SKOS.prefLabel, False), (SKOS.altLabel, False)])
        self.preamble_labels = _labels(verbs, lang, [(MG.preambleLabel, False)])
        self.verbs = verb_info()
        flags = re.IGNORECASE if lang == "en" else 0
        self._body_by_text: dict[str, list[Label]] = {}
        for lab in self.body_labels:
            self._body_by_text.setdefault(self._norm(lab.text), []).append(lab)
        texts = sorted(self._body_by_text, key=len, reverse=True)
        if lang == "en":
            self.body_re = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in texts) + r")\b", flags)
        else:
            self.body_re = re.compile("|".join(re.escape(t) for t in texts))
        self._verb_by_text: dict[str, str] = {}
        for lab in self.verb_labels + self.preamble_labels:
            self._verb_by_text.setdefault(self._norm(lab.text), lab.key)
        vtexts = sorted(self._verb_by_text, key=len, reverse=True)
        self.verb_alt = "|".join(re.escape(t) for t in vtexts)
        self.verb_re = re.compile(self.verb_alt, flags)

    def _norm(self, text: str) -> str:
        return text.lower() if self.lang == "en" else text

    def verb_of(self, label: str) -> str:
        return self._verb_by_text[self._norm(label)]

    def body_candidates(self, label: str) -> list[Label]:
        return self._body_by_text.get(self._norm(label), [])

    def find_bodies(self, text: str) -> list[BodyMatch]:
        out = []
        for m in self.body_re.finditer(text):
            labs = self.body_candidates(m.group(0))
            explicit = [lab for lab in labs if not lab.hidden]
            lab = explicit[0] if explicit else labs[0]
            out.append(BodyMatch(m.start(), m.end(), lab.key, m.group(0), not explicit))
        return out

    def owners(self, label: str) -> list[str]:
        return [lab.key for lab in self.body_candidates(label)]

    def p(self, section: str, name: str, default: Any = None) -> Any:
        return self.patterns.get(section, {}).get(name, default)


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang)


@cache
def session_series() -> dict[str, SessionSeries]:
    with open(resource("lexicon", "session_series.csv"), encoding="utf-8") as fh:
        return {r["body"]: SessionSeries(r["body"], r["code"], r["numbering"], int(r["base_year"]),
                                         int(r["start_month"]), int(r["length_days"])) for r in csv.DictReader(fh)}


@cache
def session_calendar() -> dict[str, tuple[str, str]]:
    with open(resource("lexicon", "sessions.csv"), encoding="utf-8") as fh:
        return {r["session"]: (r["start"], r["end"]) for r in csv.DictReader(fh)}


@cache
def session_types() -> dict[str, tuple[int, int]]:
    """Typed sessions (FRS, AS, SRS …): usual month and length in days, for estimating dates."""
    with open(resource("lexicon", "session_types.csv"), encoding="utf-8") as fh:
        return {r["type"]: (int(r["month"]), int(r["length_days"])) for r in csv.DictReader(fh)}


@dataclass(frozen=True)
class SessionKey:
    """A parsed session key: GA-80 → (GA series, 80, ""), UNW-EB-2025-AS → (UNW-EB, 2025, "AS"),
    UNW-EB-AS → (UNW-EB, None, "AS") (a recurring session with no year)."""
    series: SessionSeries
    number: int | None      # session number (numbered series) or year (yearly and typed series)
    kind: str               # FRS, AS, SRS … (session_types.csv) for typed series, else ""

    @property
    def year(self) -> int | None:
        if self.number is None:
            return None
        return self.series.base_year + self.number if self.series.numbering == "numbered" else self.number

    def at_year(self, year: int, kind: str | None = None) -> str:
        """The key of this series' session in another year (of another kind, for typed series)."""
        kind = self.kind if kind is None else kind
        if self.series.numbering == "numbered":
            return f"{self.series.code}-{year - self.series.base_year}"
        return f"{self.series.code}-{year}" + (f"-{kind}" if kind else "")


def split_session_key(key: str) -> SessionKey | None:
    """Parse a session key against the series in session_series.csv (longest code first)."""
    for s in sorted(session_series().values(), key=lambda s: -len(s.code)):
        if key.startswith(s.code + "-"):
            parts = key[len(s.code) + 1:].split("-")
            number = int(parts[0]) if parts[0].isdigit() else None
            return SessionKey(s, number, parts[-1] if parts[-1] in session_types() else "")
    return None


def session_dates(key: str) -> tuple[str, str, bool] | None:
    """Start, end and whether estimated, for a session key such as GA-80 or UNW-EB-2025-AS.

    The calendar (``sessions.csv``) wins; otherwise the series' usual month and length give an
    estimate (the first of the month); keys without a year (UNW-EB-AS) have no dates.
    """
    cal = session_calendar().get(key)
    if cal:
        return cal[0], cal[1], False
    sk = split_session_key(key)
    if sk is None or sk.year is None:
        return None
    if sk.series.numbering in ("numbered", "yearly") and sk.series.start_month:
        month, length = sk.series.start_month, sk.series.length_days
    elif sk.series.numbering == "typed" and sk.kind:
        month, length = session_types()[sk.kind]
    else:
        return None
    start = date(sk.year, month, 1)
    end = start + timedelta(days=max(length - 1, 0))
    return start.isoformat(), end.isoformat(), True


CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
EN_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
           "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}


def cn_number(text: str) -> int:
    """六十八 → 68, 八十 → 80, 一百 → 100, 78 → 78.  ValueError on anything else."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def en_ordinal(text: str) -> int:
    """seventy-ninth → 79, 80th → 80.  ValueError on anything else."""
    t = text.lower().strip()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    total = 0
    for part in t.split("-"):
        if part in EN_UNITS:
            total += EN_UNITS[part]
        elif part in EN_TENS:
            total += EN_TENS[part]
        else:
            raise ValueError(f"not an English ordinal: {text!r}")
    return total
