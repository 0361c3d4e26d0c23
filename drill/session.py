"""A review session over a store: what to show next, answers, undo, a summary.

It has no terminal in it, so the same session drives the ``drill review`` screen,
tests and other front ends::

    session = ReviewSession(store)
    while (card := session.next_card()) is not None:
        session.answer(card.id, Rating.GOOD)
    print(session.summary())
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .scheduling import CardState, Rating, Settings, preview
from .store import QueueFilter, Store, to_text
from .text import terminal_safe

#: Deck text made safe for a terminal (kept under its old name for callers).
clean = terminal_safe


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_day_start(now: datetime) -> datetime:
    """Midnight of the learner's local day containing ``now``, as UTC (daily limits reset then)."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def next_local_day_start(now: datetime) -> datetime:
    local = now.astimezone()
    tomorrow = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return tomorrow.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A card to show: its id, its content (prompt, answer, options …) and its state."""

    id: str
    content: dict[str, Any]
    state: CardState

    @property
    def type(self) -> str:
        return str(self.content.get("type", "basic"))


@dataclass
class _Action:
    kind: str  # "answer" | "suspend" | "bury"
    card_id: str
    review_id: int | None = None
    correct: bool | None = None
    rating: Rating | None = None


@dataclass
class SessionSummary:
    answered: int
    graded: int
    correct: int
    passed: int
    seconds: float
    due_tomorrow: int
    remaining: int
    ratings: dict[str, int] = field(default_factory=dict)

    @property
    def accuracy(self) -> float | None:
        """Share of program-graded answers that were right (None when nothing was graded)."""
        return self.correct / self.graded if self.graded else None

    def to_dict(self) -> dict[str, Any]:
        return {"answered": self.answered, "graded": self.graded, "correct": self.correct,
                "passed": self.passed, "accuracy": self.accuracy, "seconds": round(self.seconds, 1),
                "due_tomorrow": self.due_tomorrow, "remaining": self.remaining, "ratings": self.ratings}


class ReviewSession:
    """One sitting of review over ``store``.

    ``clock`` returns the current UTC time (tests pass a fake one); ``limit`` caps the
    answers in this session; ``new_limit`` overrides the daily new-card limit.
    """

    def __init__(self, store: Store, *, flt: QueueFilter = QueueFilter(), limit: int | None = None,
                 new_limit: int | None = None, clock: Callable[[], datetime] = utc_now):
        self.store = store
        self.filter = flt
        self.limit = limit
        self.new_limit = new_limit
        self.clock = clock
        self.settings: Settings = store.settings()
        self.started = time.monotonic()
        self._actions: list[_Action] = []
        self._answered = 0  # kept as a count: next_card checks it before every card

    # -- what to show ----------------------------------------------------------------------

    @property
    def answered(self) -> int:
        return self._answered

    def next_card(self) -> ReviewCard | None:
        """The next card due, or None when the session is over."""
        if self.limit is not None and self.answered >= self.limit:
            return None
        now = self.clock()
        queued = self.store.queue(now, local_day_start(now), self.filter, limit=1, new_limit=self.new_limit)
        if not queued:
            return None
        card_id = queued[0].id
        return ReviewCard(card_id, self.store.card_content(card_id), self.store.card_state(card_id))

    def remaining(self) -> int:
        """Cards still waiting in this session (capped by --limit and the daily limits)."""
        now = self.clock()
        counts = self.store.due_counts(now, local_day_start(now), self.filter, self.new_limit)
        total = sum(counts.values())
        if self.limit is not None:
            total = min(total, self.limit - self.answered)
        return max(0, total)

    def intervals(self, card: ReviewCard) -> dict[Rating, timedelta]:
        """How long until the card comes back for each rating."""
        now = self.clock()
        return {r: (s.due or now) - now for r, s in preview(card.state, now, self.settings, card.id).items()}

    # -- acting ----------------------------------------------------------------------------

    def answer(self, card_id: str, rating: Rating | int, *, answer: str | None = None,
               correct: bool | None = None, duration_ms: int | None = None, reason: str | None = None) -> int:
        """Record an answer (with the judge's verdict and reason, if it was judged); returns its review id."""
        done = self.store.answer(card_id, rating, self.clock(), duration_ms=duration_ms, answer=answer,
                                 correct=correct, reason=reason, settings=self.settings)
        self._actions.append(_Action("answer", card_id, done.review_id, correct, Rating(rating)))
        self._answered += 1
        return done.review_id

    def suspend(self, card_id: str) -> None:
        self.store.set_suspended(card_id, True)
        self._actions.append(_Action("suspend", card_id))

    def bury(self, card_id: str) -> None:
        """Hide the card until the learner's next day."""
        self.store.set_buried(card_id, next_local_day_start(self.clock()))
        self._actions.append(_Action("bury", card_id))

    def can_undo(self) -> bool:
        return bool(self._actions)

    def undo(self) -> str | None:
        """Take back the last answer, suspension or burial of this session; returns its card id."""
        if not self._actions:
            return None
        action = self._actions.pop()
        if action.kind == "answer":
            assert action.review_id is not None
            self.store.undo(action.review_id)
            self._answered -= 1
        elif action.kind == "suspend":
            self.store.set_suspended(action.card_id, False)
        else:
            self.store.set_buried(action.card_id, None)
        return action.card_id

    # -- the end ---------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        answers = [a for a in self._actions if a.kind == "answer"]
        graded = [a for a in answers if a.correct is not None]
        tomorrow_end = next_local_day_start(next_local_day_start(self.clock()))
        due_tomorrow = self.store.conn.execute(
            "SELECT count(*) FROM cards WHERE state > 0 AND suspended = 0 AND orphaned = 0 AND due < ?",
            (to_text(tomorrow_end),)).fetchone()[0]
        ratings: dict[str, int] = {}
        for a in answers:
            assert a.rating is not None
            ratings[a.rating.name.lower()] = ratings.get(a.rating.name.lower(), 0) + 1
        return SessionSummary(
            answered=len(answers),
            graded=len(graded),
            correct=sum(1 for a in graded if a.correct),
            passed=sum(1 for a in answers if a.rating is not None and a.rating > Rating.AGAIN),
            seconds=time.monotonic() - self.started,
            due_tomorrow=due_tomorrow,
            remaining=self.remaining(),
            ratings=ratings,
        )


__all__ = [
    "ReviewCard",
    "ReviewSession",
    "SessionSummary",
    "clean",
    "local_day_start",
    "next_local_day_start",
    "utc_now",
]
