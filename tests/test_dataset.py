"""Building into a store: one named graph per document unit, rebuilt only when it changed, the
union the same as the file build (on-disk Oxigraph here; a real server in test_remote.py)."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from graph_builder import emit
from graph_builder.pipeline import build, build_into, catalog, read_manifest
from graph_builder.store import SHARED_GRAPH, open_dataset, store_lines
from tests.conftest import EN, MANIFEST, SEEDS, cli_path


def data_lines(ds) -> list[bytes]:
    return store_lines(ds)


def copy_inputs(tmp_path: Path) -> tuple[Path, dict]:
    src = tmp_path / "in"
    src.mkdir()
    for f in list(SEEDS.glob("*.txt")) + list(EN.glob("*.txt")):
        shutil.copy(f, src / f.name)
    return src, read_manifest(MANIFEST)


def test_dataset_union_equals_file_build(tmp_path: Path) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    rep = build_into(ds, [src], man)
    assert rep.extracted == 6 and len(rep.written) == 6
    assert data_lines(ds) == build([src], man).lines
    # units' graphs are disjoint: every data triple is in exactly one named graph
    rows = ds.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    book = ds.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g ?p ?o } }")
    assert int(rows[0]["n"]) - int(book[0]["n"]) == len(data_lines(ds))
    # each unit says how many triples it holds
    for row in ds.select("""PREFIX mg: <https://w3id.org/mandate-graph/ontology#>
            SELECT ?g ?n (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?g mg:tripleCount ?n . ?s ?p ?o FILTER(?s != ?g) } }
            GROUP BY ?g ?n"""):
        assert row["n"] == row["c"], row


def test_dataset_rebuild_redoes_only_what_changed(tmp_path: Path) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    assert build_into(ds, [src], man).extracted == 0          # nothing changed, nothing read
    # one file changes: only its unit is read and written again
    f = src / "S_RES_827_1993.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("Decides", "Decides", 1) + "\n", encoding="utf-8")
    rep = build_into(ds, [src], man)
    assert (rep.extracted, rep.written) == (1, ["S/RES/827(1993)"])
    # a manifest field changes: that file's unit again
    man2 = {k: dict(v) for k, v in man.items()}
    man2["S_RES_1445_2002.txt"]["title"] = "Resolution 1445 (2002)"
    rep = build_into(ds, [src], man2)
    assert rep.written == ["S/RES/1445(2002)"]
    assert data_lines(ds) == build([src], man2).lines


def test_dataset_new_code_makes_every_unit_stale(tmp_path: Path, monkeypatch) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    monkeypatch.setattr(emit, "build_fingerprint", lambda: "another build")
    assert build_into(ds, [src], man).extracted == 6


def test_dataset_prune_drops_units_whose_files_are_gone(tmp_path: Path) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    (src / "S_RES_827_1993.txt").unlink()
    assert build_into(ds, [src], man).dropped == []            # kept unless asked
    assert len(catalog(ds)) == 6
    rep = build_into(ds, [src], man, prune=True)
    assert rep.dropped == ["S/RES/827(1993)"] and len(catalog(ds)) == 5
    lines = data_lines(ds)
    assert not any(b"S/RES/827%281993%29/para" in x for x in lines)
    # shared facts only that unit needed went with it: the same graph as a fresh build of what is left
    assert lines == build([src], man).lines
    assert ds.select(f"SELECT ?s WHERE {{ GRAPH <{SHARED_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1")     # the shared graph stays


def test_dataset_cli_build_query_check_stats(tmp_path: Path) -> None:
    src, _ = copy_inputs(tmp_path)
    store = tmp_path / "store"
    graph = tmp_path / "g.ttl"
    run = lambda *a: subprocess.run(cli_path() + list(a), capture_output=True, text=True)  # noqa: E731
    r = run("build", str(src), "--manifest", str(MANIFEST), "--store", str(store))
    assert r.returncode == 0 and "6 unit(s) written" in r.stderr
    r = run("build", str(src), "--manifest", str(MANIFEST), "--store", str(store))
    assert "6 current, 0 read" in r.stderr
    assert run("build", str(src), "--manifest", str(MANIFEST), "--out", str(graph), "--quiet").returncode == 0
    for name in ("obligations", "citations", "mandates", "documents", "reporting_burden", "obligation_status"):
        a = run("query", name, "--store", str(store), "--format", "csv")
        b = run("query", name, "--graph", str(graph), "--format", "csv")
        assert a.returncode == 0 and a.stdout == b.stdout and len(a.stdout.splitlines()) > 1, name
    assert run("stats", "--store", str(store)).stdout == run("stats", str(graph)).stdout
    # a store exports as the same Turtle, byte for byte, as the file build
    assert run("export", "--store", str(store), "--format", "ttl").stdout == graph.read_text(encoding="utf-8")
    r = run("check", "--store", str(store))
    assert r.returncode == 0 and "conforms: yes" in r.stdout
    r = run("query", "obligations", "--store", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "no such store directory" in r.stderr and "Traceback" not in r.stderr


def test_dataset_csv_rows_unchanged_by_storage(tmp_path: Path) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    from graph_builder.query import run as run_query
    cols, rows = run_query(ds.graph(), "obligations")
    cols2, rows2 = run_query(build([src], man, engine="oxigraph").graph, "obligations")
    key = lambda r: [str(x) for x in r]  # noqa: E731
    assert cols == cols2 and sorted(map(key, rows)) == sorted(map(key, rows2))
    assert list(csv.reader([",".join(cols)]))[0][0] == "document"


@pytest.mark.parametrize("bad", ["file", "ro-missing"])
def test_dataset_bad_store_is_one_line(tmp_path: Path, bad: str) -> None:
    from graph_builder.store import StoreError
    p = tmp_path / "x"
    if bad == "file":
        p.write_text("not a store")
        with pytest.raises(StoreError, match="not a directory"):
            open_dataset(str(p))
    else:
        with pytest.raises(StoreError, match="no such store directory"):
            open_dataset(str(p), read_only=True)


PAIR = Path(__file__).parent / "data" / "pair"


def test_dataset_new_language_version_joins_its_unit(tmp_path: Path) -> None:
    """A file added later to an existing unit (the English text of a Chinese resolution) brings
    its sibling back: the unit is emitted whole, the same as building both at once."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PAIR / "A_RES_99_200_zh.txt", src)
    man = read_manifest(PAIR / "manifest.csv")
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    shutil.copy(PAIR / "A_RES_99_200_en.txt", src)
    rep = build_into(ds, [src], man)
    assert rep.extracted == 2 and rep.written == ["A/RES/99/200"]
    assert data_lines(ds) == build([src], man).lines
    (held,) = catalog(ds).values()
    assert sorted(held[2]) == ["A_RES_99_200_en.txt", "A_RES_99_200_zh.txt"]
    # pruning after a language version is gone rebuilds the unit from the file left
    (src / "A_RES_99_200_en.txt").unlink()
    rep = build_into(ds, [src], man, prune=True)
    assert rep.written == ["A/RES/99/200"] and rep.dropped == []
    assert data_lines(ds) == build([src], man).lines


def test_dataset_unreadable_file_keeps_its_unit(tmp_path: Path) -> None:
    src, man = copy_inputs(tmp_path)
    ds = open_dataset(str(tmp_path / "store"))
    build_into(ds, [src], man)
    before = data_lines(ds)
    (src / "S_RES_827_1993.txt").write_bytes(b"\xff\xfe not utf-8 \x00")
    rep = build_into(ds, [src], man, keep_going=True)
    assert len(rep.errors) == 1 and "S_RES_827_1993.txt" in rep.errors[0]
    assert rep.dropped == [] and data_lines(ds) == before
