"""Network analytics over the graph with networkx: reporting flow, citation lineage,
candidate duplicate obligations and standing obligations with no end.

Everything is read through named queries, so it works on any graph the store can load (and on
a SPARQL endpoint's answers); nothing re-parses text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher

import networkx as nx
from rdflib import Graph

from .query import records

DUPLICATE_SIMILARITY = 0.6


@dataclass
class Analysis:
    reporting_flow: list[dict] = field(default_factory=list)     # obligor → recipient, weighted
    bodies: list[dict] = field(default_factory=list)             # per body: owes, receives
    most_cited: list[dict] = field(default_factory=list)
    lineage_depth: list[dict] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    open_ended: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def reporting_network(graph: Graph) -> nx.DiGraph:
    """Bodies as nodes; an edge obligor → recipient weighted by the number of obligations."""
    g = nx.DiGraph()
    seen: set[tuple[str, str, str]] = set()
    for r in records(graph, "obligation_status"):
        if not r["recipient"] or (r["obligation"], r["obligor"], r["recipient"]) in seen:
            continue
        seen.add((r["obligation"], r["obligor"], r["recipient"]))
        w = g.get_edge_data(r["obligor"], r["recipient"], {"weight": 0})["weight"]
        g.add_edge(r["obligor"], r["recipient"], weight=w + 1)
    return g


def citation_network(graph: Graph) -> nx.DiGraph:
    """Documents as nodes; an edge citing → cited, labelled with the relations."""
    g = nx.DiGraph()
    for r in records(graph, "documents"):
        g.add_node(r["document"], built=True)
    for r in records(graph, "citations"):
        rel = g.get_edge_data(r["citing"], r["cited"], {"relations": set()})["relations"] | {r["relation"]}
        g.add_edge(r["citing"], r["cited"], relations=rel)
    return g


def lineage_depths(cit: nx.DiGraph) -> dict[str, int]:
    """Longest chain of citations below each document (cycles collapsed first)."""
    cond = nx.condensation(cit)
    depth: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(cond))):
        depth[c] = max((depth[s] + 1 for s in cond.successors(c)), default=0)
    return {n: depth[cond.graph["mapping"][n]] for n in cit.nodes}


def similarity(a: str, b: str) -> float:
    """How alike two subjects are, discounting the request frame they share.

    Obligations in one group already share obligor, recipient and session, so their texts share
    a frame ("请妇女署在 2030 年年度会议上向执行局…"). When the longest common run covers most
    of the shorter text, the two say the same thing; otherwise that run is the frame, and what
    is left of each (the topic) is compared.
    """
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if m.size >= 0.8 * min(len(a), len(b)):
        return m.size / max(len(a), len(b))
    rest_a, rest_b = a[:m.a] + a[m.a + m.size:], b[:m.b] + b[m.b + m.size:]
    return SequenceMatcher(None, rest_a, rest_b, autojunk=False).ratio()


def candidate_duplicates(graph: Graph, threshold: float = DUPLICATE_SIMILARITY) -> list[dict]:
    """Obligations with the same obligor, recipient and session and similar subjects: reports that could be merged."""
    groups: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}
    for r in records(graph, "obligation_status"):
        if r["session"] and r["recipient"]:
            groups.setdefault((r["obligor"], r["recipient"], r["session"]), {})[r["obligation"]] = r
    out = []
    for (obligor, recipient, session), obls in sorted(groups.items()):
        items = sorted(obls.values(), key=lambda r: r["obligation"])
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                score = similarity(a["subject"], b["subject"])
                if score >= threshold:
                    out.append({"obligor": obligor, "recipient": recipient, "session": session,
                                "similarity": round(score, 2),
                                "first": f"{a['document']} {a['paragraph']}".strip(),
                                "second": f"{b['document']} {b['paragraph']}".strip(),
                                "first_subject": a["subject"], "second_subject": b["subject"]})
    return sorted(out, key=lambda d: (-d["similarity"], d["session"], d["first"], d["second"]))


def analyze(graph: Graph, top: int = 10) -> Analysis:
    a = Analysis()
    rep = reporting_network(graph)
    a.reporting_flow = [{"obligor": u, "recipient": v, "obligations": d["weight"]}
                        for u, v, d in sorted(rep.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))]
    a.bodies = sorted(({"body": n, "owes": int(rep.out_degree(n, weight="weight")),
                        "receives": int(rep.in_degree(n, weight="weight"))} for n in rep.nodes),
                      key=lambda d: (-d["owes"] - d["receives"], d["body"]))
    cit = citation_network(graph)
    a.most_cited = [{"document": n, "cited_by": cit.in_degree(n)}
                    for n in sorted(cit.nodes, key=lambda n: (-cit.in_degree(n), n)) if cit.in_degree(n)][:top]
    depths = lineage_depths(cit)
    built = [n for n, d in cit.nodes(data=True) if d.get("built")]
    a.lineage_depth = [{"document": n, "depth": depths[n], "ancestors": len(nx.descendants(cit, n))}
                       for n in sorted(built, key=lambda n: (-depths[n], n))][:top]
    a.uncited = sorted(n for n in built if cit.in_degree(n) == 0)
    a.duplicates = candidate_duplicates(graph)
    a.open_ended = [{k: r[k] for k in ("obligor", "recipient", "recurrence", "first_session", "document", "paragraph")}
                    for r in records(graph, "recurring_open_ended")]
    return a


def render_tables(a: Analysis) -> str:
    from .query import render

    parts = []
    sections = [("Reporting flow (obligor -> recipient)", a.reporting_flow),
                ("Bodies: obligations owed and received", a.bodies),
                ("Most-cited documents", a.most_cited),
                ("Deepest lineage (longest citation chain below a built document)", a.lineage_depth),
                ("Built documents nothing in the graph cites", [{"document": d} for d in a.uncited]),
                ("Candidate duplicate obligations (same obligor, recipient, session; similar subjects)",
                 [{k: v for k, v in d.items() if not k.endswith("_subject")} for d in a.duplicates]),
                ("Recurring obligations with no end", a.open_ended)]
    for title, rows in sections:
        parts.append(f"## {title}\n")
        if rows:
            cols = list(rows[0])
            parts.append(render(cols, [[str(r[c]) for c in cols] for r in rows], "table"))
        else:
            parts.append("(none)\n")
    return "\n".join(parts)
