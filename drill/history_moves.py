"""Which deck edits would move review history to another card (checked against the store).

A rule's deletions without their own numbers (``{{…}}`` rather than
``{{c2::…}}``) are numbered by place, so removing or inserting one renumbers
the ones after it: the history of ``cloze/2`` would then belong to a blank that
asks something else. Against what the store last synced (each cloze card's
answer and how many reviews it has), :func:`cloze_moves` finds the cards whose
history an edit would move, so ``drill lint`` can say so before anything is synced.
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


__all__ = ["HistoryMove", "cloze_moves"]
