"""Pictures of the graph (matplotlib, no screen needed): the reporting-flow network and a
document's lineage. SVG output is made reproducible (no date, fixed ids)."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .analyze import citation_network, reporting_network
from .query import QueryError
from .store import atomic_write

FORMATS = ("svg", "png")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "mandate-graph"     # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: str | Path) -> None:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise QueryError(f"{path}: picture format must be .svg or .png")
    buf = io.BytesIO()
    meta = {"Date": None, "Creator": "mandate-graph"} if fmt == "svg" else {"Software": "mandate-graph"}
    fig.savefig(buf, format=fmt, bbox_inches="tight", dpi=110, metadata=meta)
    atomic_write(path, buf.getvalue())


def draw_reporting(graph: Graph, path: str | Path) -> nx.DiGraph:
    """Bodies as nodes, arrows from obligor to recipient labelled with the number of obligations."""
    plt = _pyplot()
    g = reporting_network(graph)
    fig, ax = plt.subplots(figsize=(10, 7))
    ax.set_title("Reporting flow: who reports to whom (number of obligations)")
    ax.axis("off")
    if g.number_of_nodes():
        # receivers on the inner ring, the bodies that only owe on the outer one; sorted, so stable
        inner = sorted(n for n in g.nodes if g.in_degree(n))
        outer = sorted(n for n in g.nodes if not g.in_degree(n))
        pos = nx.shell_layout(g, nlist=[inner, outer] if inner and outer else [sorted(g.nodes)])
        size = [min(2400, 500 + 150 * (g.in_degree(n, weight="weight") + g.out_degree(n, weight="weight")))
                for n in g.nodes]
        widths = [1 + d["weight"] for _, _, d in g.edges(data=True)]
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=size, node_color="#cfe3f7", edgecolors="#1f4e79")
        nx.draw_networkx_labels(g, pos, ax=ax, font_size=9)
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#555555", arrows=True, arrowsize=18,
                               node_size=size, connectionstyle="arc3,rad=0.08")
        nx.draw_networkx_edge_labels(g, pos, ax=ax, edge_labels={(u, v): d["weight"] for u, v, d in g.edges(data=True)},
                                     font_size=9, font_color="#b03a2e")
    else:
        ax.text(0.5, 0.5, "no reporting obligations in this graph", ha="center")
    _save(fig, path)
    plt.close(fig)
    return g


def lineage(graph: Graph, document: str) -> nx.DiGraph:
    cit = citation_network(graph)
    if document not in cit:
        raise QueryError(f"no document {document!r} in the graph")
    keep = {document} | nx.descendants(cit, document) | nx.ancestors(cit, document)
    sub = nx.DiGraph()                                   # nodes and edges in sorted order: a stable layout
    sub.add_nodes_from((n, cit.nodes[n]) for n in sorted(keep))
    sub.add_edges_from(sorted((u, v, d) for u, v, d in cit.edges(data=True) if u in keep and v in keep))
    return sub


def draw_lineage(graph: Graph, document: str, path: str | Path) -> nx.DiGraph:
    """What the document descends from (right) and what descends from it (left), by depth."""
    plt = _pyplot()
    sub = lineage(graph, document)
    # layer = signed distance: ancestors positive, descendants negative
    up = nx.single_source_shortest_path_length(sub, document)
    down = nx.single_source_shortest_path_length(sub.reverse(copy=False), document)
    layer = {n: up.get(n, -down.get(n, 0)) for n in sub.nodes}
    # one column per layer (descendants left, ancestors right), nodes sorted within it
    pos: dict[str, tuple[float, float]] = {}
    for lay in sorted(set(layer.values())):
        col = sorted(n for n in sub.nodes if layer[n] == lay)
        for i, n in enumerate(col):
            pos[n] = (float(lay), (len(col) - 1) / 2 - i)
    height = max(4, 0.35 * max((list(layer.values()).count(v) for v in set(layer.values())), default=1))
    fig, ax = plt.subplots(figsize=(12, height))
    ax.set_title(f"Lineage of {document}: descendants ← · → what it recalls, reaffirms, cites")
    ax.axis("off")
    colors = ["#f6c89f" if n == document else ("#cfe3f7" if sub.nodes[n].get("built") else "#eeeeee")
              for n in sub.nodes]
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=colors, node_size=300, edgecolors="#555555")
    nx.draw_networkx_labels(sub, pos, ax=ax, font_size=7, verticalalignment="bottom")
    nx.draw_networkx_edges(sub, pos, ax=ax, edge_color="#888888", arrows=True, arrowsize=10, node_size=300)
    _save(fig, path)
    plt.close(fig)
    return sub
