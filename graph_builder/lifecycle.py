"""Obligation lifecycle: status as of a date (open, due, overdue, fulfilled).

Status is never stored in the graph (it depends on the date asked about); it is computed by the
named query ``obligation_status`` with ``as_of`` and ``horizon`` bound.  This module supplies the
defaults (today; today + 90 days) and a per-obligation summary for ``stats`` and ``report``.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from rdflib import Graph

HORIZON_DAYS = 90
STATUSES = ("overdue", "due", "open", "fulfilled")
# the worst status of an obligation's due sessions is the obligation's status
_RANK = {s: i for i, s in enumerate(STATUSES)}


class DateError(ValueError):
    """A date parameter is not YYYY-MM-DD."""


def parse_date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise DateError(f"bad date {text!r}: expected YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DateError(f"bad date {text!r}: {exc}") from None


def date_defaults(params: dict[str, str], declared: str, today: date | None = None) -> dict[str, str]:
    """Fill ``as_of`` (today) and ``horizon`` (as_of + 90 days) when the query declares them."""
    out = dict(params)
    if re.search(r"\bas_of\b", declared):
        as_of = parse_date(out["as_of"]) if "as_of" in out else (today or date.today())
        out["as_of"] = as_of.isoformat()
        if re.search(r"\bhorizon\b", declared):
            out["horizon"] = parse_date(out["horizon"]).isoformat() if "horizon" in out else \
                (as_of + timedelta(days=HORIZON_DAYS)).isoformat()
    return out


def obligation_status(graph: Graph, as_of: date | None = None) -> dict[str, str]:
    """Obligation IRI → status, the worst over its due sessions (overdue > due > open > fulfilled)."""
    from .query import records

    out: dict[str, str] = {}
    for r in records(graph, "obligation_status", date_defaults({}, "as_of horizon", as_of)):
        prev = out.get(r["obligation"])
        if prev is None or _RANK[r["status"]] < _RANK[prev]:
            out[r["obligation"]] = r["status"]
    return out


def status_counts(graph: Graph, as_of: date | None = None) -> dict[str, int]:
    c = Counter(obligation_status(graph, as_of).values())
    return {s: c.get(s, 0) for s in STATUSES}
