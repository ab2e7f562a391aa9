"""The reporting calendar: placed on session dates, recurring ones repeated; the .ics parses."""
from __future__ import annotations

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import icalendar

from graph_builder.calendar_export import _fold, events, occurrences, to_ics
from graph_builder.store import load_graph
from tests.conftest import cli_path


def test_calendar_export_occurrences_follow_the_series() -> None:
    first, last = date(2025, 1, 1), date(2027, 12, 31)
    assert occurrences("UNW-EB-2025-AS", "annual", first, last) == ["UNW-EB-2025-AS", "UNW-EB-2026-AS", "UNW-EB-2027-AS"]
    assert occurrences("GA-80", "annual", first, last) == ["GA-80", "GA-81", "GA-82"]
    assert occurrences("GA-80", "biennial", first, last) == ["GA-80", "GA-82"]
    assert occurrences("CSW-69", "once", first, last) == ["CSW-69"]
    assert occurrences("UNW-EB-AS", "annual", first, last) == ["UNW-EB-2025-AS", "UNW-EB-2026-AS", "UNW-EB-2027-AS"]
    assert occurrences("UNW-EB-2025-FRS", "each-session", first, date(2025, 12, 31)) == \
        ["UNW-EB-2025-FRS", "UNW-EB-2025-AS", "UNW-EB-2025-SRS"]


def test_calendar_export_events_on_session_dates(built_graph: Path) -> None:
    evs = events(load_graph(built_graph), date(2025, 1, 1), date(2026, 12, 31))
    by = {(e.session, e.document, e.paragraph) for e in evs}
    assert ("CSW-69", "A/RES/78/182", "47") in by and ("CSW-68", "A/RES/78/182", "47") not in by
    csw = next(e for e in evs if e.session == "CSW-69")
    assert (csw.start, csw.end) == (date(2025, 3, 10), date(2025, 3, 21))
    # the Ombudsman's annual report from 2025 comes back in 2026
    omb = [e.session for e in evs if e.obligor == "OMBUDSMAN"]
    assert omb == ["UNW-EB-2025-AS", "UNW-EB-2026-AS"]
    ga = next(e for e in evs if e.session == "GA-80")
    assert ga.start == ga.end == date(2025, 9, 9)          # a year-long session: its opening day
    assert all(date(2025, 1, 1) <= e.end and e.start <= date(2026, 12, 31) for e in evs)


def test_calendar_export_ics_parses_with_icalendar(built_graph: Path) -> None:
    evs = events(load_graph(built_graph), date(2024, 1, 1), date(2026, 12, 31))
    cal = icalendar.Calendar.from_ical(to_ics(evs, date(2024, 1, 1)))
    vevents = cal.walk("VEVENT")
    assert len(vevents) == len(evs) > 10
    assert len({str(v["UID"]) for v in vevents}) == len(vevents)
    first = vevents[0]
    assert first.decoded("DTSTART") == evs[0].start
    assert "妇女地位委员会" in "".join(str(v["DESCRIPTION"]) for v in vevents)   # folding kept the characters whole


def test_calendar_export_fold_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "妇女署" * 40
    folded = _fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_cli_calendar_formats_and_errors(built_graph: Path, tmp_path: Path) -> None:
    base = cli_path() + ["calendar", "--graph", str(built_graph), "--from", "2025-01-01", "--to", "2025-12-31"]
    out = subprocess.run(base + ["--format", "csv", "--body", "CSW"], capture_output=True, text=True)
    assert out.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["session"] for r in rows] == ["CSW-69"]
    ics = tmp_path / "c.ics"
    assert subprocess.run(base + ["--format", "ics", "--out", str(ics)], capture_output=True).returncode == 0
    assert icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    md = subprocess.run(base + ["--format", "markdown"], capture_output=True, text=True)
    assert md.stdout.startswith("| dates | session |") and "CSW-69" in md.stdout
    bad = subprocess.run(cli_path() + ["calendar", "--graph", str(built_graph), "--from", "2026-01-01", "--to", "2025-01-01"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "before" in bad.stderr
