"""Question banks as Chinese training platforms import them: an .xlsx sheet, one row per question.

The columns follow the one-row-per-question template that 问卷星, 考试星 and the
DingTalk / WeChat Work training apps import (names vary a little between
platforms; rename a header cell if yours insists): 题型, 题干, 选项A … 选项H,
正确答案, 解析, 分值, 难度, 知识点. The *answer key* file is the importable
bank; the student file has the same questions without the 正确答案 and 解析
columns.

* 单选题 / 判断题: 正确答案 is the option letter (判断: 正确 or 错误); 多选题: every right
  letter, in order (``ACD``);
* 排序题 become a 单选题 between orders of the numbered steps (``2 → 1 → 3``), as
  in the Moodle and GIFT banks, since few platforms import ordering questions;
* 填空题 / 简答题: the answer in words; the other wordings the grader accepts go in a last column,
  可接受答案 (``a|b``, answer key file only), which ``drill import-bank`` reads back.

难度 is left empty: a paper knows no measured difficulty (grade a sitting
with ``drill exam grade`` to get one). 知识点 is the card's topic, else its deck.
Text cells are formula-safe (a stem starting with ``=`` stays text).
"""

from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from importlib import resources

from drill.atomic import formula_safe
from drill.card import CardType
from drill.exam import ExamItem, ExamPaper

from . import PaperAndKeyExporter
from .banks import accepted_answers, order_choices
from .common import letter
from .zipped import precompress, rewrite_package, write_package, xml_text

MAX_OPTIONS = 8
TYPE_NAME = {
    CardType.MULTIPLE_CHOICE: "单选题",
    CardType.TRUE_FALSE: "判断题",
    CardType.ORDERING: "单选题",
    CardType.CLOZE: "填空题",
    CardType.TYPED: "简答题",
    CardType.LIST_RECALL: "简答题",
    CardType.MULTIPLE_SELECT: "多选题",
}
KEY_COLUMNS = ("正确答案", "解析")
#: the answer key's last column: other accepted wordings of a 填空/简答 answer, ``|`` between them (after the
#: generic profile, so a platform that reads the profile's columns by position still finds them in place)
ACCEPT_COLUMN = "可接受答案"
#: what separates accepted wordings in the 可接受答案 cell (as in the text bank's 可接受答案： line)
ACCEPT_SEPARATOR = "|"
FIXED_W3CDTF = "2000-01-01T00:00:00Z"


def profile_header(with_key: bool) -> list[str]:
    """The generic profile: 题型, 题干, 选项A…选项H, 正确答案, 解析, 分值, 难度, 知识点 (the key: then 可接受答案)."""
    header = ["题型", "题干"] + [f"选项{letter(i)}" for i in range(MAX_OPTIONS)]
    if with_key:
        header += list(KEY_COLUMNS)
    header += ["分值", "难度", "知识点"]
    return header + [ACCEPT_COLUMN] if with_key else header


def item_row(paper: ExamPaper, item: ExamItem, with_key: bool) -> list[str | float]:
    """One question as a row of the generic profile."""
    kind = item.type
    prompt = item.prompt
    if kind is CardType.ORDERING:
        steps = "；".join(f"{i + 1}) {o.text}" for i, o in enumerate(item.options))
        prompt = f"{prompt}（{steps}）"
        choices = order_choices(paper, item)
        options = [" → ".join(str(ord(ch) - 64) for ch in order) for order, _ in choices]
        key = next(letter(i) for i, (_, right) in enumerate(choices) if right)
    elif kind in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.MULTIPLE_SELECT):
        options = [o.text for o in item.options]
        key = item.answer if kind is CardType.TRUE_FALSE else item.key
    else:
        options = []
        key = item.answer
    if len(options) > MAX_OPTIONS:  # pragma: no cover - papers carry at most 8 options
        raise ValueError(f"item {item.number} has {len(options)} options; the bank holds {MAX_OPTIONS}")
    if kind is CardType.TRUE_FALSE:
        options = []  # 判断题 take 正确/错误 in the answer column, no option columns
    row: list[str | float] = [TYPE_NAME[kind], prompt] + options + [""] * (MAX_OPTIONS - len(options))
    if with_key:
        row += [key, item.explanation or ""]
    row += [item.points, "", item.topic or item.deck]
    if with_key:
        typed = kind in (CardType.CLOZE, CardType.TYPED, CardType.LIST_RECALL)
        row.append(ACCEPT_SEPARATOR.join(" ".join(a.split()) for a in accepted_answers(item)) if typed else "")
    return row


def bank_xlsx(paper: ExamPaper, with_key: bool) -> bytes:
    """The bank as .xlsx bytes: header row bold and frozen, text cells never formulas, same bytes each time.

    The bytes are those openpyxl writes (:func:`openpyxl_xlsx`): each paper's rows are set into a copy of
    the blank bank openpyxl writes (:func:`blank_bank`, shipped with this module so that a build need not
    load openpyxl), as the markup openpyxl itself writes, at a fraction of the cost. A cell openpyxl would
    treat otherwise (a control character, a text too long for a cell, a number that is none) sends the
    whole bank through openpyxl.
    """
    title = paper.title + ("（答案）" if with_key else "")
    # formula_safe: a stem or option starting with = + - @ stays text in every spreadsheet
    rows = [[formula_safe(c) if isinstance(c, str) else c for c in item_row(paper, item, with_key)]
            for item in paper.items]
    sheet_rows = _rows_xml(rows)
    # a title with spaces at either end, or none, is written otherwise by openpyxl
    if sheet_rows is None or not _plain(title) or not title or title != title.strip():
        return openpyxl_xlsx(title, rows, with_key)
    entries = []
    for name, content, compressed in _template(with_key):
        if name == "docProps/core.xml":
            content, compressed = content.replace(_TITLE_MARK.encode(), xml_text(title).encode("utf-8")), None
        elif name == _SHEET:
            content = content.replace(b"</sheetData>", sheet_rows + b"</sheetData>")
        entries.append((name, content, compressed))
    return write_package(entries)


_TITLE_MARK = "DRILL-BANK-TITLE-PLACEHOLDER"
_SHEET = "xl/worksheets/sheet1.xml"
#: What openpyxl refuses in a cell (it raises) or writes otherwise; such a bank goes through openpyxl.
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: The longest text a cell holds; openpyxl is left to deal with a longer one.
_CELL_MAX = 32767


def _plain(text: str) -> bool:
    return len(text) <= _CELL_MAX and not _NOT_PLAIN.search(text) and not text.startswith("=")


def _plain_cell(text: str) -> bool:
    """:func:`_plain` but for the characters, which are checked for all cells at once."""
    return len(text) <= _CELL_MAX and not text.startswith("=")


def blank_bank(with_key: bool) -> bytes:
    """A bank with the header row only and a placeholder title, as openpyxl writes it."""
    return openpyxl_xlsx(_TITLE_MARK, [], with_key)


def blank_bank_file(with_key: bool) -> str:
    """The name of the shipped :func:`blank_bank` in this package's ``templates`` folder."""
    return "bank-key.xlsx" if with_key else "bank.xlsx"


@functools.cache
def _template(with_key: bool) -> tuple[tuple[str, bytes, bytes | None], ...]:
    """The zip entries of the shipped :func:`blank_bank` (``tools/blank_templates.py`` writes it, and a test
    checks it against openpyxl): (name, content, the content deflated when it is the same in every bank)."""
    blank = (resources.files(__package__) / "templates" / blank_bank_file(with_key)).read_bytes()
    with zipfile.ZipFile(io.BytesIO(blank)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    entries = tuple((name, data, None if name in (_SHEET, "docProps/core.xml") else precompress(data))
                    for name, data in parts.items())
    sheet = parts[_SHEET]
    core = parts["docProps/core.xml"]
    # an openpyxl that writes these parts otherwise must fail here, not write a broken bank
    if sheet.count(b"</sheetData>") != 1 or core.count(_TITLE_MARK.encode()) != 1:
        raise RuntimeError("unexpected openpyxl output: the bank template has no place for the rows or title")
    return entries


@functools.cache
def _column(index: int) -> str:
    """The letters of column ``index`` (1 → A, 27 → AA), as openpyxl's ``get_column_letter`` gives them."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rows_xml(rows: list[list[str | float]]) -> bytes | None:
    """The rows from the second on, as openpyxl's write-only sheet writes them (``None``: not plain text)."""
    strings = [value for row in rows for value in row if isinstance(value, str)]
    if _NOT_PLAIN.search("".join(strings)) or not all(_plain_cell(value) for value in strings):
        return None
    out = []
    for r, row in enumerate(rows, start=2):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row, start=1):
            ref = f"{_column(c)}{r}"
            if isinstance(value, str):
                if not value:
                    out.append(f'<c r="{ref}" t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if value != value.strip() else ""
                out.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                out.append(f'<c r="{ref}" t="n"><v>{"%.16g" % value}</v></c>')  # openpyxl's safe_string
            else:
                return None
        out.append("</row>")
    # the markup is ASCII: every other character becomes a character reference, as openpyxl writes it
    return "".join(out).encode("ascii", "xmlcharrefreplace")


def openpyxl_xlsx(title: str, rows: list[list[str | float]], with_key: bool) -> bytes:
    """The bank written by openpyxl: the reference :func:`bank_xlsx` matches byte for byte."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # write-only: rows stream straight to the sheet's XML
    book = Workbook(write_only=True)
    sheet = book.create_sheet("题库")
    header = profile_header(with_key)
    widths = {"题型": 8, "题干": 48, "正确答案": 10, "解析": 30, "分值": 6, "难度": 6, "知识点": 14, ACCEPT_COLUMN: 24}
    for i, h in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(h, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in header:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    book.properties.creator = book.properties.lastModifiedBy = "drill"
    book.properties.title = title
    raw = io.BytesIO()
    book.save(raw)
    return _deterministic(raw.getvalue())


def _deterministic(data: bytes) -> bytes:
    """The same paper gives the same bytes: fixed zip times and document dates."""

    def fixed_dates(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_W3CDTF.encode(), content)

    return rewrite_package(data, fixed_dates)


class XlsxBankExporter(PaperAndKeyExporter):
    name = "xlsx"
    description = "Excel question bank, one row per question (题型, 题干, 选项A…, 正确答案, 解析, 分值, 难度, 知识点)"
    suffix = ".xlsx"

    def render(self, paper: ExamPaper) -> tuple[bytes, bytes]:
        return bank_xlsx(paper, False), bank_xlsx(paper, True)


exporter = XlsxBankExporter()
