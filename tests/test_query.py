"""The named-question library: every query documents itself and runs on the bundled graph."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.query import QueryError, bindings, list_queries, render, run
from graph_builder.store import load_graph

QUERIES = list_queries()


def test_query_library_has_the_analysts_questions() -> None:
    names = {q.name for q in QUERIES}
    assert {"obligations_due", "deliverables", "receives", "overdue", "obligation_status", "recurring_open_ended",
            "descendants", "ancestors", "recalling_paragraphs", "mandates", "reporting_burden"} <= names


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_header_and_columns(q, built_graph: Path) -> None:
    assert q.purpose and q.params and q.columns and q.example.startswith(f"mandate-graph query {q.name}")
    cols, _rows = run(load_graph(built_graph), q.name)
    assert cols == q.columns


def test_query_examples_answer(built_graph: Path) -> None:
    g = load_graph(built_graph)
    _, rows = run(g, "deliverables", {"obligor": "SG"})
    assert rows and all(r[0] == "SG" for r in rows)
    cols, rows = run(g, "receives", {"recipient": "UNW-EB"})
    assert {r[cols.index("obligor")] for r in rows} >= {"UNW", "OMBUDSMAN"}
    cols, rows = run(g, "ancestors", {"document": "UNW/DEC/2024/6"})
    assert rows and all(r[0] == "UNW/DEC/2024/6" for r in rows)
    cols, rows = run(g, "recalling_paragraphs", {"cited": "A/RES/64/289"})
    assert rows and all(r[cols.index("text")] for r in rows)
    cols, rows = run(g, "recurring_open_ended")
    assert rows and "once" not in {r[cols.index("recurrence")] for r in rows}
    cols, rows = run(g, "reporting_burden", {"obligor": "SG"})
    assert sum(int(r[cols.index("obligations")]) for r in rows) >= 5


def test_query_unknown_name_and_parameter() -> None:
    with pytest.raises(QueryError, match="no query named"):
        run(None, "nope")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="takes no parameter"):
        run(None, "documents", {"x": "1"})  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="bad parameter name"):
        bindings({"a b": "1"})


def test_query_render_formats() -> None:
    cols, rows = ["a", "b"], [["1", "x|y"]]
    assert render(cols, rows, "csv") == "a,b\n1,x|y\n"
    assert '"b": "x|y"' in render(cols, rows, "json")
    assert "x\\|y" in render(cols, rows, "markdown")
