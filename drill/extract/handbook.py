"""Reading a handbook's text: the formats the core reads itself, and the hand-off to reader plugins.

Plain text (UTF-8, GB18030, UTF-16) and Markdown are read here. Any other
suffix (.docx, .pdf …) goes to a reader plugin of the group ``drill.readers``
that says it reads handbooks, so heavy document libraries stay out of the core.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..i18n import _

#: suffixes the core reads without a plugin
CORE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
#: a handbook larger than this is refused before it is read (a 340-page handbook is about 1 MB of text)
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Handbook:
    """One handbook as lines of text, with the name its facts cite."""

    path: Path
    #: the name a fact's ``source`` cites (the file name, not the full path: a draft moves between machines)
    name: str
    lines: tuple[str, ...]
    #: how the text was decoded (utf-8, gb18030, utf-16 …) or which reader plugin read it
    read_as: str


def read_handbook(path: str | os.PathLike[str]) -> Handbook:
    """Read ``path`` into lines; a file drill cannot read raises :class:`InputError` naming it."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in CORE_SUFFIXES:
        raw = _read_bytes(p)
        text, encoding = decode_text(raw, str(p))
        lines = text.splitlines()
        if suffix in {".md", ".markdown"}:
            lines = [markdown_line(line) for line in lines]
        return Handbook(p, p.name, tuple(lines), encoding)
    return _read_with_plugin(p)


def _read_bytes(p: Path) -> bytes:
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(Problem(_("the handbook is larger than {n} MB").format(n=MAX_BYTES // 2**20),
                                     file=str(p), code="too-large"))
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=str(p), code="not-found")) from None
    except IsADirectoryError:
        raise InputError(Problem(_("is a folder, not a handbook file"), file=str(p), code="not-a-file")) from None
    except OSError as exc:
        raise InputError(Problem(_("cannot be read: {reason}").format(reason=exc.strerror or exc),
                                 file=str(p), code="unreadable")) from None


def decode_text(raw: bytes, file: str) -> tuple[str, str]:
    """Decode a plain-text handbook: a BOM wins, then UTF-16 by its zero bytes, UTF-8, GB18030.

    Undecodable bytes raise :class:`InputError` with the line they stand on.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _decode(raw, encoding, file), encoding.removesuffix("-sig")
    sample = raw[:4096]
    if len(sample) >= 4:
        # UTF-16 without a BOM: ASCII and CJK both put a zero byte in one of each pair often enough
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 8 and even == 0:
            return _decode(raw, "utf-16-le", file), "utf-16-le"
        if even > len(sample) // 8 and odd == 0:
            return _decode(raw, "utf-16-be", file), "utf-16-be"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(raw) % 2 == 0:
        # Chinese in UTF-16 without a BOM has few zero bytes; its line breaks and its letters give it away
        for encoding, newline in (("utf-16-le", b"\n\x00"), ("utf-16-be", b"\x00\n")):
            if _plausible_utf16(raw, encoding, newline):
                return _decode(raw, encoding, file), encoding
    return _decode(raw, "gb18030", file), "gb18030"


def _plausible_utf16(raw: bytes, encoding: str, newline: bytes) -> bool:
    try:
        text = raw[:8192].decode(encoding, errors="strict")
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    usual = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                or "\uff00" <= ch <= "\uffef" or ch.isascii() and (ch.isprintable() or ch in "\r\n\t"))
    return usual >= 0.95 * len(text) and (newline in raw or len(text) < 200)


def _decode(raw: bytes, encoding: str, file: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1 if "16" not in encoding else None
        raise InputError(Problem(
            _("not text in UTF-8, GB18030 or UTF-16 (byte {offset} cannot be decoded as {encoding})").format(
                offset=exc.start, encoding=encoding), file=file, line=line, code="encoding")) from None


def markdown_line(line: str) -> str:
    """A Markdown line as the handbook's text: emphasis marks dropped.

    List markers stay (``1.``, ``-``): they are how an enumeration is told apart.
    """
    # the ``#`` marks stay: they give the heading its level (and normalise away when facts are checked)
    if line.strip().startswith("<!--") and line.strip().endswith("-->"):
        return ""  # a comment is not the handbook's text
    return line.replace("**", "").replace("__", "")


def _read_with_plugin(p: Path) -> Handbook:
    if not p.exists():
        raise InputError(Problem(_("no such file"), file=str(p), code="not-found"))
    from ..errors import NotFoundError
    from ..plugins import PLUGIN_FAILURES, find_reader

    try:
        reader = find_reader(p, reads="handbook")
    except NotFoundError as exc:
        raise InputError(Problem(_("drill reads .txt and .md handbooks itself; {reason}").format(reason=exc),
                                 file=str(p), code="unsupported-format")) from None
    try:
        lines = list(reader.read_handbook(p))
    except InputError:
        raise
    except PLUGIN_FAILURES as exc:  # a reader that breaks its contract is named, never a traceback
        raise InputError(Problem(_("the {name} reader failed: {error}").format(
            name=reader.name, error=f"{type(exc).__name__}: {exc}"), file=str(p), code="reader")) from None
    return Handbook(p, p.name, tuple(lines), f"reader:{reader.name}")
