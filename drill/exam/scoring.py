"""Checking one answer against an item's key (shared by `exam take` and `exam grade`)."""

from __future__ import annotations

import re

from ..card import CardType
from ..text import normalize

#: Least rapidfuzz similarity (0–1) of normalized texts that counts a cloze/typed answer right.
TEXT_SIMILARITY = 0.85

_LETTER_NOISE = re.compile(r"[\s,，、;；.。→>\-]+")


def letters_given(text: str) -> str:
    """Option letters as typed (``"b"``, ``"C, A, B"``, ``"ｃａｂ"``) → ``"B"``, ``"CAB"``."""
    import unicodedata

    return _LETTER_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def check_answer(item_type: CardType | str, key: str, given: str | None) -> bool:
    """Whether ``given`` answers an item of ``item_type`` whose key is ``key``.

    Letters for multiple choice / true-false (case and width folded), letters
    in order for ordering, text for cloze / typed: equal after
    :func:`drill.text.normalize`, or similar enough (rapidfuzz ratio ≥ 0.85).

    >>> check_answer("multiple_choice", "B", " b ")
    True
    >>> check_answer("cloze", "24小时", "２４ 小时")
    True
    """
    if given is None or not given.strip():
        return False
    kind = CardType(item_type)
    if kind in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING):
        return letters_given(given) == key.upper()
    expected, got = normalize(key), normalize(given)
    if not got:
        return False
    if expected == got:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(expected, got) / 100 >= TEXT_SIMILARITY
