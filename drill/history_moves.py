"""Which deck edits would move review history to another card (checked against the store).

A rule's deletions without their own numbers (``{{…}}`` rather than
``{{c2::…}}``) are numbered by place, so removing or inserting one renumbers
the ones after it: the history of ``cloze/2`` would then belong to a blank that
asks something else. Against what the store last synced (each cloze card's
answer and how many reviews it has), :func:`cloze_moves` finds the cards whose
history an edit would move, so ``drill lint`` can say so before anything is synced.

A trainer's question (``question`` facts, from a bank) has an id made from its
stem unless the bank has an id column: editing the stem makes a new item, and
the history stays with the old id. :func:`stem_edits` finds the questions the
store has reviews of that are gone from the bank while a question with nearly
the same stem is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .card import Card, CardType
from .text import normalize


@dataclass(frozen=True, slots=True)
class HistoryMove:
    """A card whose review history an edit would hand to a different question."""

    fact: str
    card_id: str  # the card that has the history
    reviews: int
    answer: str  # what its history was built on
    now_at: str | None  # the card that now asks that answer (None: the deletion is gone)

    def message(self) -> str:
        from .i18n import ngettext

        number = self.card_id.rsplit("/", 1)[-1]
        keep = f"{{{{c{number}::{self.answer}}}}}"
        if self.now_at:
            text = ngettext(
                "c{number} has {n} review of the blank {answer!r}, which is now c{now}: this edit renumbers the "
                "deletions and moves that history to another blank; number the deletions as they were ({keep}) "
                "to keep it",
                "c{number} has {n} reviews of the blank {answer!r}, which is now c{now}: this edit renumbers the "
                "deletions and moves that history to another blank; number the deletions as they were ({keep}) "
                "to keep it", self.reviews)
        else:
            text = ngettext(
                "c{number} has {n} review of the blank {answer!r}, which is no longer a deletion: this edit renumbers "
                "the deletions and moves that history to another blank; number the deletions as they were ({keep}) to keep it",
                "c{number} has {n} reviews of the blank {answer!r}, which is no longer a deletion: this edit "
                "moves that history to another blank; number the deletions as they were ({keep}) to keep it",
                self.reviews)
        return text.format(number=number, n=self.reviews, answer=self.answer, keep=keep,
                           now=(self.now_at or "").rsplit("/", 1)[-1])


def cloze_moves(cards: Iterable[Card], synced: Mapping[str, tuple[str, int]]) -> list[HistoryMove]:
    """The moves an edit makes, given the store's ``synced`` cloze cards (card id → (answer, reviews))."""
    by_fact: dict[str, dict[str, str]] = {}
    for card in cards:
        if card.type == CardType.CLOZE:
            by_fact.setdefault(card.fact, {})[card.id] = card.answer
    moves = []
    for card_id, (answer, reviews) in sorted(synced.items()):
        if reviews <= 0:
            continue
        fact = card_id.split("/")[1] if card_id.count("/") >= 3 else None
        now = by_fact.get(fact or "")
        if now is None:
            continue  # the whole rule is gone or renamed: sync reports the orphans
        key = normalize(answer)
        if normalize(now.get(card_id, "")) == key:
            continue  # the same blank under the same number
        # the blank lives on under another number; a reworded or removed blank moves nothing
        moved_to = next((cid for cid, a in sorted(now.items()) if cid != card_id and normalize(a) == key), None)
        if moved_to is not None:
            moves.append(HistoryMove(fact or "", card_id, reviews, answer, moved_to))
    return moves


@dataclass(frozen=True, slots=True)
class StemEdit:
    """A question whose stem was edited: a new item, while the history stays with the old one's id."""

    fact: str  # the new item's fact id
    card_id: str  # the new item's card
    old_card_id: str  # the card with the history
    reviews: int
    old_stem: str

    def message(self) -> str:
        from .i18n import ngettext

        return ngettext(
            "the stem was edited, so this is a new item with no history: the {n} review of {old} (「{stem}」) "
            "stays with that id, which is no longer in the bank; give the bank an id column (编号) to keep an "
            "item's id through edits",
            "the stem was edited, so this is a new item with no history: the {n} reviews of {old} (「{stem}」) "
            "stay with that id, which is no longer in the bank; give the bank an id column (编号) to keep an "
            "item's id through edits", self.reviews).format(n=self.reviews, old=self.old_card_id, stem=self.old_stem)


def stem_edits(cards: Iterable[Card], synced: Mapping[str, tuple[str, int]]) -> list[StemEdit]:
    """Questions whose stem was edited, given the store's ``synced`` question cards (card id → (stem, reviews)).

    A reviewed card of the store that the deck no longer makes, and a card the store does not have yet whose
    stem says nearly the same (:func:`drill.itemrules.similar`), are one question edited.
    """
    from .itemrules import similar

    new = [c for c in cards if c.kind == "question" and c.id not in synced]
    made = {c.id for c in cards}
    out = []
    for card_id, (stem, reviews) in sorted(synced.items()):
        if reviews <= 0 or card_id in made:
            continue
        edited = next((c for c in new if similar(c.prompt, stem)), None)
        if edited is not None:
            out.append(StemEdit(edited.fact, edited.id, card_id, reviews, stem))
    return out


__all__ = ["HistoryMove", "StemEdit", "cloze_moves", "stem_edits"]
