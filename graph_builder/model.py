"""Typed objects passed between the pipeline's stages (load → normalise → segment → extract → emit)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceText:
    """Stage 1 (load): one input file, decoded."""
    path: str
    name: str            # base name, as the manifest and the documents query use it
    text: str
    language: str        # zh | en
    sha256: str
    symbol: str = ""     # from the manifest, may be empty
    meta: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""  # the file as the build was asked to read it (load.input_fingerprint)


@dataclass
class Footnote:
    marker: str
    text: str
    start: int
    end: int


@dataclass
class NormalisedText:
    """Stage 2 (normalise): body text with PDF artefacts undone; footnotes set apart."""
    source: SourceText
    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    removed_lines: int = 0


@dataclass
class Paragraph:
    kind: str            # preambular | operative | sub | narrative | heading | footnote
    text: str
    start: int           # character span in the normalised text
    end: int
    number: str = ""     # as printed: 47, 3(b)
    ordinal: int = 0
    section: str = ""
    parent: str = ""     # number of the chapeau for a sub-paragraph
    footnote_markers: list[str] = field(default_factory=list)


@dataclass
class DocumentPart:
    """Stage 3 (segment): one document, a session report's annexed decision being its own."""
    key: str
    doc_type: str        # resolution | decision | report | note | other
    language: str
    issuer: str = ""     # body key
    symbol: str = ""
    title: str = ""
    date: str = ""       # ISO date
    source_name: str = ""
    container: str = ""  # key of the report that annexes this decision
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Segmented:
    normalised: NormalisedText
    documents: list[DocumentPart]


@dataclass
class Citation:
    citing: str
    cited: str
    relation: str        # recalls | reaffirms | cites | fulfils
    mention: str
    paragraph: int       # index into the citing document's paragraphs
    start: int
    end: int


@dataclass
class Action:
    """A mandate: one operative verb of a paragraph with its addressees."""
    document: str
    paragraph: int
    verb: str
    force: str           # '' for verbs that bind nobody
    addressees: list[str]
    start: int           # offset of the verb in the normalised text
    end: int             # end of the clause the action governs
    order: int = 0


@dataclass
class SessionRef:
    key: str             # GA-80, UNW-EB-2025-AS, UNW-EB-AS
    body: str
    relation: str = "at" # at | before | from


@dataclass
class Obligation:
    document: str        # the document that imposes it
    paragraph: int       # index of the paragraph that states it (in stated_in)
    paragraph_number: str
    obligor: str
    recipient: str
    force: str
    recurrence: str
    sessions: list[SessionRef]
    subject: str
    deliverable: str
    stated_in: str       # key of the document whose paragraph states it
    start: int
    end: int
    language: str = ""


@dataclass
class Extracted:
    """Stage 4 (extract): everything read from one source text."""
    segmented: Segmented
    citations: list[Citation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    fulfils: list[tuple[str, str, int]] = field(default_factory=list)  # (report key, obligation id, paragraph)

    def to_json(self) -> dict[str, Any]:
        seg = self.segmented
        return {
            "source": seg.normalised.source.name,
            "language": seg.normalised.source.language,
            "normalised_text": seg.normalised.text,
            "footnotes": [asdict(f) for f in seg.normalised.footnotes],
            "documents": [asdict(d) for d in seg.documents],
            "citations": [asdict(c) for c in self.citations],
            "actions": [asdict(a) for a in self.actions],
            "obligations": [asdict(o) for o in self.obligations],
            "fulfils": self.fulfils,
        }
