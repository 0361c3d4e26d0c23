"""A trainer's question bank (题库) read into a deck of ``question`` facts.

Three forms come in:

* a spreadsheet (.xlsx, read by a reader plugin): one question per row under a
  header row — the columns drill's own ``xlsx`` bank writes (题型, 题干,
  选项A…选项H, 正确答案, 解析, 分值, 难度, 知识点) and the names trainers' templates
  use for them (试题类型, 题目, 答案, A…H, 考点 …); every sheet with such a header
  is read, title rows above the header are skipped;
* the plain-text form (.txt, read here), and a Word document in the same form
  (.docx, read by a reader plugin)::

      一、单选题
      1. 题干
      A. 选项
      B. 选项
      答案：B
      解析：说明

Every bad row is reported at once, each located by sheet, row and column (or
line): a missing stem or key, a key letter not among the options, several
letters on a 单选, a duplicate question, an unknown 题型, merged cells, formulas
with no value. A bank with any of them loads nothing.

An item's id is the bank's id column (编号/试题编号/ID) when there is one, else
made from its stem, so reordering rows keeps the review history; editing a
stem makes a new item.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import DeckError, InputError, NotFoundError, Problem
from .i18n import _
from .reading import BankContent, BankLines, BankTable
from .text import stable_hash

#: Deck files; anything else given where a deck is goes through the bank readers.
DECK_SUFFIXES = frozenset({".yaml", ".yml"})
#: Banks read by drill itself, without a plugin.
CORE_BANK_SUFFIXES = frozenset({".txt"})

# header cell (after normalising: NFKC, no spaces, lowercase) → field
_HEADERS: dict[str, tuple[str, ...]] = {
    "type": ("题型", "试题类型", "题目类型", "类型", "题类", "试题题型", "type"),
    "stem": ("题干", "题目", "试题", "题目内容", "试题内容", "问题", "题干内容", "stem", "question"),
    "key": ("正确答案", "答案", "标准答案", "参考答案", "key", "answer"),
    "explanation": ("解析", "答案解析", "试题解析", "解释", "说明", "explanation"),
    "score": ("分值", "分数", "题目分值", "points", "score"),
    "difficulty": ("难度", "难易度", "难易程度", "试题难度", "difficulty"),
    "topic": ("知识点", "考点", "章节", "分类", "知识点分类", "所属知识点", "topic"),
    "id": ("编号", "试题编号", "题目编号", "试题id", "题目id", "id"),
    "accept": ("可接受答案", "其他答案", "备选答案", "同义答案", "accept"),
    "fixed": ("固定选项", "不打乱选项", "fixed"),
}
_FIELD_OF = {alias.lower(): name for name, aliases in _HEADERS.items() for alias in aliases}
_OPTION_HEADER = re.compile(r"^(?:选项|答案)?([A-H])(?:选项|项)?$")

_TYPE_NAMES: dict[str, str] = {}
for _canonical, _names in {
    "单选": ("单选", "单选题", "单项选择", "单项选择题", "单选择题", "选择题", "single", "single_choice"),
    "多选": ("多选", "多选题", "多项选择", "多项选择题", "不定项", "不定项选择", "不定项选择题", "multiple"),
    "判断": ("判断", "判断题", "是非题", "对错题", "truefalse", "true_false"),
    "填空": ("填空", "填空题", "fill", "blank"),
    "简答": ("简答", "简答题", "问答", "问答题", "主观题", "论述题", "short_answer"),
}.items():
    for _name in _names:
        _TYPE_NAMES[_name.lower()] = _canonical

#: Options that keep their place when a paper shuffles (they refer to the others).
_FIXED_OPTION = re.compile(r"^(以上|上述|前述|全部|都不|均不|皆非|皆是|都是|都对|都不对|均正确|均错误|全都)")


def normal_header(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def question_type(text: str) -> str | None:
    """单选题 / 单项选择题 / 多选 / 判断题 … → 单选/多选/判断/填空/简答, or None for an unknown name."""
    name = normal_header(text).strip("【】[]()（）")
    return _TYPE_NAMES.get(name)


def fixed_looking(option: str) -> bool:
    """Whether an option refers to the others (「以上都对」, 「上述均不正确」) and so must keep its place."""
    return bool(_FIXED_OPTION.match(option.strip()))


@dataclass
class _Item:
    """One question as read, with where each field came from."""

    where: str  # "题库!5" or "line 12": for the item's source and messages
    row: int
    fields: dict[str, str]
    options: list[str]
    cells: dict[str, tuple[int | None, str]]  # field → (column number, location label)


#: an id made from a question's stem (:func:`question_id` without the bank's own id): ``q-`` and 12 hex digits
STEM_ID = re.compile(r"q-[0-9a-f]{12}")


def question_id(given: str | None, stem: str) -> str:
    """The bank's own id as a fact id (``Q-017`` → ``q-017``), else one made from the stem's text.

    An id made from the stem has the form :data:`STEM_ID`; a bank id that is no
    slug (``第1题``) becomes ``q-id-`` and a hash of it, never that form, so
    :func:`stem_id_moved` can tell an edited stem from a bank's own id.
    """
    if given:
        slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", given).lower()).strip("-")
        if slug and re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and len(slug) <= 60:
            return slug if slug[0].isalpha() else f"q-{slug}"
        return "q-id-" + stable_hash("id\x1f" + given.strip(), 12)
    from .text import normalize

    return "q-" + stable_hash(normalize(stem), 12)


def stem_id_moved(fact_id: str, stem: str) -> bool:
    """Whether ``fact_id`` was made from a stem other than ``stem`` (the stem was edited after the id was made).

    >>> fact_id = question_id(None, "首问负责制要求谁负责到底？")
    >>> stem_id_moved(fact_id, "首问负责制要求谁负责到底？"), stem_id_moved(fact_id, "首问负责制要求哪位员工负责到底？")
    (False, True)
    >>> stem_id_moved("q-001", "任何题干")  # the bank's own id: the stem may change freely
    False
    """
    return STEM_ID.fullmatch(fact_id) is not None and fact_id != question_id(None, stem)


def deck_id_for(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", path.stem).lower()).strip("-")
    if slug and slug[0].isalnum() and len(slug) <= 60:
        return slug
    return "bank-" + stable_hash(path.stem, 8)


# -- reading ----------------------------------------------------------------------------------------

def read_bank_content(path: str | os.PathLike[str]) -> BankContent:
    """The bank's cells or lines: .txt here, other files through a reader plugin (:func:`drill.plugins.find_reader`)."""
    p = Path(path)
    if not p.is_file():
        raise DeckError(Problem(_("no such file"), file=str(p), code="not-found"))
    if p.suffix.lower() in CORE_BANK_SUFFIXES:
        from .exam.sheets import decode_text

        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DeckError(Problem(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=str(p),
                                    code="io")) from None
        text, _encoding = decode_text(data, str(p))
        return BankLines(lines=text.splitlines())
    from .plugins import find_reader

    try:
        reader = find_reader(p, reads="bank")
    except NotFoundError as exc:
        raise DeckError(Problem(str(exc), file=str(p), code="not-found")) from None
    try:
        content = reader.read_bank(p)
    except InputError as exc:
        raise DeckError(exc.problems) from None
    if not isinstance(content, BankTable | BankLines):
        raise DeckError(Problem(_("the bank reader {name!r} returned no bank").format(name=reader.name),
                                file=str(p)))
    return content


def load_bank(path: str | os.PathLike[str]) -> Any:
    """A bank file as a :class:`~drill.deck.Deck` of ``question`` facts; :class:`DeckError` lists every bad row."""
    return load_bank_located(path)[0]


def load_bank_located(path: str | os.PathLike[str]) -> tuple[Any, dict[str, tuple[int, str]]]:
    """:func:`load_bank`, and where each question is: fact id → (row or line, ``sheet!row``)."""
    from .deck import Deck

    p = Path(path)
    content = read_bank_content(p)
    file = str(path)
    if isinstance(content, BankTable):
        items, problems = _table_items(content, file)
    else:
        items, problems = _text_items(content, file)
    problems = list(content.problems) + problems
    facts, more, where = _facts(items, file, p.name)
    problems.extend(more)
    if not facts and not problems:
        problems.append(Problem(_("no questions found: expected a header row with 题干 (or 题目) and 答案, "
                                  "or lines like `1. 题干` / `A. …` / `答案：A`"), file=file, line=1))
    if problems:
        problems.sort(key=lambda pr: (pr.line or 0, pr.column or 0))
        raise DeckError(problems)
    return Deck.model_validate({"deck": deck_id_for(p), "title": p.stem, "facts": facts}), where


def is_bank_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a question bank (.txt, or a suffix a bank reader plugin reads) rather than a deck."""
    suffix = Path(path).suffix.lower()
    if not suffix or suffix in DECK_SUFFIXES:
        return False
    if suffix in CORE_BANK_SUFFIXES:
        return True
    from .plugins import discover_readers

    return any(p.status == "ok" and "bank" in p.reads and suffix in p.suffixes for p in discover_readers())


# -- spreadsheets -----------------------------------------------------------------------------------

def _header_of(cells: dict[int, str]) -> tuple[dict[str, int], dict[int, str]] | None:
    """field → column and option letter ↔ column, when ``cells`` look like a bank's header row."""
    fields: dict[str, int] = {}
    options: dict[int, str] = {}
    for column, text in sorted(cells.items()):
        h = normal_header(text)
        if not h:
            continue
        name = _FIELD_OF.get(h)
        if name is not None and name not in fields:
            fields[name] = column
            continue
        m = _OPTION_HEADER.match(h.upper())
        if m:
            options[column] = m.group(1)
    if "stem" in fields and ("key" in fields or options):
        return fields, options
    return None


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _table_items(table: BankTable, file: str) -> tuple[list[_Item], list[Problem]]:
    items: list[_Item] = []
    problems: list[Problem] = []
    found_header = False
    for sheet, rows in table.rows.items():
        header: tuple[dict[str, int], dict[int, str]] | None = None
        labels: dict[int, str] = {}
        for row_number, row_cells in rows:
            cells = {_column_number(c.column): c.text for c in row_cells}
            if header is None:
                header = _header_of(cells) if row_number <= 20 else None
                if header is not None:
                    labels = cells
                    found_header = True
                continue
            fields, option_columns = header
            values = {name: cells.get(col, "").strip() for name, col in fields.items()}
            if not any(v for v in values.values()) and not any(cells.get(c, "").strip() for c in option_columns):
                continue
            by_letter = {letter: cells.get(col, "").strip() for col, letter in option_columns.items()}
            last = max((i for i, letter in enumerate("ABCDEFGH") if by_letter.get(letter)), default=-1)
            options = [by_letter.get(letter, "") for letter in "ABCDEFGH"[: last + 1]]
            where_cells: dict[str, tuple[int | None, str]] = {}
            for name, col in fields.items():
                where_cells[name] = (col, f"{sheet}!{_letters(col)}{row_number} {labels.get(col, '')}".strip())
            for col, letter in option_columns.items():
                where_cells["option" + letter] = (col, f"{sheet}!{_letters(col)}{row_number} {labels.get(col, '')}")
            where_cells["row"] = (None, f"{sheet}!{row_number}")
            # deck content, not interface text: the same in every language, so a card's hash never depends on it
            items.append(_Item(f"工作表「{sheet}」第{row_number}行", row_number,
                               values, options, where_cells))
    if not found_header and any(table.rows.values()):
        problems.append(Problem(
            _("no sheet has a header row with 题干 (or 题目) and 答案 (or 选项A…); expected the columns "
              "题型, 题干, 选项A…选项H, 正确答案, 解析, 分值, 难度, 知识点"), file=file, line=1, field="header"))
    return items, problems


def _letters(column: int) -> str:
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


# -- the text form ----------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(?:第\s*)?(\d{1,5})\s*(?:[.．、)）]|题[.．、:：]?)\s*(.*)$")
_OPTION = re.compile(r"^\s*[(（]?([A-Ha-hＡ-Ｈ])\s*[.．、)）:：]\s*(.*)$")
_INLINE_OPTION = re.compile(r"(?:^|\s{2,}|\t)([A-H])\s*[.．、)）]\s*")
_LABELLED = re.compile(r"^\s*[【\[]?(答案|正确答案|参考答案|标准答案|解析|答案解析|题型|知识点|考点|分值|分数|难度|编号|ID|"
                       r"可接受答案|其他答案|固定选项)[】\]]?\s*[:：]\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+部分\s*)?\s*"
                      r"(单选题|单项选择题|多选题|多项选择题|不定项选择题|判断题|是非题|填空题|简答题|问答题|选择题)")
_TYPE_PREFIX = re.compile(r"^\s*[【\[(（](单选题?|多选题?|判断题?|填空题?|简答题?|单项选择题|多项选择题)[】\])）]\s*")
_LABEL_FIELD = {"答案": "key", "正确答案": "key", "参考答案": "key", "标准答案": "key", "解析": "explanation",
                "答案解析": "explanation", "题型": "type", "知识点": "topic", "考点": "topic", "分值": "score",
                "分数": "score", "难度": "difficulty", "编号": "id", "id": "id", "可接受答案": "accept",
                "其他答案": "accept", "固定选项": "fixed"}


def _text_items(content: BankLines, file: str) -> tuple[list[_Item], list[Problem]]:
    items: list[_Item] = []
    problems: list[Problem] = []
    section_type: str | None = None
    current: _Item | None = None
    last_field: str | None = None
    for n, raw in enumerate(content.lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        section = _SECTION.match(line)
        if section and not _NUMBERED.match(line):
            section_type = question_type(section.group(1))
            current, last_field = None, None
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            stem = numbered.group(2).strip()
            fields: dict[str, str] = {"stem": stem}
            prefix = _TYPE_PREFIX.match(stem)
            if prefix:
                fields["type"] = prefix.group(1)
                fields["stem"] = stem[prefix.end():].strip()
            elif section_type:
                fields["type"] = section_type
            current = _Item(f"第{n}行", n, fields, [],
                            {"stem": (1, _("line {line}").format(line=n)), "row": (None, _("line {line}").format(line=n))})
            items.append(current)
            last_field = "stem"
            continue
        if current is None:
            continue  # a title, an instruction: nothing of a question yet
        labelled = _LABELLED.match(line)
        if labelled:
            name = _LABEL_FIELD.get(labelled.group(1).lower(), _LABEL_FIELD.get(labelled.group(1), "key"))
            current.fields[name] = labelled.group(2).strip()
            current.cells[name] = (1, _("line {line}").format(line=n))
            last_field = name
            continue
        option = _OPTION.match(line)
        if option and last_field in ("stem", "option"):
            pieces = _split_inline_options(line)
            for letter, text in pieces:
                index = ord(letter) - 65
                while len(current.options) < index:
                    current.options.append("")
                if index < len(current.options):
                    current.options[index] = text
                else:
                    current.options.append(text)
                current.cells["option" + letter] = (1, _("line {line}").format(line=n))
            last_field = "option"
            continue
        # a line that continues the previous field (a long stem, a second line of 解析)
        if last_field in ("stem", "explanation"):
            current.fields[last_field] = (current.fields.get(last_field, "") + "\n" + line).strip()
        elif last_field == "option" and current.options:
            current.options[-1] = (current.options[-1] + " " + line).strip()
        else:
            problems.append(Problem(_("this line belongs to no question field: {text}").format(
                text=repr(line[:40])), file=file, line=n, column=1))
    return items, problems


def _split_inline_options(line: str) -> list[tuple[str, str]]:
    """``A. 现金  B. 支票`` on one line → both options; a single option otherwise."""
    text = unicodedata.normalize("NFKC", line.strip())
    text = re.sub(r"^[(（]", "", text)
    marks = list(re.finditer(r"(?:^|\s+)[(（]?([A-H])\s*[.．、)）:：]\s*", text))
    marks = [m for i, m in enumerate(marks) if m.group(1) == chr(ord(marks[0].group(1)) + i)]
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((m.group(1), text[m.end():end].strip()))
    return out


# -- rows → facts -----------------------------------------------------------------------------------

def _facts(items: Iterable[_Item], file: str, file_name: str
           ) -> tuple[list[dict[str, Any]], list[Problem], dict[str, tuple[int, str]]]:
    from .facts.question import QUESTION_TYPES, key_letters, key_problem, truth_of

    facts: list[dict[str, Any]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    located: dict[str, tuple[int, str]] = {}

    for item in items:
        def problem(message: str, field: str = "row") -> None:
            column, label = item.cells.get(field) or item.cells["row"]
            problems.append(Problem(message, file=file, line=item.row, column=column, field=label.strip(),
                                    code="bank"))

        f = item.fields
        stem = f.get("stem", "").strip()
        key = f.get("key", "").strip()
        options = list(item.options)
        if not stem:
            problem(_("no stem (题干)"), "stem")
            continue
        kind_text = f.get("type", "").strip()
        kind = question_type(kind_text) if kind_text else _guess_type(key, options)
        if kind is None:
            problem(_("unknown question type {type!r}; known: {known}").format(
                type=kind_text, known="、".join(QUESTION_TYPES)), "type")
            continue
        blank_inside = [chr(65 + i) for i, o in enumerate(options) if not o]
        if blank_inside and kind in ("单选", "多选"):
            problem(_("option {letter} is empty but a later option is filled").format(letter=blank_inside[0]),
                    "option" + blank_inside[0])
            continue
        if kind == "判断":
            letters = key_letters(key)
            if options and len(letters) == 1 and "A" <= letters <= chr(64 + len(options)):
                key = options[ord(letters) - 65]  # a 判断 keyed by the letter of 对/错 options
            options = []
        if not key:
            problem(_("no key (答案)"), "key" if "key" in item.cells else "row")
            continue
        why = key_problem(kind, key, len(options))
        if why:
            problem(why, "key" if "key" in item.cells else "row")
            continue
        if kind == "判断":
            key = "正确" if truth_of(key) else "错误"
        elif kind in ("单选", "多选"):
            key = key_letters(key)
        fixed_letters = set(key_letters(f.get("fixed", "")))
        made_options: list[Any] = [
            {"text": o, "fixed": True} if (chr(65 + i) in fixed_letters or fixed_looking(o)) else o
            for i, o in enumerate(options)
        ]
        fid = question_id(f.get("id") or None, stem)
        if fid in seen:
            if f.get("id"):
                message = _("duplicate question: id {id!r} is already used at {where}").format(
                    id=f["id"], where=seen[fid])
            else:
                message = _("duplicate question: the same stem is already at {where}").format(where=seen[fid])
            problem(message, "id" if f.get("id") else "stem")
            continue
        seen[fid] = item.where
        fact: dict[str, Any] = {"kind": "question", "id": fid, "type": kind, "stem": stem, "key": key,
                                "source": f"{file_name} · {item.where}"}
        if made_options and kind in ("单选", "多选"):
            fact["options"] = made_options
        if f.get("explanation"):
            fact["explanation"] = f["explanation"]
        if f.get("topic"):
            fact["topic"] = f["topic"]
        if f.get("difficulty"):
            fact["difficulty"] = f["difficulty"]
        if f.get("accept") and kind in ("填空", "简答"):
            fact["accept"] = [a.strip() for a in re.split(r"[|｜;；\n]", f["accept"]) if a.strip()]
        score = f.get("score", "").strip()
        if score:
            try:
                value = float(unicodedata.normalize("NFKC", score).removesuffix("分"))
            except ValueError:
                problem(_("score {score!r} is not a number").format(score=score), "score")
                continue
            if not 0 <= value <= 1000:
                problem(_("score {score!r} is outside 0–1000").format(score=score), "score")
                continue
            fact["score"] = value
        try:
            from .facts.question import QuestionFact

            QuestionFact.model_validate(fact)
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else "row"
                problem(str(err["msg"]).removeprefix("Value error, "), field if field in item.cells else "row")
            continue
        facts.append(fact)
        located[fid] = (item.row, item.cells["row"][1])
    return facts, problems, located


def _guess_type(key: str, options: list[str]) -> str | None:
    """The type of a question whose bank gives none: letters with options are choices, 对/错 a 判断."""
    from .facts.question import key_letters, truth_of

    if options:
        letters = key_letters(key)
        if letters.isalpha() and letters.isascii():
            return "单选" if len(letters) == 1 else "多选"
    if truth_of(key) is not None:
        return "判断"
    return "填空"


__all__ = ["DECK_SUFFIXES", "STEM_ID", "fixed_looking", "is_bank_path", "load_bank", "question_id", "question_type",
           "read_bank_content", "stem_id_moved"]
