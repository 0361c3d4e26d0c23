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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..card import CardType
from ..errors import InputError, Problem
from ..i18n import _, ngettext
from .analysis import CandidateResult, ItemResponse
from .scoring import letters_given, mark_item, order_letters
from .sheets import Sheet, cell_name, column_name, is_blank, read_sheet

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
    """Graded answer sheets: results in sheet order, and roster candidates with no sheet."""

    results: list[CandidateResult]
    absent: list[tuple[str, str]] = field(default_factory=list)  # (candidate, name)
    encoding: str = ""


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
    if not sheet.rows or is_blank(sheet.rows[0]):
        raise InputError(sheet.problem(_("empty roster; expected a header such as 考号,姓名"), 1))
    header = [h.strip().lower() for h in sheet.rows[0]]
    id_col = next((i for i, h in enumerate(header) if h in ROSTER_ID_HEADERS), 0)
    name_col = next((i for i, h in enumerate(header) if h in ROSTER_NAME_HEADERS), None)
    roster: dict[str, str] = {}
    first_row: dict[str, int] = {}
    problems = []
    for r, row in enumerate(sheet.rows[1:], start=2):
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
    """Read and grade a responses table; raise InputError naming every damaged cell."""
    sheet = read_sheet(path)
    return grade_sheet(sheet, manifest, roster, roster_path)


def grade_sheet(sheet: Sheet, manifest: Mapping[str, Any], roster: Mapping[str, str] | None = None,
                roster_path: str | None = None) -> Grading:
    rows = sheet.rows
    if not rows or is_blank(rows[0]):
        raise InputError(sheet.problem(_("empty file; expected a header: candidate,variant,1,2,…"), 1))
    header = [h.strip() for h in rows[0]]
    width = len(header)
    while width > 2 and not header[width - 1]:
        width -= 1  # trailing empty header cells (Excel pads a used range)
    problems: list[Problem] = []
    if width < 3:
        problems.append(sheet.problem(_("header needs: candidate,variant,1,2,… (item numbers)"), 1, width + 1))
    variants: Mapping[str, Any] = manifest["variants"]
    known_numbers = {it["number"] for spec in variants.values() for it in spec["items"]}
    columns: dict[int, int] = {}  # item number → 0-based column
    for col in range(2, width):
        h = header[col]
        number = item_column(h)
        where = cell_name(1, col + 1)
        if number is None:
            problems.append(sheet.problem(_("header {cell} {text} is not an item number").format(
                cell=where, text=repr(h)), 1, col + 1))
        elif number in columns:
            problems.append(sheet.problem(_("header {cell} repeats item {number} (already column {column})").format(
                cell=where, number=number, column=column_name(columns[number] + 1)), 1, col + 1))
        elif number not in known_numbers:
            problems.append(sheet.problem(_("header {cell}: no variant has an item {number}").format(
                cell=where, number=number), 1, col + 1))
        else:
            columns[number] = col
    body = [(r, row) for r, row in enumerate(rows[1:], start=2) if not is_blank(row)]
    if not body and not problems:
        problems.append(sheet.problem(_("no candidate rows after the header"), 2, 1))
    missing_reported: set[str] = set()
    results: list[CandidateResult] = []
    seen: dict[str, int] = {}
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
            extra = next(c for c in range(width, len(row)) if row[c].strip())
            problems.append(sheet.problem(_("cell {cell} is beyond the header's last column").format(
                cell=cell_name(r, extra + 1)), r, extra + 1))
            continue
        candidate = row[0].strip()
        variant = row[1].strip().upper() if len(row) > 1 else ""
        variant = variant.removesuffix("卷")
        if not candidate:
            problems.append(sheet.problem(_("missing candidate id in {cell}").format(cell=cell_name(r, 1)), r, 1))
            continue
        if candidate in seen:
            problems.append(sheet.problem(_("candidate {candidate} already on row {row}").format(
                candidate=repr(candidate), row=seen[candidate]), r, 1))
            continue
        seen[candidate] = r
        if roster is not None and candidate not in roster:
            off = (_("candidate {candidate} is not on the roster {roster}") if roster_path
                   else _("candidate {candidate} is not on the roster"))
            problems.append(sheet.problem(off.format(candidate=repr(candidate), roster=roster_path), r, 1))
            continue
        if variant not in variants:
            problems.append(sheet.problem(_("unknown variant {variant}; the manifest has {variants}").format(
                variant=repr(variant), variants=", ".join(variants)), r, 2))
            continue
        spec = variants[variant]
        absent_cols = [it["number"] for it in spec["items"] if it["number"] not in columns]
        if absent_cols:
            if variant not in missing_reported:
                missing_reported.add(variant)
                problems.append(sheet.problem(
                    _("the header has no column for item(s) {numbers} of variant {variant} ({n} items)").format(
                        numbers=_ranges(absent_cols), variant=variant, n=len(spec["items"])), 1, width + 1))
            continue
        numbers = {it["number"] for it in spec["items"]}
        stray = [n for n, c in columns.items() if n not in numbers and c < len(row) and row[c].strip()]
        if stray:
            c = columns[stray[0]]
            problems.append(sheet.problem(_("{cell}: variant {variant} has no item {number}").format(
                cell=cell_name(r, c + 1), variant=variant, number=stray[0]), r, c + 1))
            continue
        responses = []
        row_ok = True
        for it in spec["items"]:
            c = columns[it["number"]]
            given = row[c] if c < len(row) else ""
            if CardType(it["type"]) is CardType.TRUE_FALSE:
                given = true_false_letter(it, given)
            why = answer_problem(it, given)
            if why:
                problems.append(sheet.problem(_("{cell} (item {number}): {problem}").format(
                    cell=cell_name(r, c + 1), number=it["number"], problem=why), r, c + 1))
                row_ok = False
                continue
            mark = mark_item(it, given)
            select = CardType(it["type"]) is CardType.MULTIPLE_SELECT
            responses.append(ItemResponse(
                item_id=it["id"], correct=mark.correct, points=float(it["points"]), choice=choice_label(it, given),
                section=str(it.get("section", "")), number=int(it["number"]),
                credit=mark.credit if select else None, reason=mark.reason,
                equivalent=mark.equivalent, judged=mark.judged,
            ))
        if row_ok:
            name = roster.get(candidate, "") if roster else ""
            results.append(CandidateResult(candidate, variant, tuple(responses), float(spec["pass_mark"]), name))
    if problems:
        raise InputError(problems)
    absent = [(c, n) for c, n in (roster or {}).items() if c not in seen]
    return Grading(results, absent, sheet.encoding)


def read_responses(path: str | os.PathLike[str], manifest: Mapping[str, Any]) -> list[CandidateResult]:
    """Grade a responses table against a manifest (see :func:`grade_responses`)."""
    return grade_responses(path, manifest).results


def _ranges(numbers: Sequence[int]) -> str:
    """``[19, 20, 21, 25]`` → ``19–21, 25``."""
    out: list[str] = []
    ordered = sorted(numbers)
    start = prev = ordered[0]
    for n in ordered[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}–{prev}" if prev > start + 1 else ", ".join(map(str, range(start, prev + 1))))
        if n is not None:
            start = prev = n
    return ", ".join(out)
