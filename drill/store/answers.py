"""Answering cards: one transaction writes the review log row and the new state together.

The review log (``reviews``) is the truth and is append-only; the scheduling columns
of ``cards`` are a cache that :func:`drill.scheduling.replay` rebuilds from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import StoreError
from ..scheduling import CardState, Rating, Settings, State, require_utc, schedule
from .cards import CardsMixin
from .encoding import UPDATE_STATE, state_from_json, state_json, state_values, to_text
from .settings import SettingsMixin


@dataclass(frozen=True, slots=True)
class Answer:
    """What one answer wrote: the log row id and the states around it."""

    review_id: int
    card_id: str
    rating: Rating
    before: CardState
    after: CardState


class AnswersMixin(CardsMixin, SettingsMixin):
    """Recording, undoing and replaying answers."""

    def answer(self, card_id: str, rating: Rating | int, now: datetime, *, duration_ms: int | None = None,
               answer: str | None = None, correct: bool | None = None, reason: str | None = None,
               settings: Settings | None = None) -> Answer:
        """Record one answer: the log row and the new state, in one transaction.

        ``correct`` and ``reason`` are the judge's verdict on a typed ``answer`` (None: not judged).
        """
        rating = Rating(rating)
        now = require_utc(now)
        settings = settings or self.settings()
        reviewed_at = to_text(now)
        # schedule before taking the write lock, so it is held for less time (another process
        # answering gets its turn sooner); schedule is pure, so the plan stands if the state
        # read again under the lock is the same
        seen = self.card_state(card_id)
        planned = schedule(seen, rating, now, settings, card_id)
        with self.write() as conn:
            # under the write lock no other connection can commit: if the caches hold now,
            # they hold after this transaction plus what it adds
            caches_valid = self._caches_valid()
            # read the state under the write lock so a concurrent answer is never lost
            before = self.card_state(card_id)
            after = planned if before == seen else schedule(before, rating, now, settings, card_id)
            values = state_values(after)
            cur = conn.execute(
                "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct, reason, state_before,"
                " before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, int(rating), reviewed_at, duration_ms, answer,
                 None if correct is None else int(correct), reason, int(before.state), state_json(before)),
            )
            conn.execute(UPDATE_STATE, (*values, card_id))
            review_id = int(cur.lastrowid)  # type: ignore[arg-type]
        self._state_memo = (card_id, values, after)
        if caches_valid:
            counts = self._day_counts
            if counts is not None and reviewed_at >= counts[0]:
                self._day_counts = (counts[0], counts[1] + (before.state is State.NEW),
                                    counts[2] + (before.state is State.REVIEW))
            self._cache_key_seen = self._cache_key()
        return Answer(review_id, card_id, rating, before, after)

    def undo(self, review_id: int) -> CardState:
        """Delete review ``review_id`` and restore the state it replaced.

        Only the latest answer of a card can be undone (a later one was built on it).
        """
        with self.write() as conn:
            row = conn.execute("SELECT card_id, before FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise StoreError(f"review {review_id} does not exist (already undone?)")
            card_id, before_json = row
            latest = conn.execute("SELECT max(id) FROM reviews WHERE card_id = ?", (card_id,)).fetchone()[0]
            if latest != review_id:
                raise StoreError(f"review {review_id} is not the latest answer of {card_id}; cannot undo it")
            before = state_from_json(before_json)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            conn.execute(UPDATE_STATE, (*state_values(before), card_id))
        # the daily counts are recounted on next use (total_changes moved on)
        return before

    def rebuild(self, card_id: str, settings: Settings | None = None) -> CardState:
        """Replace a card's cached state with the replay of its review log."""
        from ..scheduling import replay

        with self.write() as conn:
            state = replay(card_id, self.reviews_for(card_id), settings or self.settings())
            conn.execute(UPDATE_STATE, (*state_values(state), card_id))
        return state
