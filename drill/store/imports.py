"""Reviews made elsewhere (Anki on a phone), merged into the review log.

Each such review carries its ``origin`` (``anki:<revlog id>``), unique per card,
so merging the same reviews twice adds nothing; one at the millisecond of one of
drill's own answers to that card, with its rating, is that answer (carried to
Anki by an export with ``history=``) and is not added again. The card's state is then
rebuilt by replaying its whole log, drill's answers and the imported ones,
in the order :func:`~.encoding.log_order` defines (imported reviews placed by
time among drill's answers), the same order :meth:`rebuild` replays.
Everything happens in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..scheduling import NEW_CARD, Rating, replay, schedule
from .answers import AnswersMixin
from .encoding import UPDATE_STATE, from_text, log_order, state_json, state_values, to_text


@dataclass(frozen=True, slots=True)
class ExternalReview:
    """One answer given outside drill, for a card drill knows."""

    card_id: str
    origin: str  # where it comes from, unique for the card (e.g. "anki:1700000000123")
    rating: Rating
    reviewed_at: datetime  # UTC
    duration_ms: int | None = None


class ImportsMixin(AnswersMixin):
    """Merging reviews made elsewhere into the log."""

    def known_card_ids(self) -> list[str]:
        """Every card id in the store (orphans included: their history still counts)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM cards")]

    def merge_reviews(self, reviews: Iterable[ExternalReview],
                      progress: Callable[[int], None] | None = None) -> tuple[int, int, int]:
        """Add the reviews not already in the log and rebuild their cards; (added, already there, cards rebuilt).

        One transaction: on any error nothing is added and no state changes.
        ``progress`` is called with the number of cards done after each card.
        """
        by_card: dict[str, list[ExternalReview]] = {}
        for review in reviews:
            by_card.setdefault(review.card_id, []).append(review)
        added = present = rebuilt = 0
        with self.write() as conn:
            timeline = self.settings_timeline()  # replay with the settings in force at each answer
            for card_id, incoming in by_card.items():
                rows = conn.execute(
                    "SELECT id, rating, reviewed_at, origin FROM reviews WHERE card_id = ? ORDER BY id",
                    (card_id,)).fetchall()
                origins = {r[3] for r in rows if r[3] is not None}
                # drill's own answers, as a package exported with `history=` carried them to Anki
                own = [(_millis(from_text(r[2])), r[1]) for r in rows if r[3] is None]  # type: ignore[arg-type]
                fresh: dict[str, ExternalReview] = {}
                for review in incoming:
                    if review.origin in origins or review.origin in fresh or _is_own(review, own):
                        present += 1
                    else:
                        fresh[review.origin] = review
                if not fresh:
                    if progress:
                        progress(1)
                    continue
                # the merged log in replay order (the order reviews_for gives after this transaction)
                merged = log_order(
                    [*rows, *((None, int(r.rating), to_text(r.reviewed_at), r.origin, r) for r in fresh.values())],
                    time=2, origin=3)
                # the card's deck settings (its preset), as every answer and rebuild uses
                settings = self.settings_for_deck(card_id.split("/", 1)[0])
                state = NEW_CARD  # the state each imported row is logged after
                for row in merged:
                    rating, when = Rating(row[1]), from_text(row[2])
                    external = row[4] if len(row) > 4 else None
                    if external is not None:
                        conn.execute(
                            "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct,"
                            " state_before, before, origin) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?)",
                            (card_id, int(rating), row[2], external.duration_ms, int(state.state),
                             state_json(state), external.origin))
                        added += 1
                    state = schedule(state, rating, when, settings, card_id)  # type: ignore[arg-type]
                # the card's state is the replay of its merged log, exactly as `rebuild` makes it (from
                # its last reset on, keeping the due dates load balancing chose)
                state = replay(card_id, self.reviews_for(card_id), timeline.for_deck(card_id.split("/", 1)[0]))
                conn.execute(UPDATE_STATE, (*state_values(state), card_id))
                rebuilt += 1
                if progress:
                    progress(1)
        self._state_memo = None
        return added, present, rebuilt


def _millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


#: How far apart (ms) an imported review and one of drill's answers to the same card, with the same
#: rating, may be and still be one answer (the export moves a review by a millisecond or two when two
#: answers share one).
_SAME_ANSWER_MS = 10


def _is_own(review: ExternalReview, own: list[tuple[int, int]]) -> bool:
    at = _millis(review.reviewed_at)
    return any(abs(at - ms) <= _SAME_ANSWER_MS and rating == int(review.rating) for ms, rating in own)


__all__ = ["ExternalReview", "ImportsMixin"]
