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
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from .days import DEFAULT_ROLLOVER_HOUR, LearnerDay
from .i18n import N_, _
from .scheduling import CardState, Rating, Settings, State, preview
from .store import LEARN_AHEAD, Answer, QueueFilter, Store, from_text, to_text
from .text import terminal_safe

#: a card's state as the header shows it (translated where shown)
STATE_LABELS = {State.NEW: N_("new"), State.LEARNING: N_("learning"), State.REVIEW: N_("review"),
                State.RELEARNING: N_("relearning")}
#: a card's type as the header shows it (translated where shown; decks write the English names)
TYPE_LABELS = {"basic": N_("basic"), "multiple_choice": N_("multiple_choice"), "true_false": N_("true_false"),
               "cloze": N_("cloze"), "list_recall": N_("list_recall"), "ordering": N_("ordering"),
               "typed": N_("typed")}


def type_label(card_type: str) -> str:
    """A card type in the interface language (an unknown type as it is)."""
    return _(TYPE_LABELS[card_type]) if card_type in TYPE_LABELS else card_type


#: Deck text made safe for a terminal (kept under its old name for callers).
clean = terminal_safe


def utc_now() -> datetime:
    """The current time in UTC, from :func:`drill.clock.now` (simulated under ``--now``)."""
    from .clock import now

    return now()


def local_day_start(now: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The start of the learner's local day containing ``now``, as UTC (see :class:`~drill.days.LearnerDay`)."""
    return LearnerDay(rollover_hour).start(now)


def next_local_day_start(now: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The start of the learner's next local day, as UTC."""
    return LearnerDay(rollover_hour).end(now)


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
    done: Answer | None = None
    was_new: bool = False


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
    #: cards this session made leeches
    leeches: list[str] = field(default_factory=list)
    #: when the next card is due, when nothing is left now (UTC)
    next_due: datetime | None = None

    @property
    def accuracy(self) -> float | None:
        """Share of program-graded answers that were right (None when nothing was graded)."""
        return self.correct / self.graded if self.graded else None

    def to_dict(self) -> dict[str, Any]:
        return {"answered": self.answered, "graded": self.graded, "correct": self.correct,
                "passed": self.passed, "accuracy": self.accuracy, "seconds": round(self.seconds, 1),
                "due_tomorrow": self.due_tomorrow, "remaining": self.remaining, "ratings": self.ratings,
                "leeches": self.leeches, "next_due": to_text(self.next_due)}


class ReviewSession:
    """One sitting of review over ``store``.

    ``clock`` returns the current UTC time (tests pass a fake one); ``tz`` is the
    learner's time zone (None: this machine's), whose days start at the
    ``rollover_hour`` setting; ``limit`` caps the answers in this session;
    ``new_limit`` is how many new cards this session may introduce, within or beyond
    the day's limit (None: what the daily limit leaves).
    """

    def __init__(self, store: Store, *, flt: QueueFilter = QueueFilter(), limit: int | None = None,
                 new_limit: int | None = None, clock: Callable[[], datetime] = utc_now,
                 tz: tzinfo | None = None):
        self.store = store
        self.filter = flt
        self.limit = limit
        self.new_limit = new_limit
        self.clock = clock
        self.settings: Settings = store.settings()
        self.day = LearnerDay(self.settings.rollover_hour, tz)
        self.started = time.monotonic()
        self._actions: list[_Action] = []
        self._answered = 0  # kept as a count: next_card checks it before every card
        self._new_answered = 0
        self._bounds: tuple[datetime, datetime] | None = None
        # presets are read once per session, as the settings are
        self._presets = bool(store.deck_presets())
        #: what the last answer wrote (None after an undo): the screen reads the leech flag there
        self.last_answer: Answer | None = None

    # -- what to show ----------------------------------------------------------------------

    @property
    def answered(self) -> int:
        return self._answered

    def next_card(self) -> ReviewCard | None:
        """The next card due, or None when the session is over."""
        if self.limit is not None and self.answered >= self.limit:
            return None
        now = self.clock()
        start, end = self.day_bounds(now)
        queued = self.store.queue(now, start, self.filter, limit=1, day_end=end, new_left=self._new_left())
        if not queued:
            return None
        card_id = queued[0].id
        return ReviewCard(card_id, self.store.card_content(card_id), self.store.card_state(card_id))

    def day_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """(start, end) of the learner day containing ``now``, UTC (kept while ``now`` stays in it)."""
        bounds = self._bounds
        if bounds is None or not bounds[0] <= now < bounds[1]:
            bounds = self._bounds = (self.day.start(now), self.day.end(now))
        return bounds

    def _new_left(self) -> int | None:
        return None if self.new_limit is None else max(0, self.new_limit - self._new_answered)

    def counts(self) -> dict[str, int]:
        """Cards waiting now, by kind: ``new``, ``learning``, ``review`` (capped by the limits)."""
        now = self.clock()
        start, end = self.day_bounds(now)
        counts = self.store.due_counts(now, start, self.filter, day_end=end, new_left=self._new_left())
        return {"new": counts["new"], "learning": counts["learning"], "review": counts["review"]}

    def remaining(self) -> int:
        """Cards still waiting in this session (capped by --limit and the daily limits)."""
        total = sum(self.counts().values())
        if self.limit is not None:
            total = min(total, self.limit - self.answered)
        return max(0, total)

    def next_due(self) -> datetime | None:
        """When the next learning or review card can be shown (UTC), or None when none is waiting.

        A review card comes at the start of its learner day, a learning card at its time
        (less the few minutes a learning card may be shown early), a buried card when its
        burial ends (see :mod:`drill.due`).
        """
        from .due import next_shown

        return next_shown(self.store, self.clock(), self.day, self.filter)

    def settings_for(self, card_id: str) -> Settings:
        """The settings a card is scheduled with: its deck's preset, or the default."""
        if not self._presets:
            return self.settings
        return self.store.settings_for_deck(card_id.split("/", 1)[0])

    def intervals(self, card: ReviewCard) -> dict[Rating, timedelta]:
        """How long until the card comes back for each rating."""
        now = self.clock()
        settings = self.settings_for(card.id)
        return {r: (s.due or now) - now for r, s in preview(card.state, now, settings, card.id).items()}

    # -- acting ----------------------------------------------------------------------------

    def answer(self, card_id: str, rating: Rating | int, *, answer: str | None = None,
               correct: bool | None = None, duration_ms: int | None = None, reason: str | None = None) -> int:
        """Record an answer (with the judge's verdict and reason, if it was judged); returns its review id."""
        now = self.clock()
        day_end = self.day_bounds(now)[1]
        bury_until = day_end if self.settings.bury_siblings else None
        done = self.store.answer(card_id, rating, now, duration_ms=duration_ms, answer=answer,
                                 correct=correct, reason=reason, settings=self.settings_for(card_id),
                                 bury_siblings_until=bury_until, day_end=day_end)
        was_new = done.before.state is State.NEW
        self._actions.append(_Action("answer", card_id, done.review_id, correct, Rating(rating), done, was_new))
        self._answered += 1
        self._new_answered += was_new
        self.last_answer = done
        return done.review_id

    def suspend(self, card_id: str) -> None:
        self.store.set_suspended(card_id, True)
        self._actions.append(_Action("suspend", card_id))

    def bury(self, card_id: str) -> None:
        """Hide the card until the learner's next day."""
        self.store.set_buried(card_id, self.day_bounds(self.clock())[1])
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
            self.store.undo(action.review_id, action.done)
            self._answered -= 1
            self._new_answered -= action.was_new
            self.last_answer = None
        elif action.kind == "suspend":
            self.store.set_suspended(action.card_id, False)
        else:
            self.store.set_buried(action.card_id, None)
        return action.card_id

    # -- the end ---------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        answers = [a for a in self._actions if a.kind == "answer"]
        graded = [a for a in answers if a.correct is not None]
        now = self.clock()
        # tomorrow's count is the forecast's (drill.due), as `drill stats` shows it
        from .due import forecast

        due_tomorrow = forecast(self.store, now, self.day, self.filter, days=2)[1][1]
        ratings = {r.name.lower(): 0 for r in Rating}
        for a in answers:
            assert a.rating is not None
            ratings[a.rating.name.lower()] += 1
        remaining = self.remaining()
        return SessionSummary(
            answered=len(answers),
            graded=len(graded),
            correct=sum(1 for a in graded if a.correct),
            passed=sum(1 for a in answers if a.rating is not None and a.rating > Rating.AGAIN),
            seconds=time.monotonic() - self.started,
            due_tomorrow=due_tomorrow,
            remaining=remaining,
            ratings=ratings,
            leeches=[a.card_id for a in answers if a.done is not None and a.done.leech],
            next_due=None if remaining else self.next_due(),
        )


__all__ = [
    "STATE_LABELS",
    "TYPE_LABELS",
    "ReviewCard",
    "ReviewSession",
    "SessionSummary",
    "clean",
    "local_day_start",
    "next_local_day_start",
    "type_label",
    "utc_now",
]
