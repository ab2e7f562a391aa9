"""The ``mandate-graph`` command line: a thin layer over the library.

Exit codes: 0 ok; 1 violations found (check); 2 bad input (missing, empty, binary or
non-UTF-8 file, unknown query, unparsable graph, a store that cannot be opened or reached);
3 internal error.
Data goes to stdout, diagnostics to stderr.
"""
from __future__ import annotations

import json
import os
import sys
import traceback

import click

from . import __version__
from .load import InputError
from .query import QueryError, list_queries, render, run
from .store import ENGINES, FORMATS, StoreError, atomic_write, format_of, load_graph, serialise
from .validate import OWL_MAX, PYSHACL_MAX, SHACL_ENGINES

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# graphs are read and queried with Oxigraph (rdflib's API over pyoxigraph): ~20x faster at 1M triples;
# the answers are the same as rdflib's own engine (tests/test_store.py)
READ_ENGINE = "oxigraph"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"mandate-graph: {message}", err=True)
    sys.exit(code)


class Guard(click.Group):
    """Turn user mistakes into one line and exit 2; anything else into exit 3."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (InputError, StoreError, QueryError) as exc:
            fail(str(exc), EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001
            if "MANDATE_GRAPH_DEBUG" in __import__("os").environ:
                traceback.print_exc()
            fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


@click.group(cls=Guard)
@click.version_option(__version__)
def main() -> None:
    """Build, check and query a knowledge graph of UN mandates, bodies and reporting obligations."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--manifest", type=click.Path(), help="CSV with file,symbol,language[,title,date,issuer,type].")
@click.option("--out", "out", default="build/graph.ttl", show_default=True, help="Output graph file.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), help="Output format (default: from --out).")
@click.option("--language", type=click.Choice(["zh", "en"]), help="Force the input language (default: manifest, then detection).")
@click.option("--keep-going", is_flag=True, help="Build the other files when one is bad (still exits 2).")
@click.option("--dump-json", type=click.Path(file_okay=False), help="Write each file's extracted stages as JSON here.")
@click.option("--store", "target", metavar="DIR|URL",
              help="Build into a store instead of a file: a directory (on-disk Oxigraph) or a SPARQL server's URL "
                   "(Graph Store Protocol). One named graph per document unit; only changed units are redone.")
@click.option("--prune", is_flag=True, help="With --store: drop the units whose files are no longer among the inputs.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Worker processes for load→extract (0: one per core). The graph is the same as with 1.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def build(inputs, manifest, out, fmt, language, keep_going, dump_json, target, prune, jobs, quiet) -> None:
    """Build the graph from text files or folders of them."""
    from .pipeline import build as run_build
    from .pipeline import expand_inputs, read_manifest

    man = read_manifest(manifest) if manifest else {}
    files = expand_inputs(inputs)
    if not files:
        fail("no input files found")
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if target in ENGINES:
        fail(f"--store names a store (a directory or a server's URL); {target!r} was an engine choice in "
             f"earlier versions: leave it out to build a file")
    if target:
        _build_into(target, files, man, language or "", keep_going, prune, jobs, quiet)
        return
    show = not quiet and sys.stderr.isatty()
    with click.progressbar(length=len(files), label="building", file=sys.stderr, hidden=not show) as bar:
        try:
            result = run_build(files, man, language=language or "", keep_going=keep_going,
                               dump_json=dump_json, progress=lambda _p: bar.update(1), jobs=jobs)
        except InputError as exc:
            fail(str(exc))
    for err in result.errors:
        click.echo(f"mandate-graph: {err}", err=True)
    atomic_write(out, result.serialise(format_of(out, fmt)))
    if not quiet:
        click.echo(f"built {len(result.extracted)} file(s), {len(result)} triples -> {out}", err=True)
    if result.errors:
        sys.exit(EXIT_BAD_INPUT)


def _build_into(target, files, man, language, keep_going, prune, jobs, quiet) -> None:
    from .pipeline import build_into
    from .store import open_dataset

    ds = open_dataset(target)
    show = not quiet and sys.stderr.isatty()
    with click.progressbar(length=1, label="storing", file=sys.stderr, hidden=not show) as bar:
        def step(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)
        try:
            rep = build_into(ds, files, man, language=language, keep_going=keep_going, jobs=jobs, prune=prune,
                             progress=step)
        except StoreError as exc:
            fail(f"{exc}; units already written are complete, the rest unchanged: run the build again")
        finally:
            ds.close()
    for err in rep.errors:
        click.echo(f"mandate-graph: {err}", err=True)
    if not quiet:
        click.echo(f"{rep.location}: {rep.files} file(s), {rep.current} current, {rep.extracted} read; "
                   f"{len(rep.written)} unit(s) written, {len(rep.dropped)} dropped", err=True)
    if rep.errors:
        sys.exit(EXIT_BAD_INPUT)


def _graph(graph: str, store: str | None):
    """The graph a reading command works on: a file, or a store's union."""
    if store:
        from .store import open_dataset

        return open_dataset(store, read_only=True).graph()
    return load_graph(graph, engine=READ_ENGINE)


STORE_OPT = click.option("--store", metavar="DIR|URL",
                         help="Read a store (a directory built with build --store, or a SPARQL endpoint's base URL) "
                              "instead of a graph file.")


@main.command()
@click.argument("graph", type=click.Path(), required=False)
@STORE_OPT
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ttl"]), default="table", show_default=True)
@click.option("--engine", type=click.Choice(SHACL_ENGINES), default="auto", show_default=True,
              help=f"SHACL engine: pySHACL (the reference), the shapes as SPARQL on Oxigraph, or auto "
                   f"(pySHACL up to {PYSHACL_MAX:,} triples). Both report the same violations.")
@click.option("--owl/--no-owl", default=None,
              help=f"Run the OWL consistency check (HermiT); default: only up to {OWL_MAX:,} triples.")
def check(graph, store, fmt, engine, owl) -> None:
    """Check a graph (or a store) against the SHACL shapes and the ontology (exit 1 on violations)."""
    from .validate import check as run_check
    from .validate import check_store

    if store:
        from .store import open_dataset

        rep = check_store(open_dataset(store, read_only=True), owl=bool(owl), engine=engine)
    elif not graph:
        raise QueryError("check needs a GRAPH file or --store")
    else:
        rep = run_check(load_graph(graph, engine=READ_ENGINE), owl=owl, engine=engine)
    _print_check(rep, fmt)


def _print_check(rep, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps({"conforms": rep.conforms, "owl_consistent": rep.owl_consistent,
                               "owl": rep.owl_message,
                               "violations": [v.__dict__ for v in rep.violations]}, ensure_ascii=False, indent=1))
    elif fmt == "ttl":
        click.echo(rep.report_graph.serialize(format="turtle"))
    else:
        click.echo(f"conforms: {'yes' if rep.conforms else 'no'}  SHACL violations: {len(rep.violations)}"
                   + (f"  OWL: {rep.owl_message}" if rep.owl_message else ""))
        for v in rep.violations:
            click.echo(f"  [{v.severity}] {v.message}  focus={v.focus}  path={v.path}")
    sys.exit(EXIT_OK if rep.conforms else EXIT_VIOLATIONS)


def _params(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise QueryError(f"parameter {item!r} is not of the form name=value")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


@main.command()
@click.argument("name", required=False)
@click.option("--graph", type=click.Path(), default="build/graph.ttl", show_default=True)
@STORE_OPT
@click.option("--param", "params", multiple=True, help="name=value, bound with initBindings.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table", show_default=True)
@click.option("--as-of", "as_of", help="Date for lifecycle queries (YYYY-MM-DD; default today). Same as --param as_of=.")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
def query(name, graph, store, params, fmt, as_of, list_) -> None:
    """Run a named query (queries/NAME.rq)."""
    if list_ or not name:
        for q in list_queries():
            click.echo(f"{q.name:<24} {q.purpose}\n{'':<24} params: {q.params or '(none)'}\n"
                       f"{'':<24} columns: {', '.join(q.columns)}" + (f"\n{'':<24} example: {q.example}" if q.example else ""))
        return
    p = _params(params)
    if as_of:
        p["as_of"] = as_of
    g = _graph(graph, store)
    cols, rows = run(g, name, p)
    click.echo(render(cols, rows, fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(), required=False)
@STORE_OPT
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="ttl", show_default=True)
@click.option("--out", type=click.Path(), help="Write here instead of stdout.")
def export(graph, store, fmt, out) -> None:
    """Export a graph file, or a store's union (without its bookkeeping), in an RDF format."""
    if store:
        from .store import open_dataset, serialise_lines, store_lines

        data = serialise_lines(store_lines(open_dataset(store, read_only=True)), fmt)
    elif graph:
        # N-Triples and Turtle through Oxigraph (fast at scale, same canonical bytes); JSON-LD and TriG
        # through rdflib's memory store (oxrdflib would type every plain literal xsd:string)
        data = serialise(load_graph(graph, engine=READ_ENGINE if fmt in ("ttl", "nt") else "memory"), fmt)
    else:
        raise QueryError("export needs a GRAPH file or --store")
    _write(out, data)


@main.command()
@click.argument("graph", type=click.Path(), required=False)
@STORE_OPT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--as-of", "as_of", help="Date for obligation status counts (YYYY-MM-DD; default today).")
def stats(graph, store, fmt, as_of) -> None:
    """Counts of documents, paragraphs, citations, mandates and obligations (and their status as of a date)."""
    from .lifecycle import status_counts
    from .stats import counts

    day = _date_opt(as_of, "--as-of")
    if not graph and not store:
        raise QueryError("stats needs a GRAPH file or --store")
    g = _graph(graph, store)
    c = counts(g)
    c.update({f"status_{k}": v for k, v in status_counts(g, day).items()})
    if fmt == "json":
        click.echo(json.dumps(c, indent=1))
    else:
        for k, v in c.items():
            click.echo(f"{k:<18}{v:>8}")


def _date_opt(value: str | None, name: str):
    from .lifecycle import DateError, parse_date

    try:
        return parse_date(value) if value else None
    except DateError as exc:
        raise QueryError(f"{name}: {exc}") from None


def _write(out: str | None, data: str | bytes) -> None:
    """Data to stdout, or atomically to a file."""
    from .store import atomic_write

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out:
        atomic_write(out, raw)
    else:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()


@main.command()
@click.option("--graph", type=click.Path(), default="build/graph.ttl", show_default=True)
@STORE_OPT
@click.option("--body", help="Only obligations this body owes or receives (body key, e.g. UNW-EB).")
@click.option("--from", "from_", help="First date (YYYY-MM-DD; default: the earliest due session).")
@click.option("--to", "to", help="Last date (YYYY-MM-DD; default: a year from today).")
@click.option("--format", "fmt", type=click.Choice(["ics", "csv", "markdown"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(), help="Write here instead of stdout.")
def calendar(graph, store, body, from_, to, fmt, out) -> None:
    """The reporting calendar: obligations on their sessions' dates, recurring ones repeated."""
    from .calendar_export import plan, render

    g = _graph(graph, store)
    first, last = _date_opt(from_, "--from"), _date_opt(to, "--to")
    if first and last and last < first:
        raise QueryError(f"--to {last} is before --from {first}")
    evs, first, last = plan(g, first, last, body or "")
    _write(out, render(evs, fmt, first))
    click.echo(f"{len(evs)} event(s) from {first} to {last}", err=True)


@main.command()
@click.option("--graph", type=click.Path(), default="build/graph.ttl", show_default=True)
@STORE_OPT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", type=int, default=10, show_default=True, help="Rows in the top-N tables.")
def analyze(graph, store, fmt, top) -> None:
    """Network analytics: reporting flow, citation lineage, candidate duplicates, open-ended obligations."""
    from .analyze import analyze as run_analysis
    from .analyze import render_tables

    a = run_analysis(_graph(graph, store), top=top)
    if fmt == "json":
        click.echo(json.dumps(a.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_tables(a), nl=False)


@main.command()
@click.argument("what", type=click.Choice(["reporting", "lineage"]))
@click.argument("document", required=False)
@click.option("--graph", type=click.Path(), default="build/graph.ttl", show_default=True)
@click.option("--out", type=click.Path(), required=True, help="Picture file: .svg or .png.")
def draw(what, document, graph, out) -> None:
    """Draw the reporting-flow network, or the lineage of DOCUMENT (draw lineage A/RES/64/289 --out l.svg)."""
    from .draw import draw_lineage, draw_reporting

    if what == "lineage" and not document:
        raise QueryError("draw lineage needs a DOCUMENT key, e.g. A/RES/64/289")
    g = load_graph(graph, engine=READ_ENGINE)
    sub = draw_reporting(g, out) if what == "reporting" else draw_lineage(g, document, out)
    click.echo(f"{what}: {sub.number_of_nodes()} nodes, {sub.number_of_edges()} edges -> {out}", err=True)


@main.command()
@click.option("--graph", type=click.Path(), default="build/graph.ttl", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Folder for index.html and the pictures.")
@click.option("--as-of", "as_of", help="Date for status and calendar (YYYY-MM-DD; default today).")
@click.option("--owl", is_flag=True, help="Also run the OWL reasoner in the consistency check (slower).")
def report(graph, out_dir, as_of, owl) -> None:
    """One static, offline HTML page summarising the graph."""
    from .report import build_report

    path = build_report(load_graph(graph, engine=READ_ENGINE), out_dir, _date_opt(as_of, "--as-of"), owl=owl)
    click.echo(f"report -> {path}", err=True)


@main.command()
@click.argument("graph", type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost by default).")
@click.option("--port", type=int, default=7879, show_default=True, help="Port (0 picks a free one).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Time limit per query, seconds.")
@click.option("--max-rows", type=int, default=10000, show_default=True, help="Most solutions or triples sent.")
def serve(graph, host, port, timeout, max_rows) -> None:
    """A read-only SPARQL 1.1 endpoint over GRAPH at http://HOST:PORT/sparql."""
    from pathlib import Path

    from .serve import serve as run_server

    if not Path(graph).is_file():
        raise StoreError(f"{graph}: no such graph file")

    def ready(addr) -> None:
        click.echo(f"serving {graph} at http://{addr[0]}:{addr[1]}/sparql (read-only, {timeout:g} s, "
                   f"{max_rows} rows); Ctrl-C stops", err=True)

    try:
        run_server(graph, host, port, timeout, max_rows, ready)
    except OSError as exc:
        raise StoreError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="build/docs", show_default=True)
def docs(out_dir) -> None:
    """HTML documentation of the ontology (pyLODE) and of the body and verb vocabularies."""
    from .docs import build_docs

    for p in build_docs(out_dir):
        click.echo(f"docs -> {p}", err=True)


if __name__ == "__main__":
    main()
