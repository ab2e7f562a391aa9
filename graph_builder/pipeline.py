"""The whole path, stage by stage: load → normalise → segment → extract → emit."""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .emit import emit
from .extract import extract
from .load import InputError, load
from .model import Extracted
from .normalise import normalise
from .segment import segment
from .store import atomic_write, new_graph


@dataclass
class BuildResult:
    graph: Graph
    extracted: list[Extracted] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such manifest")
    with open(p, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise InputError(f"{p}: manifest needs a header with a 'file' column")
        return {row["file"].strip(): {k: (v or "").strip() for k, v in row.items() if k} for row in reader}


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*.txt") if x.is_file()))
        else:
            files.append(p)
    return files


def process(path: Path, manifest: dict[str, dict[str, str]], language: str = "") -> Extracted:
    meta = manifest.get(path.name, {})
    src = load(path, symbol=meta.get("symbol", ""), language=language or meta.get("language", ""),
               meta={k: v for k, v in meta.items() if k in ("title", "date", "issuer", "type") and v})
    return extract(segment(normalise(src)))


def _process_safe(args: tuple[Path, dict[str, dict[str, str]], str]) -> Extracted | InputError:
    """Worker entry: a bad file comes back as its error, so the other files are still built."""
    try:
        return process(*args)
    except InputError as exc:
        return exc


def extract_files(files: list[Path], manifest: dict[str, dict[str, str]], language: str, jobs: int):
    """Yield (path, Extracted | InputError) in input order, serially or from worker processes."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield path, _process_safe((path, manifest, language))
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(files, pool.map(_process_safe, [(p, manifest, language) for p in files], chunksize=chunk), strict=True)


def build(inputs: Iterable[str | Path], manifest: dict[str, dict[str, str]] | None = None, *, language: str = "",
          keep_going: bool = False, engine: str = "memory", dump_json: str | Path | None = None,
          progress: Callable[[Path], None] | None = None, jobs: int = 1) -> BuildResult:
    """Build a graph. ``jobs`` > 1 runs load → extract in worker processes; the emitted graph is the
    same as a serial build's (results are taken in input order and emitted in one process)."""
    manifest = manifest or {}
    files = expand_inputs(inputs)
    result = BuildResult(new_graph(engine))
    for path, ex in extract_files(files, manifest, language, jobs):
        if progress:
            progress(path)
        if isinstance(ex, InputError):
            result.errors.append(str(ex))
            if not keep_going:
                raise ex
            continue
        result.extracted.append(ex)
        if dump_json:
            out = Path(dump_json) / (path.stem + ".json")
            atomic_write(out, json.dumps(ex.to_json(), ensure_ascii=False, indent=1).encode("utf-8"))
    emit(result.extracted, result.graph)
    return result
