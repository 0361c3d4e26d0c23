"""Word documents (.docx): a handbook's text, or a question bank written in the plain-text form.

Both come out as lines: every paragraph and heading of the body, in order, one
per line (a manual line break inside a paragraph starts a new line); a table is
read row by row, each cell's paragraphs as lines, a merged cell once. Empty
paragraphs are left out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from drill.errors import InputError, Problem
from drill.i18n import _
from drill.reading import BankLines

#: A .docx bigger than this (uncompressed document XML) is refused before it is parsed.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def _refuse(path: Path, reason: str) -> InputError:
    return InputError(Problem(_("cannot read this Word document: {reason}").format(reason=reason), file=str(path)))


def _check_package(path: Path) -> None:
    """Refuse what is not a .docx, or would unpack to a huge document, before python-docx parses it."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
    except KeyError:
        raise _refuse(path, _("it has no word/document.xml (is it a .docx?)")) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, _("not a .docx (zip) file: {error}").format(error=exc)) from None
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise _refuse(path, _("its text is {size} MB unpacked (at most {limit} MB)").format(
            size=info.file_size // 2**20, limit=MAX_DOCUMENT_BYTES // 2**20))


def _paragraph_lines(text: str) -> Iterator[str]:
    for line in text.replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            yield line


def document_lines(path: Path) -> list[str]:
    """The body's paragraphs, headings and table cells as lines, in document order."""
    from docx import Document
    from docx.table import Table

    _check_package(path)
    try:
        document = Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                            continue
                        seen.add(id(cell._tc))
                        for paragraph in cell.paragraphs:
                            lines.extend(_paragraph_lines(paragraph.text))
            else:
                lines.extend(_paragraph_lines(block.text))
    except InputError:
        raise
    except Exception as exc:  # python-docx/lxml raise many kinds on a damaged package
        raise _refuse(path, f"{type(exc).__name__}: {exc}") from None
    return lines


class DocxReader:
    """Reads .docx handbooks and .docx question banks (the plain-text bank form)."""

    name = "docx"
    description = "Word documents: handbooks, and question banks in the text form (1. 题干 / A. … / 答案：)"
    suffixes = (".docx",)
    reads = frozenset({"bank", "handbook"})
    contract_version = "1.0"

    def read_bank(self, path: Path) -> BankLines:
        return BankLines(lines=document_lines(Path(path)))

    def read_handbook(self, path: Path) -> list[str]:
        return document_lines(Path(path))


reader = DocxReader()
