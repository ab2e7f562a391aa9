"""Stage 1: read an input file into a :class:`SourceText`, refusing bad input with one clear line."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .model import SourceText

MAX_BYTES = 50 * 1024 * 1024
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
LATIN_RE = re.compile(r"[A-Za-z]")


class InputError(Exception):
    """A user's input is unusable; the message is one line naming the file."""


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs outnumber a fifth of the Latin letters, else 'en'."""
    sample = text[:20000]
    cjk = len(CJK_RE.findall(sample))
    latin = len(LATIN_RE.findall(sample))
    return "zh" if cjk * 5 > latin else "en"


def input_fingerprint(name: str, sha256: str, *, symbol: str = "", language: str = "",
                      meta: dict[str, str] | None = None) -> str:
    """What decides a file's triples from outside the code: its bytes (by hash), its name and
    what the build was told about it (manifest fields, a forced language)."""
    desc = json.dumps([name, sha256, symbol, language, sorted((meta or {}).items())], ensure_ascii=False)
    return hashlib.sha256(desc.encode("utf-8")).hexdigest()


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load(path: str | Path, *, symbol: str = "", language: str = "", meta: dict[str, str] | None = None,
         max_bytes: int = MAX_BYTES) -> SourceText:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    size = p.stat().st_size
    if size == 0:
        raise InputError(f"{p}: file is empty")
    if size > max_bytes:
        raise InputError(f"{p}: file is too large ({size:,} bytes; the limit is {max_bytes:,})")
    data = p.read_bytes()
    if b"\x00" in data[:65536]:
        raise InputError(f"{p}: binary file (NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        what = "truncated UTF-8 sequence at the end" if exc.start >= len(data) - 3 else f"invalid UTF-8 at byte {exc.start}"
        raise InputError(f"{p}: not UTF-8 text ({what})") from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(f"{p}: binary file (control characters), expected UTF-8 text")
    if not text.strip():
        raise InputError(f"{p}: file holds only white space")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lang = language or detect_language(text)
    digest = hashlib.sha256(data).hexdigest()
    return SourceText(path=str(p), name=p.name, text=text, language=lang, sha256=digest, symbol=symbol,
                      meta=dict(meta or {}),
                      fingerprint=input_fingerprint(p.name, digest, symbol=symbol, language=language, meta=meta))
