"""Reading an .xlsx workbook as the text its cells show: streaming, and safe on hostile files.

Answer sheets and question banks come from trainers' spreadsheets, and some
from outside the training centre, so the reader trusts nothing in the file:

* the XML is parsed with :mod:`defusedxml` (no DTD, no entities: XXE and
  "billion laughs" are refused), one row at a time with each row dropped once
  read, so memory stays flat however many rows there are;
* every part is read through a byte budget (a zip bomb is cut off at the
  budget, whatever sizes the zip claims), a cell over :data:`MAX_CELL_CHARS`,
  a column past XFD, a row past 1,048,576, a shared-string index that is
  negative, not a number or past the table are damage — never a wrap-around;
* every damage is an :class:`~drill.errors.InputError` naming the file, the
  sheet and the cell.

A cell reads as what Excel shows: a time typed as ``7:30`` (stored as the
number 0.3125 with the format ``h:mm``) reads ``7:30``, a date ``2024/3/5`` or
``2024年3月5日`` as displayed, a number with its format's decimals. A formula
cell reads as its cached result; one with no cached result (a workbook written
by a program that never calculated it) is reported with its cell in
:attr:`Workbook.problems` and reads as empty — the caller refuses the file.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from .errors import InputError, Problem
from .i18n import _

#: Excel's own limits; a cell reference beyond them is damage.
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
#: Largest cell text accepted (Excel itself stops at 32,767 characters).
MAX_CELL_CHARS = 32_767
#: Byte budget of one worksheet's XML, unpacked (a full 1,048,576-row answer sheet is well inside).
MAX_SHEET_BYTES = 2 * 1024**3
#: Byte budget of the shared-string table and of the small parts (workbook, styles, relationships).
MAX_STRINGS_BYTES = 256 * 1024**2
MAX_SMALL_PART_BYTES = 16 * 1024**2
#: Shared strings kept in memory at most (Excel's limit is about 2**31, no answer sheet comes near).
MAX_SHARED_STRINGS = 4_000_000

_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_M = "{" + _NS["main"] + "}"
_REF = re.compile(r"([A-Za-z]{1,10})(\d{1,10})\Z")


def column_letters(column: int) -> str:
    """1 → A, 27 → AA."""
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def column_number(letters: str) -> int:
    """A → 1, AA → 27 (no upper bound checked here)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _Budget:
    """A zip member's stream that stops with an error past ``limit`` bytes, whatever the zip claims."""

    def __init__(self, raw: IO[bytes], limit: int, on_over: Any):
        self.raw, self.left, self.on_over = raw, limit, on_over

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 16
        data = self.raw.read(min(size, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise self.on_over()
        return data


@dataclass
class Workbook:
    """An open .xlsx workbook (use as a context manager, or call :meth:`close`)."""

    path: str
    sheets: list[str]
    problems: list[Problem] = field(default_factory=list)  # cells refused while reading rows
    merged: dict[str, list[str]] = field(default_factory=dict)  # sheet → merged ranges, once its rows were read
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)
    _targets: dict[str, str] = field(default_factory=dict, repr=False)
    _strings: list[str] | None = field(default=None, repr=False)
    _formats: list[str] = field(default_factory=list, repr=False)
    _date1904: bool = False

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    # -- damage ----------------------------------------------------------------------------------------

    def damage(self, message: str, sheet: str | None = None, row: int | None = None,
               column: int | None = None) -> InputError:
        """An InputError for this workbook, located by sheet and cell when known."""
        where = ""
        if sheet is not None and row is not None and column is not None:
            where = f"{sheet}!{column_letters(column)}{row}: "
        elif sheet is not None and row is not None:
            where = _("{sheet} row {row}: ").format(sheet=sheet, row=row)
        elif sheet is not None:
            where = f"{sheet}: "
        return InputError(Problem(_("damaged workbook: {where}{reason}").format(where=where, reason=message),
                                  file=self.path, line=row, column=column, code="damaged"))

    def _open_part(self, name: str, limit: int, sheet: str | None = None) -> _Budget:
        assert self._zip is not None
        try:
            raw = self._zip.open(name)
        except KeyError:
            raise self.damage(_("part {part} is missing").format(part=name), sheet) from None
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise self.damage(_("part {part} cannot be read: {error}").format(part=name, error=exc), sheet) from None
        over = lambda: self.damage(_("part {part} unpacks to more than {mb} MB").format(  # noqa: E731
            part=name, mb=limit // 1024**2), sheet)
        return _Budget(raw, limit, over)

    def _events(self, name: str, limit: int, sheet: str | None = None,
                events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
        """defusedxml's iterparse over one part, every failure turned into located damage."""
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import iterparse

        stream = self._open_part(name, limit, sheet)
        try:
            yield from iterparse(stream, events=events, forbid_dtd=True)
        except ParseError as exc:
            line, col = getattr(exc, "position", (None, None))
            raise self.damage(_("{part} is not well-formed XML (line {line}, column {column}): {error}").format(
                part=name, line=line, column=col, error=_xml_reason(exc)), sheet) from None
        except DefusedXmlException as exc:
            raise self.damage(_("{part} declares a DTD or entities, which a workbook never needs: {error}").format(
                part=name, error=type(exc).__name__), sheet) from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise self.damage(_("part {part} cannot be read: {error}").format(part=name, error=exc), sheet) from None

    # -- structure ------------------------------------------------------------------------------------

    def _load_structure(self) -> None:
        rels: dict[str, str] = {}
        for _event, el in self._events("xl/_rels/workbook.xml.rels", MAX_SMALL_PART_BYTES):
            if el.tag == "{%s}Relationship" % _NS["pkg"]:
                target = el.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
                rels[el.get("Id") or ""] = _normal(path)
        for _event, el in self._events("xl/workbook.xml", MAX_SMALL_PART_BYTES):
            if el.tag == _M + "sheet":
                name = el.get("name") or f"Sheet{len(self.sheets) + 1}"
                rid = el.get("{%s}id" % _NS["rel"]) or ""
                if rid not in rels:
                    raise self.damage(_("sheet {sheet} has no part (relationship {rid})").format(
                        sheet=name, rid=rid))
                self.sheets.append(name)
                self._targets[name] = rels[rid]
            elif el.tag == _M + "workbookPr":
                self._date1904 = el.get("date1904") in ("1", "true")
        if not self.sheets:
            raise InputError(Problem(_("the workbook has no sheet"), file=self.path, code="damaged"))
        self._load_styles()

    def _load_styles(self) -> None:
        assert self._zip is not None
        if "xl/styles.xml" not in self._zip.namelist():
            return
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cell_xfs = False
        for event, el in self._events("xl/styles.xml", MAX_SMALL_PART_BYTES, events=("start", "end")):
            if el.tag == _M + "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and el.tag == _M + "numFmt":
                custom[_int(el.get("numFmtId"), -1)] = el.get("formatCode") or "General"
            elif event == "end" and el.tag == _M + "xf" and in_cell_xfs:
                xfs.append(_int(el.get("numFmtId"), 0))
        self._formats = [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in xfs]

    def _shared_strings(self) -> list[str]:
        if self._strings is not None:
            return self._strings
        assert self._zip is not None
        strings: list[str] = []
        names = self._zip.namelist()
        if "xl/sharedStrings.xml" in names:
            parts: list[str] = []
            phonetic = 0
            for event, el in self._events("xl/sharedStrings.xml", MAX_STRINGS_BYTES, events=("start", "end")):
                tag = el.tag
                if tag == _M + "rPh":  # the furigana/pinyin guide is not part of the text
                    phonetic += 1 if event == "start" else -1
                elif event == "end" and tag == _M + "t" and not phonetic:
                    parts.append(el.text or "")
                elif event == "end" and tag == _M + "si":
                    strings.append("".join(parts))
                    parts = []
                    el.clear()
                    if len(strings) > MAX_SHARED_STRINGS:
                        raise self.damage(_("more than {n} shared strings").format(n=MAX_SHARED_STRINGS))
        self._strings = strings
        return strings

    # -- rows -----------------------------------------------------------------------------------------

    def rows(self, sheet: str | int = 0) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` for every row with a non-empty cell, in order; ``cells[0]`` is column A.

        Trailing empty cells are dropped. Formula cells without a cached value
        read as ``""`` and are added to :attr:`problems`; damage raises.
        """
        name = self.sheets[sheet] if isinstance(sheet, int) else sheet
        strings = self._shared_strings()
        formats = self._formats
        merged: list[str] = []
        self.merged[name] = merged
        row_number = 0
        cells: dict[int, str] = {}
        column = 0
        value: str | None = None
        inline: list[str] = []
        formula = False
        kind = "n"
        style = 0
        in_inline = phonetic = 0
        parent_clear = None
        for event, el in self._events(self._targets[name], MAX_SHEET_BYTES, name, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == _M + "row":
                    r = el.get("r")
                    row_number = _int(r, -1) if r is not None else row_number + 1
                    if not 1 <= row_number <= MAX_ROW:
                        raise self.damage(_("row number {r} is outside 1–{max}").format(
                            r=_shown(r), max=MAX_ROW), name)
                    cells = {}
                    column = 0
                elif tag == _M + "c":
                    ref = el.get("r")
                    if ref is None:
                        column += 1
                    else:
                        match = _REF.match(ref)
                        if not match:
                            raise self.damage(_("cell reference {ref} is not a cell").format(ref=_shown(ref)),
                                              name, row_number)
                        column = column_number(match.group(1))
                        if column > MAX_COLUMN:
                            raise self.damage(_("cell {ref} is past the last column XFD").format(ref=_shown(ref)),
                                              name, row_number)
                        if int(match.group(2)) != row_number:
                            raise self.damage(_("cell {ref} is inside row {row}").format(
                                ref=_shown(ref), row=row_number), name, row_number)
                    value, formula, inline = None, False, []
                    kind = el.get("t") or "n"
                    style = _int(el.get("s"), 0)
                elif tag == _M + "is":
                    in_inline += 1
                elif tag == _M + "rPh":
                    phonetic += 1
                elif tag == _M + "sheetData":
                    parent_clear = el
                continue
            # end events
            if tag == _M + "v":
                value = el.text or None  # <v/> holds nothing: a formula never calculated
            elif tag == _M + "f":
                formula = True
            elif tag == _M + "t" and in_inline and not phonetic:
                inline.append(el.text or "")
            elif tag == _M + "is":
                in_inline -= 1
            elif tag == _M + "rPh":
                phonetic -= 1
            elif tag == _M + "c":
                text = self._cell_text(name, row_number, column, kind, value, inline, formula, style,
                                       strings, formats)
                if text:
                    cells[column] = text
            elif tag == _M + "row":
                if cells:
                    last = max(cells)
                    yield row_number, [cells.get(c, "") for c in range(1, last + 1)]
                if parent_clear is not None:
                    parent_clear.clear()  # the rows read so far: memory stays flat in rows
            elif tag == _M + "mergeCell":
                merged.append(el.get("ref") or "")

    def _cell_text(self, sheet: str, row: int, column: int, kind: str, value: str | None, inline: list[str],
                   formula: bool, style: int, strings: list[str], formats: list[str]) -> str:
        if formula and value is None:
            self.problems.append(Problem(
                _("{cell}: a formula with no calculated value; type the value itself, or open and save the "
                  "workbook in Excel or WPS so it keeps the result").format(cell=f"{sheet}!{column_letters(column)}{row}"),
                file=self.path, line=row, column=column, code="formula"))
            return ""
        if kind == "inlineStr":
            text = "".join(inline)
        elif value is None:
            return ""
        elif kind == "s":
            index = value.strip()
            if not index.isdigit() or int(index) >= len(strings):
                raise self.damage(_("shared string {index} does not exist (the table has {n})").format(
                    index=_shown(value), n=len(strings)), sheet, row, column)
            text = strings[int(index)]
        elif kind in ("str", "d"):
            text = value
        elif kind == "b":
            text = "TRUE" if value.strip() in ("1", "true") else "FALSE"
        elif kind == "e":
            self.problems.append(Problem(
                _("{cell}: an Excel error value {value}; type the answer itself").format(
                    cell=f"{sheet}!{column_letters(column)}{row}", value=_shown(value)),
                file=self.path, line=row, column=column, code="formula"))
            return ""
        else:
            try:
                number = float(value)
            except ValueError:
                raise self.damage(_("number {value} is not a number").format(value=_shown(value)),
                                  sheet, row, column) from None
            fmt = formats[style] if 0 <= style < len(formats) else "General"
            text = format_number(number, fmt, self._date1904)
        if len(text) > MAX_CELL_CHARS:
            raise self.damage(_("cell text is longer than {n} characters").format(n=MAX_CELL_CHARS),
                              sheet, row, column)
        return text


def open_workbook(path: str | Path | IO[bytes], name: str | None = None) -> Workbook:
    """Open an .xlsx workbook (a path, or a binary file with ``name`` for messages) for reading.

    :class:`InputError` for a file that is not a sound workbook.
    """
    name = name if name is not None else str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=name, code="not-found")) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(Problem(_("not a readable .xlsx workbook: {reason}").format(reason=exc), file=name,
                                 code="damaged")) from None
    book = Workbook(name, [], _zip=archive)
    try:
        book._load_structure()
    except BaseException:
        book.close()
        raise
    return book


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _shown(text: object) -> str:
    """A value from the file, quoted and cut short for a message."""
    shown = repr(str(text))
    return shown if len(shown) <= 40 else shown[:37] + "…'"


def _xml_reason(exc: ParseError) -> str:
    return str(exc).split(":")[0]


# -- number formats ---------------------------------------------------------------------------------

#: Excel's built-in number formats (ids without a formatCode in the file), as a Chinese Excel shows them.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
    50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}

_DATE_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|上午/下午|AM/PM|A/P|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|'
                          r"hh|h|ss|s|\.0+|e|.", re.IGNORECASE)


def _section(fmt: str, number: float) -> str:
    sections = _split_sections(fmt)
    if number < 0 and len(sections) > 1 and sections[1]:
        return sections[1]
    if number == 0 and len(sections) > 2 and sections[2]:
        return sections[2]
    return sections[0]


def _split_sections(fmt: str) -> list[str]:
    out, current, quoted, escaped = [], [], False, False
    for ch in fmt:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def _is_date_format(fmt: str) -> bool:
    bare = re.sub(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', "", fmt)
    return bool(re.search(r"[ymdhs]|上午/下午", bare, re.IGNORECASE)) and "General" not in fmt


def format_number(number: float, fmt: str, date1904: bool = False) -> str:
    """``number`` as Excel shows it with the number format ``fmt`` (the common formats; others as General).

    >>> format_number(0.3125, "h:mm"), format_number(45356, "yyyy/m/d"), format_number(3.0, "General")
    ('7:30', '2024/3/5', '3')
    """
    fmt = _section(fmt or "General", number)
    if fmt.strip() in ("", "General", "@"):
        return _general(number)
    if _is_date_format(fmt):
        shown = _format_date(number, fmt, date1904)
        if shown is not None:
            return shown
        return _general(number)
    return _format_plain(number, fmt)


def _general(number: float) -> str:
    if number != number or number in (float("inf"), float("-inf")):
        return str(number)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = f"{number:.10g}"
    if "e" in text:
        return text.upper().replace("E+0", "E+").replace("E-0", "E-")
    return text


def _format_plain(number: float, fmt: str) -> str:
    bare = re.sub(r'"([^"]*)"', r"\1", re.sub(r"\[[^\]]*\]|\\", "", fmt)).strip()
    percent = "%" in bare
    value = number * 100 if percent else number
    if re.search(r"[0#?]", bare) is None:
        return _general(number)
    if "E" in bare.upper() and "E+" in bare.upper():
        decimals = len(bare.split(".")[1].split("E")[0]) if "." in bare else 0
        return f"{value:.{decimals}E}".replace("E+0", "E+").replace("E-0", "E-")
    decimals = 0
    if "." in bare:
        tail = bare.split(".", 1)[1]
        decimals = len(re.match(r"[0#?]*", tail).group(0))  # type: ignore[union-attr]
    grouped = "," in bare.split(".")[0]
    body = f"{abs(value):,.{decimals}f}" if grouped else f"{abs(value):.{decimals}f}"
    if decimals and re.search(r"\.[0]*#", bare):  # "0.##": optional decimals
        body = body.rstrip("0").rstrip(".")
    prefix = re.match(r"[^0#?,.]*", bare).group(0).replace("-", "")  # type: ignore[union-attr]
    suffix = re.search(r"[^0#?,.%]*%?[^0#?,.%]*$", bare).group(0)  # type: ignore[union-attr]
    sign = "-" if value < 0 and not fmt.startswith("(") else ""
    return f"{sign}{prefix}{body}{suffix}".strip() if (prefix or suffix) else f"{sign}{body}"


def _format_date(number: float, fmt: str, date1904: bool) -> str | None:
    if number < 0 or number > 2_958_465:  # Excel's dates end on 9999-12-31
        return None
    base = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    if not date1904 and number < 60:  # Excel's day 60 is the 29 February 1900 that never was
        number += 1
    moment = base + _dt.timedelta(days=number)
    # round to the second as Excel does for display
    if moment.microsecond >= 500_000:
        moment = moment.replace(microsecond=0) + _dt.timedelta(seconds=1)
    else:
        moment = moment.replace(microsecond=0)
    tokens = _DATE_TOKENS.findall(fmt)
    twelve = any(t.upper() in ("AM/PM", "A/P") or t == "上午/下午" for t in tokens)
    out: list[str] = []
    last_was_hour = False
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if tok.startswith('"'):
            out.append(tok[1:-1])
            continue
        if tok.startswith("\\"):
            out.append(tok[1:])
            continue
        if tok.startswith("["):
            inner = low[1:-1]
            if inner in ("h", "hh"):
                hours = int(number * 24 + 1e-9)
                out.append(f"{hours:0{len(inner)}d}")
                last_was_hour = True
            elif inner in ("m", "mm"):
                out.append(f"{int(number * 1440 + 1e-9):0{len(inner)}d}")
            elif inner in ("s", "ss"):
                out.append(f"{int(number * 86400 + 0.5):0{len(inner)}d}")
            continue  # colours, locales: no text
        if low in ("yyyy",):
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("m", "mm"):
            following = next((t.lower() for t in tokens[i + 1:] if re.match(r"[a-z]", t, re.IGNORECASE)), "")
            minute = last_was_hour or following.startswith("s")
            part = moment.minute if minute else moment.month
            out.append(f"{part:02d}" if low == "mm" else str(part))
        elif low == "mmm":
            out.append(moment.strftime("%b"))
        elif low in ("mmmm", "mmmmm"):
            out.append(moment.strftime("%B"))
        elif low == "d":
            out.append(str(moment.day))
        elif low == "dd":
            out.append(f"{moment.day:02d}")
        elif low in ("ddd", "dddd"):
            out.append(moment.strftime("%a" if low == "ddd" else "%A"))
        elif low in ("h", "hh"):
            hour = moment.hour
            if twelve:
                hour = hour % 12 or 12
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
            last_was_hour = True
            continue
        elif low in ("s", "ss"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low in ("am/pm", "a/p"):
            pm = moment.hour >= 12
            out.append(("PM" if pm else "AM") if low == "am/pm" else ("P" if pm else "A"))
        elif tok == "上午/下午":
            out.append("下午" if moment.hour >= 12 else "上午")
        elif low.startswith(".0"):
            out.append("." + f"{moment.microsecond / 1e6:.{len(low) - 1}f}"[2:])
        else:
            out.append(tok)
        if re.match(r"[a-z]", low):
            last_was_hour = False
    return "".join(out)


__all__ = ["BUILTIN_FORMATS", "MAX_CELL_CHARS", "Workbook", "column_letters", "column_number", "format_number",
           "open_workbook"]
