"""Text helpers shared by card generation and answer grading (CJK aware)."""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from functools import lru_cache

_DROP_CATEGORIES = ("P", "Z", "C")

#: Blanks in a model answer (××, ×小时, 某某, ……): the learner fills them from the situation, so
#: the judge matches any text there and the item rules want key points for such an answer.
PLACEHOLDER = re.compile(r"×+|＊+|[xX]{2,}|\*{2,}|…+|\.{3,}|＿{2,}|_{2,}|○{2,}|某某")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold ``text`` for comparison: NFKC (full/half width), case, no punctuation or spaces.

    >>> normalize("２４ 小时。") == normalize("24小时")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_drop_table())
    if _ASTRAL.search(folded):  # beyond the table: the rare character outside the BMP, one by one
        folded = "".join(ch for ch in folded if ord(ch) <= 0xFFFF or unicodedata.category(ch)[0] not in _DROP_CATEGORIES)
    return folded


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def _drop_table() -> dict[int, None]:
    """str.translate table deleting every BMP character of the dropped categories (built on first use)."""
    return {cp: None for cp in range(0x10000) if unicodedata.category(chr(cp))[0] in _DROP_CATEGORIES}


def seeded_rng(*parts: object) -> random.Random:
    """A private RNG seeded from ``parts`` (never the global one), stable across runs."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def stable_hash(text: str, length: int = 16) -> str:
    """Hex digest prefix of sha256(text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def terminal_safe(text: object) -> str:
    """Deck text made safe for a terminal: no escape sequences, no control or bidi-override characters.

    >>> terminal_safe("24\x1b[31m小时\x07")
    '24小时'
    """
    s = _ESCAPES.sub("", str(text))
    return "".join(ch for ch in s if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ord(ch) not in _BIDI))
