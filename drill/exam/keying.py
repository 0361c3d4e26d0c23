"""What an answer key prints for an item: the answer, its accepted wordings, and 简答 scoring points.

A 简答 (typed standard phrase) is marked by its scoring points, never against
one script: a model answer with placeholders (××, ×××) or stage directions
(（等待用户回应）) is no key a marker can hold a candidate's words against. So
the key lists each point with the wordings accepted for it and the points it
is worth, and gives a reference wording only when it is a sentence a candidate
could say as it stands. A fill-in lists every wording accepted for the blank.

Keys carry no internal ids and no editors' remarks: :func:`learner_note`
keeps from a fact's note only what speaks to a candidate (「原文……在转换中丢失」
is a remark for the deck's maintainers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..card import CardType
from ..text import PLACEHOLDER
from .paper import ExamItem

#: A bracketed aside inside a script: （等待用户回应）, （全名）, 【停顿】.
STAGE_DIRECTION = re.compile(r"[（(【\[][^（）()【】\[\]]*[）)】\]]")
#: Words that mark a sentence of a note as a remark about the source or the deck, not about the rule.
_EDITORIAL = re.compile(r"原文|转换中|丢失|疑为|本卡组|课件原文|未收录|已略去|按“[^”]*”理解|笔误|无法辨认")
_SENTENCE = re.compile(r"[^。；;!！?？\n]+[。；;!！?？]?")


def learner_note(note: str | None) -> str | None:
    """``note`` without the sentences that are editors' remarks (``None`` when nothing is left).

    >>> learner_note("上网电脑供客户登录网上营业厅。原文“加油站”前的“手机”二字在转换中丢失。")
    '上网电脑供客户登录网上营业厅。'
    >>> learner_note("原文各品牌的具体小时数在转换中丢失。") is None
    True
    """
    if not note:
        return None
    kept = [s for s in (m.group().strip() for m in _SENTENCE.finditer(note)) if s and not _EDITORIAL.search(s)]
    text = "".join(kept).strip()
    return text or None


def speakable(text: str) -> bool:
    """Whether a model answer can be printed as a reference wording: no placeholders, no stage directions."""
    return not PLACEHOLDER.search(text) and not STAGE_DIRECTION.search(text)


@dataclass(frozen=True)
class ScoringPoint:
    """One point a 简答 answer is marked on: the wordings accepted for it and what it is worth."""

    wordings: tuple[str, ...]
    points: float


def scoring_points(item: ExamItem) -> list[ScoringPoint]:
    """The scoring points of a typed item, each worth an equal share of the item's points."""
    points = [tuple(w.strip() for w in p.split("|") if w.strip()) for p in item.key_points]
    points = [p for p in points if p]
    if not points:
        return []
    share = item.points / len(points)
    return [ScoringPoint(p, share) for p in points]


def reference_wording(item: ExamItem) -> str | None:
    """A model answer to print beside the points, when it is a sentence as it stands (else ``None``)."""
    for text in (item.answer, *item.accept):
        if text and speakable(text):
            return text
    return None


def alternatives(item: ExamItem) -> list[str]:
    """Other wordings accepted for a fill-in or a typed answer, placeholders and asides left out."""
    from ..judge import split_accept

    whole, _per_item = split_accept(item.items, item.accept)
    return [a for a in dict.fromkeys(whole) if a != item.answer and speakable(a)]


def item_alternatives(item: ExamItem) -> list[tuple[str, tuple[str, ...]]]:
    """A list item's items that have other accepted wordings, each with them: (主渠道, (主要渠道,))."""
    from ..judge import split_accept

    _whole, per_item = split_accept(item.items, item.accept)
    return [(name, wordings) for name, wordings in zip(item.items, per_item) if wordings]


def _number(points: float) -> str:
    return f"{points:g}"


def key_lines(item: ExamItem) -> list[str]:
    """The key of ``item`` as lines a marker reads, in Chinese.

    Choice items: the letters and what they stand for. A fill-in: the answer,
    then 「也可答」 with every other accepted wording (for a list, per item:
    「主渠道」也可答：主要渠道). A 简答 with scoring
    points: 「评分要点」 one line per point (its accepted wordings joined by ／
    and its share of the points), then a reference wording when there is one.

    >>> key_lines(typed_item)  # doctest: +SKIP
    ['评分要点（共 2 点，每点 2.5 分）：', '① 对不起／抱歉', '② 久等／等了很久', '参考答法：对不起，让您久等了。']
    """
    if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING, CardType.MULTIPLE_SELECT):
        return [f"{item.key}（{item.answer}）"]
    points = scoring_points(item) if item.type is CardType.TYPED else []
    if points:
        shares = {p.points for p in points}
        each = f"每点 {_number(points[0].points)} 分" if len(shares) == 1 else ""
        lines = [f"评分要点（共 {len(points)} 点，{each}）：" if each else f"评分要点（共 {len(points)} 点）："]
        lines += [f"{_circled(n)} {'／'.join(p.wordings)}" for n, p in enumerate(points, start=1)]
        reference = reference_wording(item)
        if reference:
            lines.append(f"参考答法：{reference}")
        return lines
    lines = [item.answer]
    others = alternatives(item)
    if others:
        lines.append("也可答：" + "／".join(others))
    lines += [f"「{name}」也可答：" + "／".join(wordings) for name, wordings in item_alternatives(item)]
    return lines


def key_text(item: ExamItem) -> str:
    """:func:`key_lines` as one block of text."""
    return "\n".join(key_lines(item))


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
