"""What the bank formats share: option letters, points as printed, Moodle fractions.

The print form of a training-centre paper (cover block, 考试说明, 题号/得分 table,
slots and blanks, emphasised negations) is :mod:`drill.exam.printform`, shared by
the HTML, DOCX and Markdown formats.
"""

from __future__ import annotations

from drill.exam import ExamItem
from drill.exam.printform import SELECT_SLOT, letter, points_text

__all__ = ["SELECT_SLOT", "letter", "moodle_fraction", "points_text", "select_fractions"]


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
