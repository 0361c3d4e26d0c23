"""多选题 (multiple-answer items) for exam papers, made from list, category and duty facts.

「以下哪些属于「营业厅服务举措」？」: two to four of the fact's own items are
right, the other options (five in all where the deck has enough) are the
fact's explicit ``distractors``, then items of other facts of the same kind
and topic (never of another topic: those would be absurd rather than wrong);
a fact with no wrong option to offer gets no 多选题. Nothing that equals one of the
fact's own items (after :func:`drill.text.normalize`) is ever offered as
wrong. These cards exist only for exam papers: review keeps asking for the
whole list (list recall), which tests the same knowledge more strictly.

Scoring (per blueprint section, ``scoring:``):

* ``all-or-nothing`` (default): full points only for exactly the right set;
* ``half``: any wrong pick scores 0; right ones only, but not all of them
  (少选), half the points;
* ``proportional``: any wrong pick scores 0; otherwise the share of the
  right options picked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from ..card import Card, CardType, Option, content_hash
from ..text import normalize, seeded_rng

Scoring = Literal["all-or-nothing", "half", "proportional"]
SCORING: tuple[str, ...] = ("all-or-nothing", "half", "proportional")
TEMPLATE = "select-all"
#: options on a 多选题 (A–E) when the deck has enough wrong ones; at least one is always wrong
OPTIONS = 5
MIN_RIGHT, MAX_RIGHT = 2, 4

# kind → (title of the fact, its items, the template whose presence means the list is examinable, prompt)
_KINDS: dict[str, tuple[str, str, str]] = {
    "list": ("name", "recall", "以下哪些属于「{title}」？"),
    "category": ("name", "members", "以下哪些属于「{title}」？"),
    "duty": ("role", "duties", "以下哪些是「{title}」的岗位职责？"),
}


def _items(fact: Any) -> list[str]:
    if fact.kind == "list":
        return list(fact.items)
    if fact.kind == "category":
        return [m.name for m in fact.members]
    return list(fact.duties)


def select_all_cards(decks: Iterable[Any]) -> list[Card]:
    """A 多选题 card for every list, category and duty fact that has enough right and wrong options."""
    out: list[Card] = []
    for deck in decks:
        facts = [f for f in deck.facts if getattr(f, "kind", None) in _KINDS]
        by_kind: dict[str, list[Any]] = {}
        for f in facts:
            by_kind.setdefault(f.kind, []).append(f)
        for fact in facts:
            title_field, template, prompt = _KINDS[fact.kind]
            if not fact.wants(template):
                continue
            items = _items(fact)
            if len(items) < MIN_RIGHT:
                continue
            same_kind = [f for f in by_kind[fact.kind] if f.id != fact.id]
            # wrong options from other facts of the same kind *and topic* only: a hall area offered
            # as one of 「营销员的四种角色」 would be absurd, not hard
            tiers = [list(fact.distractors), [i for f in same_kind if f.topic == fact.topic for i in _items(f)]]
            card = _card(deck.deck, fact, getattr(fact, title_field), items, prompt, tiers)
            if card is not None:
                out.append(card)
    return out


def _card(deck: str, fact: Any, title: str, items: Sequence[str], prompt: str,
          tiers: Sequence[Sequence[str]]) -> Card | None:
    card_id = f"{deck}/{fact.id}/{TEMPLATE}"
    rng = seeded_rng("select-all", card_id)
    right_n = rng.randint(MIN_RIGHT, min(MAX_RIGHT, len(items)))
    banned = {normalize(i) for i in items} | {""}
    wrong: list[str] = []
    for tier in tiers:
        candidates = sorted(dict.fromkeys(tier))
        rng.shuffle(candidates)
        for text in candidates:
            key = normalize(text)
            if key not in banned and len(wrong) < OPTIONS - right_n:
                banned.add(key)
                wrong.append(text)
    if not wrong:
        return None
    right = rng.sample(list(items), right_n)
    options = [Option(text=t, correct=True) for t in right] + [Option(text=t) for t in wrong]
    rng.shuffle(options)
    fields: dict[str, Any] = {
        "id": card_id, "deck": deck, "fact": fact.id, "kind": fact.kind, "template": TEMPLATE, "part": None,
        "type": CardType.MULTIPLE_SELECT, "prompt": prompt.format(title=title),
        "answer": "、".join(o.text for o in options if o.correct), "options": tuple(options),
        "items": tuple(o.text for o in options if o.correct), "context": None, "hint": None,
        "explanation": "\n".join(n for n in (f"「{title}」包括：" + "、".join(items), fact.note) if n),
        "topic": fact.topic, "tags": tuple(fact.tags), "source": fact.source,
    }
    fields["content_hash"] = content_hash(fields)
    return Card(**fields)


def select_credit(key: str, letters: str, scoring: str = "all-or-nothing") -> float:
    """Share of an item's points for picking ``letters`` when ``key`` names the right options.

    >>> select_credit("ACD", "DCA"), select_credit("ACD", "AC", "half"), select_credit("ACD", "AB", "half")
    (1.0, 0.5, 0.0)
    >>> round(select_credit("ACD", "AC", "proportional"), 3), select_credit("ACD", "AC")
    (0.667, 0.0)
    """
    right, chosen = set(key.upper()), set(letters.upper())
    if not chosen or chosen - right:
        return 0.0
    if chosen == right:
        return 1.0
    if scoring == "half":
        return 0.5
    if scoring == "proportional":
        return len(chosen) / len(right)
    return 0.0
