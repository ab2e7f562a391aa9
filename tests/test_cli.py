"""The command line as users and CI call it: outputs and every exit code."""
from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph_builder import cli
from tests.conftest import EN, MANIFEST, SEEDS, cli_path

MG = "https://w3id.org/mandate-graph/ontology#"


def mg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(cli_path() + list(args), capture_output=True, text=True)


def test_cli_build_is_byte_identical(tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"g{i}.ttl"
        assert mg("build", str(SEEDS), "--manifest", str(MANIFEST), "--out", str(out), "--quiet").returncode == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_cli_query_contract_columns(built_graph: Path) -> None:
    for name, cols in {"documents": {"document", "source"},
                       "obligations": {"document", "paragraph", "obligor", "recipient", "session", "recurrence", "force"},
                       "citations": {"citing", "cited", "relation"},
                       "mandates": {"document", "paragraph", "verb", "addressee"}}.items():
        r = mg("query", name, "--graph", str(built_graph), "--format", "csv")
        assert r.returncode == 0, r.stderr
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert rows and cols <= set(rows[0])


def test_cli_query_param_is_bound(built_graph: Path) -> None:
    r = mg("query", "obligations", "--graph", str(built_graph), "--format", "csv", "--param", "obligor=SG")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and {row["obligor"] for row in rows} == {"SG"}
    bad = mg("query", "obligations", "--graph", str(built_graph), "--param", "nosuch=1")
    assert bad.returncode == 2 and "takes no parameter" in bad.stderr


def test_cli_check_exit_0_then_1_on_injected_defect(built_graph: Path, tmp_path: Path) -> None:
    assert mg("check", str(built_graph), "--no-owl").returncode == 0
    g = Graph().parse(built_graph)
    victim = next(g.subjects(URIRef(MG + "obligor"), None))
    g.remove((victim, URIRef(MG + "obligor"), None))
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    r = mg("check", str(broken), "--no-owl")
    assert r.returncode == 1
    assert "exactly one obligor" in r.stdout and str(victim) in r.stdout
    # the SPARQL engine says the same, and writes a SHACL report
    for engine in ("pyshacl", "sparql"):
        r2 = mg("check", str(broken), "--no-owl", "--engine", engine)
        assert r2.returncode == 1 and r2.stdout == r.stdout, engine
    ttl = mg("check", str(broken), "--no-owl", "--engine", "sparql", "--format", "ttl").stdout
    report = Graph().parse(data=ttl, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/shacl#focusNode"), victim) in report


def test_cli_build_store_refuses_old_engine_choice(tmp_path: Path) -> None:
    r = mg("build", str(EN), "--manifest", str(MANIFEST), "--store", "memory")
    assert r.returncode == 2 and "names a store" in r.stderr and not Path("memory").exists()


@pytest.mark.slow
def test_cli_check_runs_hermit(built_graph: Path) -> None:
    r = mg("check", str(built_graph), "--format", "json")
    assert r.returncode == 0 and '"owl_consistent": true' in r.stdout


@pytest.mark.parametrize("content,expect", [
    (None, "no such file"), (b"", "file is empty"), (b"\x00\x01\x02binary", "binary file"),
    ("大会".encode("gb18030") * 10, "not UTF-8"), ("大会，".encode()[:-1], "not UTF-8"),
])
def test_cli_build_bad_input_exit_2(tmp_path: Path, content, expect) -> None:
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "g.ttl"
    r = mg("build", str(bad), "--out", str(out))
    assert r.returncode == 2
    assert expect in r.stderr and "bad.txt" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_cli_keep_going_builds_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "g.ttl"
    r = mg("build", str(bad), str(EN / "S_RES_827_1993.txt"), "--keep-going", "--out", str(out))
    assert r.returncode == 2 and "file is empty" in r.stderr
    g = Graph().parse(out)
    assert (None, URIRef(MG + "key"), Literal("S/RES/827(1993)")) in g


def test_cli_unparsable_graph_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    r = mg("check", str(bad))
    assert r.returncode == 2 and "x.ttl" in r.stderr and "Traceback" not in r.stderr


def test_cli_internal_error_exit_3(monkeypatch, tmp_path: Path) -> None:
    import graph_builder.pipeline as pipeline

    def boom(*a, **k):
        raise RuntimeError("boom")
    monkeypatch.setattr(pipeline, "build", boom)
    r = CliRunner().invoke(cli.main, ["build", str(EN / "S_RES_827_1993.txt"), "--out", str(tmp_path / "g.ttl")])
    assert r.exit_code == 3 and "internal error" in r.output


def test_cli_export_formats_roundtrip(built_graph: Path, tmp_path: Path) -> None:
    g = Graph().parse(built_graph)
    for fmt, parse_as in (("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        assert mg("export", str(built_graph), "--format", fmt, "--out", str(out)).returncode == 0
        assert isomorphic(Graph().parse(out, format=parse_as), g)
    out = tmp_path / "g.trig"
    assert mg("export", str(built_graph), "--format", "trig", "--out", str(out)).returncode == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(set((s, p, o) for s, p, o, _ in ds.quads())) == len(g)


def test_cli_stats_and_dump_json(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    dump = tmp_path / "dump"
    assert mg("build", str(EN / "S_RES_827_1993.txt"), "--out", str(out), "--dump-json", str(dump), "--quiet").returncode == 0
    assert (dump / "S_RES_827_1993.json").is_file()
    r = mg("stats", str(out), "--format", "json")
    assert '"obligations": 1' in r.stdout


def test_cli_named_questions_due_descendants_bodies(built_graph: Path) -> None:
    def rows(*args):
        r = mg("query", *args, "--graph", str(built_graph), "--format", "csv")
        assert r.returncode == 0, r.stderr
        return list(csv.DictReader(io.StringIO(r.stdout)))
    due = rows("obligations_due", "--param", "session=UNW-EB-2025-AS")
    assert due and {r["session"] for r in due} == {"UNW-EB-2025-AS"}
    assert {"UNW/DEC/2024/5", "UNW/DEC/2024/6"} <= {r["document"] for r in due}
    desc = rows("descendants", "--param", "document=A/RES/64/289")
    assert {"A/RES/78/182", "UNW/DEC/2024/2"} <= {r["descendant"] for r in desc}
    body = rows("bodies", "--param", "body=CSW")
    assert {(r["relation"], r["other"]) for r in body} >= {("subOrganizationOf", "ECOSOC")}
    listing = mg("query", "--list").stdout
    assert "obligations_due" in listing and "params:" in listing
