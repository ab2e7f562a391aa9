"""Counts over a built graph (one SPARQL query, so it runs where the graph lies: file, store or server)."""
from __future__ import annotations

from rdflib import Graph

from .store import run_query
from .symbols import GRAPH_BASE

COUNTS = """PREFIX mg: <https://w3id.org/mandate-graph/ontology#>
SELECT ?documents ?paragraphs ?citations ?mandates ?obligations ?triples WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?d mg:sourceFile ?f . FILTER NOT EXISTS { ?d a mg:Expression } } }
  { SELECT (COUNT(DISTINCT ?p) AS ?paragraphs) WHERE {
      VALUES ?c { mg:PreambularParagraph mg:OperativeParagraph mg:SubParagraph mg:NarrativeParagraph mg:Heading mg:Footnote }
      ?p a ?c } }
  { SELECT (COUNT(DISTINCT ?x) AS ?citations) WHERE { ?x a mg:Citation } }
  { SELECT (COUNT(DISTINCT ?m) AS ?mandates) WHERE { ?m a mg:Mandate } }
  { SELECT (COUNT(DISTINCT ?o) AS ?obligations) WHERE { ?o a mg:ReportingObligation } }
  { SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?v .
      FILTER(!STRSTARTS(STR(?s), "GRAPH_BASE")) } }
}""".replace("GRAPH_BASE", GRAPH_BASE)     # a constant of the code, not a user's value


def counts(g: Graph) -> dict[str, int]:
    """Documents (read from a file), paragraphs, citations, mandates, obligations and triples (a
    store's bookkeeping triples, see pipeline.unit_payload, not counted)."""
    row = next(iter(run_query(g, COUNTS, {})))
    return {k: int(row[k]) for k in ("documents", "paragraphs", "citations", "mandates", "obligations", "triples")}
