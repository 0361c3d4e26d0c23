"""Grading answer sheets: a responses table (CSV in any common encoding, or .xlsx) against a manifest.

The table has a header row — candidate, variant, then item numbers 1, 2, …
(``第1题`` and ``Q1`` are read as 1) — and one row per candidate. A sheet
that is damaged is refused as a whole, with every problem named by row and
column: a row cut short, a header missing item columns or naming one twice,
an unterminated quote, no candidate rows, a letter the item does not have
(``E`` on a four-option item, ``AB`` on a single-answer item), a cell over
128 KB. An optional roster (candidate id, optional name) catches candidates
who are not on it and lists those on it who handed in nothing.
"""

from __future__ import annotations

import os
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..card import CardType
from ..errors import InputError, Problem
from ..i18n import _, ngettext
from .analysis import CandidateResult, ItemResponse
from .scoring import UNMARKABLE_REASON, is_unmarkable, letters_given, mark_item, order_letters
from .sheets import Sheet, cell_name, column_name, is_blank, read_sheet, stream_sheet
from .sitting import Sitting, taker

BLANK = "(blank)"

LETTER_TYPES = frozenset({CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING,
                          CardType.MULTIPLE_SELECT})

_ITEM_COLUMN = re.compile(r"^(?:第|Q|NO\.?|#)?\s*(\d{1,4})\s*(?:题)?$", re.IGNORECASE)

#: How answer sheets mark true/false items besides option letters.
TRUE_MARKS = frozenset({"√", "✓", "✔", "对", "正确", "是", "T", "TRUE", "Y"})
FALSE_MARKS = frozenset({"×", "✗", "✘", "X", "错", "错误", "否", "F", "FALSE", "N"})

ROSTER_ID_HEADERS = ("candidate", "id", "考生", "考号", "准考证号", "工号", "编号", "学号", "账号")
ROSTER_NAME_HEADERS = ("name", "姓名", "名字")


@dataclass(frozen=True)
class Grading:
    """Graded answer sheets: results in sheet order (held compactly), and roster candidates with no sheet."""

    results: Sitting
    absent: list[tuple[str, str]] = field(default_factory=list)  # (candidate, name)
    encoding: str = ""
    #: True when the sheet carried the papers' fingerprint (and it matched); None when it carried none
    fingerprint_checked: bool | None = None
    #: the sheet's own columns besides candidate, variant and items (姓名, 部门, 单位 …), carried to the scores
    extra_columns: tuple[str, ...] = ()
    path: str = ""  # the answer sheet
    #: item number → its column on the sheet (from 1)
    columns: Mapping[int, int] = field(default_factory=dict)

    def unmarkable(self) -> list[tuple[Problem, dict[str, Any]]]:
        """Every answer the judge could not mark: a located error (file, row, column) and its details.

        Not fatal: the answer counts 0 until a person marks it, and every other answer is graded.
        """
        out = []
        for index, _position, response in self.results.find(lambda x: is_unmarkable(x.reason)):
            row, column = self.results.rows[index], self.columns.get(response.number)
            candidate = self.results.candidate(index)
            variant = self.results.place(index)[0].variant
            where = cell_name(row, column) if column else ""
            problem = Problem(_("{cell} (candidate {candidate}, variant {variant}, item {item}): the answer could "
                                "not be marked automatically; it counts 0 until a person marks it").format(
                cell=where, candidate=candidate, variant=variant, item=response.number),
                file=self.path, line=row or None, column=column)
            out.append((problem, {"candidate": candidate, "variant": variant, "item": response.number,
                                  "id": response.item_id, "given": response.choice, "row": row, "cell": where,
                                  "reason": response.reason}))
        return out


CANDIDATE_HEADERS = ("candidate", "考生", "考号", "准考证号", "考生编号", "考生号", "工号", "员工编号", "编号", "学号",
                     "账号", "id")
VARIANT_HEADERS = ("variant", "卷", "卷别", "卷型", "试卷", "试卷类型", "ab卷", "试卷版本")
#: a header cell that carries the papers' fingerprint, as the answer-sheet template prints it
FINGERPRINT_CELL = re.compile(r"^(?:试卷)?指纹\s*[:：=]?\s*([0-9A-Za-z]{4,32})$|^fingerprint\s*[:=]?\s*([0-9A-Za-z]{4,32})$",
                              re.IGNORECASE)


@dataclass(frozen=True)
class SheetLayout:
    """Which column of an answer sheet's header holds what (0-based columns)."""

    candidate: int
    variant: int | None
    items: list[tuple[int, int]]  # (column, item number)
    extra: list[tuple[int, str]]  # (column, header): 姓名, 部门 … kept and carried to the scores
    fingerprint: tuple[int, str] | None  # (column, fingerprint) when the header carries one


def sheet_layout(header: Sequence[str]) -> SheetLayout:
    """Find the candidate, variant, item and other columns of a header, in any order.

    The candidate column is the first named like 考号/准考证号/工号/candidate, else the
    first column; the variant column one named 卷别/试卷/variant, else the second
    column when the first is the candidate's and the second is no item. Every
    other named column that is no item number (姓名, 部门, 单位 …) is kept.
    """
    names = [unicodedata.normalize("NFKC", h).strip().lower().replace(" ", "") for h in header]
    items = [(c, n) for c, h in enumerate(header) if (n := item_column(h)) is not None]
    item_cols = {c for c, _n in items}
    fingerprint = None
    for c, h in enumerate(header):
        m = FINGERPRINT_CELL.match(unicodedata.normalize("NFKC", h).strip())
        if m:
            fingerprint = (c, m.group(1) or m.group(2))
            break
    candidate = next((c for c, h in enumerate(names) if h in CANDIDATE_HEADERS and c not in item_cols), None)
    variant = next((c for c, h in enumerate(names) if h in VARIANT_HEADERS and c not in item_cols), None)
    if candidate is None:
        candidate = 0
        if variant is None and len(header) > 1 and 1 not in item_cols and not names[1] in \
                {*ROSTER_NAME_HEADERS, "部门", "单位"}:
            variant = 1
    taken = {candidate, *item_cols, *([variant] if variant is not None else []),
             *([fingerprint[0]] if fingerprint else [])}
    extra = [(c, h.strip()) for c, h in enumerate(header) if c not in taken and h.strip()]
    return SheetLayout(candidate, variant, items, extra, fingerprint)


def item_column(header: str) -> int | None:
    """The item number a header cell names (``3``, ``第3题``, ``Q3``), or None."""
    match = _ITEM_COLUMN.match(unicodedata.normalize("NFKC", header).strip())
    return int(match.group(1)) if match else None


def true_false_letter(item: Mapping[str, Any], given: str) -> str:
    """√ / 对 / T … → the letter of the 正确 option (× / 错 / F … likewise); anything else unchanged."""
    mark = unicodedata.normalize("NFKC", given).strip().upper()
    options = list(item.get("options") or [])
    for marks, text in ((TRUE_MARKS, "正确"), (FALSE_MARKS, "错误")):
        if mark in marks and text in options and mark not in ("A", "B"):
            return chr(65 + options.index(text))
    return given


def answer_problem(item: Mapping[str, Any], given: str) -> str | None:
    """Why ``given`` cannot be an answer to a letter item (E on A–D, AB on single choice), or None."""
    kind = CardType(item["type"])
    if kind not in LETTER_TYPES or not given.strip():
        return None
    options = item.get("options") or []
    letters = order_letters(given, len(options)) if kind is CardType.ORDERING else letters_given(given)
    allowed = "".join(chr(65 + i) for i in range(len(options)))
    answer = repr(given.strip())
    if not allowed:
        return _("{answer} is not an option: the item has no options").format(answer=answer)
    options = f"A–{allowed[-1]}"
    if not letters or any(ch not in allowed for ch in letters):
        return _("{answer} is not among the options {options}").format(answer=answer, options=options)
    if kind is CardType.ORDERING:
        if len(set(letters)) != len(letters):
            return _("{answer} names an option twice; an ordering gives each of {options} once").format(
                answer=answer, options=options)
        return None
    if kind is CardType.MULTIPLE_SELECT:
        if len(set(letters)) != len(letters):
            return _("{answer} names an option twice").format(answer=answer)
        return None
    if len(letters) != 1:
        return ngettext("{answer} gives {n} letter; this item takes one ({options})",
                        "{answer} gives {n} letters; this item takes one ({options})", len(letters)).format(
            answer=answer, n=len(letters), options=options)
    return None


def choice_label(item: Mapping[str, Any], given: str) -> str:
    """What a candidate chose, in words that are the same across variants (option text, not letter)."""
    if not given.strip():
        return BLANK
    options = item.get("options") or []
    kind = CardType(item["type"])
    if kind in LETTER_TYPES and options:
        letters = order_letters(given, len(options)) if kind is CardType.ORDERING else letters_given(given)
        indexes = [ord(ch) - 65 for ch in letters]
        if not indexes or any(not 0 <= i < len(options) for i in indexes):
            return f"(invalid: {given.strip()})"
        if kind is CardType.ORDERING:
            return " → ".join(options[i] for i in indexes)
        return " + ".join(options[i] for i in sorted(set(indexes)))
    return given.strip()


def read_roster(path: str | os.PathLike[str]) -> dict[str, str]:
    """Candidate id → name from a roster table (header row; id column 考生/考号/工号/candidate…, else the first)."""
    sheet = read_sheet(path)
    rows = list(sheet.rows)  # read whole already: a roster is small
    if not rows or is_blank(rows[0]):
        raise InputError(sheet.problem(_("empty roster; expected a header such as 考号,姓名"), 1))
    header = [h.strip().lower() for h in rows[0]]
    id_col = next((i for i, h in enumerate(header) if h in ROSTER_ID_HEADERS), 0)
    name_col = next((i for i, h in enumerate(header) if h in ROSTER_NAME_HEADERS), None)
    roster: dict[str, str] = {}
    first_row: dict[str, int] = {}
    problems = []
    for r, row in enumerate(rows[1:], start=2):
        if is_blank(row):
            continue
        candidate = row[id_col].strip() if id_col < len(row) else ""
        if not candidate:
            problems.append(sheet.problem(_("missing candidate id in {cell}").format(cell=cell_name(r, id_col + 1)),
                                          r, id_col + 1))
            continue
        if candidate in roster:
            problems.append(sheet.problem(_("candidate {candidate} already on row {row}").format(
                candidate=repr(candidate), row=first_row[candidate]), r, id_col + 1))
            continue
        first_row[candidate] = r
        roster[candidate] = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
    if problems:
        raise InputError(problems)
    return roster


def grade_responses(path: str | os.PathLike[str], manifest: Mapping[str, Any],
                    roster: Mapping[str, str] | None = None, roster_path: str | None = None) -> Grading:
    """Read and grade a responses table; raise InputError naming every damaged cell.

    The sheet is read as it is graded (:func:`~drill.exam.sheets.stream_sheet`) into a
    :class:`~drill.exam.sitting.Sitting`: memory grows by a few numbers per candidate (a code per answer,
    a total, the id), not with the size of the file. Each distinct (item, answer) is judged once.
    """
    sheet = stream_sheet(path)
    return grade_sheet(sheet, manifest, roster, roster_path)


def grade_sheet(sheet: Sheet, manifest: Mapping[str, Any], roster: Mapping[str, str] | None = None,
                roster_path: str | None = None) -> Grading:
    rows = iter(sheet.rows)
    first = next(rows, None)
    if first is None or is_blank(first):
        raise InputError(sheet.problem(_("empty file; expected a header: candidate,variant,1,2,…"), 1))
    header = [h.strip() for h in first]
    width = len(header)
    while width > 2 and not header[width - 1]:
        width -= 1  # trailing empty header cells (Excel pads a used range)
    problems: list[Problem] = []
    variants: Mapping[str, Any] = manifest["variants"]
    layout = sheet_layout(header[:width])
    if layout.fingerprint is not None:
        column, carried = layout.fingerprint
        wanted = manifest.get("fingerprint")
        if wanted and carried.upper() != str(wanted).upper():
            problems.append(sheet.problem(
                _("{cell}: this answer sheet is for papers with fingerprint {carried}, but the manifest's papers "
                  "have {wanted} (another exam, seed or set of variants)").format(
                    cell=cell_name(1, column + 1), carried=carried, wanted=wanted), 1, column + 1))
    known_numbers = {it["number"] for spec in variants.values() for it in spec["items"]}
    columns: dict[int, int] = {}  # item number → 0-based column
    for col, number in layout.items:
        where = cell_name(1, col + 1)
        if number in columns:
            problems.append(sheet.problem(_("header {cell} repeats item {number} (already column {column})").format(
                cell=where, number=number, column=column_name(columns[number] + 1)), 1, col + 1))
        elif number not in known_numbers:
            problems.append(sheet.problem(_("header {cell}: no variant has an item {number}").format(
                cell=where, number=number), 1, col + 1))
        else:
            columns[number] = col
    if not columns and not problems:
        problems.append(sheet.problem(_("header needs: candidate,variant,1,2,… (item numbers)"), 1, width + 1))
    id_col, variant_col = layout.candidate, layout.variant
    only_variant = next(iter(variants)) if len(variants) == 1 else None
    if variant_col is None and only_variant is None:
        problems.append(sheet.problem(_("header has no variant column (卷别 or variant) and the manifest has "
                                        "variants {variants}").format(variants=", ".join(variants)), 1, width + 1))
    body = ((r, row) for r, row in enumerate(rows, start=2) if not is_blank(row))
    missing_reported: set[str] = set()
    plans: dict[str, Any] = {}
    sitting = Sitting(tuple(label for _c, label in layout.extra))
    extra_cols = [c for c, _label in layout.extra]
    # every row with a candidate id: its id's hash and its row, for the duplicate check after the sheet
    id_hashes, id_rows = array("q"), array("I")
    present: set[str] = set()  # candidates on the roster who handed in a sheet
    loose: dict[int, str] = {}  # row → candidate of the rows with an id that were refused (not in the sitting)
    not_answers: list[str] = []  # why a cell cannot be an answer, by ~code
    for r, row in body:
        if sheet.ragged and len(row) < width:
            named = header[len(row)]
            if named:
                ends = _("row {row} has {cells} cells but the header has {width}: it ends before {cell} ({name})")
            else:
                ends = _("row {row} has {cells} cells but the header has {width}: "
                         "it ends before {cell} (column {column})")
            problems.append(sheet.problem(
                ends.format(row=r, cells=len(row), width=width, cell=cell_name(r, len(row) + 1), name=named,
                            column=column_name(len(row) + 1)), r, len(row) + 1))
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            beyond = next(c for c in range(width, len(row)) if row[c].strip())
            problems.append(sheet.problem(_("cell {cell} is beyond the header's last column").format(
                cell=cell_name(r, beyond + 1)), r, beyond + 1))
            continue
        if len(row) < width:  # a workbook row without its trailing blank cells
            row = (*row, *("",) * (width - len(row)))
        candidate = row[id_col].strip()
        if variant_col is None:
            variant = str(only_variant)
        else:
            variant = row[variant_col].strip().upper().removesuffix("卷")
        if not candidate:
            problems.append(sheet.problem(_("missing candidate id in {cell}").format(
                cell=cell_name(r, id_col + 1)), r, id_col + 1))
            continue
        id_hashes.append(hash(candidate))
        id_rows.append(r)
        loose[r] = candidate  # until the row is graded
        if roster is not None:
            if candidate not in roster:
                off = (_("candidate {candidate} is not on the roster {roster}") if roster_path
                       else _("candidate {candidate} is not on the roster"))
                problems.append(sheet.problem(off.format(candidate=repr(candidate), roster=roster_path), r,
                                              id_col + 1))
                continue
            present.add(candidate)
        if variant not in variants:
            where_col = (variant_col or 0) + 1
            problems.append(sheet.problem(_("unknown variant {variant}; the manifest has {variants}").format(
                variant=repr(variant), variants=", ".join(variants)), r, where_col))
            continue
        spec = variants[variant]
        plan = plans.get(variant)
        if plan is None:  # per variant, once: its columns, the others, and a memo per item
            plan = plans[variant] = _Variant(spec, columns)
        if plan.absent:
            if variant not in missing_reported:
                missing_reported.add(variant)
                problems.append(sheet.problem(
                    _("the header has no column for item(s) {numbers} of variant {variant} ({n} items)").format(
                        numbers=_ranges(plan.absent), variant=variant, n=len(spec["items"])), 1, width + 1))
            continue
        stray = [n for n, c in plan.others if row[c].strip()] if plan.others else None
        if stray:
            c = columns[stray[0]]
            problems.append(sheet.problem(_("{cell}: variant {variant} has no item {number}").format(
                cell=cell_name(r, c + 1), variant=variant, number=stray[0]), r, c + 1))
            continue
        # each distinct (item, answer) is judged once: its code is shared by every candidate who wrote
        # the same (most answers are one of a few letters or wordings)
        answers = plan.givens(row)
        codes: list[Any] = list(map(dict.get, plan.memos, answers))
        if None in codes:
            for i, code in enumerate(codes):
                if code is None:
                    codes[i] = plan.memos[i][answers[i]] = _code(sitting, plan.items[i][1], answers[i], not_answers)
        if codes and min(codes) < 0:  # a cell that cannot be an answer (E on A–D, AB on single choice)
            for (c, it), code in zip(plan.items, codes):
                if code < 0:
                    problems.append(sheet.problem(_("{cell} (item {number}): {problem}").format(
                        cell=cell_name(r, c + 1), number=it["number"], problem=not_answers[~code]), r, c + 1))
            continue
        if plan.block is None:
            plan.block = sitting.block(variant, float(spec["pass_mark"]), [sitting.responses[c] for c in codes])
        del loose[r]
        name = roster.get(candidate, "") if roster else ""
        sitting.add(plan.block, codes, candidate, name, [row[c].strip() for c in extra_cols], r)
    if not id_rows and not problems:
        problems.append(sheet.problem(_("no candidate rows after the header"), 2, 1))
    problems += _repeated(sheet, id_hashes, id_rows, sitting, loose, id_col)
    if problems:
        problems.sort(key=lambda p: (p.line or 0))
        raise InputError(problems)
    absent = [(c, n) for c, n in (roster or {}).items() if c not in present]
    checked = None if layout.fingerprint is None else True
    return Grading(sitting, absent, sheet.encoding, fingerprint_checked=checked,
                   extra_columns=sitting.extra_columns, path=sheet.path,
                   columns={number: c + 1 for number, c in columns.items()})


class _Variant:
    """How a variant's rows are read: its missing item columns, other variants' columns, its items, a memo
    per item (answer → code) and its block in the sitting."""

    __slots__ = ("absent", "others", "items", "memos", "givens", "block")

    def __init__(self, spec: Mapping[str, Any], columns: Mapping[int, int]) -> None:
        self.absent = [it["number"] for it in spec["items"] if it["number"] not in columns]
        numbers = {it["number"] for it in spec["items"]}
        self.others = [(n, c) for n, c in columns.items() if n not in numbers]
        self.items = [(columns[it["number"]], it) for it in spec["items"] if it["number"] in columns]
        self.memos: list[dict[str, int]] = [{} for _i in self.items]
        self.givens = taker([c for c, _it in self.items])
        self.block: int | None = None


def _code(sitting: Sitting, it: Mapping[str, Any], given: str, not_answers: list[str]) -> int:
    """The code of a new distinct answer to an item; a negative code (~index into ``not_answers``, the
    reasons) when it cannot be an answer.

    Never raises: an answer the judge (or anything on the way to it) fails on is marked 0 and left
    to a person (:data:`~drill.exam.scoring.UNMARKABLE_REASON`), and the other answers are marked.
    """
    try:
        marked = _mark(it, given)
    except Exception as exc:  # noqa: BLE001 - one hostile answer must not cost the other candidates their grades
        marked = ItemResponse(
            item_id=it["id"], correct=False, points=float(it["points"]), choice=given.strip() or BLANK,
            section=str(it.get("section", "")), number=int(it["number"]),
            reason=_("{reason} ({error})").format(reason=_(UNMARKABLE_REASON), error=type(exc).__name__),
            judged=False)
    if isinstance(marked, str):
        not_answers.append(marked)
        return ~(len(not_answers) - 1)
    return sitting.code(marked)


def _repeated(sheet: Sheet, hashes: array[int], rows: array[int], sitting: Sitting, loose: Mapping[int, str],
              id_col: int) -> list[Problem]:
    """A candidate named on two rows: the later row, naming the first. Checked after the sheet, on the ids'
    hashes (8 bytes a row); the ids of rows that share a hash are then compared."""
    ordered = sorted(hashes)  # (a sorted list of ints takes less than a set of them)
    twice = {a for a, b in zip(ordered, islice(ordered, 1, None)) if a == b}
    del ordered
    if not twice:
        return []
    first: dict[str, int] = {}
    problems = []
    for h, r in zip(hashes, rows):
        if h not in twice:
            continue
        # a graded row's id is in the sitting, whose rows are in sheet order
        candidate = loose[r] if r in loose else sitting.candidate(bisect_left(sitting.rows, r))
        if candidate in first:
            problems.append(sheet.problem(_("candidate {candidate} already on row {row}").format(
                candidate=repr(candidate), row=first[candidate]), r, id_col + 1))
        else:
            first[candidate] = r
    return problems


def _mark(it: Mapping[str, Any], given: str) -> ItemResponse | str:
    """The marked response of one answer to one item, or why the answer cannot be one (a str)."""
    if CardType(it["type"]) is CardType.TRUE_FALSE:
        given = true_false_letter(it, given)
    why = answer_problem(it, given)
    if why:
        return why
    mark = mark_item(it, given)
    select = CardType(it["type"]) is CardType.MULTIPLE_SELECT
    return ItemResponse(
        item_id=it["id"], correct=mark.correct, points=float(it["points"]), choice=choice_label(it, given),
        section=str(it.get("section", "")), number=int(it["number"]),
        credit=mark.credit if select else None, reason=mark.reason,
        equivalent=mark.equivalent, judged=mark.judged,
    )


def read_responses(path: str | os.PathLike[str], manifest: Mapping[str, Any]) -> Sequence[CandidateResult]:
    """Grade a responses table against a manifest (see :func:`grade_responses`)."""
    return grade_responses(path, manifest).results


def _ranges(numbers: Sequence[int]) -> str:
    """``[19, 20, 21, 25]`` → ``19–21, 25``."""
    out: list[str] = []
    ordered = sorted(numbers)
    start = prev = ordered[0]
    for n in ordered[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}–{prev}" if prev > start + 1 else ", ".join(map(str, range(start, prev + 1))))
        if n is not None:
            start = prev = n
    return ", ".join(out)
