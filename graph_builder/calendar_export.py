"""The reporting calendar: each obligation placed on its session's dates, recurring ones repeated.

Reads the graph through the named query ``calendar`` (never the texts). A session with a year
or number (GA-80, UNW-EB-2025-AS) is placed on its dates from ``lexicon/sessions.csv`` (or the
series' usual month, marked estimated). Recurring obligations (annual, each-session, biennial)
are repeated at the later sessions of the same series within the range; a recurring session
with no first year (UNW-EB-AS) is placed at every such session in the range. Periodic
obligations with no session have no dates and are not placed. Sessions longer than a month
(a General Assembly session runs a year) are shown on their opening day. Repetitions start
after the imposing document's date.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta

from rdflib import Graph

from .lexicon import session_calendar, session_dates, session_types, split_session_key
from .query import records

LONG_SESSION_DAYS = 31
RECURRING = {"annual": 1, "each-session": 1, "biennial": 2}
COLUMNS = ["start", "end", "session", "estimated", "relation", "obligor", "recipient", "deliverable",
           "recurrence", "document", "paragraph", "subject", "obligation"]


@dataclass(frozen=True)
class Event:
    start: date
    end: date            # inclusive
    session: str
    estimated: bool
    relation: str
    obligor: str
    recipient: str
    deliverable: str
    recurrence: str
    document: str
    paragraph: str
    subject: str
    obligation: str

    def row(self) -> list[str]:
        return [self.start.isoformat(), self.end.isoformat(), self.session, "yes" if self.estimated else "",
                self.relation, self.obligor, self.recipient, self.deliverable, self.recurrence, self.document,
                self.paragraph, self.subject, self.obligation]


def occurrences(session: str, recurrence: str, first: date, last: date) -> list[str]:
    """Session keys at which an obligation falls due within [first, last]."""
    sk = split_session_key(session)
    step = RECURRING.get(recurrence)
    if sk is None:
        return [session]
    if sk.number is None:               # UNW-EB-AS: every such session in the range
        if sk.series.numbering != "typed" or not step:
            return []
        return [sk.at_year(y) for y in range(first.year, last.year + 1, step)]
    if not step:
        return [session]
    kinds = [sk.kind]
    if recurrence == "each-session" and sk.series.numbering == "typed":
        # the types this series holds, as the calendar knows them (else every known type)
        code = sk.series.code
        seen = {k.rsplit("-", 1)[-1] for k in session_calendar() if k.startswith(code + "-")}
        kinds = sorted(seen or session_types(), key=lambda t: session_types().get(t, (99, 0))[0])
    start_i = kinds.index(sk.kind) if sk.kind in kinds else 0
    out = []
    for y in range(sk.year, last.year + 1, step):
        for i, k in enumerate(kinds):
            if y > sk.year or i >= start_i:          # from the given session on
                out.append(sk.at_year(y, k))
    return out


def plan(graph: Graph, first: date | None = None, last: date | None = None, body: str = "",
         today: date | None = None) -> tuple[list[Event], date, date]:
    """The events in [first, last] and the range used: by default from the earliest dated due
    session to a year after today."""
    rows = records(graph, "calendar", {"body": body} if body else {})
    today = today or date.today()
    if first is None:
        first = min((date.fromisoformat(v["start"]) for v in rows if v["start"]), default=today)
    if last is None:
        last = today + timedelta(days=365)
    out: set[Event] = set()
    for v in rows:
        # a repeated obligation cannot fall due before the document that imposes it
        issued = date.fromisoformat(v["issued"]) if v["issued"] else None
        for key in occurrences(v["session"], v["recurrence"], max(first, issued or first), last):
            dates = session_dates(key)
            if not dates:
                continue
            start, end = date.fromisoformat(dates[0]), date.fromisoformat(dates[1])
            if v["relation"] == "before" or (end - start).days >= LONG_SESSION_DAYS:
                end = start
            if end < first or start > last or (issued and key != v["session"] and start < issued):
                continue
            out.add(Event(start, end, key, dates[2], v["relation"], v["obligor"], v["recipient"], v["deliverable"],
                          v["recurrence"], v["document"], v["paragraph"], v["subject"], v["obligation"]))
    evs = sorted(out, key=lambda e: (e.start, e.session, e.document, e.paragraph, e.obligor, e.obligation))
    return evs, first, last


def events(graph: Graph, first: date, last: date, body: str = "") -> list[Event]:
    return plan(graph, first, last, body)[0]


# ---------------------------------------------------------------- rendering

def to_csv(evs: list[Event]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(e.row() for e in evs)
    return buf.getvalue()


def to_markdown(evs: list[Event]) -> str:
    cols = ["dates", "session", "obligor", "recipient", "deliverable", "recurrence", "source"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for e in evs:
        dates = e.start.isoformat() + ("" if e.end == e.start else f" – {e.end.isoformat()}")
        dates += " (est.)" if e.estimated else ""
        sess = ("before " if e.relation == "before" else "") + e.session
        src = e.document + (f" ¶{e.paragraph}" if e.paragraph else "")
        cells = [dates, sess, e.obligor, e.recipient, e.deliverable, e.recurrence, src]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a space; never split a character."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur)
            cur = b""
        cur += b
    out.append(cur)
    return "\r\n ".join(x.decode("utf-8") for x in out)


def to_ics(evs: list[Event], stamp: date) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mandate Graph//reporting calendar//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Mandate Graph reporting calendar"]
    for e in evs:
        uid = hashlib.sha1(f"{e.obligation}|{e.session}".encode()).hexdigest()
        summary = f"{e.obligor} → {e.recipient or '?'}: {e.deliverable or 'report'}" \
                  f" ({'before ' if e.relation == 'before' else ''}{e.session})"
        desc = f"{e.document}" + (f" paragraph {e.paragraph}" if e.paragraph else "") + \
               f"\nrecurrence: {e.recurrence}" + ("\ndates estimated" if e.estimated else "") + f"\n{e.subject}"
        lines += ["BEGIN:VEVENT", f"UID:{uid}@mandate-graph", f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
                  f"DTSTART;VALUE=DATE:{e.start.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(e.end + timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(desc)}",
                  f"CATEGORIES:{_ics_text(e.obligor)}", f"URL:{e.obligation}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(x) for x in lines) + "\r\n"


def render(evs: list[Event], fmt: str, stamp: date) -> str:
    if fmt == "ics":
        return to_ics(evs, stamp)
    if fmt == "markdown":
        return to_markdown(evs)
    return to_csv(evs)
