"""The scores sheet of a grading: one row per candidate, as .xlsx or as CSV that Excel opens in Chinese.

Columns: 考生, 姓名 (with a roster), 试卷, 得分, 满分, 得分率(%), 结果 (通过 / 未通过 /
缺考), the points in each section, then the points on each item number
(第1题 …, as on the candidate's paper). In the CSV, text cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` …) are
neutralised with an apostrophe; the .xlsx stores them as text cells, so an id
like ``=A1`` stays exactly that. Control characters and bidi overrides in
candidates' text are dropped; files are written atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ..atomic import atomic_path, formula_safe, write_text
from ..text import terminal_safe
from .analysis import CandidateResult

PASSED, FAILED, ABSENT = "通过", "未通过", "缺考"

Cell = str | float | None


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def score_table(results: Sequence[CandidateResult], absent: Sequence[tuple[str, str]] = (),
                with_names: bool = False, extra_columns: Sequence[str] = ()) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows of the scores sheet (numbers as numbers, blanks as None).

    ``extra_columns`` are the answer sheet's own columns (姓名, 部门, 单位 …), after 考生.
    """
    sections = list(dict.fromkeys(r.section for c in results for r in c.responses))
    numbers = sorted({r.number for c in results for r in c.responses})
    extra = [h for h in extra_columns if not (with_names and h == "姓名")]
    header = ["考生"] + (["姓名"] if with_names else []) + extra + ["试卷", "得分", "满分", "得分率(%)", "结果"]
    header += [s or "（未分部分）" for s in sections] + [f"第{n}题" for n in numbers]
    rows: list[list[Cell]] = []
    for c in results:
        by_section = {s: 0.0 for s in sections}
        by_number: dict[int, float] = {}
        for r in c.responses:
            by_section[r.section] += r.awarded
            by_number[r.number] = r.awarded
        row: list[Cell] = [c.candidate, *([c.name] if with_names else [])]
        given = dict(c.extra)
        row += [given.get(h, "") for h in extra]
        row += [c.variant, _num(c.score), _num(c.total), round(c.percent, 2), PASSED if c.passed else FAILED]
        row += [_num(by_section[s]) for s in sections]
        row += [_num(by_number[n]) if n in by_number else None for n in numbers]
        rows.append(row)
    for candidate, name in absent:
        absent_row: list[Cell] = [candidate, *([name] if with_names else []), *[None] * len(extra),
                                  None, None, None, None, ABSENT]
        rows.append(absent_row + [None] * (len(sections) + len(numbers)))
    return header, rows


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_cell(text: str) -> str:
    """Text from an answer sheet fit for a report: no control characters (ESC, BEL …) or bidi overrides (RLO)."""
    if _UNSAFE.search(text) is None:  # nearly every cell: nothing to drop
        return text
    return terminal_safe(text).replace("\n", " ").replace("\t", " ")


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if cell.__class__ is int:
        return str(cell)
    if isinstance(cell, float | int):
        return f"{round(cell, 2):g}"
    return formula_safe(clean_cell(cell))


def write_scores_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Sequence[Sequence[Cell]],
                     inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """CSV in UTF-8 with a byte-order mark (so Excel in China shows 张三, not mojibake), CRLF line ends."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(h) for h in header])
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    write_text(path, "\ufeff" + buffer.getvalue(), encoding="utf-8", newline="", inputs=inputs)


def write_scores_xlsx(path: str | os.PathLike[str], header: Sequence[str], rows: Sequence[Sequence[Cell]],
                      title: str = "成绩", inputs: Sequence[str | os.PathLike[str]] = (),
                      views: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]] = ()) -> None:
    """An .xlsx workbook: header row frozen and bold, numbers as numbers, text never a formula.

    ``views`` are more sheets after the scores (知识点, 分数段, 排名, 错题 … from
    :func:`drill.exam.breakdown.workbook_views`), each written the same way.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet, active
    sheet.title = title[:31] or "成绩"
    # text is stored as text (data type "s", below): no apostrophe needed, and none added to an id like "=A1"
    sheet.append([clean_cell(h) for h in header])
    for row in rows:
        sheet.append([clean_cell(c) if isinstance(c, str) else c for c in row])
    sheets = [(sheet, header)]
    for name, view_header, view_rows in views:
        extra = book.create_sheet(name[:31])
        extra.append([clean_cell(h) for h in view_header])
        for view_row in view_rows:
            extra.append([clean_cell(c) if isinstance(c, str) else c for c in view_row])
        sheets.append((extra, view_header))
    for each, each_header in sheets:
        for cell in each[1]:
            cell.font = Font(bold=True)
        for col in each.iter_cols(min_row=1, max_row=each.max_row):
            for cell in col:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # stored as text even if it looks like a formula
        each.freeze_panes = "B2"
        for i, h in enumerate(each_header, start=1):
            each.column_dimensions[get_column_letter(i)].width = max(6, min(24, 2 * len(str(h)) + 2))
    with atomic_path(path, inputs=inputs) as tmp:
        book.save(tmp)
