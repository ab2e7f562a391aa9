"""Benchmark: per stage time, throughput and peak memory, beside the plain baselines.

    python bench/run.py                    # 100 and 1,000 documents
    python bench/run.py --sizes 100 1000 10000 --jobs 2

For each size it generates a synthetic corpus (bench/generate.py, cached under bench/corpora/),
then times: load+normalise, segment, extract (serial), load→extract in --jobs workers, emit,
serialise Turtle (ours: Oxigraph's writer; baseline: rdflib's), load the Turtle (ours: Oxigraph
through rdflib; baseline: rdflib's memory store; reference: pyoxigraph alone), every named
query (median of 5; baseline: rdflib's engine, on graphs up to --baseline-max triples), and the
SHACL check (pySHACL, on graphs up to --shacl-max triples), and the end-to-end CLI build.
Peak memory is the process's peak RSS so far (stages run in order), and the CLI build's own.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from graph_builder.emit import emit  # noqa: E402
from graph_builder.extract import extract  # noqa: E402
from graph_builder.load import load  # noqa: E402
from graph_builder.normalise import normalise  # noqa: E402
from graph_builder.pipeline import expand_inputs, extract_files, read_manifest  # noqa: E402
from graph_builder.query import list_queries, run  # noqa: E402
from graph_builder.segment import segment  # noqa: E402
from graph_builder.store import load_graph, new_graph, serialise  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(stage: str, seconds: float, n_docs: int = 0, mb: float = 0, triples: int = 0, base: float | None = None,
         note: str = "") -> None:
    parts = [f"{stage:<30}", f"{seconds:9.3f} s"]
    if n_docs:
        parts.append(f"{n_docs / seconds:9.0f} docs/s")
    if mb:
        parts.append(f"{mb / seconds:7.2f} MB/s")
    if triples:
        parts.append(f"{triples / seconds:10.0f} triples/s")
    parts.append(f"peak {peak_mb():7.0f} MB")
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

    g = new_graph()
    _, t_emit = timed(lambda: emit(exs, g))
    n_triples = len(g)
    line("emit", t_emit, size, triples=n_triples, note=f"{n_triples} triples")
    ttl, t_ser = timed(lambda: serialise(g, "ttl"))
    base_ser = None
    if n_triples <= baseline_max:
        _, base_ser = timed(lambda: g.serialize(format="turtle"))
    line("serialise Turtle", t_ser, triples=n_triples, base=base_ser)
    path = corpus.parent / f"c{size}.ttl"
    path.write_bytes(ttl)
    ttl = exs = None  # free memory before loading

    import pyoxigraph as ox

    _, t_ref = timed(lambda: ox.Store().load(path=str(path), format=ox.RdfFormat.TURTLE))
    gx, t_load = timed(lambda: load_graph(path, engine="oxigraph"))
    base_load, gm = None, None
    if n_triples <= baseline_max:
        gm, base_load = timed(lambda: load_graph(path, engine="memory"))
    line("load Turtle", t_load, triples=n_triples, base=base_load, note=f"pyoxigraph alone {t_ref:.3f} s "
         f"({t_load / t_ref:.2f}x of it)")

    worst = ("", 0.0)
    for q in list_queries():
        times = []
        for _ in range(5):
            _, t = timed(lambda q=q: run(gx, q.name))
            times.append(t)
        med = statistics.median(times)
        base_q = None
        if gm is not None:
            _, base_q = timed(lambda q=q: run(gm, q.name))
        line(f"query {q.name}", med, base=base_q)
        worst = max(worst, (q.name, med), key=lambda x: x[1])
    print(f"{'slowest named query':<30}  {worst[0]} median {worst[1] * 1000:.1f} ms", flush=True)

    if n_triples <= shacl_max:
        from graph_builder.validate import shacl_check

        rep, t_chk = timed(lambda: shacl_check(gm if gm is not None else load_graph(path)))
        line("check (pySHACL)", t_chk, triples=n_triples, note=f"conforms={rep.conforms}")
    else:
        print(f"{'check (pySHACL)':<30}  skipped above {shacl_max} triples (--shacl-max)", flush=True)
    g = gx = gm = None  # free memory before the CLI build

    cli = [sys.executable, "-m", "graph_builder.cli", "build", str(corpus), "--manifest", str(corpus / "manifest.csv"),
           "--out", str(corpus.parent / f"c{size}-cli.ttl"), "--quiet", "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _, t_cli = timed(lambda: subprocess.run(cli, check=True, cwd=HERE.parent))
    child_peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"{'end-to-end CLI build':<30}  {t_cli:9.3f} s  {size / t_cli:9.0f} docs/s  "
          f"{n_triples / t_cli:10.0f} triples/s  peak {child_peak:7.0f} MB (the build process)", flush=True)


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
