"""Documentation of the ontology (pyLODE) and of the vocabularies the extractor reads (bodies,
verbs, forces, recurrences), written as static HTML."""
from __future__ import annotations

import html
import logging
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .lexicon import MG, knowledge_graph
from .resources import resource
from .store import atomic_write


def _labels(g: Graph, s: URIRef, prop: URIRef, lang: str) -> str:
    return ", ".join(sorted(str(o) for o in g.objects(s, prop) if getattr(o, "language", None) == lang))


def vocabularies_html(g: Graph) -> str:
    parts = []
    for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme))):
        title = str(g.value(scheme, SKOS.prefLabel) or scheme)
        rows = []
        for c in sorted(g.subjects(SKOS.inScheme, scheme), key=lambda c: str(g.value(c, SKOS.notation) or c)):
            rows.append([str(g.value(c, SKOS.notation) or ""), _labels(g, c, SKOS.prefLabel, "en"),
                         _labels(g, c, SKOS.prefLabel, "zh"), _labels(g, c, SKOS.altLabel, "en"),
                         _labels(g, c, SKOS.altLabel, "zh")])
        parts.append((title, ["notation", "en", "zh", "en (other labels)", "zh (other labels)"], rows))
    bodies = sorted(set(g.subjects(MG.bodyKind, None)), key=lambda b: str(g.value(b, SKOS.notation)))
    parts.append(("Bodies", ["key", "kind", "en", "zh", "en aliases", "zh aliases"],
                  [[str(g.value(b, SKOS.notation)), str(g.value(b, MG.bodyKind)), _labels(g, b, SKOS.prefLabel, "en"),
                    _labels(g, b, SKOS.prefLabel, "zh"), _labels(g, b, SKOS.altLabel, "en"),
                    _labels(g, b, SKOS.altLabel, "zh")] for b in bodies]))
    body = []
    for title, cols, rows in parts:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        trs = "".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in r) + "</tr>" for r in rows)
        body.append(f"<h2>{html.escape(title)} ({len(rows)})</h2><table><tr>{head}</tr>{trs}</table>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Mandate Graph vocabularies</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;font-size:.9rem}"
            "td,th{border:1px solid #ccd;padding:.2rem .4rem;text-align:left}th{background:#eef4fb}</style></head><body>"
            "<h1>Vocabularies read by the extractor</h1><p>Generated from <code>ontology/verbs.ttl</code> and "
            "<code>ontology/bodies.ttl</code>; the ontology itself is documented in <a href='index.html'>index.html</a>."
            "</p>" + "".join(body) + "</body></html>\n")


def build_docs(out_dir: str | Path) -> list[Path]:
    """index.html (the OWL ontology, by pyLODE) and vocabularies.html (SKOS labels)."""
    from pylode import OntPub

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ont = Graph().parse(resource("ontology", "mandate.ttl"), format="turtle")
    logging.getLogger().setLevel(logging.WARNING)           # pyLODE logs at INFO on import and use
    page = OntPub(ontology=ont).make_html()
    atomic_write(out / "index.html", page.encode("utf-8"))
    atomic_write(out / "vocabularies.html", vocabularies_html(knowledge_graph()).encode("utf-8"))
    return [out / "index.html", out / "vocabularies.html"]
