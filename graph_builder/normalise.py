"""Stage 2: undo PDF artefacts.

Drops page furniture (job numbers, page counters, running symbols and titles, bare URL
lines), sets footnotes apart, joins wrapped lines into paragraph blocks (Chinese without
inventing spaces) and repairs words split by stray spaces in English.  The result is the
body as blocks separated by blank lines, then the footnotes as blocks; every later offset
refers to this text.
"""
from __future__ import annotations

import re
from collections import Counter

from .lexicon import Lexicon, lexicon
from .model import Footnote, NormalisedText, SourceText
from .symbols import SYMBOL_RE

URL_RE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT, "0123456789")
SUP_FOOTNOTE_RE = re.compile(rf"^\s*([{SUPERSCRIPT}]+)\s*(.*)$")
NUM_FOOTNOTE_RE = re.compile(r"^\s*(\d{1,3}|\*)\s+(\S.*)$")
BARE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")
SEPARATOR_RE = re.compile(r"^\s*_{5,}\s*$")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _width(line: str) -> int:
    return sum(2 if CJK.match(ch) else 1 for ch in line)


def _is_symbol_line(line: str) -> bool:
    s = line.strip()
    m = SYMBOL_RE.fullmatch(s)
    return bool(m) and "/" in s and bool(re.search(r"\d", s))


def normalise(src: SourceText) -> NormalisedText:
    lex = lexicon(src.language)
    furniture = [re.compile(p) for p in lex.p("normalise", "furniture", [])]
    raw = [ln.replace("**", "").replace("\u3000", " ").rstrip() for ln in src.text.split("\n")]

    def is_furniture(s: str) -> bool:
        s = s.strip()
        return bool(s) and (any(f.match(s) for f in furniture) or URL_RE.match(s) is not None)

    # running headers: symbol lines, and lines repeated next to page furniture
    stripped = [ln.strip() for ln in raw]
    counts = Counter(s for s in stripped if s)
    near_furniture = set()
    for i, s in enumerate(stripped):
        if is_furniture(s) or _is_symbol_line(s):
            for j in range(max(0, i - 4), min(len(stripped), i + 5)):
                near_furniture.add(j)
    seen_header: set[str] = set()
    header_idx = set()
    for i, s in enumerate(stripped):
        if not s:
            continue
        if _is_symbol_line(s) and (counts[s] > 1 or i in near_furniture):
            if s in seen_header or i > 5:
                header_idx.add(i)
            seen_header.add(s)
        elif counts[s] > 1 and i in near_furniture and len(s) >= 8 and not lex.verb_re.match(s) \
                and not _starts_block(s, lex) and not re.match(lex.patterns["segment"]["opener"], s):
            if s in seen_header:
                header_idx.add(i)
            seen_header.add(s)

    body: list[str] = []
    footnotes: list[tuple[str, list[str]]] = []
    removed = 0
    in_notes = False
    saw_header = False
    i = 0
    n = len(raw)
    while i < n:
        line, s = raw[i], stripped[i]
        i += 1
        if not s:
            body.append("") if not in_notes else None
            continue
        if SEPARATOR_RE.match(s):
            in_notes, saw_header = True, False
            removed += 1
            continue
        if is_furniture(s) or i - 1 in header_idx:
            removed += 1
            if in_notes and (i - 1 in header_idx or _is_symbol_line(s)):
                saw_header = True
            continue
        m = SUP_FOOTNOTE_RE.match(s)
        if m and m.group(2):
            footnotes.append((m.group(1).translate(SUP_TO_DIGIT), [m.group(2)]))
            # a footnote may wrap onto following lines until a blank line
            while i < n and stripped[i] and not SUP_FOOTNOTE_RE.match(stripped[i]):
                footnotes[-1][1].append(stripped[i])
                i += 1
            continue
        if in_notes:
            if saw_header:
                in_notes = False
            else:
                bm = BARE_NUMBER_RE.match(s)
                nm = NUM_FOOTNOTE_RE.match(s)
                if bm:
                    footnotes.append((bm.group(1), []))
                    continue
                if nm and lex.lang == "zh":
                    footnotes.append((nm.group(1), [nm.group(2)]))
                    continue
                if lex.lang == "en" or (footnotes and footnotes[-1][1] and not _ends(footnotes[-1][1][-1], lex)):
                    if not footnotes:
                        footnotes.append(("", []))
                    footnotes[-1][1].append(s)
                    continue
                in_notes = False
        body.append(line)
    blocks = _join(body, lex)
    if lex.lang == "en":
        blocks = _repair_split_words(blocks)
    text = "\n\n".join(blocks)
    notes: list[Footnote] = []
    for marker, parts in footnotes:
        content = _join_footnote(parts, lex)
        if not content:
            continue
        start = len(text) + 2
        text += "\n\n" + content
        notes.append(Footnote(marker, content, start, start + len(content)))
    return NormalisedText(src, text, notes, removed)


def _ends(line: str, lex: Lexicon) -> bool:
    return bool(line) and line[-1] in lex.p("normalise", "sentence_end", "。")


def _join_footnote(parts: list[str], lex: Lexicon) -> str:
    out = ""
    for p in parts:
        out = _glue(out, p.strip(), lex)
    return out


def _glue(prev: str, nxt: str, lex: Lexicon) -> str:
    if not prev:
        return nxt
    if lex.lang == "en":
        if prev.endswith("-") and not prev.endswith(" -"):
            return prev + nxt
        return prev + " " + nxt
    if prev[-1].isascii() and prev[-1].isalnum() and nxt[:1].isascii() and nxt[:1].isalnum():
        return prev + " " + nxt
    return prev + nxt


def _starts_block(s: str, lex: Lexicon) -> bool:
    seg = lex.patterns["segment"]
    for key in ("operative_number", "sub_paragraph", "section", "decision_number", "date_line", "annex",
                "resolution_title"):
        pat = seg.get(key)
        if pat and re.match(pat, s):
            return True
    return False


def _join(lines: list[str], lex: Lexicon) -> list[str]:
    """Join wrapped lines into blocks."""
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    widths = sorted(_width(s) for s in nonblank)
    wrap_width = widths[int(len(widths) * 0.9)] if widths else 0
    # a hard-wrapped text has many lines near its wrap width
    near = sum(1 for w in widths if w >= 0.85 * wrap_width) if wrap_width else 0
    hard_wrapped = bool(widths) and near >= 0.3 * len(widths) and wrap_width < 200
    sentence_end = lex.p("normalise", "sentence_end", "。")
    seg = lex.patterns["segment"]
    opener = re.compile(seg["opener"])
    preamble = re.compile(seg["preamble_opener"]) if seg.get("preamble_opener") else None
    number_only = re.compile(seg["operative_number"] + r"$")
    blocks: list[str] = []
    prev_raw = ""
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if not blocks:
            blocks.append(s)
            prev_raw = s
            continue
        prev = blocks[-1]
        prev_end = prev.rstrip(SUPERSCRIPT + " ")[-1:] or prev[-1]
        new = True
        if number_only.match(prev) or re.fullmatch(r"\d{1,3}\.", prev):
            new = False
        elif any(re.fullmatch(seg[k], prev) for k in ("decision_number", "date_line") if seg.get(k)):
            new = True
        elif _starts_block(s, lex) or opener.match(s) or opener.match(prev):
            new = True
        elif lex.lang == "en":
            if prev_end in sentence_end:
                new = True
            elif prev_end == "," and (preamble and preamble.match(s)):
                new = True
            else:
                new = False
        else:
            if prev_end in sentence_end:
                new = True
            elif prev_end in "，,":
                full = hard_wrapped and _width(prev_raw) >= 0.8 * wrap_width
                new = not full
            elif not hard_wrapped:
                # unwrapped text: a short line is a heading; a long one broke at a page end
                new = _width(prev_raw) < 80
            else:
                new = False
        if new:
            blocks.append(s)
        else:
            blocks[-1] = _glue(prev, s, lex)
        prev_raw = s
    return blocks


WORD_RE = re.compile(r"[A-Za-z]+")


def _repair_split_words(blocks: list[str]) -> list[str]:
    """Merge 'Wo rld' into 'World' when the merged word occurs in the text and a part does not."""
    vocab = Counter(w.lower() for b in blocks for w in WORD_RE.findall(b))
    pair_re = re.compile(r"\b([A-Za-z]{1,12}) ([a-z]{1,12})\b")

    def fix(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        joined = (a + b).lower()
        if vocab.get(joined, 0) >= 1 and (vocab.get(a.lower(), 0) <= 1 or vocab.get(b.lower(), 0) <= 1) \
                and not (a.lower() in COMMON and b.lower() in COMMON):
            return a + b
        return m.group(0)

    out = []
    for b in blocks:
        b = re.sub(r"(\w) -(\w)", r"\1-\2", b)
        b = pair_re.sub(fix, b)
        out.append(b)
    return out


COMMON = {"a", "an", "the", "to", "of", "in", "on", "and", "or", "at", "by", "as", "is", "be", "for", "with",
          "its", "it", "all", "any", "no", "not", "that", "this", "who", "are"}
