"""Excel workbooks (.xlsx, .xlsm): question banks, one question per row.

Every sheet is read with drill's hardened streaming workbook reader
(:mod:`drill.workbook`), each cell as the text Excel shows. drill then finds
the header row and turns rows into questions. A merged range and a formula
with no calculated value are reported with their cells: a merged 题型 or
知识点 cell leaves the rows below it blank in the file, so the bank would read
differently from how it looks.
"""

from __future__ import annotations

from pathlib import Path

from drill.errors import Problem
from drill.i18n import _
from drill.reading import BankCell, BankTable
from drill.workbook import column_letters, open_workbook


class XlsxReader:
    """Reads .xlsx question banks."""

    name = "xlsx"
    description = "Excel question banks: one question per row (题型, 题干, 选项A…, 正确答案, 解析, 分值, 难度, 知识点)"
    suffixes = (".xlsx", ".xlsm")
    reads = frozenset({"bank"})
    contract_version = "1.0"

    def read_bank(self, path: Path) -> BankTable:
        rows: dict[str, list[tuple[int, list[BankCell]]]] = {}
        problems: list[Problem] = []
        with open_workbook(path) as book:
            for sheet in book.sheets:
                kept: list[tuple[int, list[BankCell]]] = []
                for number, cells in book.rows(sheet):
                    kept.append((number, [BankCell(sheet, number, column_letters(i), text)
                                          for i, text in enumerate(cells, start=1) if text.strip()]))
                rows[sheet] = kept
                for ref in book.merged.get(sheet, []):
                    first = ref.split(":")[0]
                    digits = "".join(ch for ch in first if ch.isdigit())
                    letters = "".join(ch for ch in first if ch.isalpha())
                    column = 0
                    for ch in letters.upper():
                        column = column * 26 + ord(ch) - 64
                    problems.append(Problem(
                        _("merged cells {range}: unmerge them and fill every cell (a merged cell holds its text "
                          "only in the first cell)").format(range=ref),
                        file=str(path), line=int(digits) if digits else None, column=column or None,
                        field=f"{sheet}!{ref}", code="bank"))
            problems.extend(book.problems)
        return BankTable(rows=rows, problems=problems)


reader = XlsxReader()
