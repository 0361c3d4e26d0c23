"""Wording shared by the exam formats: the print form of a Chinese training-centre paper.

A paper printed for a certification sitting carries a cover block (单位 / 姓名 /
准考证号), 考试说明 with the time, full marks, the pass mark in points and
percent and the rule of each item type (the 多选 scoring stated), a
题号/得分 table (一 二 三 … 总分), and per section a 得分/评卷人 box; 判断 and
choice items take their answer in 「（　　）」 on the item line and blanks are
underlines. The HTML and DOCX formats lay these out; the wording is here, once.
"""

from __future__ import annotations

import re
import unicodedata

from drill.card import CardType
from drill.exam import ExamItem, ExamPaper, ExamSection, key_lines

TYPE_HINT = {
    CardType.MULTIPLE_CHOICE: "单选",
    CardType.TRUE_FALSE: "判断",
    CardType.ORDERING: "排序",
    CardType.CLOZE: "填空",
    CardType.TYPED: "简答",
    CardType.MULTIPLE_SELECT: "多选",
}


def moodle_fraction(share: float) -> str:
    """A grade fraction as Moodle lists them (100, 50, 33.33333, 16.66667, 14.28571, 12.5 …)."""
    return f"{share:.5f}".rstrip("0").rstrip(".")


def select_fractions(item: ExamItem) -> list[str]:
    """Per option of a multiple-select item: each right one 100/k, each wrong one −100.

    The right ones sum to 100; a wrong pick brings the mark to 0 (Moodle stops
    at 0), as on paper. Moodle's core question type gives the share of right
    ones picked (the blueprint's ``proportional``); ``all-or-nothing`` and
    ``half`` are marked that way only by ``drill exam grade``.
    """
    right = sum(o.correct for o in item.options)
    return [moodle_fraction(100 / right) if o.correct else "-100" for o in item.options]


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
        facts.append(f"试卷指纹 {paper.fingerprint}")
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
        return "请按正确顺序写出各步骤的字母，如 CABD；顺序完全正确才得分。"
    return None


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
    if item.type is CardType.CLOZE:
        return None
    if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.MULTIPLE_SELECT):
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
