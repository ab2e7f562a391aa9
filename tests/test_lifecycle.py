"""Obligation status as of a date, on the seeds' graph and on short texts written for each case."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from graph_builder.lexicon import session_dates
from graph_builder.lifecycle import DateError, date_defaults, obligation_status, status_counts
from graph_builder.pipeline import build
from graph_builder.query import QueryError, run
from graph_builder.store import load_graph
from tests.conftest import cli_path


def small_graph(tmp_path: Path, text: str, symbol: str = "A/RES/99/1") -> Graph:
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    return build([f], {"r.txt": {"symbol": symbol, "language": "zh", "date": "2024-12-01"}}).graph


GA_REPORT = "大会，\n\n回顾其第 70/1 号决议，\n\n1. 请秘书长向大会第八十五届会议报告本决议的执行情况。\n"


def test_lexicon_session_dates_calendar_wins_then_estimate() -> None:
    assert session_dates("GA-80") == ("2025-09-09", "2026-09-07", False)
    start, _end, estimated = session_dates("GA-85")
    assert (start, estimated) == ("2030-09-01", True)
    assert session_dates("UNW-EB-2030-AS")[0] == "2030-06-01"
    assert session_dates("UNW-EB-AS") is None          # a recurring session has no date
    assert session_dates("XYZ-3") is None


def test_lifecycle_open_due_overdue_as_the_date_moves(tmp_path: Path) -> None:
    g = small_graph(tmp_path, GA_REPORT)
    [(iri, status)] = obligation_status(g, date(2026, 1, 1)).items()
    assert status == "open"
    assert obligation_status(g, date(2030, 7, 1))[iri] == "due"       # session begins within 90 days
    assert obligation_status(g, date(2031, 3, 1))[iri] == "due"       # session in progress
    assert obligation_status(g, date(2032, 1, 1))[iri] == "overdue"   # the session has ended


def test_lifecycle_before_is_due_at_the_sessions_start(tmp_path: Path) -> None:
    g = small_graph(tmp_path, "执行局，\n\n1. 请妇女署在 2030 年第二届常会之前提交一份路线图；\n", "UNW/DEC/2030/1")
    cols, rows = run(g, "obligation_status", {"as_of": "2030-09-02"})
    row = dict(zip(cols, rows[0], strict=True))
    assert (row["session"], row["relation"], row["due_date"], row["status"]) == \
        ("UNW-EB-2030-SRS", "before", "2030-09-01", "overdue")


def test_lifecycle_seeds_fulfilled_overdue_due(built_graph: Path) -> None:
    g = load_graph(built_graph)
    cols, rows = run(g, "obligation_status", {"as_of": "2025-01-01"})
    got = {(r[cols.index("document")], r[cols.index("session")]): r[cols.index("status")] for r in rows}
    assert got[("A/RES/64/289", "GA-66")] == "fulfilled"    # the SG's report says it answers this request
    assert got[("A/RES/78/182", "CSW-68")] == "overdue"
    assert got[("A/RES/78/182", "CSW-69")] == "due"
    assert got[("A/RES/78/182", "GA-80")] == "open"
    counts = status_counts(g, date(2025, 1, 1))
    assert sum(counts.values()) == 27
    assert counts["fulfilled"] == 2 and counts["overdue"] >= 1


def test_lifecycle_overdue_query_lists_only_overdue(built_graph: Path) -> None:
    g = load_graph(built_graph)
    cols, rows = run(g, "overdue", {"as_of": "2025-01-01"})
    keys = {(r[cols.index("document")], r[cols.index("session")]) for r in rows}
    assert ("A/RES/78/182", "CSW-68") in keys
    assert ("A/RES/78/182", "CSW-69") not in keys
    assert not any(d == "A/RES/64/289" for d, _ in keys)      # fulfilled, so never overdue
    _, later = run(g, "overdue", {"as_of": "2027-01-01"})
    assert len(later) > len(rows)


def test_lifecycle_date_defaults() -> None:
    assert date_defaults({}, "as_of; horizon", date(2025, 1, 1)) == {"as_of": "2025-01-01", "horizon": "2025-04-01"}
    assert date_defaults({"as_of": "2025-02-01"}, "as_of", date(2000, 1, 1)) == {"as_of": "2025-02-01"}
    assert date_defaults({"x": "1"}, "x", date(2025, 1, 1)) == {"x": "1"}
    with pytest.raises(DateError):
        date_defaults({"as_of": "2025-02-30"}, "as_of")


def test_lifecycle_bad_date_is_a_query_error(built_graph: Path) -> None:
    with pytest.raises(QueryError, match="bad date"):
        run(load_graph(built_graph), "overdue", {"as_of": "yesterday"})


def test_cli_as_of_option_and_exit_2(built_graph: Path) -> None:
    ok = subprocess.run(cli_path() + ["query", "overdue", "--graph", str(built_graph), "--as-of", "2025-01-01",
                                      "--format", "csv"], capture_output=True, text=True)
    assert ok.returncode == 0 and "CSW-68" in ok.stdout and "CSW-69" not in ok.stdout
    bad = subprocess.run(cli_path() + ["query", "overdue", "--graph", str(built_graph), "--as-of", "soon"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "bad date" in bad.stderr and "Traceback" not in bad.stderr
    st = subprocess.run(cli_path() + ["stats", str(built_graph), "--as-of", "2025-01-01", "--format", "json"],
                        capture_output=True, text=True)
    assert st.returncode == 0 and '"status_fulfilled": 2' in st.stdout
