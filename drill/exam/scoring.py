"""Checking one answer against an item's key (shared by `exam take` and `exam grade`).

Option letters are compared here; text answers (fill-in, typed, list) go to
:func:`drill.judge.judge`, the judge the review screen uses too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..card import CardType
from ..i18n import N_, _, translation
from ..judge import EMPTY_REASON, PHRASE_KINDS, Verdict, judge
from ..lexicon import ServiceStandards, shipped_deck_standards
from .paper import ExamItem

_LETTER_NOISE = re.compile(r"[\s,，、;；.。→>\-]+")
_LETTER_TYPES = (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING)


def letters_given(text: str) -> str:
    """Option letters as typed (``"b"``, ``"C, A, B"``, ``"ｃａｂ"``) → ``"B"``, ``"CAB"``."""
    return _LETTER_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def order_letters(given: str, count: int) -> str:
    """An order typed as letters or as option numbers (``3421`` is ``CDBA``), as letters."""
    from ..grading import parse_order

    try:
        return "".join(chr(65 + i) for i in parse_order(given, count)) if count else letters_given(given)
    except ValueError:
        return letters_given(given)


def judge_item(item: ExamItem | Mapping[str, Any], given: str | None) -> Verdict:
    """The verdict on ``given`` for an exam item (an :class:`ExamItem` or a manifest item).

    Letters for multiple choice / true-false (case and width folded), letters or
    option numbers in order for ordering; text items by :func:`drill.judge.judge`,
    which reads the item's ``accept``, ``key_points``, ``items`` and ``kind``; a
    standard reply is also held to the prohibited phrases and tones of its deck
    when that is a shipped deck (the item names its deck by id).

    >>> judge_item({"type": "cloze", "key": "24小时"}, "二十四小时").correct
    True
    """
    data: Mapping[str, Any] = item.model_dump() if isinstance(item, ExamItem) else item
    kind = CardType(data["type"])
    key = str(data["key"])
    if given is None or not given.strip():
        return Verdict(False, _(EMPTY_REASON), decisive=True)
    if kind in _LETTER_TYPES:
        letters = order_letters(given, len(data.get("options") or ())) if kind is CardType.ORDERING \
            else letters_given(given)
        if letters == key.upper():
            return Verdict(True, _("correct"), 1.0, identical=True, matched=key)
        return Verdict(False, _("should be {key}, you answered {given}").format(
            key=key, given=letters or given.strip()), decisive=True)
    # the key of a text item is the answer itself; key points are `key_points` (`points` is its score)
    return judge({**data, "answer": key, "points": None}, given, _standards(data))


def _standards(data: Mapping[str, Any]) -> ServiceStandards | None:
    """The prohibited phrases and tones a standard reply is held to: those of its shipped deck, by id."""
    if data.get("kind") not in PHRASE_KINDS:
        return None
    return shipped_deck_standards(str(data.get("deck") or ""))


#: The reason given for an answer the judge failed on (it starts every such reason; a catalog message)
UNMARKABLE_REASON = N_("cannot be marked automatically: mark it by hand")


def is_unmarkable(reason: str) -> bool:
    """Whether a mark's reason says the judge could not mark the answer (see :func:`mark_item`), in any language."""
    return reason.startswith((UNMARKABLE_REASON, translation("zh_CN").gettext(UNMARKABLE_REASON)))


@dataclass(frozen=True, slots=True)
class Mark:
    """How one answer to an exam item scores: the share of its points and the judge's word on it."""

    credit: float  # 0–1: partial credit only for multiple-select items scored half or proportional
    reason: str
    equivalent: bool = False  # accepted although it is not the key to the letter
    judged: bool = True  # False: a standard phrase without key points, left to a person
    unmarkable: bool = False  # the judge failed on this answer: counted 0, left to a person

    @property
    def correct(self) -> bool:
        return self.credit == 1.0


def mark_item(item: ExamItem | Mapping[str, Any], given: str | None) -> Mark:
    """Score ``given`` for an exam item, the way `exam take` and `exam grade` both do.

    Never raises on the answer: should the judge fail on one (an absurd numeral,
    a pathological nesting), the mark is 0 with ``unmarkable`` set and a reason
    starting with :data:`UNMARKABLE_REASON`, so a sitting is kept and the other
    answers are marked; the caller reports it for a person to mark.
    """
    from .multiselect import select_credit

    data: Mapping[str, Any] = item.model_dump() if isinstance(item, ExamItem) else item
    if CardType(data["type"]) is CardType.MULTIPLE_SELECT:
        key = str(data["key"])
        credit = select_credit(key, letters_given(given or ""), str(data.get("scoring") or "all-or-nothing"))
        return Mark(credit, _("correct") if credit == 1.0 else _("should be {key}").format(key=key))
    try:
        verdict = judge_item(data, given)
    except Exception as exc:  # noqa: BLE001 - one hostile answer must not cost the sitting or the other sheets
        return Mark(0.0, _("{reason} ({error})").format(reason=_(UNMARKABLE_REASON), error=type(exc).__name__),
                    judged=False, unmarkable=True)
    return Mark(1.0 if verdict.correct is True else 0.0, verdict.reason, verdict.equivalent,
                verdict.correct is not None)


def check_answer(item_type: CardType | str, key: str, given: str | None,
                 item: ExamItem | Mapping[str, Any] | None = None) -> bool:
    """Whether ``given`` answers an item of ``item_type`` whose key is ``key``.

    Pass ``item`` (with its accepted alternatives and key points) to have them
    counted; an answer the judge leaves to the learner (a standard phrase with
    no key points) counts as not right here: a grader marks it by hand.

    >>> check_answer("multiple_choice", "B", " b ")
    True
    >>> check_answer("cloze", "24小时", "２４ 小时")
    True
    """
    spec: dict[str, Any] = dict(item.model_dump() if isinstance(item, ExamItem) else item or {})
    spec.update(type=CardType(item_type).value, key=key)
    return judge_item(spec, given).correct is True
