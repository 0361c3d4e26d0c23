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
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..atomic import atomic_open, atomic_path, formula_safe
from ..text import terminal_safe
from .analysis import CandidateResult

PASSED, FAILED, ABSENT = "通过", "未通过", "缺考"

Cell = str | float | None


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def score_table(results: Sequence[CandidateResult], absent: Sequence[tuple[str, str]] = (),
                with_names: bool = False, extra_columns: Sequence[str] = ()) -> tuple[list[str], Iterable[list[Cell]]]:
    """Header and rows of the scores sheet (numbers as numbers, blanks as None).

    ``extra_columns`` are the answer sheet's own columns (姓名, 部门, 单位 …), after 考生. The rows are
    made as they are read (one candidate at a time from the sitting's codes), in sheet order, then the
    absent.
    """
    from .sitting import Sitting, taker

    sitting = Sitting.of(results)
    blocks = [b for b in sitting.blocks if len(b)]
    sections = list(dict.fromkeys(title for b in blocks for title in b.sections))
    numbers = sorted({n for b in blocks for n in b.numbers})
    extra = [h for h in extra_columns if not (with_names and h == "姓名")]
    header = ["考生"] + (["姓名"] if with_names else []) + extra + ["试卷", "得分", "满分", "得分率(%)", "结果"]
    header += [s or "（未分部分）" for s in sections] + [f"第{n}题" for n in numbers]
    where = [2 + sitting.extra_columns.index(h) if h in sitting.extra_columns else None for h in extra]

    def rows(text: bool = False) -> Iterator[list[Any]]:
        """The rows; with ``text``, every cell already as the CSV writes it (see :func:`_text`)."""
        awarded = sitting.awarded
        shown: list[Any] = [_num(a) for a in awarded]  # each distinct response's points, as the sheet shows them
        as_text = _text if text else _same
        if text:
            shown = [_text(c) for c in shown]
            formatted: dict[Any, str] = {}

            def numbers_text(cell: Cell) -> str:
                got = formatted.get(cell)
                if got is None:
                    got = formatted[cell] = _text(cell)
                return got
        layouts = {}
        for block in blocks:
            at = {n: i for i, n in enumerate(block.numbers)}
            places = [at.get(n) for n in numbers]
            present = [i for i in places if i is not None]
            layouts[id(block)] = (
                [taker([i for i, title in enumerate(block.sections) if title == s]) for s in sections],
                taker(present) if len(present) == len(places) else places, _num(block.total))
        for index in range(len(sitting)):
            block, row = sitting.place(index)
            width = block.width
            codes = block.codes[row * width:(row + 1) * width]
            fields = sitting.fields(index)
            by_section, by_number, total = layouts[id(block)]
            score = block.scores[row]
            percent = 100.0 * score / block.total if block.total else 0.0
            cells: list[Any] = [fields[0], *([fields[1]] if with_names else [])]
            cells += [fields[w] if w is not None and w < len(fields) else "" for w in where]
            cells += [block.variant, _num(score), total, round(percent, 2),
                      PASSED if percent + 1e-9 >= block.pass_mark else FAILED]
            cells += [_num(sum(map(awarded.__getitem__, take(codes)), 0.0)) for take in by_section]
            if text:  # the person's own cells as they are; the numbers (few distinct) formatted once each
                people = 1 + with_names + len(where)
                cells = [*map(_text, cells[:people]), *map(numbers_text, cells[people:])]
            if isinstance(by_number, list):  # some item numbers are not on this variant
                cells += [shown[codes[i]] if i is not None else as_text(None) for i in by_number]
            else:
                cells += map(shown.__getitem__, by_number(codes))
            yield cells
        for candidate, name in absent:
            blank: list[Cell] = [candidate, *([name] if with_names else []), *[None] * (len(extra) + 4), ABSENT]
            yield list(map(as_text, blank + [None] * (len(sections) + len(numbers))))

    return header, Rows(rows, lambda: rows(text=True))


def _same(cell: Cell) -> Cell:
    return cell


class Rows:
    """Rows of a sheet made afresh each time they are iterated (the CSV and the workbook both read them),
    never all held at once."""

    def __init__(self, make: Callable[[], Iterator[list[Any]]],
                 text: Callable[[], Iterator[list[str]]] | None = None) -> None:
        self._make = make
        #: the same rows with every cell as the CSV writes it, when the maker can give them (faster)
        self.text = text

    def __iter__(self) -> Iterator[list[Any]]:
        return self._make()


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


def write_scores_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Cell]],
                     inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """CSV in UTF-8 with a byte-order mark (so Excel in China shows 张三, not mojibake), CRLF line ends.

    Written row by row into the file (atomically: it appears whole when the last row is in).
    """
    import csv

    with atomic_open(path, "w", encoding="utf-8", newline="", inputs=inputs) as fh:
        fh.write("\ufeff")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([formula_safe(h) for h in header])
        if isinstance(rows, Rows) and rows.text is not None:
            writer.writerows(rows.text())
        else:  # an int is written as itself (most cells: points); everything else as _text shows it
            writer.writerows([cell if cell.__class__ is int else _text(cell) for cell in row] for row in rows)


def write_scores_xlsx(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Cell]],
                      title: str = "成绩", inputs: Sequence[str | os.PathLike[str]] = (),
                      views: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]] = ()) -> None:
    """An .xlsx workbook: header row frozen and bold, numbers as numbers, text never a formula.

    ``views`` are more sheets after the scores (知识点, 分数段, 排名, 错题 … from
    :func:`drill.exam.breakdown.workbook_views`), each written the same way.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # write-only: rows go to the file as they come (a sitting's 错题 may be millions of cells)
    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def text(sheet: Any, value: str, font: Font | None = None) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # stored as text even if it looks like a formula: no apostrophe, "=A1" stays
        if font is not None:
            cell.font = font
        return cell

    def fill(name: str, each_header: Sequence[str], each_rows: Iterable[Sequence[object]]) -> None:
        sheet = book.create_sheet(name[:31] or "成绩")
        sheet.freeze_panes = "B2"
        for i, h in enumerate(each_header, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(6, min(24, 2 * len(str(h)) + 2))
        sheet.append([text(sheet, clean_cell(str(h)), bold) for h in each_header])
        for row in each_rows:
            sheet.append([(text(sheet, clean_cell(c)) if c.startswith(_FORMULA_LIKE) else clean_cell(c))
                          if isinstance(c, str) else c for c in row])

    fill(title, header, rows)
    for name, view_header, view_rows in views:
        fill(name, view_header, view_rows)
    with atomic_path(path, inputs=inputs) as tmp:
        book.save(tmp)


#: text openpyxl would take for a formula (a leading "="): written as a text cell
_FORMULA_LIKE = ("=",)
