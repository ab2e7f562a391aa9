"""Counts over a built graph."""
from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from .lexicon import MG


def counts(g: Graph) -> dict[str, int]:
    def n(cls) -> int:
        return len(set(g.subjects(RDF.type, cls)))
    paragraphs = sum(n(c) for c in (MG.PreambularParagraph, MG.OperativeParagraph, MG.SubParagraph,
                                     MG.NarrativeParagraph, MG.Heading, MG.Footnote))
    return {
        "documents": len(set(g.subjects(MG.sourceFile, None)) - set(g.subjects(RDF.type, MG.Expression))),
        "paragraphs": paragraphs,
        "citations": n(MG.Citation),
        "mandates": n(MG.Mandate),
        "obligations": n(MG.ReportingObligation),
        "triples": len(g),
    }
