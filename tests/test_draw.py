"""Pictures and the HTML report: files written, parseable, stable."""
from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from tests.conftest import cli_path


def test_draw_reporting_svg_and_png(built_graph: Path, tmp_path: Path) -> None:
    svg, png = tmp_path / "r.svg", tmp_path / "r.png"
    for f in (svg, png):
        r = subprocess.run(cli_path() + ["draw", "reporting", "--graph", str(built_graph), "--out", str(f)],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert "UNW-EB" in svg.read_text(encoding="utf-8")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_draw_lineage_is_reproducible(built_graph: Path, tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        f = tmp_path / f"l{i}.svg"
        r = subprocess.run(cli_path() + ["draw", "lineage", "A/RES/64/289", "--graph", str(built_graph), "--out", str(f)],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        outs.append(f.read_bytes())
    assert outs[0] == outs[1]
    assert b"A/RES/78/182" in outs[0]            # a descendant of 64/289


def test_draw_errors_exit_2(built_graph: Path, tmp_path: Path) -> None:
    r = subprocess.run(cli_path() + ["draw", "lineage", "A/RES/1/1", "--graph", str(built_graph), "--out",
                                     str(tmp_path / "x.svg")], capture_output=True, text=True)
    assert r.returncode == 2 and "no document" in r.stderr
    r = subprocess.run(cli_path() + ["draw", "reporting", "--graph", str(built_graph), "--out", str(tmp_path / "x.gif")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and ".svg or .png" in r.stderr


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.imgs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.imgs.append(dict(attrs)["src"])


def test_report_page_is_offline_and_complete(built_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = subprocess.run(cli_path() + ["report", "--graph", str(built_graph), "--out", str(out), "--as-of", "2025-01-01"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    p = _Collect()
    p.feed(page)
    assert p.imgs == ["reporting.svg", "lineage.svg"] and all((out / i).is_file() for i in p.imgs)
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page   # nothing fetched
    for text in ("Obligations by status", "CSW-69", "Reporting flow", "Candidate duplicate", "Conforms"):
        assert text in page


def test_cli_docs_ontology_and_vocabularies(tmp_path: Path) -> None:
    r = subprocess.run(cli_path() + ["docs", "--out", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "ReportingObligation" in index and "dueSession" in index
    vocab = (tmp_path / "vocabularies.html").read_text(encoding="utf-8")
    assert "strongly-encourages" in vocab and "大力鼓励" in vocab and "UNW-EB" in vocab
