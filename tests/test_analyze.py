"""Network analytics on the bundled graph and on a small graph written for each measure."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx

from graph_builder.analyze import analyze, candidate_duplicates, lineage_depths, reporting_network
from graph_builder.pipeline import build
from graph_builder.store import load_graph
from tests.conftest import cli_path


def test_analyze_reporting_flow_weights(built_graph: Path) -> None:
    g = reporting_network(load_graph(built_graph))
    assert g["UNW"]["UNW-EB"]["weight"] >= 8
    assert g["SG"]["CSW"]["weight"] == 1           # one obligation, even though due at two sessions
    assert g.has_edge("UNW-EB", "ECOSOC")          # the transmittal


def test_analyze_lineage_depth_handles_cycles() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    d = lineage_depths(g)
    assert d == {"a": 2, "b": 1, "c": 1, "d": 0}


def test_analyze_candidate_duplicates(tmp_path: Path) -> None:
    text = ("执行局，\n\n1. 请妇女署在 2030 年年度会议上向执行局报告战略计划的执行情况；\n\n"
            "2. 又请妇女署在 2030 年年度会议上向执行局报告战略计划执行情况；\n\n"
            "3. 请妇女署在 2030 年年度会议上向执行局介绍评价政策的最新情况。\n")
    f = tmp_path / "d.txt"
    f.write_text(text, encoding="utf-8")
    g = build([f], {"d.txt": {"symbol": "UNW/DEC/2030/1", "language": "zh"}}).graph
    dups = candidate_duplicates(g)
    assert [(d["first"], d["second"]) for d in dups] == [("UNW/DEC/2030/1 1", "UNW/DEC/2030/1 2")]
    assert dups[0]["session"] == "UNW-EB-2030-AS" and dups[0]["similarity"] > 0.8


def test_analyze_bundled_graph(built_graph: Path) -> None:
    a = analyze(load_graph(built_graph))
    assert a.most_cited[0]["cited_by"] >= 3
    assert "A/RES/78/182" in a.uncited
    assert {r["recurrence"] for r in a.open_ended} <= {"annual", "periodic", "each-session", "biennial"}
    assert any(r["obligor"] == "OMBUDSMAN" for r in a.open_ended)


def test_cli_analyze_json_parses(built_graph: Path) -> None:
    out = subprocess.run(cli_path() + ["analyze", "--graph", str(built_graph), "--format", "json"],
                         capture_output=True, text=True)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert set(data) == {"reporting_flow", "bodies", "most_cited", "lineage_depth", "uncited", "duplicates",
                         "open_ended"}
    table = subprocess.run(cli_path() + ["analyze", "--graph", str(built_graph)], capture_output=True, text=True)
    assert "## Reporting flow" in table.stdout and "UNW-EB" in table.stdout
