"""The print form of a Chinese training-centre paper, once for every format that prints one (HTML, DOCX, Markdown).

A paper printed for a certification sitting carries a cover block (单位 / 姓名 /
准考证号), 考试说明 with the time, full marks, the pass mark in points and
percent and the rule of each item type (the 多选 scoring stated), a
题号/得分 table (一 二 三 … 总分), and per section a 得分/评卷人 box beside a
heading that gives the section's total; 判断 and choice items take their
answer in 「（　　）」 on the item line and blanks are underlines. A stem that
asks for what is *not* so (「不属于」「不正确」「错误的是」「不得」) prints the
negative word emphasised, as Chinese papers do (:func:`emphasis_runs`).

:func:`print_form` gives all of it as plain text and structure; each format
only lays it out.
"""

from __future__ import annotations

from collections.abc import Sequence

import re
import unicodedata
from dataclasses import dataclass

from ..card import CardType
from .keying import key_lines
from .paper import ExamItem, ExamPaper, ExamSection


def letter(index: int) -> str:
    return chr(65 + index)


def points_text(points: float) -> str:
    return f"{points:g}"


def pass_text(paper: ExamPaper) -> str:
    """The pass mark in points and percent: 「80 分（80%）」."""
    return f"{points_text(round(paper.pass_points, 2))} 分（{points_text(paper.pass_mark)}%）"


def paper_facts(paper: ExamPaper) -> list[str]:
    """The header facts of a paper (no answers): variant, time, total, pass mark."""
    facts = [f"试卷 {paper.variant} 卷", f"满分 {points_text(paper.total_points)} 分", f"及格 {pass_text(paper)}"]
    if paper.duration_minutes:
        facts.insert(1, f"考试时间 {paper.duration_minutes} 分钟")
    # the build's fingerprint, which grading checks against the answer sheet's
    if paper.fingerprint:
        facts.append(f"试卷编号 {paper.fingerprint}")
    return facts


_COUNTED = re.compile(r"[（(]\s*共\s*\d+\s*(?:道)?\s*题")


def section_heading(section_title: str, count: int, points_each: float) -> str:
    """「一、单项选择题（共 10 题，每题 2 分，共 20 分）」, unless the trainer's title already says so."""
    if _COUNTED.search(section_title):
        return section_title
    return (f"{section_title}（共 {count} 题，每题 {points_text(points_each)} 分，"
            f"共 {points_text(count * points_each)} 分）")


#: The cover block a candidate fills in.
COVER_FIELDS = ("单位", "姓名", "准考证号")
#: The 得分/评卷人 box a marker fills in before each section: a header row and an empty one.
MARKER_BOX = (("得分", "评卷人"), ("", ""))
_NUMERALS = "一二三四五六七八九十"
_LEADING_NUMERAL = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]")


def section_numeral(index: int, title: str) -> str:
    """The section's number as its title gives it (「三、判断题」 → 三), else 一, 二 … by position."""
    match = _LEADING_NUMERAL.match(title)
    if match:
        return match.group(1)
    n = index + 1
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def score_table(paper: ExamPaper) -> list[list[str]]:
    """The 题号/得分 table: a row of section numbers and 总分, one of full marks, an empty one for the marker."""
    numerals = [section_numeral(i, s.title) for i, s in enumerate(paper.sections)]
    return [
        ["题号", *numerals, "总分"],
        ["满分", *(points_text(s.points) for s in paper.sections), points_text(paper.total_points)],
        ["得分", *([""] * len(paper.sections)), ""],
    ]


_SCORING_RULE = {
    "all-or-nothing": "全部选对得满分，少选、多选、错选均不得分",
    "half": "全部选对得满分；少选且所选均正确得该题一半分；多选、错选不得分",
    "proportional": "全部选对得满分；少选且所选均正确按选对个数占正确答案个数的比例得分；多选、错选不得分",
}


def type_rule(section: ExamSection) -> str | None:
    """How a section's items are answered and marked, in one sentence (``None`` for a mixed section)."""
    types = {i.type for i in section.items}
    if len(types) != 1:
        return None
    (kind,) = types
    if kind is CardType.MULTIPLE_CHOICE:
        return "每题只有一个正确答案，请将其字母填在题后括号内。"
    if kind is CardType.MULTIPLE_SELECT:
        rule = _SCORING_RULE.get(section.scoring or "all-or-nothing", _SCORING_RULE["all-or-nothing"])
        return f"每题有两个或两个以上正确答案，请将其字母全部填在题后括号内；{rule}。"
    if kind is CardType.TRUE_FALSE:
        return "正确的在题后括号内画“√”，错误的画“×”。"
    if kind is CardType.CLOZE:
        return "请在横线上填写答案，意思相同的规范说法同样得分。"
    if kind is CardType.TYPED:
        return "请写出规范的服务用语；按评分要点给分，每答到一个要点得相应分数，表述不同但意思相同的同样得分。"
    if kind is CardType.ORDERING:
        sample = order_sample([i.key for i in section.items])
        return f"请按正确顺序写出各步骤的字母，如 {sample}；顺序完全正确才得分。"
    return None


#: Sample answers the ordering rule may show, in the order tried: one for each first letter.
_ORDER_SAMPLES = ("CABD", "BDAC", "DBCA", "ADCB")


def order_sample(keys: Sequence[str]) -> str:
    """A sample ordering answer that begins with no key's first letter (a copied sample scores nothing, and hints
    at no item).

    >>> order_sample(["CABD", "FDEAGBC"])
    'BDAC'
    >>> order_sample([])
    'CABD'
    """
    firsts = {k[:1].upper() for k in keys}
    return next((s for s in _ORDER_SAMPLES if s[0] not in firsts), _ORDER_SAMPLES[0])


def exam_rules(paper: ExamPaper) -> list[str]:
    """考试说明: whom the paper certifies, time, full marks, pass mark, then each section's rule."""
    who = f"本试卷用于{paper.operator}{paper.title}。" if paper.operator else f"本试卷为{paper.title}。"
    first = who + (f"考试时间 {paper.duration_minutes} 分钟，" if paper.duration_minutes else "") + (
        f"满分 {points_text(paper.total_points)} 分，{pass_text(paper)}及格。")
    rules = [first, "答题前请在试卷指定位置填写单位、姓名和准考证号；请用蓝色或黑色钢笔、签字笔作答，字迹清楚。"]
    if paper.instructions:
        rules.append(paper.instructions)
    for section in paper.sections:
        rule = type_rule(section)
        if rule:
            rules.append(f"{_bare_title(section.title)}：{rule}")
    return rules


def _bare_title(title: str) -> str:
    return _LEADING_NUMERAL.sub("", title).strip()


#: An answer slot on the item line: choice and true/false items.
ANSWER_SLOT = "（　　）"
SELECT_SLOT = "（　　　　）"
#: A blank in a fill-in: long enough to write four to eight characters by hand.
BLANK = "＿＿＿＿＿＿＿＿"
_CLOZE_GAP = re.compile(r"\[(…|[^\[\]]*)\]")


def printed_prompt(item: ExamItem) -> str:
    """The question as printed: a fill-in's gap as an underline (a hint kept in brackets), a slot for choices.

    >>> printed_prompt(cloze_item)  # doctest: +SKIP
    '投诉须在＿＿＿＿＿＿＿＿内立单。'
    """
    text = item.prompt
    if item.type is CardType.CLOZE:
        text = _CLOZE_GAP.sub(lambda m: BLANK if m.group(1) in ("…", "") else f"{BLANK}（{m.group(1)}）", text)
    if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        text += ANSWER_SLOT
    elif item.type is CardType.MULTIPLE_SELECT:
        text += SELECT_SLOT
    return text


#: Negative words a question asks with, longest first; each is printed emphasised (bold, 着重号).
NEGATIONS = ("错误的是", "不属于", "不包括", "不正确", "不恰当", "不符合", "不规范", "不需要", "不应该", "不应",
             "不得", "不能", "不可", "不宜", "不必", "不是", "错误", "禁止", "严禁", "除外")
_NEGATION = re.compile("|".join(
    # 「是不是」 asks, it does not negate
    ("(?<!是)不是" if w == "不是" else re.escape(w)) for w in NEGATIONS))
_QUOTED = re.compile(r"「[^「」]*」|“[^“”]*”|《[^《》]*》")
#: Items whose stem asks a question (a 判断 or a fill-in is a statement: its negation is not emphasised).
_ASKING = frozenset({CardType.MULTIPLE_CHOICE, CardType.MULTIPLE_SELECT, CardType.ORDERING, CardType.TYPED,
                     CardType.LIST_RECALL})


def emphasis_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs of (text, emphasised): each negative word a question asks with is emphasised.

    A word inside a quotation (「不得使用的用语」, a book title) is the name of something, not the
    question's negation, and stays plain.

    >>> emphasis_runs("以下哪一项不属于「首问负责制」？")
    [('以下哪一项', False), ('不属于', True), ('「首问负责制」？', False)]
    """
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    runs: list[tuple[str, bool]] = []
    at = 0
    for match in _NEGATION.finditer(text):
        if any(start <= match.start() < end for start, end in quoted):
            continue
        if match.start() > at:
            runs.append((text[at:match.start()], False))
        runs.append((match.group(), True))
        at = match.end()
    if at < len(text):
        runs.append((text[at:], False))
    return runs


def shows_options(item: ExamItem) -> bool:
    """Whether the options are printed (判断 is answered with √/× on the item line)."""
    return bool(item.options) and item.type is not CardType.TRUE_FALSE


def display_width(text: str) -> int:
    """Width in half-width cells: a CJK or full-width character counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def option_columns(item: ExamItem) -> int:
    """How many options share a printed line: 4 when all are short, 2 when they fit half a line, else 1."""
    widest = max((display_width(o.text) for o in item.options), default=0) + 4  # "A. " and a gap
    if widest <= 20 and len(item.options) <= 4 or widest <= 16:
        return 4
    if widest <= 40:
        return 2
    return 1


def answer_line(item: ExamItem) -> str | None:
    """The line under an item where the answer is written (``None``: it goes in the slot on the item line)."""
    if item.type is CardType.ORDERING:
        return "答：" + "＿" * 2 * len(item.options)
    if item.type in (CardType.CLOZE, CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.MULTIPLE_SELECT):
        return None
    return "答："


#: Ruled lines left under a 简答 item for the answer.
ANSWER_LINES = 3


def key_text(item: ExamItem) -> str:
    """The key as a marker reads it: letters and the answer in words; a fill-in's other accepted wordings;
    a 简答's scoring points."""
    if item.type is CardType.TRUE_FALSE:
        return f"{'√' if item.answer == '正确' else '×'}（{item.answer}）"
    return "\n".join(key_lines(item))


@dataclass(frozen=True)
class PrintedItem:
    """One item as printed: its number, stem (runs, negations emphasised), options and answer space."""

    number: int
    type: CardType
    stem: tuple[tuple[str, bool], ...]
    options: tuple[str, ...]  # 「A. …」, empty when the item is answered on its line
    columns: int  # how many options share a line
    answer_line: str | None
    ruled_lines: int  # empty ruled lines under the item (a 简答's answer space)

    @property
    def stem_text(self) -> str:
        return "".join(text for text, _ in self.stem)


@dataclass(frozen=True)
class PrintedSection:
    numeral: str
    heading: str  # with the count, the points each and the section's total
    instructions: str | None
    items: tuple[PrintedItem, ...]


@dataclass(frozen=True)
class PrintForm:
    """Everything a student paper prints, in order, as text: each format lays it out."""

    operator: str | None
    title: str  # 「营业员上岗认证（A 卷）」
    key_title: str  # 「… 参考答案及评分标准」
    running_header: str
    facts: tuple[str, ...]
    cover_fields: tuple[str, ...]
    rules: tuple[str, ...]
    score_table: tuple[tuple[str, ...], ...]
    sections: tuple[PrintedSection, ...]


def printed_item(item: ExamItem) -> PrintedItem:
    prompt = printed_prompt(item)
    shown = shows_options(item)
    return PrintedItem(
        number=item.number,
        type=item.type,
        stem=tuple(emphasis_runs(prompt)) if item.type in _ASKING else ((prompt, False),),
        options=tuple(f"{letter(i)}. {o.text}" for i, o in enumerate(item.options)) if shown else (),
        columns=option_columns(item) if shown else 1,
        answer_line=answer_line(item),
        ruled_lines=ANSWER_LINES if item.type is CardType.TYPED else 0,
    )


#: The papers last laid out and their forms: a paper's paper and key, in every format, are printed from one.
_RECENT: list[tuple[ExamPaper, PrintForm]] = []


def print_form(paper: ExamPaper) -> PrintForm:
    """The student paper of ``paper`` as the training centre prints it (no answer anywhere)."""
    for seen, form in _RECENT:
        if seen is paper:  # a paper is frozen: the same object, the same form
            return form
    form = _print_form(paper)
    _RECENT.insert(0, (paper, form))
    del _RECENT[4:]
    return form


def _print_form(paper: ExamPaper) -> PrintForm:
    title = f"{paper.title}（{paper.variant} 卷）"
    return PrintForm(
        operator=paper.operator,
        title=title,
        key_title=f"{title}参考答案及评分标准",
        running_header=f"{paper.title} · 试卷 {paper.variant} 卷",
        facts=tuple(paper_facts(paper)),
        cover_fields=COVER_FIELDS,
        rules=tuple(exam_rules(paper)),
        score_table=tuple(map(tuple, score_table(paper))),
        sections=tuple(
            PrintedSection(
                numeral=section_numeral(i, s.title),
                heading=section_heading(s.title, len(s.items), s.points_each),
                instructions=s.instructions,
                items=tuple(printed_item(item) for item in s.items),
            )
            for i, s in enumerate(paper.sections)
        ),
    )


#: The columns of the answer key: 题号, the answer with its accepted wordings or scoring points, points, 说明.
KEY_HEADER = ("题号", "答案及评分要点", "分值", "说明")


@dataclass(frozen=True)
class KeySection:
    heading: str
    rows: tuple[tuple[str, str, str, str], ...]  # as KEY_HEADER


def key_form(paper: ExamPaper) -> tuple[KeySection, ...]:
    """参考答案及评分标准: per section its heading and per item the row of :data:`KEY_HEADER`."""
    return tuple(
        KeySection(section_heading(s.title, len(s.items), s.points_each),
                   tuple((str(i.number), key_text(i), points_text(i.points), i.explanation or "") for i in s.items))
        for s in paper.sections
    )
