"""Reading a table a trainer saved (answer sheets, rosters): CSV in any common encoding, or .xlsx.

Excel in China saves "CSV" as GB18030/GBK, "CSV UTF-8" with a byte-order mark
and "Unicode text" as tab-separated UTF-16; all of them, and ``.xlsx``
workbooks (first sheet, read by :mod:`drill.workbook`: each cell as the text
Excel shows), come back as the same rows of strings. Damage is an :class:`~drill.errors.InputError` naming the row and
column (rows and columns counted as a spreadsheet shows them, from 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..i18n import _

#: Largest cell accepted, in UTF-8 bytes. Excel itself stops at 32,767 characters.
MAX_CELL_BYTES = 128 * 1024

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: physical lines as the csv module reads them (\r\n, \r or \n ends a line)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class Sheet:
    """A table as rows of strings; ``rows[0]`` is spreadsheet row 1 (the header)."""

    path: str
    #: every row (a tuple) from :func:`read_sheet`; a one-pass iterator from :func:`stream_sheet`
    rows: Iterable[tuple[str, ...]]
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16", "xlsx"
    ragged: bool  # True for CSV/text: a row shorter than the header is damage, not blank cells

    def problem(self, message: str, row: int | None = None, column: int | None = None) -> Problem:
        return Problem(message, file=self.path, line=row, column=column)


def column_name(column: int) -> str:
    """Spreadsheet column letters: 1 → A, 27 → AA."""
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_name(row: int, column: int) -> str:
    """``C5``: how a trainer finds the cell in Excel or WPS."""
    return f"{column_name(column)}{row}"


def read_sheet(path: str | os.PathLike[str]) -> Sheet:
    """Read a CSV/text table or an .xlsx workbook's first sheet; raise InputError on damage."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=name, code="not-found")) from None
    except OSError as exc:
        raise InputError(Problem(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=name,
                                 code="io")) from None
    if Path(name).suffix.lower() == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(Problem(_("an old Excel .xls workbook; save it as .xlsx or as CSV"), file=name, line=1))
    if Path(name).suffix.lower() in XLSX_SUFFIXES or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(name, data)
    text, encoding = decode_text(data, name)
    return _read_csv(name, text, encoding)


def stream_sheet(path: str | os.PathLike[str]) -> Sheet:
    """Like :func:`read_sheet`, but ``rows`` is read as it is iterated: memory stays flat however long the sheet.

    The encoding is settled first (a pass over the bytes that keeps nothing);
    damage raises :class:`InputError` while iterating, at the row where it is.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=name, code="not-found")) from None
    except OSError as exc:
        raise InputError(Problem(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=name,
                                 code="io")) from None
    if Path(name).suffix.lower() == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(Problem(_("an old Excel .xls workbook; save it as .xlsx or as CSV"), file=name, line=1))
    if Path(name).suffix.lower() in XLSX_SUFFIXES or head.startswith(b"PK\x03\x04"):
        return Sheet(name, _xlsx_rows(name), "xlsx", ragged=False)
    encoding, shown = _stream_encoding(name, head)
    if encoding is None:  # not one of the encodings: read it whole for the located message
        text, shown = decode_text(Path(name).read_bytes(), name)
        return Sheet(name, iter(_read_csv(name, text, shown).rows), shown, ragged=True)
    return Sheet(name, _csv_rows(name, encoding), shown, ragged=True)


def _stream_encoding(name: str, head: bytes) -> tuple[str | None, str]:
    """(Python codec, name shown) of a text file, checked over the whole file without keeping it."""
    if head.startswith(codecs.BOM_UTF8):
        return ("utf-8-sig" if _decodes(name, "utf-8") else None), "UTF-8 (BOM)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            len(head) >= 4 and ((head[1] == 0 and head[3] == 0) or (head[0] == 0 and head[2] == 0))):
        return None, "UTF-16"  # rare: read whole, as before
    if _decodes(name, "utf-8"):
        return "utf-8", "UTF-8"
    if _decodes(name, "gb18030"):
        return "gb18030", "GB18030"
    return None, ""


def _decodes(name: str, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(name, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(name: str, encoding: str) -> Iterator[tuple[str, ...]]:
    with open(name, encoding=encoding, newline="") as fh:
        first = fh.readline()
        delimiter = _delimiter(first)
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        consumed = 0
        record = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_damage(name, encoding, delimiter, consumed, record + 1, exc) from None
            record += 1
            consumed = reader.line_num
            # checked on the whole row first (two C-level passes); cell by cell only when one may be bad
            if row and (max(map(len, row)) * 4 > MAX_CELL_BYTES or "\x00" in "".join(row)):
                _check_cells(name, record, row)
            yield tuple(row)


def _check_cells(name: str, record: int, row: Sequence[str]) -> None:
    """Refuse a NUL byte or a cell over :data:`MAX_CELL_BYTES`, naming its cell."""
    for c, cell in enumerate(row, start=1):
        if "\x00" in cell:
            raise InputError(Problem(_("NUL byte in a text file; is it a spreadsheet saved in another format?"),
                                     file=name, line=record, column=c, code="encoding"))
        if len(cell) * 4 > MAX_CELL_BYTES and len(cell.encode("utf-8")) > MAX_CELL_BYTES:
            raise InputError(Problem(_("cell {cell} is larger than {size} KB").format(
                cell=cell_name(record, c), size=MAX_CELL_BYTES // 1024), file=name, line=record, column=c))


def _csv_damage(name: str, encoding: str, delimiter: str, consumed: int, record: int, exc: csv.Error) -> InputError:
    """The located problem of a damaged CSV record (read again from its first line: the error path only)."""
    with open(name, encoding=encoding, newline="") as fh:
        for _skip in range(consumed):
            fh.readline()
        raw = fh.read(4 * MAX_CELL_BYTES + 65536)
    column, what = _scan_record(raw, delimiter)
    return InputError(Problem(f"{what or exc}", file=name, line=record, column=column))


def _xlsx_rows(name: str) -> Iterator[tuple[str, ...]]:
    from ..workbook import open_workbook

    with open_workbook(name) as book:
        at = 0
        for number, cells in book.rows(0):
            while at < number - 1:
                at += 1
                yield ()  # empty rows keep their place: row numbers stay the spreadsheet's
            at = number
            yield tuple(cells)
        if book.problems:
            raise InputError(book.problems)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text of a file saved by Excel, WPS or an editor: UTF-8 (BOM or not), UTF-16 (BOM), GB18030/GBK."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", name), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", name), "UTF-16"
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] and data[2]:
        return _decode(data, "utf-16-le", name), "UTF-16"
    if len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] and data[3]:
        return _decode(data, "utf-16-be", name), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # GB18030 is the superset of GBK and GB2312 that Excel and WPS in China save "CSV" in
    return _decode(data, "gb18030", name), "GB18030"


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(Problem(
            _("cannot read the text as UTF-8, GB18030/GBK or UTF-16 (byte {byte}); "
              "save it from Excel as \"CSV UTF-8\" or as .xlsx").format(byte=exc.start),
            file=name, line=line, code="encoding",
        )) from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def _scan_record(raw: str, delimiter: str) -> tuple[int, str]:
    """Locate CSV damage in one record's raw text: (1-based column, what is wrong)."""
    column, in_quotes, at_start, opened, size = 1, False, True, 0, 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if in_quotes:
            if ch == '"':
                if raw[i + 1 : i + 2] == '"':
                    size += 1
                    i += 2
                    continue
                in_quotes = False
                following = raw[i + 1 : i + 2]
                if following and following not in (delimiter, "\r", "\n"):
                    return column, _("text after a closing quote (a quote inside a quoted cell must be doubled: \"\")")
            else:
                size += len(ch.encode("utf-8"))
                if size > MAX_CELL_BYTES:
                    return column, _("cell larger than {size} KB").format(size=MAX_CELL_BYTES // 1024)
        elif ch == '"' and at_start:
            in_quotes, opened = True, column
        elif ch == delimiter:
            column, at_start, size = column + 1, True, 0
            i += 1
            continue
        elif ch in "\r\n":
            break
        else:
            size += len(ch.encode("utf-8"))
            if size > MAX_CELL_BYTES:
                return column, _("cell larger than {size} KB").format(size=MAX_CELL_BYTES // 1024)
        at_start = False
        i += 1
    if in_quotes:
        return opened, _("quote opened here is never closed")
    return column, ""


def _read_csv(name: str, text: str, encoding: str) -> Sheet:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(Problem(_("NUL byte in a text file; is it a spreadsheet saved in another format?"),
                                 file=name, line=line, code="encoding"))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = _LINES.findall(text)
    rows: list[tuple[str, ...]] = []
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raw = "".join(lines[consumed:])
            column, what = _scan_record(raw, delimiter)
            raise InputError(Problem(f"{what or exc}", file=name, line=len(rows) + 1, column=column)) from None
        consumed = reader.line_num
        rows.append(tuple(row))
    sheet = Sheet(name, tuple(rows), encoding, ragged=True)
    _check_cell_sizes(sheet)
    return sheet


def _read_xlsx(name: str, data: bytes) -> Sheet:
    """The first sheet, each cell as the text Excel shows (``7:30`` stays 7:30), read by :mod:`drill.workbook`.

    A formula with no calculated value is refused with its cell (it would read blank and score 0).
    """
    from ..workbook import open_workbook

    rows: list[tuple[str, ...]] = []
    with open_workbook(io.BytesIO(data), name) as book:
        for number, cells in book.rows(0):
            while len(rows) < number - 1:
                rows.append(())  # empty rows keep their place: row numbers stay the spreadsheet's
            rows.append(tuple(cells))
        if book.problems:
            raise InputError(book.problems)
    sheet = Sheet(name, tuple(rows), "xlsx", ragged=False)
    _check_cell_sizes(sheet)
    return sheet


def _check_cell_sizes(sheet: Sheet) -> None:
    problems = [
        sheet.problem(_("cell {cell} is larger than {size} KB").format(
            cell=cell_name(r, c), size=MAX_CELL_BYTES // 1024), r, c)
        for r, row in enumerate(sheet.rows, start=1)
        for c, cell in enumerate(row, start=1)
        if len(cell) * 4 > MAX_CELL_BYTES and len(cell.encode("utf-8")) > MAX_CELL_BYTES
    ]
    if problems:
        raise InputError(problems)


def is_blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)
