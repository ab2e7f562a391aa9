"""Stage 4: read citations, mandates (verbs and addressees), sessions and reporting obligations.

Every rule is driven by the lexicon (ontology labels + lexicon/<lang>.toml); nothing here
names a particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, cn_number, en_ordinal, lexicon, session_series
from .model import Action, Citation, DocumentPart, Extracted, Obligation, Paragraph, Segmented, SessionRef
from .symbols import SymbolError, can_issue, find_symbols, key_for, series_table

ISSUING = sorted({b for (b, _t) in series_table()})
QUOTES = {"“": "”", "《": "》", "\"": "\"", "「": "」"}


@dataclass
class Mention:
    start: int
    key: str
    label: str


class DocContext:
    """What a document has named so far: used for 该委员会, the Council, 执行局 …"""

    def __init__(self, doc: DocumentPart, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.mentions: list[Mention] = []

    def resolve(self, label: str, hidden: bool, default: str, pos: int) -> str:
        if not hidden:
            return default
        owners = self.lex.owners(label)
        head = label.split()[-1].lower() if self.lex.lang == "en" else label
        if self.doc.issuer in owners:
            return self.doc.issuer
        for m in reversed(self.mentions):
            if m.start < pos and m.label.lower().endswith(head.lower()) and m.label != label:
                return m.key
        return owners[0] if owners else default

    def note(self, start: int, key: str, label: str) -> None:
        self.mentions.append(Mention(start, key, label))


def _quoted_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    stack: list[str] = []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1]:
            stack.pop()
            mask[i] = True
            continue
        if ch in QUOTES and ch != "\"":
            stack.append(QUOTES[ch])
        mask[i] = bool(stack)
    return mask


# ---------------------------------------------------------------------- verbs
def _verb_regex(lex: Lexicon) -> re.Pattern:
    v = lex.p("verbs", "modifiers", [])
    o = lex.p("verbs", "clause_openers", [])
    mods = "|".join(re.escape(m) for m in sorted(v, key=len, reverse=True))
    opens = "|".join(re.escape(m) for m in sorted(o, key=len, reverse=True))
    bounds = re.escape(lex.p("verbs", "clause_boundaries", "，；"))
    if lex.lang == "en":
        return re.compile(
            rf"(?:^|[{bounds}]\s*|\s)(?:(?:{opens})\s+)?(?:(?:{mods})\s+)*(?P<verb>{lex.verb_alt})\b"
            rf"(?:\s+(?:{mods}))*", re.IGNORECASE)
    return re.compile(rf"(?:^|[{bounds}])\s*(?:{opens})?\s*(?:(?:{mods})\s*)*(?P<verb>{lex.verb_alt})")


_VERB_RE: dict[str, re.Pattern] = {}


def find_verbs(text: str, lex: Lexicon, lead_only_preamble: bool = False) -> list[tuple[int, int, str, bool]]:
    """(start, end, notation, is_lead) for every verb at a clause start in ``text``."""
    if lex.lang not in _VERB_RE:
        _VERB_RE[lex.lang] = _verb_regex(lex)
    rx = _VERB_RE[lex.lang]
    mask = _quoted_mask(text)
    out = []
    for m in rx.finditer(text):
        s, e = m.start("verb"), m.end("verb")
        if mask[s]:
            continue
        label = m.group("verb")
        if lex.lang == "en":
            lead = s < 3
            # mid-clause: only finite verb forms, only after a comma/semicolon or 'and'
            if not lead and (label[0].isupper() or label.lower().endswith("ing")
                             or label.lower() in ("concerned", "convinced", "mindful", "determined")):
                continue
            if not lead and not re.search(r"(?:[,;]\s*(?:and\s+)?|\band\s+)(?:\w+\s+){0,3}$", text[max(0, s - 40):s]):
                continue
        else:
            lead = s <= 2
        out.append((s, e, lex.verb_of(label), lead))
    for before, after, notation in lex.p("verbs", "split", []):
        for m in re.finditer(rf"(?:^|[，；])\s*并?{re.escape(before)}[^，；。]{{1,80}}?{re.escape(after)}", text):
            out.append((m.start(), m.end(), notation, m.start() == 0))
    out.sort()
    return out


# ---------------------------------------------------------------------- addressees
def parse_addressees(text: str, pos: int, lex: Lexicon, ctx: DocContext, offset: int) -> list[str]:
    skip = sorted(lex.p("addressees", "skip", []), key=len, reverse=True)
    conns = sorted(lex.p("addressees", "connectors", []), key=len, reverse=True)
    stops = sorted(lex.p("addressees", "stop", []), key=len, reverse=True)
    poss = lex.p("addressees", "possessive", [])
    en = lex.lang == "en"
    boundary = "，；。:;" if not en else ";:."
    out: list[str] = []
    p = pos
    budget = 120 if en else 70
    end_limit = min(len(text), pos + budget)

    def at(words: list[str], i: int) -> str:
        for w in words:
            if en:
                if re.match(rf"\s*{re.escape(w)}\b", text[i:], re.IGNORECASE):
                    return re.match(rf"\s*{re.escape(w)}\b", text[i:], re.IGNORECASE).group(0)
            elif text.startswith(w, i):
                return w
        return ""

    while p < end_limit:
        while p < len(text) and text[p] == " ":
            p += 1
        if p >= len(text) or text[p] in boundary:
            break
        m = lex.body_re.match(text, p)
        if m:
            labs = lex.body_candidates(m.group(0))
            explicit = [lab for lab in labs if not lab.hidden]
            lab = explicit[0] if explicit else labs[0]
            after = text[m.end():m.end() + 2]
            if poss and any(after.startswith(x) for x in poss):
                p = m.end()
                continue
            key = ctx.resolve(m.group(0), not explicit, lab.key, offset + p)
            if key not in out:
                out.append(key)
            p = m.end()
            # a comma after a body in English joins a list; in Chinese 、
            c = at(conns, p)
            if c:
                p += len(c)
                continue
            if en and text[p:p + 1] == ",":
                p += 1
                continue
            break
        ana = at(lex.p("addressees", "anaphora", []), p)
        if ana:
            key = _anaphor(text, p + len(ana), ctx, offset)
            if key:
                if key not in out:
                    out.append(key)
                p += len(ana)
                continue
        s = at(skip, p)
        if s:
            p += len(s)
            continue
        c = at(conns, p)
        if c:
            p += len(c)
            continue
        if at(stops, p):
            break
        # an unknown word: step over it
        if en:
            w = re.match(r"\S+\s*", text[p:])
            word = w.group(0) if w else " "
            if word.rstrip().endswith(","):
                p += len(word)
                continue
            p += len(word)
        else:
            p += 1
    return out


def _anaphor(text: str, p: int, ctx: DocContext, offset: int) -> str:
    """该办公室 → the last body named whose label ends with 办公室."""
    for m in reversed(ctx.mentions):
        if m.start >= offset + p:
            continue
        for k in range(min(6, len(m.label)), 1, -1):
            if text.startswith(m.label[-k:], p):
                return m.key
    return ""


# ---------------------------------------------------------------------- sessions
def _num(text: str, lang: str) -> int:
    return cn_number(text) if lang == "zh" else en_ordinal(text)


def find_sessions(text: str, lex: Lexicon, ctx: DocContext, default_body: str, start_year: int | None,
                  recurring: bool) -> list[tuple[int, SessionRef]]:
    """Sessions named in ``text``, resolved to keys (GA-80, UNW-EB-2025-AS, UNW-EB-AS)."""
    series = session_series()
    out: list[tuple[int, SessionRef]] = []
    flags = re.IGNORECASE if lex.lang == "en" else 0
    bodies = lex.find_bodies(text)
    before_words = lex.p("sessions", "before", [])

    def body_before(pos: int, kinds: tuple[str, ...]) -> str:
        cands = [b for b in bodies if b.end <= pos + 1]
        for b in reversed(cands):
            key = ctx.resolve(b.label, b.hidden, b.key, b.start)
            if key in series and series[key].numbering in kinds:
                return key
        if default_body in series and series[default_body].numbering in kinds:
            return default_body
        for m in reversed(ctx.mentions):
            if m.key in series and series[m.key].numbering in kinds:
                return m.key
        return ""

    def relation(end: int) -> str:
        tail = text[end:end + 8]
        if any(tail.lstrip().startswith(w) for w in before_words):
            return "before"
        return "at"

    for m in re.finditer(lex.p("sessions", "numbered"), text, flags):
        body = body_before(m.start(), ("numbered",))
        if not body:
            continue
        nums = [m.group("n")] + [x.group("n") for x in re.finditer(lex.p("sessions", "more_number"), m.group("more") or "", flags)]
        rel = relation(m.end())
        for n in nums:
            try:
                out.append((m.start(), SessionRef(f"{series[body].code}-{_num(n, lex.lang)}", body, rel)))
            except ValueError:
                continue
    types = lex.p("sessions", "types", {})
    for m in re.finditer(lex.p("sessions", "typed"), text, flags):
        body = body_before(m.start(), ("typed",))
        if not body:
            continue
        code = types[m.group("type").lower() if lex.lang == "en" else m.group("type")]
        year = m.group("year") or (str(start_year) if start_year else "")
        rel = relation(m.end())
        key = f"{series[body].code}-{year}-{code}" if year else f"{series[body].code}-{code}"
        if not year and not recurring:
            key = f"{series[body].code}-{code}"
        out.append((m.start(), SessionRef(key, body, rel)))
    for m in re.finditer(lex.p("sessions", "yearly"), text, flags):
        body = body_before(m.start(), ("yearly",))
        if body:
            out.append((m.start(), SessionRef(f"{series[body].code}-{m.group('year')}", body, relation(m.end()))))
    out.sort(key=lambda t: t[0])
    return out


# ---------------------------------------------------------------------- citations
def _issuer_for(number: str, doc_type: str, ctx_text: str, lex: Lexicon, ctx: DocContext) -> str:
    """Which body issued resolution/decision ``number`` named after ``ctx_text`` (the clause before it)."""
    own = lex.p("citations", "own", [])
    for b in reversed(lex.find_bodies(ctx_text)):
        key = ctx.resolve(b.label, b.hidden, b.key, 0)
        if key in ISSUING and can_issue(key, doc_type, number):
            return key
    tail = ctx_text[-12:]
    issuer = ctx.doc.issuer
    if any(w in tail for w in own) and can_issue(issuer, doc_type, number):
        return issuer
    if can_issue(issuer, doc_type, number):
        return issuer
    for cand in ("GA", "SC", "ECOSOC"):
        if can_issue(cand, doc_type, number):
            return cand
    return ""


def _clause_before(text: str, pos: int, lex: Lexicon) -> str:
    bounds = "；。;" if lex.lang == "zh" else ";."
    i = max(text.rfind(b, 0, pos) for b in bounds)
    start = max(i + 1, pos - 160)
    return text[start:pos]


def find_citations(text: str, lex: Lexicon, ctx: DocContext) -> list[tuple[int, int, str, str]]:
    """(start, end, key, mention) for each document reference in ``text``."""
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for s, e, sym in find_symbols(text):
        out.append((s, e, sym, text[s:e]))
        taken.append((s, e))
    item = lex.p("citations", "item")
    sep = lex.p("citations", "separator")
    res_w, dec_w = lex.p("citations", "resolution"), lex.p("citations", "decision")
    inside = lex.p("citations", "inside_publication", "")
    flags = re.IGNORECASE if lex.lang == "en" else 0
    item_nc = item.replace("(?P<num>", "(?:")
    if lex.lang == "zh":
        # a list of numbered items closed by 决议 / 决定
        lst = re.compile(rf"(?:{item_nc})(?:{sep}(?:[^、，；。]{{0,30}}?)?(?:{item_nc}))*\s*(?P<type>{res_w}|{dec_w})")
    else:
        lst = re.compile(rf"\b(?P<type>{res_w}|{dec_w})\s+(?:{item_nc})(?:{sep}(?:{item_nc}))*", flags)
    for m in lst.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        t = m.group("type").lower()
        doc_type = "resolution" if re.fullmatch(res_w, t, flags) else "decision"
        before = _clause_before(text, m.start(), lex)
        if inside and re.search(inside, before, flags):
            continue
        for it in re.finditer(item, m.group(0), flags):
            num = re.sub(r"\s+", "", it.group("num"))
            num = re.sub(r"^(\d+)[A-Z](\()", r"\1\2", num)
            s = m.start() + it.start("num")
            issuer = _issuer_for(num, doc_type, _clause_before(text, m.start(), lex) if lex.lang == "en" else text[max(0, m.start() - 160):m.start()], lex, ctx)
            if not issuer:
                continue
            try:
                key = key_for(issuer, doc_type, num)
            except SymbolError:
                continue
            out.append((s, m.start() + it.end("num"), key, it.group(0)))
    par = lex.p("citations", "parenthetical", "")
    if par:
        for m in re.finditer(par, text):
            doc_type = "resolution" if m.group("type") == res_w else "decision"
            before = text[max(0, m.start() - 60):m.start()]
            for num in re.findall(r"(?:19|20)\d\d/\d{1,3}", m.group("nums")):
                issuer = _issuer_for(num, doc_type, before, lex, ctx)
                if issuer:
                    out.append((m.start("nums"), m.end("nums"), key_for(issuer, doc_type, num), num))
    out.sort()
    return out


# ---------------------------------------------------------------------- obligations
def _pieces(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Split text[start:end] at commas; a piece opened by a continuation word joins the previous one."""
    cont = lex.p("reporting", "continuation", [])
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r"[，,；;]", text[start:end]):
        cut = start + m.start()
        pieces.append((pos, cut))
        pos = cut + 1
    pieces.append((pos, end))
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and any(text[a:b].lstrip().startswith(c) for c in cont):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _delivery(piece: str, lex: Lexicon) -> str:
    """The deliverable a piece asks for ('' if none)."""
    nouns = lex.p("reporting", "nouns", [])
    deliver = lex.p("reporting", "deliver", [])
    direct = lex.p("reporting", "direct", [])
    transmit = lex.p("reporting", "transmit", [])
    noun_alt = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    if lex.lang == "en":
        if re.search(rf"\bto (?:{'|'.join(transmit)})\b", piece):
            return "transmittal"
        m = re.search(rf"\bto (?:{'|'.join(deliver)})\b[^;]{{0,120}}?\b(?P<n>{noun_alt})\b", piece)
        if m:
            return m.group("n")
        m = re.search(rf"\b(?:and |to )(?:\w+ ){{0,2}}(?P<n>{'|'.join(direct)})(?:s)?\b(?:\s+\w+){{0,3}}\s+to the\b", piece)
        if m:
            return "report"
        m = re.search(r"\b(?:to|and) (?:report|brief)(?: back| periodically| regularly| annually)?\b", piece)
        if m:
            return "report"
        return ""
    if any(t in piece for t in transmit):
        return "transmittal"
    deliver_alt = "|".join(re.escape(d) for d in deliver)
    m = re.search(rf"(?:{deliver_alt})[^，；。]{{0,40}}?(?P<n>{noun_alt})", piece)
    if m:
        return m.group("n")
    m = re.search(rf"(?P<n>{noun_alt})[^；。]{{0,12}}?(?:提交|提出)", piece)
    if m:
        return m.group("n")
    direct_alt = "|".join(re.escape(d) for d in direct)
    if re.search(rf"向[^，；。]{{1,40}}?(?:{direct_alt})(?!机制|范围|中)", piece):
        return "report"
    after = "|".join(re.escape(a) for a in lex.p("reporting", "verb_report_after", []))
    not_after = "|".join(re.escape(a) for a in lex.p("reporting", "not_after_report", []))
    if after and re.search(rf"(?:{after})报告(?!{not_after})", piece):
        return "report"
    return ""


def _recipient(piece: str, lex: Lexicon, ctx: DocContext, offset: int) -> str:
    if lex.lang == "en":
        for m in re.finditer(r"\bto (?=(?:the |its |all )?[A-Z]|the )", piece):
            b = lex.body_re.match(piece, m.end())
            if b:
                labs = lex.body_candidates(b.group(0))
                explicit = [x for x in labs if not x.hidden]
                return ctx.resolve(b.group(0), not explicit, (explicit or labs)[0].key, offset + m.end())
        return ""
    markers = sorted(lex.p("reporting", "recipient_markers", []), key=len, reverse=True)
    for mk in markers:
        for m in re.finditer(re.escape(mk), piece):
            p = m.end()
            while p < len(piece) and piece[p] in " 各所有参与":
                p += 1
            b = lex.body_re.match(piece, p)
            if b:
                labs = lex.body_candidates(b.group(0))
                explicit = [x for x in labs if not x.hidden]
                return ctx.resolve(b.group(0), not explicit, (explicit or labs)[0].key, offset + p)
    return ""


def _recurrence(text: str, lex: Lexicon) -> str:
    rec = lex.patterns.get("recurrence", {})
    low = text.lower() if lex.lang == "en" else text
    for name in ("each-session", "biennial", "annual", "periodic"):
        if any(w in low for w in rec.get(name, [])):
            return name
    return "once"


def _start_year(text: str, lex: Lexicon) -> int | None:
    m = re.search(lex.p("sessions", "start_year"), text, re.IGNORECASE if lex.lang == "en" else 0)
    return int(m.group("year")) if m else None


def obligations_of_action(action: Action, para: Paragraph, text: str, rel_start: int, rel_end: int, lex: Lexicon,
                          ctx: DocContext, paragraph_index: int, imposed_by: str, stated_in: str,
                          obligor_override: str = "") -> list[Obligation]:
    if not action.force:
        return []
    out: list[Obligation] = []
    rest = text[rel_start:]
    recurrence = _recurrence(rest, lex)
    start_year = _start_year(rest, lex)
    for a, b in _pieces(text, rel_start, rel_end, lex):
        piece = text[a:b]
        what = _delivery(piece, lex)
        if not what:
            continue
        if action.force == "decide" and what != "transmittal":
            continue
        obligor = obligor_override or (action.addressees[0] if action.addressees else "")
        if what == "transmittal" and not action.addressees:
            obligor = ctx.doc.issuer
        if not obligor:
            continue
        sessions = [s for _, s in find_sessions(piece, lex, ctx, ctx.doc.issuer, start_year, recurrence != "once")]
        recipient = _recipient(piece, lex, ctx, para.start + a)
        if not recipient and sessions:
            recipient = sessions[0].body
        if not recipient:
            recipient = ctx.doc.issuer if imposed_by == ctx.doc.key else ""
        if not sessions and recurrence != "once":
            # 并将此作为一个经常性项目列入年度会议: the session of a recurring item follows
            sessions = [s for _, s in find_sessions(text[b:], lex, ctx, ctx.doc.issuer, start_year, True)]
        if lex.lang == "en" and not sessions:
            sessions = [s for _, s in find_sessions(piece, lex, ctx, recipient, start_year, recurrence != "once")]
        out.append(Obligation(
            document=imposed_by, paragraph=paragraph_index, paragraph_number=para.number if imposed_by == stated_in else "",
            obligor=obligor, recipient=recipient, force=action.force, recurrence=recurrence,
            sessions=_dedupe(sessions), subject=piece.strip(" ，,"), deliverable=what, stated_in=stated_in,
            start=para.start + a, end=para.start + b, language=lex.lang))
    merged: dict[tuple[str, str], Obligation] = {}
    for o in out:
        k = (o.obligor, o.recipient)
        if k in merged:
            merged[k].sessions = _dedupe(merged[k].sessions + o.sessions)
            merged[k].subject += "；" + o.subject if lex.lang == "zh" else "; " + o.subject
        else:
            merged[k] = o
    return list(merged.values())


def _dedupe(sessions: list[SessionRef]) -> list[SessionRef]:
    seen, out = set(), []
    for s in sessions:
        if s.key not in seen:
            seen.add(s.key)
            out.append(s)
    return out


# ---------------------------------------------------------------------- driver
def _strip_number(text: str, lex: Lexicon) -> int:
    m = re.match(lex.patterns["segment"]["operative_number"], text) or re.match(lex.patterns["segment"]["sub_paragraph"], text)
    n = m.end() if m else 0
    while n < len(text) and text[n] in " —–-":
        n += 1
    return n


def _takes_note(rest: str, lex: Lexicon) -> bool:
    pat = lex.p("verbs", "takes_note_object", "")
    if not pat:
        return False
    first = re.split(r"[；。]", rest, maxsplit=1)[0]
    return bool(re.search(pat, first + "；"))


def extract(seg: Segmented) -> Extracted:
    lang = seg.normalised.source.language
    lex = lexicon(lang)
    ex = Extracted(seg)
    restated_source = ""
    for doc in seg.documents:
        ctx = DocContext(doc, lex)
        chapeau: dict[str, list[Action]] = {}
        for idx, para in enumerate(doc.paragraphs):
            text = para.text
            for b in lex.find_bodies(text):
                if not b.hidden:
                    ctx.note(para.start + b.start, b.key, b.label)
            # ---- verbs
            body_at = _strip_number(text, lex)
            verbs = find_verbs(text[body_at:], lex) if para.kind != "footnote" else []
            verbs = [(s + body_at, e + body_at, n, lead) for s, e, n, lead in verbs]
            if para.kind in ("preambular", "heading", "narrative") and lang == "en":
                verbs = [v for v in verbs if v[3]] + [v for v in verbs if not v[3] and para.kind != "preambular"]
            # ---- citations
            for s, e, key, mention in find_citations(text, lex, ctx):
                if key == doc.key:
                    continue
                rel = "cites"
                if para.kind != "footnote":
                    prior = [v for v in verbs if v[0] <= s]
                    if prior and prior[-1][2] in ("recalls", "reaffirms"):
                        rel = prior[-1][2]
                ex.citations.append(Citation(doc.key, key, rel, mention, idx, para.start + s, para.start + e))
            # ---- mandates (operative paragraphs of resolutions and decisions)
            if para.kind in ("operative", "sub"):
                acts: list[Action] = []
                kept = [v for v in verbs if v[3] or lex.verbs[v[2]].mid_clause or lang == "en"]
                for i, (s, e, notation, lead) in enumerate(kept):
                    if notation == "notes" and lang == "zh" and lead and _takes_note(text[e:], lex):
                        notation = "takes-note"
                    info = lex.verbs.get(notation)
                    force = info.force if info else ""
                    end = kept[i + 1][0] if i + 1 < len(kept) else len(text)
                    addressees: list[str] = []
                    if force or notation in ("commends", "recommends"):
                        addressees = parse_addressees(text, e, lex, ctx, para.start)
                    acts.append(Action(doc.key, idx, notation, force, addressees, para.start + s, para.start + end, i))
                if para.kind == "sub" and not acts and para.parent in chapeau:
                    # a sub-paragraph continues its chapeau's action
                    for a in chapeau[para.parent]:
                        acts.append(Action(doc.key, idx, a.verb, a.force, list(a.addressees), para.start, para.end, 0))
                    inherited = True
                else:
                    inherited = False
                if para.kind == "operative":
                    chapeau[para.number] = acts
                if not inherited:
                    ex.actions.extend(acts)
                for a in acts:
                    rs, re_ = a.start - para.start, a.end - para.start
                    ex.obligations.extend(obligations_of_action(a, para, text, rs, re_, lex, ctx, idx, doc.key, doc.key))
            # ---- restated obligations in narrative text (该决议请秘书长 …)
            if para.kind == "narrative" and doc.doc_type in ("report", "note", "other"):
                cites = [c for c in ex.citations if c.citing == doc.key and c.cited.split("/")[1:2] in (["RES"], ["DEC"])]
                subj = lex.p("restatement", "subject", "")
                for s, e, notation, _lead in find_verbs_anywhere(text, lex):
                    info = lex.verbs.get(notation)
                    if not info or info.force not in ("request",):
                        continue
                    sent_start = max(text.rfind(x, 0, s) for x in "。.") + 1
                    before = text[sent_start:s]
                    if not re.search(subj, before):
                        continue
                    prior = [c for c in cites if c.start < para.start + s]
                    if not prior:
                        continue
                    source = prior[-1].cited
                    addressees = parse_addressees(text, e, lex, ctx, para.start)
                    stop = text.find("。", e)
                    stop = len(text) if stop < 0 else stop
                    act = Action(source, idx, notation, info.force, addressees, para.start + s, para.start + stop)
                    obs = obligations_of_action(act, para, text, s, stop, lex, ctx, idx, source, doc.key)
                    ex.obligations.extend(obs)
                    restated_source = source if obs else restated_source
                for pat in lex.p("restatement", "fulfils", []):
                    if re.search(pat, text) and restated_source:
                        ex.fulfils.append((doc.key, restated_source, idx))
                        ex.citations.append(Citation(doc.key, restated_source, "fulfils", re.search(pat, text).group(0),
                                                     idx, para.start, para.end))
                        break
    return ex


def find_verbs_anywhere(text: str, lex: Lexicon) -> list[tuple[int, int, str, bool]]:
    """Verbs anywhere (for narrative restatements: 该决议请秘书长 …)."""
    out = []
    for m in lex.verb_re.finditer(text):
        out.append((m.start(), m.end(), lex.verb_of(m.group(0)), False))
    return out
