"""One static, offline HTML page summarising a graph: counts, obligation status, the next
sessions' calendar, the analytics' top tables, the two pictures and the consistency check."""
from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

from rdflib import Graph

from . import __version__
from .analyze import analyze
from .calendar_export import events
from .draw import draw_lineage, draw_reporting
from .lifecycle import status_counts
from .stats import counts
from .store import atomic_write
from .validate import check

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;
max-width:1100px;color:#222;line-height:1.4}
h1{color:#1f4e79;margin-bottom:.2rem} h2{border-bottom:2px solid #cfe3f7;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} th,td{border:1px solid #ccd;padding:.25rem .5rem;
text-align:left;vertical-align:top} th{background:#eef4fb}
.cards{display:flex;flex-wrap:wrap;gap:.7rem}.card{background:#eef4fb;border-radius:6px;padding:.6rem 1rem;min-width:7rem}
.card b{display:block;font-size:1.5rem;color:#1f4e79}.ok{color:#1e7b34}.bad{color:#b03a2e}
.muted{color:#666;font-size:.85rem} img{max-width:100%;border:1px solid #dde}
"""


def _table(rows: list[dict], cols: list[str] | None = None, limit: int = 15) -> str:
    if not rows:
        return "<p class='muted'>(none)</p>"
    cols = cols or list(rows[0])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>"
                   for r in rows[:limit])
    more = f"<p class='muted'>… and {len(rows) - limit} more</p>" if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def build_report(graph: Graph, out_dir: str | Path, as_of: date | None = None, owl: bool = False) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    as_of = as_of or date.today()
    c = counts(graph)
    st = status_counts(graph, as_of)
    a = analyze(graph)
    upcoming = events(graph, as_of, as_of + timedelta(days=365))
    if not upcoming:   # nothing ahead: show the most recent year instead
        upcoming = events(graph, as_of - timedelta(days=730), as_of)
        cal_title = "Calendar: the last two years (nothing is due in the next twelve months)"
    else:
        cal_title = "Calendar: the next twelve months"
    draw_reporting(graph, out / "reporting.svg")
    focus = a.most_cited[0]["document"] if a.most_cited else ""
    if focus:
        draw_lineage(graph, focus, out / "lineage.svg")
    rep = check(graph, owl=owl)
    verdict = (f"<p class='ok'>Conforms to the SHACL shapes ({len(rep.violations)} violations)"
               if rep.conforms else f"<p class='bad'>Does not conform: {len(rep.violations)} violation(s)") + \
        (f"; OWL: {html.escape(rep.owl_message)}" if rep.owl_message else "") + ".</p>"
    viol = _table([{"severity": v.severity, "message": v.message, "focus": v.focus, "path": v.path}
                   for v in rep.violations])
    cards = "".join(f"<div class='card'><b>{v}</b>{html.escape(k)}</div>" for k, v in c.items())
    status = "".join(f"<div class='card'><b>{v}</b>{html.escape(k)}</div>" for k, v in st.items())
    cal_rows = [{"dates": e.start.isoformat() + ("" if e.end == e.start else f" – {e.end.isoformat()}"),
                 "session": ("before " if e.relation == "before" else "") + e.session, "obligor": e.obligor,
                 "recipient": e.recipient, "deliverable": e.deliverable, "recurrence": e.recurrence,
                 "source": f"{e.document} {e.paragraph}".strip()} for e in upcoming]
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Mandate Graph report</title><style>{CSS}</style></head>
<body>
<h1>Mandate Graph report</h1>
<p class="muted">Obligation status as of {as_of.isoformat()} · mandate-graph {html.escape(__version__)}</p>
<h2>Contents of the graph</h2><div class="cards">{cards}</div>
<h2>Obligations by status</h2><div class="cards">{status}</div>
<h2>{cal_title}</h2>{_table(cal_rows, limit=40)}
<h2>Reporting flow</h2><img src="reporting.svg" alt="reporting-flow network">
{_table(a.reporting_flow)}
<h2>Bodies: obligations owed and received</h2>{_table(a.bodies)}
<h2>Citations</h2><h3>Most-cited documents</h3>{_table(a.most_cited)}
{f'<h3>Lineage of {html.escape(focus)}</h3><img src="lineage.svg" alt="lineage">' if focus else ''}
<h3>Deepest lineage</h3>{_table(a.lineage_depth)}
<h3>Built documents nothing cites</h3>{_table([{"document": d} for d in a.uncited])}
<h2>Candidate duplicate obligations</h2>{_table(a.duplicates, ["obligor", "recipient", "session", "similarity",
                                                                "first", "second"])}
<h2>Recurring obligations with no end</h2>{_table(a.open_ended)}
<h2>Consistency check</h2>{verdict}{viol if rep.violations else ''}
</body></html>
"""
    path = out / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path
