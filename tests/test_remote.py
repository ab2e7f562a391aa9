"""Building into a real SPARQL server (Oxigraph's, from PyPI, started on loopback by the tests):
the same triples and answers as the embedded build, several builds uploading at once, and a
server that goes away mid-build."""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_builder.pipeline import build, build_into, catalog, read_manifest
from graph_builder.store import RemoteDataset, StoreError, open_dataset, store_lines
from tests.conftest import EN, MANIFEST, ROOT, SEEDS, cli_path

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

MG = "https://w3id.org/mandate-graph/ontology#"


def oxigraph_bin() -> str:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph server is installed with the test extras (pip install -e '.[test]')"
    return exe


class Server:
    def __init__(self, location: Path) -> None:
        self.location = location
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self.proc = subprocess.Popen([oxigraph_bin(), "serve", "--location", str(self.location), "--bind",
                                      f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                RemoteDataset(self.url, timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                return self
            except StoreError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


@pytest.fixture
def server(tmp_path: Path):
    s = Server(tmp_path / "oxigraph").start()
    yield s
    s.kill()


def data_lines(ds) -> list[bytes]:
    return store_lines(ds)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(cli_path() + list(args), capture_output=True, text=True)


def test_remote_build_same_triples_and_answers_as_embedded(server: Server, tmp_path: Path) -> None:
    r = run("build", str(SEEDS), str(EN), "--manifest", str(MANIFEST), "--store", server.url)
    assert r.returncode == 0, r.stderr
    graph = tmp_path / "g.ttl"
    run("build", str(SEEDS), str(EN), "--manifest", str(MANIFEST), "--out", str(graph), "--quiet")
    ds = open_dataset(server.url)
    assert data_lines(ds) == build([SEEDS, EN], read_manifest(MANIFEST)).lines
    from graph_builder.query import list_queries
    for q in list_queries():
        a = run("query", q.name, "--store", server.url, "--format", "csv", "--as-of", "2025-01-01") \
            if "as_of" in q.params else run("query", q.name, "--store", server.url, "--format", "csv")
        b = run("query", q.name, "--graph", str(graph), "--format", "csv", "--as-of", "2025-01-01") \
            if "as_of" in q.params else run("query", q.name, "--graph", str(graph), "--format", "csv")
        assert a.returncode == 0, (q.name, a.stderr)
        assert sorted(a.stdout.splitlines()) == sorted(b.stdout.splitlines()), q.name
    assert run("stats", "--store", server.url).stdout == run("stats", str(graph)).stdout
    r = run("check", "--store", server.url)
    assert r.returncode == 0 and "conforms: yes" in r.stdout, r.stdout + r.stderr
    a = run("analyze", "--store", server.url, "--format", "json")
    assert a.returncode == 0 and a.stdout == run("analyze", "--graph", str(graph), "--format", "json").stdout
    # a second build finds everything current
    r = run("build", str(SEEDS), str(EN), "--manifest", str(MANIFEST), "--store", server.url)
    assert "6 current, 0 read" in r.stderr


def test_remote_several_builds_at_once_lose_nothing(server: Server, tmp_path: Path) -> None:
    corpus = generate(120, tmp_path / "corpus")
    files = sorted(corpus.glob("*.txt"))
    parts = []
    for k in range(3):                       # three builds, each a third of the files, uploading together
        d = tmp_path / f"part{k}"
        d.mkdir()
        for f in files[k::3]:
            shutil.copy(f, d / f.name)
        parts.append(d)
    # each build also uploads from two threads (--jobs 2)
    procs = [subprocess.Popen(cli_path() + ["build", str(d), "--manifest", str(corpus / "manifest.csv"), "--store",
                                            server.url, "--quiet", "--jobs", "2"], stderr=subprocess.PIPE, text=True)
             for d in parts]
    assert [p.wait() for p in procs] == [0, 0, 0], [p.stderr.read() for p in procs]
    ds = open_dataset(server.url)
    embedded = build([corpus], read_manifest(corpus / "manifest.csv"))
    assert len(catalog(ds)) == len(embedded.units)
    assert data_lines(ds) == embedded.lines


def test_remote_server_gone_mid_build_leaves_no_half_document(server: Server, tmp_path: Path) -> None:
    corpus = generate(600, tmp_path / "corpus")
    man = corpus / "manifest.csv"
    proc = subprocess.Popen(cli_path() + ["build", str(corpus), "--manifest", str(man), "--store", server.url,
                                          "--jobs", "2"], stderr=subprocess.PIPE, text=True)
    probe = RemoteDataset(server.url, timeout=2)
    deadline = time.time() + 120
    while time.time() < deadline:            # let some units land, then pull the plug
        try:
            if len(catalog(probe)) >= 20:
                break
        except StoreError:
            pass
        time.sleep(0.02)
    server.kill()
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 2, err
    assert f"{server.url}: cannot reach the store" in err and "run the build again" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    server.start()                           # same location: what was written survived
    ds = open_dataset(server.url)
    held = catalog(ds)
    assert 20 <= len(held) < 600                     # some units, not all of them
    # every unit present is whole: its triple count matches what it holds
    rows = ds.select(f"""PREFIX mg: <{MG}>
        SELECT ?g ?n (COUNT(*) AS ?c) WHERE {{ GRAPH ?g {{ ?g mg:tripleCount ?n . ?s ?p ?o FILTER(?s != ?g) }} }}
        GROUP BY ?g ?n""")
    assert len(rows) == len(held) and all(r["n"] == r["c"] for r in rows)
    # and no graph is there without its bookkeeping (besides the shared graph)
    orphans = ds.select(f"""PREFIX mg: <{MG}>
        SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a mg:UnitGraph }} }} }}""")
    assert [r["g"] for r in orphans] == ["https://w3id.org/mandate-graph/id/graph/shared"]
    # running the build again finishes the job: the same graph as the embedded build
    rep = build_into(ds, [corpus], read_manifest(man))
    assert rep.current >= 20
    assert data_lines(ds) == build([corpus], read_manifest(man)).lines


def test_remote_unreachable_store_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run("query", "obligations", "--store", f"http://127.0.0.1:{port}")
    assert r.returncode == 2 and "cannot reach" in r.stderr and "Traceback" not in r.stderr
    r = run("build", str(EN), "--manifest", str(MANIFEST), "--store", f"http://127.0.0.1:{port}")
    assert r.returncode == 2 and "cannot reach the store" in r.stderr and "Traceback" not in r.stderr



def test_remote_prune_leaves_a_fresh_builds_graph(server: Server, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for f in list(SEEDS.glob("*.txt")) + list(EN.glob("*.txt")):
        shutil.copy(f, src / f.name)
    man = read_manifest(MANIFEST)
    ds = open_dataset(server.url)
    build_into(ds, [src], man)
    (src / "S_RES_1445_2002.txt").unlink()
    rep = build_into(ds, [src], man, prune=True)
    assert rep.dropped == ["S/RES/1445(2002)"]
    assert data_lines(ds) == build([src], man).lines
