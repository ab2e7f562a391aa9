"""The whole path, stage by stage: load → normalise → segment → extract → emit.

A build yields one :class:`UnitGraph` per document unit (see :mod:`.emit`): its named graph's
IRI, fingerprint and canonical N-Triples.  The whole graph is their union; an rdflib
:class:`Graph` of it is made only when asked for (``BuildResult.graph``)."""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from .emit import Unit, emit_unit, units
from .extract import extract
from .load import InputError, load
from .model import Extracted
from .normalise import normalise
from .segment import segment
from .store import atomic_write, graph_from_nt, nt_lines, serialise_lines, union_lines


@dataclass
class UnitGraph:
    """Stage 5's product for one unit: a named graph, ready for a file or a store."""
    key: str
    iri: str
    fingerprint: str
    files: dict[str, str]          # file name -> file fingerprint
    lines: list[bytes]             # the unit's own triples: sorted N-Triples lines
    shared: list[bytes]            # its shared triples (see emit): merged into one shared graph


def emit_units(extracted: list[Extracted]) -> list[UnitGraph]:
    return [_unit_graph(u) for u in units(extracted)]


def _unit_graph(u: Unit) -> UnitGraph:
    own, shared = emit_unit(u)
    return UnitGraph(u.key, str(u.iri), u.fingerprint, u.files, nt_lines(own), nt_lines(shared))


@dataclass
class BuildResult:
    units: list[UnitGraph] = field(default_factory=list)
    extracted: list[Extracted] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    engine: str = "memory"

    @cached_property
    def lines(self) -> list[bytes]:
        """The union of the units' graphs as sorted, unique N-Triples lines."""
        return union_lines([x for u in self.units for x in (u.lines, u.shared)])

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def graph(self) -> Graph:
        return graph_from_nt(b"\n".join(self.lines) + b"\n", self.engine)

    def serialise(self, fmt: str = "ttl") -> bytes:
        return serialise_lines(self.lines, fmt)


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
    same as a serial build's (units are emitted in key order, whatever order files come back in)."""
    manifest = manifest or {}
    files = expand_inputs(inputs)
    result = BuildResult(engine=engine)
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
    result.units = emit_units(result.extracted)
    return result
