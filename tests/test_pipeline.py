"""The pipeline: worker processes give the same graph as a serial build; bad files do not stop the others."""
from __future__ import annotations

import sys
from pathlib import Path

from graph_builder.pipeline import build, read_manifest
from graph_builder.store import serialise
from tests.conftest import EN, MANIFEST, SEEDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate  # noqa: E402


def test_pipeline_parallel_build_equals_serial(tmp_path: Path) -> None:
    corpus = generate(30, tmp_path / "c")
    man = read_manifest(corpus / "manifest.csv") | read_manifest(MANIFEST)
    inputs = [corpus, SEEDS, EN]
    serial = build(inputs, man)
    parallel = build(inputs, man, jobs=2)
    assert len(serial.graph) > 10000
    assert serialise(serial.graph, "nt") == serialise(parallel.graph, "nt")


def test_pipeline_parallel_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    corpus = generate(6, tmp_path / "c")
    (corpus / "zz_bad.txt").write_bytes(b"\xff\xfe\x00binary\x00")
    res = build([corpus], read_manifest(corpus / "manifest.csv"), keep_going=True, jobs=2)
    assert len(res.extracted) == 6 and len(res.errors) == 1 and "zz_bad.txt" in res.errors[0]
