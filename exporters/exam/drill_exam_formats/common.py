"""Wording shared by the exam formats."""

from __future__ import annotations

import re

from drill.card import CardType
from drill.exam import ExamItem, ExamPaper

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


def paper_facts(paper: ExamPaper) -> list[str]:
    """The header facts of a paper (no answers): variant, time, total, pass mark."""
    facts = [f"试卷 {paper.variant} 卷", f"满分 {points_text(paper.total_points)} 分",
             f"及格 {points_text(paper.pass_mark)}%"]
    if paper.duration_minutes:
        facts.insert(1, f"考试时间 {paper.duration_minutes} 分钟")
    # the build's fingerprint, which grading checks against the answer sheet's
    if paper.fingerprint:
        facts.append(f"试卷指纹 {paper.fingerprint}")
    return facts


_COUNTED = re.compile(r"[（(]\s*共\s*\d+\s*(?:道)?\s*题")


def section_heading(section_title: str, count: int, points_each: float) -> str:
    """The section's title with 「（共 N 题，每题 M 分）」, unless the trainer's title already says so."""
    if _COUNTED.search(section_title):
        return section_title
    return f"{section_title}（共 {count} 题，每题 {points_text(points_each)} 分）"


def answer_line(item: ExamItem) -> str:
    if item.type is CardType.MULTIPLE_SELECT:
        return "答：（　　　　）（多选）"
    if item.type is CardType.ORDERING:
        return "答：" + "＿" * 2 * len(item.options)
    if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return "答：（　　）"
    return "答：" + "＿" * 16


def key_text(item: ExamItem) -> str:
    """The key as a grader reads it: letters plus the answer in words."""
    if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING, CardType.MULTIPLE_SELECT):
        return f"{item.key}（{item.answer}）"
    return item.answer
