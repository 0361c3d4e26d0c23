"""The trainer's review of a draft as an .xlsx sheet: 保留 / 删除 / 修改 per fact, read back into the deck.

A sheet rather than a terminal screen: trainers already check decks in Excel or
WPS, a sheet can be split among colleagues and sent round by mail, and a whole
draft is seen at once with its sources side by side. The sheet holds one row
per fact: id, kind, topic, the fact's wording in a form one edits in a cell,
the source, and a 决定 column. Reading it back:

- 保留 (keep): the fact is marked ``reviewed: true``;
- 删除 (drop): the fact stays in the file with ``reviewed: true`` and its id is
  added to ``excluded``, so it makes no cards and a re-run remembers the choice;
- 修改 (edit): the edited wording replaces the fact's, ``reviewed: true``;
- empty: nothing changes (the fact stays unreviewed).
"""

from __future__ import annotations

import os
from typing import Any

from ..atomic import atomic_path
from ..errors import InputError, Problem
from ..i18n import _

HEADERS = ("id", "类型", "主题", "内容", "来源", "决定", "说明")
KEEP, DROP, EDIT = "保留", "删除", "修改"
DECISIONS = {KEEP: KEEP, DROP: DROP, EDIT: EDIT, "keep": KEEP, "drop": DROP, "edit": EDIT,
             "k": KEEP, "d": DROP, "e": EDIT}
#: in the 内容 cell, the parts of a list, steps, members …, one per line
_LINE = "\n"


def fact_cell(fact: dict[str, Any]) -> str:
    """A fact's wording as one editable cell; :func:`apply_cell` reads it back."""
    kind = fact["kind"]
    if kind == "rule":
        return str(fact["text"])
    if kind == "term":
        return f"{fact['term']}：{fact['definition']}"
    if kind == "script":
        return f"{fact['situation']}{_LINE}{fact['response']}"
    if kind == "prohibited_phrase":
        return str(fact["phrase"])
    if kind == "category":
        return str(fact["name"]) + _LINE + _LINE.join(f"{m['name']}：{m.get('description', '')}" for m in fact["members"])
    field = {"list": "items", "sequence": "steps", "duty": "duties"}.get(kind)
    if field is None:
        return ""  # a kind the sheet does not lay out (a trainer's own question): edited in the deck file
    head = str(fact["role"] if kind == "duty" else fact["name"])
    return head + _LINE + _LINE.join(fact[field])


def apply_cell(fact: dict[str, Any], cell: str) -> dict[str, Any]:
    """``fact`` with the wording of an edited 内容 cell (the same layout :func:`fact_cell` writes)."""
    kind = fact["kind"]
    lines = [x.strip() for x in cell.replace("\r\n", "\n").split("\n") if x.strip()]
    new = dict(fact)
    if not lines:
        raise ValueError(_("the 内容 cell is empty"))
    if kind == "rule":
        new["text"] = " ".join(lines)
    elif kind == "term":
        term, sep, definition = lines[0].partition("：")
        if not sep:
            raise ValueError(_("write the term, a full-width colon ：, then the definition"))
        new["term"], new["definition"] = term.strip(), (definition + "".join(lines[1:])).strip()
    elif kind == "script":
        if len(lines) < 2:
            raise ValueError(_("write the situation on the first line and the response on the second"))
        new["situation"], new["response"] = lines[0], " ".join(lines[1:])
    elif kind == "prohibited_phrase":
        new["phrase"] = " ".join(lines)
    elif kind == "category":
        members = []
        for line in lines[1:]:
            name, _sep, description = line.partition("：")
            members.append({"name": name.strip(), "description": description.strip()})
        new["name"], new["members"] = lines[0], members
    elif kind in {"list", "sequence", "duty"}:
        field = {"list": "items", "sequence": "steps", "duty": "duties"}[kind]
        new["role" if kind == "duty" else "name"] = lines[0]
        new[field] = lines[1:]
    else:
        raise ValueError(_("a {kind} fact is edited in the deck file, not in the sheet").format(kind=kind))
    return new


def write_sheet(deck: dict[str, Any], path: str | os.PathLike[str], inputs: list[str] = ()) -> None:  # type: ignore[assignment]
    """Write the review sheet for ``deck`` (atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    from ..atomic import formula_safe

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet, active
    ws.title = "审核"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    excluded = set(deck.get("excluded") or [])
    for fact in deck["facts"]:
        decided = ""
        if fact.get("reviewed", True) is not False:
            decided = DROP if fact["id"] in excluded else KEEP
        ws.append([formula_safe(v) for v in (fact["id"], fact["kind"], fact.get("topic") or "", fact_cell(fact),
                                              fact.get("source") or "", decided, "")])
    rule = DataValidation(type="list", formula1=f'"{KEEP},{DROP},{EDIT}"', allow_blank=True)
    ws.add_data_validation(rule)
    rule.add(f"F2:F{max(2, ws.max_row)}")
    for column, width in zip("ABCDEFG", (18, 10, 16, 60, 60, 8, 30)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    with atomic_path(path, inputs=inputs) as tmp:
        wb.save(tmp)


def apply_sheet(deck: dict[str, Any], path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, int]]:
    """``deck`` with the decisions of the sheet at ``path``; every problem in the sheet is raised at once, located."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = os.fspath(path)
    try:
        wb = load_workbook(name, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=name, code="not-found")) from None
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(Problem(_("not a readable .xlsx workbook: {reason}").format(reason=exc),
                                 file=name, code="sheet")) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [h for h in ("id", "内容", "决定") if h not in header]
    if missing:
        raise InputError(Problem(_("the first row lacks the column(s) {names}").format(names=", ".join(missing)),
                                 file=name, line=1, code="sheet"))
    col = {h: header.index(h) for h in ("id", "内容", "决定")}
    facts = {f["id"]: dict(f) for f in deck["facts"]}
    excluded = list(deck.get("excluded") or [])
    problems: list[Problem] = []
    counts = {KEEP: 0, DROP: 0, EDIT: 0}
    from pydantic import TypeAdapter, ValidationError

    from ..facts import Fact

    adapter: TypeAdapter[Any] = TypeAdapter(Fact)
    for number, row in enumerate(rows, start=2):
        def cell(key: str, row: tuple[Any, ...] = row) -> str:
            i = col[key]
            return str(row[i]).strip() if i < len(row) and row[i] is not None else ""

        fid, decision = cell("id"), cell("决定")
        if not fid and not decision:
            continue
        def problem(message: str, column: str | None = None, number: int = number, fid: str = fid) -> Problem:
            return Problem(message, file=name, line=number, fact=fid or None, field=column, code="sheet")

        if fid not in facts:
            problems.append(problem(_("row {row}: no fact {id} in the draft").format(row=number, id=fid)))
            continue
        if not decision:
            continue
        choice = DECISIONS.get(decision.lower())
        if choice is None:
            problems.append(problem(_("row {row}, column 决定: {value!r} is not 保留, 删除 or 修改").format(
                row=number, value=decision), "决定"))
            continue
        fact = facts[fid]
        if choice == EDIT:
            try:
                fact = apply_cell(fact, cell("内容"))
                adapter.validate_python(fact)
            except ValueError as exc:
                message = "; ".join(e["msg"] for e in exc.errors()) if isinstance(exc, ValidationError) else str(exc)
                problems.append(problem(_("row {row}, column 内容: {message}").format(row=number, message=message),
                                        "内容"))
                continue
        fact["reviewed"] = True
        facts[fid] = fact
        if choice == DROP and fid not in excluded:
            excluded.append(fid)
        if choice != DROP and fid in excluded:
            excluded.remove(fid)
        counts[choice] += 1
    wb.close()
    if problems:
        raise InputError(problems)
    new = dict(deck)
    new["facts"] = [facts[f["id"]] for f in deck["facts"]]
    if excluded:
        new["excluded"] = excluded
    else:
        new.pop("excluded", None)
    if "excluded" in new:  # keep the deck's key order: excluded before facts
        new = {k: v for k, v in new.items() if k != "facts"} | {"facts": new["facts"]}
    return new, counts
