"""Benchmark: per stage time, throughput and peak memory, beside the plain baselines.

    python bench/run.py                    # 100 and 1,000 documents
    python bench/run.py --sizes 100 1000 10000 --jobs 2

For each size it generates a synthetic corpus (bench/generate.py, cached under bench/corpora/),
then times: load+normalise, segment, extract (serial), load→extract in --jobs workers, emit
(per document unit, into plain triple sets), serialise Turtle (ours: Oxigraph's writer over
canonical N-Triples; baseline: rdflib's), load the Turtle (ours: Oxigraph through rdflib;
baseline: rdflib's memory store; reference: pyoxigraph alone), every named query twice — the
full listing and as its header's example asks it (values the synthetic corpus lacks are taken
from the listing) — median of 5 (baseline: rdflib's engine, on graphs up to --baseline-max
triples), the SHACL check (ours: the shapes as SPARQL on Oxigraph; baseline: pySHACL, on graphs
up to --shacl-max triples), the store (a fresh on-disk build, a rebuild with nothing changed, a
rebuild after one file changed) and the end-to-end CLI build.  Peak memory is the process's
peak RSS so far (stages run in order), and the CLI processes' own.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from graph_builder.extract import extract  # noqa: E402
from graph_builder.load import load  # noqa: E402
from graph_builder.normalise import normalise  # noqa: E402
from graph_builder.pipeline import emit_units, expand_inputs, extract_files, read_manifest  # noqa: E402
from graph_builder.query import list_queries, run  # noqa: E402
from graph_builder.segment import segment  # noqa: E402
from graph_builder.store import graph_from_nt, load_graph, serialise, serialise_lines, union_lines  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(stage: str, seconds: float, n_docs: int = 0, mb: float = 0, triples: int = 0, base: float | None = None,
         note: str = "", peak: float | None = None) -> None:
    """One figure: time, throughput, peak RSS (this process so far, or a child's own), baseline ratio."""
    parts = [f"{stage:<36}", f"{seconds:9.3f} s"]
    if n_docs:
        parts.append(f"{n_docs / seconds:9.0f} docs/s")
    if mb:
        parts.append(f"{mb / seconds:7.2f} MB/s")
    if triples:
        parts.append(f"{triples / seconds:10.0f} triples/s")
    parts.append(f"peak {peak_mb():7.0f} MB" if peak is None else f"peak {peak:7.0f} MB (its process)")
    if base is not None:
        parts.append(f"baseline {base:8.3f} s  ({base / seconds:6.1f}x)")
    if note:
        parts.append(note)
    print("  ".join(parts), flush=True)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def bench(size: int, jobs: int, baseline_max: int, shacl_max: int) -> None:
    corpus = HERE / "corpora" / f"c{size}"
    if not (corpus / "manifest.csv").is_file():
        generate(size, corpus)
    files = expand_inputs([corpus])
    man = read_manifest(corpus / "manifest.csv")
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n== {size} documents, {mb:.1f} MB of text ==", flush=True)

    t_norm = t_seg = t_ext = 0.0
    exs = []
    for p in files:
        m = man.get(p.name, {})
        t = time.perf_counter()
        n = normalise(load(p, symbol=m.get("symbol", ""), language=m.get("language", ""),
                           meta={k: v for k, v in m.items() if k in ("type", "issuer") and v}))
        t2 = time.perf_counter()
        s = segment(n)
        t3 = time.perf_counter()
        exs.append(extract(s))
        t4 = time.perf_counter()
        t_norm, t_seg, t_ext = t_norm + t2 - t, t_seg + t3 - t2, t_ext + t4 - t3
    line("load+normalise", t_norm, size, mb)
    line("segment", t_seg, size, mb)
    line("extract", t_ext, size, mb)
    _, t_par = timed(lambda: len(list(extract_files(files, man, "", jobs))))
    line(f"load→extract, {jobs} workers", t_par, size, mb, note=f"serial {t_norm + t_seg + t_ext:.2f} s")

    units, t_emit = timed(lambda: emit_units(exs))
    lines = union_lines([x for u in units for x in (u.lines, u.shared)])
    n_triples = len(lines)
    units = exs = None
    line("emit", t_emit, size, triples=n_triples, note=f"{n_triples} triples")
    ttl, t_ser = timed(lambda: serialise_lines(lines, "ttl"))
    base_ser = None
    if n_triples <= baseline_max:
        gm0 = graph_from_nt(b"\n".join(lines) + b"\n")
        _, base_ser = timed(lambda: gm0.serialize(format="turtle"))
        gm0 = None
    line("serialise Turtle", t_ser, triples=n_triples, base=base_ser)
    path = corpus.parent / f"c{size}.ttl"
    path.write_bytes(ttl)
    ttl = lines = None  # free memory before loading

    import pyoxigraph as ox

    ref_store = ox.Store()
    _, t_ref = timed(lambda: ref_store.load(path=str(path), format=ox.RdfFormat.TURTLE))
    _, t_ref_w = timed(lambda: ref_store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    ref_store = None
    print(f"{'(pyoxigraph alone: write Turtle)':<36}  {t_ref_w:9.3f} s  the build's sorted Turtle above: "
          f"{t_ser / t_ref_w:.2f}x of it", flush=True)
    gx, t_load = timed(lambda: load_graph(path, engine="oxigraph"))
    base_load, gm = None, None
    if n_triples <= baseline_max:
        gm, base_load = timed(lambda: load_graph(path, engine="memory"))
    line("load Turtle", t_load, triples=n_triples, base=base_load, note=f"pyoxigraph alone {t_ref:.3f} s "
         f"({t_load / t_ref:.2f}x of it)")
    _, t_w = timed(lambda: serialise(gx, "ttl", canonical=False))
    line("write Turtle from the store", t_w, triples=n_triples, note=f"engine order; pyoxigraph alone {t_ref_w:.3f} s "
         f"({t_w / t_ref_w:.2f}x of it)")
    _, t_wc = timed(lambda: serialise(gx, "ttl"))
    line("write Turtle from the store, sorted", t_wc, triples=n_triples, note=f"({t_wc / t_ref_w:.2f}x of pyoxigraph)")

    for mode in ("full listing", "as asked"):
        worst, meds = ("", 0.0), []
        for q in list_queries():
            params = {} if mode == "full listing" else example_params(gx, q)
            times = []
            for _ in range(5):
                (_, rows), t = timed(lambda q=q, params=params: run(gx, q.name, params))
                times.append(t)
            med = statistics.median(times)
            meds.append(med)
            base_q = None
            if gm is not None:
                _, base_q = timed(lambda q=q, params=params: run(gm, q.name, params))
            line(f"query {q.name} ({'all' if mode == 'full listing' else 'asked'})", med, base=base_q,
                 note=f"{len(rows)} rows {params if params else ''}")
            worst = max(worst, (q.name, med), key=lambda x: x[1])
        print(f"{'queries, ' + mode:<36}  median of medians {statistics.median(meds) * 1000:.1f} ms, slowest "
              f"{worst[0]} {worst[1] * 1000:.1f} ms, {sum(m < 0.1 for m in meds)}/{len(meds)} under 100 ms", flush=True)

    from graph_builder.validate import shacl_check

    rep, t_chk = timed(lambda: shacl_check(gx, engine="sparql"))
    base_chk = None
    if n_triples <= shacl_max:
        rep0, base_chk = timed(lambda: shacl_check(gm if gm is not None else load_graph(path), engine="pyshacl"))
        assert rep0.conforms == rep.conforms and len(rep0.violations) == len(rep.violations)
    line("check (SHACL as SPARQL)", t_chk, triples=n_triples, base=base_chk,
         note=f"conforms={rep.conforms}" + ("" if base_chk else f"; pySHACL skipped above {shacl_max} triples"))
    gx = gm = None  # free memory before the CLI runs

    cli = [sys.executable, "-m", "graph_builder.cli", "build", str(corpus), "--manifest", str(corpus / "manifest.csv"),
           "--quiet", "--jobs", str(jobs)]
    store = corpus.parent / f"c{size}-store"
    shutil.rmtree(store, ignore_errors=True)
    (_, peak), t_store = timed(lambda: child(cli + ["--store", str(store)]))
    line("store: fresh on-disk build", t_store, size, peak=peak)
    (_, peak), t_same = timed(lambda: child(cli + ["--store", str(store)]))
    line("store: rebuild, nothing new", t_same, peak=peak, note="a CLI run: start-up, hashing every file, catalog")
    victim = sorted(corpus.glob("*.txt"))[size // 2]
    saved = victim.read_bytes()
    try:
        victim.write_bytes(saved + b"\n")
        (_, peak), t_one = timed(lambda: child(cli + ["--store", str(store)]))
    finally:
        victim.write_bytes(saved)
    line("store: rebuild, one file changed", t_one, peak=peak, note=f"{victim.name}; a CLI run")
    remote(cli, corpus, size)
    (_, peak), t_cli = timed(lambda: child(cli + ["--out", str(corpus.parent / f"c{size}-cli.ttl")]))
    line("end-to-end CLI build", t_cli, size, mb, n_triples, peak=peak)


# A small process runs the CLI and reports its peak RSS: measured from the bench process itself
# (wait4 after fork), the child would count the pages it shares with the bench before exec.
PEAK_WRAPPER = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")


def remote(cli: list[str], corpus: Path, size: int) -> None:
    """Build into Oxigraph's server (from PyPI, if installed) on loopback: fresh, and one file changed."""
    import socket

    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not exe:
        print(f"{'server: build --store URL':<36}  skipped (pip install oxigraph for Oxigraph's server)", flush=True)
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    location = corpus.parent / f"c{size}-server"
    shutil.rmtree(location, ignore_errors=True)
    server = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from graph_builder.store import RemoteDataset, StoreError

        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                RemoteDataset(url, timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                break
            except StoreError:
                time.sleep(0.05)
        (_, peak), t_up = timed(lambda: child(cli + ["--store", url]))
        line("server: fresh build --store URL", t_up, size, peak=peak, note="Graph Store Protocol, one PUT per unit")
        victim = sorted(corpus.glob("*.txt"))[size // 3]
        saved = victim.read_bytes()
        try:
            victim.write_bytes(saved + b"\n")
            (_, peak), t_one = timed(lambda: child(cli + ["--store", url]))
        finally:
            victim.write_bytes(saved)
        line("server: rebuild, one file changed", t_one, peak=peak, note=f"{victim.name}; a CLI run")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(location, ignore_errors=True)


def child(cmd: list[str]) -> tuple[int, float]:
    """Run a CLI process; its exit code and its own peak RSS in MB."""
    proc = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, *cmd], cwd=HERE.parent, stdout=subprocess.PIPE,
                          text=True)
    if proc.returncode:
        raise SystemExit(f"{shlex.join(cmd)} failed with {proc.returncode}")
    return proc.returncode, int(proc.stdout.strip().splitlines()[-1]) / 1024


def example_params(g, q) -> dict[str, str]:
    """The parameters of the query's header example; a value the graph lacks (the examples name the
    seed documents) is replaced by the first value of that column in the full listing."""
    args = shlex.split(q.example)
    params = {}
    for i, a in enumerate(args[:-1]):
        if a == "--param":
            k, v = args[i + 1].split("=", 1)
            params[k] = v
        elif a == "--as-of":
            params["as_of"] = args[i + 1]
    if params and not run(g, q.name, params)[1]:
        cols, rows = run(g, q.name, {k: v for k, v in params.items() if k == "as_of"})
        for k in params:
            if k in cols and rows:            # the value that comes up most often in that column
                i = cols.index(k)
                params[k] = Counter(r[i] for r in rows).most_common(1)[0][0]
    return params


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--baseline-max", type=int, default=300_000, help="Largest graph for rdflib's baselines.")
    ap.add_argument("--shacl-max", type=int, default=100_000, help="Largest graph for the pySHACL check.")
    a = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for size in a.sizes:
        bench(size, a.jobs, a.baseline_max, a.shacl_max)


if __name__ == "__main__":
    main()
