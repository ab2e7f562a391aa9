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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .emit import Unit, emit_unit, unit_fingerprint, unit_key, units
from .extract import extract
from .lexicon import MG
from .load import InputError, file_sha256, input_fingerprint, load
from .model import Extracted
from .normalise import normalise
from .segment import segment
from .store import SHARED_GRAPH, atomic_write, graph_from_nt, nt_lines, serialise_lines, union_lines
from .symbols import graph_iri


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


def load_args(path: Path, manifest: dict[str, dict[str, str]], language: str = "") -> dict:
    """What the build tells the loader about a file (manifest fields, a forced language)."""
    meta = manifest.get(path.name, {})
    return {"symbol": meta.get("symbol", ""), "language": language or meta.get("language", ""),
            "meta": {k: v for k, v in meta.items() if k in ("title", "date", "issuer", "type") and v}}


def process(path: Path, manifest: dict[str, dict[str, str]], language: str = "") -> Extracted:
    return extract(segment(normalise(load(path, **load_args(path, manifest, language)))))


def _process_safe(args: tuple[Path, dict[str, dict[str, str]], str]) -> Extracted | InputError:
    """Worker entry: a bad file comes back as its error, so the other files are still built."""
    try:
        return process(*args)
    except InputError as exc:
        return exc


def _read(files: list[Path], manifest: dict[str, dict[str, str]], language: str, jobs: int, keep_going: bool,
          errors: list[str], failed: set[str] | None = None):
    """extract_files with the build's error policy: a bad file's error is kept (and its name in
    ``failed``); without ``keep_going`` the first one stops the build."""
    for path, ex in extract_files(files, manifest, language, jobs):
        if isinstance(ex, InputError):
            errors.append(str(ex))
            if failed is not None:
                failed.add(path.name)
            if not keep_going:
                raise ex
        yield path, ex


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
    for path, ex in _read(files, manifest, language, jobs, keep_going, result.errors):
        if progress:
            progress(path)
        if isinstance(ex, InputError):
            continue
        result.extracted.append(ex)
        if dump_json:
            out = Path(dump_json) / (path.stem + ".json")
            atomic_write(out, json.dumps(ex.to_json(), ensure_ascii=False, indent=1).encode("utf-8"))
    result.units = emit_units(result.extracted)
    return result


# ------------------------------------------------------------------ building into a store, incrementally
@dataclass
class StoreBuild:
    """What a build into a store did."""
    location: str
    files: int = 0                 # input files
    current: int = 0               # files whose unit was already current (not read again)
    extracted: int = 0             # files read and extracted
    written: list[str] = field(default_factory=list)   # unit keys written
    dropped: list[str] = field(default_factory=list)   # unit graphs removed (their files are gone)
    errors: list[str] = field(default_factory=list)


CATALOG = """PREFIX mg: <https://w3id.org/mandate-graph/ontology#>
SELECT ?g ?key ?fp ?file WHERE { GRAPH ?g { ?g a mg:UnitGraph ; mg:unitKey ?key ; mg:fingerprint ?fp .
  OPTIONAL { ?g mg:fileFingerprint ?file } } }"""


def catalog(ds) -> dict[str, tuple[str, str, dict[str, str]]]:
    """The units a store holds: graph IRI -> (unit key, fingerprint, {file name: file fingerprint})."""
    out: dict[str, tuple[str, str, dict[str, str]]] = {}
    for row in ds.select(CATALOG):
        key, fp, files = out.setdefault(row["g"], (row["key"], row["fp"], {}))
        if row.get("file"):
            name, _, ffp = row["file"].rpartition("\t")
            files[name] = ffp
    return out


def unit_payload(u: UnitGraph) -> bytes:
    """The unit's N-Triples and its bookkeeping: key, fingerprint, files and triple count, inside
    the same graph, so they are written (and replaced) together with the triples they describe."""
    g = URIRef(u.iri)
    meta = [(g, RDF.type, MG.UnitGraph), (g, MG.unitKey, Literal(u.key)), (g, MG.fingerprint, Literal(u.fingerprint)),
            (g, MG.tripleCount, Literal(len(u.lines)))]
    meta += [(g, MG.fileFingerprint, Literal(f"{name}\t{fp}")) for name, fp in u.files.items()]
    return b"\n".join(u.lines + nt_lines(meta)) + b"\n"


def build_into(ds, inputs: Iterable[str | Path], manifest: dict[str, dict[str, str]] | None = None, *,
               language: str = "", keep_going: bool = False, jobs: int = 1, prune: bool = False,
               progress: Callable[[int, int], None] | None = None) -> StoreBuild:
    """Build into a store (see store.Dataset), redoing only what changed: a unit is read again
    when one of its files changed (bytes, name, manifest fields), when it gains or loses a file,
    or when the build's code or data changed.  Each unit is written whole (shared triples first,
    then the unit graph with its bookkeeping), so a build that stops half-way leaves every unit
    either as it was or complete; run it again to finish.  ``prune`` also rebuilds the units that
    lost files from the inputs (from the files left) and drops those that lost them all."""
    manifest = manifest or {}
    files = expand_inputs(inputs)
    report = StoreBuild(ds.location, files=len(files))
    fps: dict[Path, str] = {}
    for f in files:
        try:
            fps[f] = input_fingerprint(f.name, file_sha256(f), **load_args(f, manifest, language))
        except OSError:
            fps[f] = ""                       # the loader will say what is wrong with it
    held = catalog(ds)
    unit_of = {name: iri for iri, (_k, _fp, fl) in held.items() for name in fl}
    stale = {iri for iri, (_k, fp, fl) in held.items() if unit_fingerprint(fl) != fp}
    by_name = {f.name: f for f in files}

    def current(f: Path) -> bool:
        iri = unit_of.get(f.name)
        return bool(fps[f]) and iri is not None and iri not in stale and held[iri][2].get(f.name) == fps[f]

    todo = [f for f in files if not current(f)]
    affected = {unit_of[f.name] for f in todo if f.name in unit_of}
    if prune:                                 # units that lost files: rebuilt from the rest, or dropped
        affected |= {iri for iri, (_k, _fp, fl) in held.items() if any(n not in by_name for n in fl)}
        names = {f.name for f in todo}
        todo += [by_name[n] for iri in sorted(affected) for n in held[iri][2] if n in by_name and n not in names]
    extracted: list[Extracted] = []
    done: set[str] = set()
    failed: set[str] = set()
    while todo:
        for _path, ex in _read(todo, manifest, language, jobs, keep_going, report.errors, failed):
            if isinstance(ex, InputError):
                continue
            extracted.append(ex)
            affected.add(graph_iri(unit_key(ex)))
        done |= {f.name for f in todo}
        # a unit is emitted whole: the other files of every unit touched are read with it (a file
        # added to a unit, e.g. a new language version, brings its siblings back)
        todo = [by_name[n] for iri in sorted(affected & held.keys()) for n in held[iri][2]
                if n in by_name and n not in done]
    report.current = len(files) - len(done)
    report.extracted = len(extracted)
    todo_units = units(extracted)           # emitted and written one at a time: memory stays flat
    written: set[str] = set()

    def write(u: UnitGraph) -> UnitGraph:
        if u.shared:                          # shared facts first: a unit in the catalog has them
            ds.add(SHARED_GRAPH, b"\n".join(u.shared) + b"\n")
        ds.put(u.iri, unit_payload(u))
        return u

    def done_one(u: UnitGraph) -> None:
        report.written.append(u.key)
        written.add(u.iri)
        if progress:
            progress(len(written), len(todo_units))

    if jobs > 1 and getattr(ds, "concurrent", False):
        # a server takes several requests at once: upload from `jobs` threads, a bounded window ahead
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            pending: set = set()
            try:
                for unit in todo_units:
                    pending.add(pool.submit(write, _unit_graph(unit)))
                    if len(pending) >= 2 * jobs:
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for f in finished:
                            done_one(f.result())
                for f in pending:
                    done_one(f.result())
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
        report.written.sort()
    else:
        for unit in todo_units:
            done_one(write(_unit_graph(unit)))
    for iri in sorted(affected - written):
        if iri in held and any(n in failed for n in held[iri][2]):
            continue                          # a file that cannot be read now does not empty its unit
        ds.drop(iri)
        report.dropped.append(held[iri][0])
    if prune and (report.written or report.dropped):
        collect_shared(ds)
    return report


def collect_shared(ds) -> int:
    """Drop the shared triples about nodes that no unit graph mentions any more (directly, or
    through another shared node, as a session names its body).  Builds only ever add to the shared
    graph; after units were dropped or rebuilt smaller (``--prune``) this makes the store's union
    equal to a fresh build's again.  It rewrites the shared graph: run it while no other build
    writes to the store.  Returns the number of triples dropped."""
    lines = [x for x in ds.get(SHARED_GRAPH).split(b"\n") if x.strip()]
    subject = {x: x.split(b" ", 1)[0] for x in lines}
    nodes = sorted(set(subject.values()))
    keep: set[bytes] = set()
    for i in range(0, len(nodes), 2000):       # which shared nodes the units' graphs mention
        values = " ".join(n.decode() for n in nodes[i:i + 2000] if n.startswith(b"<"))
        rows = ds.select(f"""SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {values} }}
            GRAPH ?g {{ {{ ?s ?p ?x }} UNION {{ ?x ?p ?o }} }} FILTER(?g != <{SHARED_GRAPH}>) }}""")
        keep |= {f"<{r['x']}>".encode() for r in rows}
    links: dict[bytes, set[bytes]] = {}
    node_set = set(nodes)
    for x in lines:                            # and, through them, which others
        obj = x.rsplit(b" ", 2)[-2]
        if obj.startswith(b"<") and obj in node_set:
            links.setdefault(subject[x], set()).add(obj)
    todo = list(keep)
    while todo:
        for o in links.get(todo.pop(), ()):
            if o not in keep:
                keep.add(o)
                todo.append(o)
    kept = [x for x in lines if subject[x] in keep]
    if len(kept) < len(lines):
        ds.put(SHARED_GRAPH, b"\n".join(sorted(kept)) + b"\n")
    return len(lines) - len(kept)
