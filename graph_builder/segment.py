"""Stage 3: cut the normalised text into documents and paragraphs with character spans.

A resolution or decision: front matter, the opener ("大会，", "The General Assembly,"),
preambular paragraphs, numbered operative paragraphs and (a)(b) sub-paragraphs.  A session
report: numbered narrative paragraphs under sections, then an annex whose decisions
("2024/2" …) each become a document of their own with their own paragraphs and date.
"""
from __future__ import annotations

import re
from datetime import date

from .lexicon import Lexicon, lexicon
from .model import DocumentPart, NormalisedText, Paragraph, Segmented
from .symbols import SymbolError, can_issue, canonical_key, issuer_of_symbol, key_for, parse_symbol

MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"], 1)}
SC_TITLE_RE = re.compile(r"\bRESOLUTION\s+(\d{1,4})\s*\(\s*((?:19|20)\d\d)\s*\)", re.IGNORECASE)
SYMBOL_LINE_RE = re.compile(r"^\s*((?:[A-Z]{1,6}(?:\.\d+)?/)+[A-Za-z0-9.\-/]+(?:\s*\(\d{4}\))?)\s*$")


def blocks_of(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for part in text.split("\n\n"):
        if part:
            out.append((pos, pos + len(part), part))
        pos += len(part) + 2
    return out


def _iso(y: str, m: str | int, d: str) -> str:
    month = MONTHS.get(m, 0) if isinstance(m, str) and not m.isdigit() else int(m)
    try:
        return date(int(y), month, int(d)).isoformat()
    except ValueError:
        return ""


def _date_in(text: str, lex: Lexicon, pattern: str) -> str:
    m = re.search(lex.patterns["segment"][pattern], text, re.MULTILINE)
    if not m:
        return ""
    g = m.groupdict()
    return _iso(g["y"], g.get("m") or g.get("month") or "0", g["d"])


def _opener_body(block: str, lex: Lexicon) -> str:
    m = re.match(lex.patterns["segment"]["opener"], block)
    if not m:
        return ""
    bodies = lex.find_bodies(m.group("body"))
    return bodies[0].key if bodies else ""


def detect_symbol(raw: str, lang: str) -> str:
    """The document's own symbol, when its text prints one (first line, or an SC title)."""
    head = raw[:3000]
    for line in head.split("\n")[:15]:
        m = SYMBOL_LINE_RE.match(line)
        if m:
            try:
                return canonical_key(m.group(1))
            except SymbolError:
                continue
    m = SC_TITLE_RE.search(head)
    if m and ("Security Council" in head or "安全理事会" in head):
        return f"S/RES/{m.group(1)}({m.group(2)})"
    return ""


def _doc_type(symbol: str, front: str, has_opener: bool, lang: str) -> str:
    if "/RES/" in symbol:
        return "resolution"
    if "/DEC/" in symbol:
        return "decision"
    if symbol:
        if "/NOTE/" in symbol:
            return "note"
        return "report"
    if has_opener:
        return "decision" if ("决定" in front[:200] or "Decision" in front[:200]) else "resolution"
    if re.search(r"报告|[Rr]eport", front):
        return "report"
    return "other"


def segment(nt: NormalisedText) -> Segmented:
    src = nt.source
    lex = lexicon(src.language)
    seg = lex.patterns["segment"]
    re_num = re.compile(seg["operative_number"])
    re_sub = re.compile(seg["sub_paragraph"])
    re_sec = re.compile(seg["section"])
    re_dec = re.compile(seg["decision_number"])
    re_date = re.compile(seg["date_line"])
    re_annex = re.compile(seg["annex"])
    re_title = re.compile(seg["resolution_title"])
    blocks = blocks_of(nt.text)
    first_note = nt.footnotes[0].start if nt.footnotes else len(nt.text) + 1
    body_blocks = [b for b in blocks if b[0] < first_note]
    has_opener = any(_opener_body(b[2], lex) for b in body_blocks[:80])
    front = "\n".join(b[2] for b in body_blocks[:12])

    symbol = src.symbol.strip()
    if symbol:
        try:
            symbol = canonical_key(symbol)
        except SymbolError:
            symbol = re.sub(r"\s+", "", symbol)
    else:
        symbol = detect_symbol(src.text, src.language)
    issuer = src.meta.get("issuer", "") or (issuer_of_symbol(symbol) if symbol else "") or ""
    if not issuer:
        for b in body_blocks[:80]:
            issuer = _opener_body(b[2], lex)
            if issuer:
                break
    if not issuer and re.search(r"秘书长的报告|[Rr]eport of the Secretary-General", front):
        issuer = "SG"
    doc_type = src.meta.get("type", "") or _doc_type(symbol, front, has_opener, src.language)
    if not symbol:
        # the title line "78/182. …" of a resolution names its number
        for b in body_blocks[:15]:
            m = re_title.match(b[2])
            if m and issuer and doc_type in ("resolution", "decision") and can_issue(issuer, doc_type, f"{m.group('sess')}/{m.group('n')}"):
                symbol = key_for(issuer, doc_type, f"{m.group('sess')}/{m.group('n')}")
                break
    key = symbol or f"DOC/{src.sha256[:12]}"
    title = src.meta.get("title", "")
    main = DocumentPart(key=key, doc_type=doc_type, language=src.language, issuer=issuer, symbol=symbol,
                        title=title, date=src.meta.get("date", "") or _date_in(front, lex, "adoption_date"),
                        source_name=src.name)
    docs = [main]
    cur = main
    mode = "front"
    in_annex = False
    last_num = ""
    ordinal = 0
    section = ""

    def add(kind: str, start: int, end: int, text: str, number: str = "", parent: str = "") -> None:
        nonlocal ordinal
        ordinal += 1
        cur.paragraphs.append(Paragraph(kind, text, start, end, number, ordinal, section, parent))

    for start, end, text in blocks:
        if start >= first_note:
            marker = next((f.marker for f in nt.footnotes if f.start == start), "")
            main.paragraphs.append(Paragraph("footnote", text, start, end, marker, len(main.paragraphs) + 1))
            continue
        if re_annex.match(text) and main.doc_type == "report":
            in_annex = True
            add("heading", start, end, text)
            continue
        md = re_dec.match(text)
        if md and (in_annex or main.doc_type == "report") and issuer and can_issue(issuer, "decision", text.strip().rstrip(".")):
            dkey = key_for(issuer, "decision", text.strip().rstrip("."))
            cur = DocumentPart(key=dkey, doc_type="decision", language=src.language, issuer=issuer,
                               symbol="", title="", date="", source_name=src.name, container=main.key)
            docs.append(cur)
            mode, last_num, ordinal, section = "front", "", 0, ""
            add("heading", start, end, text)
            continue
        if _opener_body(text, lex) and mode in ("front", "narrative"):
            mode = "preamble"
            add("heading", start, end, text)
            continue
        if re_date.match(text):
            if cur is not main and not cur.date:
                cur.date = _date_in(text, lex, "date_line")
            elif not main.date:
                main.date = _date_in(text, lex, "date_line")
            add("heading", start, end, text)
            continue
        if cur is not main and mode == "front" and not cur.title:
            cur.title = text
            add("heading", start, end, text)
            continue
        m = re_num.match(text)
        if m:
            last_num = m.group("num")
            if mode in ("preamble", "operative"):
                mode = "operative"
                add("operative", start, end, text, last_num)
            else:
                mode = "narrative" if mode == "front" else mode
                add("narrative", start, end, text, last_num)
            continue
        m = re_sub.match(text)
        if m and last_num:
            kind = "sub" if mode == "operative" else "narrative"
            add(kind, start, end, text, f"{last_num}({m.group('sub')})", last_num)
            continue
        if re_sec.match(text):
            section = text
            if mode != "operative":
                mode = "narrative" if mode != "front" or docs.index(cur) == 0 else mode
            add("heading", start, end, text)
            continue
        if mode == "preamble":
            add("preambular", start, end, text)
        elif mode == "operative":
            if text.startswith(("—", "–", "-")) and last_num:
                add("sub", start, end, text, last_num, last_num)
            else:
                add("heading", start, end, text)
        elif mode == "narrative":
            add("narrative", start, end, text, last_num)
        else:
            add("heading", start, end, text)
    for d in docs[1:]:
        if not d.date:
            d.date = main.date
    if not main.date:
        dates = [p for p in main.paragraphs if p.kind == "heading" and re_date.match(p.text)]
        if dates:
            main.date = _date_in(dates[-1].text, lex, "date_line")
    return Segmented(nt, docs)


__all__ = ["segment", "blocks_of", "detect_symbol", "parse_symbol"]
