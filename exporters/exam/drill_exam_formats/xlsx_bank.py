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

import io
import re
import zipfile

from drill.atomic import formula_safe
from drill.card import CardType
from drill.exam import ExamItem, ExamPaper

from . import PaperAndKeyExporter
from .banks import accepted_answers, order_choices
from .common import letter

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
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
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
    """The bank as .xlsx bytes: header row bold and frozen, text cells never formulas, same bytes each time."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # write-only: rows stream straight to the sheet's XML (a paper of 100 items in a few milliseconds)
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
    for item in paper.items:
        # formula_safe: a stem or option starting with = + - @ stays text in every spreadsheet
        sheet.append([formula_safe(c) if isinstance(c, str) else c for c in item_row(paper, item, with_key)])
    book.properties.creator = book.properties.lastModifiedBy = "drill"
    book.properties.title = paper.title + ("（答案）" if with_key else "")
    raw = io.BytesIO()
    book.save(raw)
    return _deterministic(raw.getvalue())


def _deterministic(data: bytes) -> bytes:
    """The same paper gives the same bytes: fixed zip times and document dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_W3CDTF.encode(),
                                 content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, content)
    return out.getvalue()


class XlsxBankExporter(PaperAndKeyExporter):
    name = "xlsx"
    description = "Excel question bank, one row per question (题型, 题干, 选项A…, 正确答案, 解析, 分值, 难度, 知识点)"
    suffix = ".xlsx"

    def render(self, paper: ExamPaper) -> tuple[bytes, bytes]:
        return bank_xlsx(paper, False), bank_xlsx(paper, True)


exporter = XlsxBankExporter()
