"""Scheduling maths: FSRS (v6) with reproducible fuzz, pure and clock-free.

Every function takes ``now`` (a UTC-aware datetime) and returns new values; nothing
here reads the clock, touches disk or uses the global random generator. The fuzz
that spreads review intervals is drawn from :func:`drill.text.seeded_rng` seeded
with the card id and its review count, so replaying a card's review log always
rebuilds exactly the state that was stored.

>>> from datetime import datetime, timezone
>>> now = datetime(2024, 1, 1, tzinfo=timezone.utc)
>>> s = schedule(NEW_CARD, Rating.GOOD, now, Settings(), "deck/fact/define")
>>> s.state is State.LEARNING, s.reps
(True, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache

from .days import DEFAULT_ROLLOVER_HOUR
from .i18n import N_, _
from .text import seeded_rng

#: FSRS v6 default parameters (the same values as ``fsrs.scheduler.DEFAULT_PARAMETERS``),
#: copied so that reading settings does not need the fsrs import.
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip


class State(IntEnum):
    """Where a card is in its life. ``NEW`` has never been answered."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


#: what happens to a leech: suspended and tagged, or only tagged
LEECH_ACTIONS = ("suspend", "tag")

#: the ratings' names (marked for translation: translate with ``_()`` where shown)
RATING_NAMES = {Rating.AGAIN: N_("Again"), Rating.HARD: N_("Hard"), Rating.GOOD: N_("Good"), Rating.EASY: N_("Easy")}


@dataclass(frozen=True, slots=True)
class Settings:
    """How scheduling behaves; stored in the store's ``settings`` table."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    learning_steps: tuple[int, ...] = (60, 600)  # seconds
    relearning_steps: tuple[int, ...] = (600,)  # seconds
    maximum_interval: int = 36500  # days
    new_per_day: int = 20
    reviews_per_day: int = 200
    fuzz: bool = True
    #: move each review within its fuzz range to the day with the fewest reviews due
    load_balance: bool = True
    #: the local hour at which the learner's day starts (see :mod:`drill.days`)
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    #: answering a card hides the other cards of its fact until the next day
    bury_siblings: bool = True
    #: lapses that make a card a leech (0: never), and what then happens: "suspend" or "tag"
    leech_threshold: int = 8
    leech_action: str = "suspend"

    def __post_init__(self) -> None:
        if not 0.5 <= self.desired_retention <= 0.99:
            raise ValueError(_("desired_retention must be between 0.5 and 0.99, not {value}").format(
                value=self.desired_retention))
        if len(self.parameters) != len(DEFAULT_PARAMETERS):
            raise ValueError(_("FSRS v6 needs {n} parameters, not {count}").format(
                n=len(DEFAULT_PARAMETERS), count=len(self.parameters)))
        if not all(math.isfinite(p) for p in self.parameters):
            raise ValueError(_("FSRS parameters must be finite numbers"))
        if any(s <= 0 for s in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError(_("learning and relearning steps must be positive"))
        if self.maximum_interval < 1:
            raise ValueError(_("maximum_interval must be at least 1 day"))
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError(_("daily limits cannot be negative"))
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError(_("rollover_hour must be an hour 0–23, not {value}").format(value=self.rollover_hour))
        if self.leech_threshold < 0:
            raise ValueError(_("leech_threshold cannot be negative (0 turns leeches off)"))
        if self.leech_action not in LEECH_ACTIONS:
            raise ValueError(_("leech_action must be one of {choices}, not {value}").format(
                choices=", ".join(LEECH_ACTIONS), value=repr(self.leech_action)))

    def is_leech(self, lapses_before: int, lapses_after: int) -> bool:
        """Whether the lapse that took a card to ``lapses_after`` makes it a leech.

        As in Anki: at the threshold, then again every half threshold (8, 12, 16 …).
        """
        n = self.leech_threshold
        if not n or lapses_after <= lapses_before or lapses_after < n:
            return False
        return (lapses_after - n) % max(1, n // 2) == 0


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card (a cache of what its review log implies)."""

    state: State = State.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


NEW_CARD = CardState()


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """One answer as the review log holds it (enough to replay it)."""

    rating: Rating
    reviewed_at: datetime
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def require_utc(moment: datetime, what: str = "now") -> datetime:
    """Return ``moment`` if it is UTC-aware; a naive or non-UTC datetime is a ValueError."""
    if moment.tzinfo is None or moment.utcoffset() != timedelta(0):
        raise ValueError(f"{what} must be a timezone-aware UTC datetime, got {moment!r}")
    return moment.astimezone(UTC)


@lru_cache(maxsize=8)
def _scheduler(settings: Settings):  # type: ignore[no-untyped-def]
    from fsrs import Scheduler

    # fsrs's own fuzz draws from the global random(); ours is seeded per card instead
    return Scheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        learning_steps=[timedelta(seconds=s) for s in settings.learning_steps],
        relearning_steps=[timedelta(seconds=s) for s in settings.relearning_steps],
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


def check_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Validate FSRS parameters with fsrs's own bounds; ValueError says which are out of range."""
    _scheduler(replace(Settings(), parameters=tuple(float(p) for p in parameters)))
    return tuple(float(p) for p in parameters)


# (start, end, factor): the same fuzz ranges as fsrs and Anki
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The days a review interval may be spread over (the same ranges as fsrs and Anki)."""
    if interval_days < 2.5:
        return interval_days, interval_days
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    min_ivl = max(2, round(interval_days - delta))
    max_ivl = min(round(interval_days + delta), maximum_interval)
    return min(min_ivl, max_ivl), max_ivl


def fuzz_days(interval_days: int, card_id: str, reps: int, maximum_interval: int) -> int:
    """Spread a review interval a little, reproducibly for (card, review count).

    The draw depends only on the card and its review count, never on the rating,
    so Again ≤ Hard ≤ Good ≤ Easy still holds after fuzzing.
    """
    if interval_days < 2.5:
        return interval_days
    min_ivl, max_ivl = fuzz_range(interval_days, maximum_interval)
    draw = seeded_rng("fuzz", card_id, reps).random()
    return min(round(draw * (max_ivl - min_ivl + 1) + min_ivl), maximum_interval, max_ivl)


#: chooses a review interval (days) from (the fuzzed interval, the fuzz range's min and max)
IntervalPicker = Callable[[int, int, int], int]


def schedule(card: CardState, rating: Rating | int, now: datetime, settings: Settings, card_id: str,
             pick_interval: IntervalPicker | None = None) -> CardState:
    """The state of ``card`` after answering it with ``rating`` at ``now``.

    ``pick_interval`` may move a fuzzed review interval within its fuzz range (the
    store uses it to even out the daily load); it gets the fuzzed interval and the
    range, and returns days within the range.
    """
    from fsrs import Card as FsrsCard
    from fsrs import Rating as FsrsRating
    from fsrs import State as FsrsState

    now = require_utc(now)
    rating = Rating(rating)
    if card.state is State.NEW:
        fsrs_card = FsrsCard(card_id=0, state=FsrsState.Learning, step=0, due=now)
    else:
        fsrs_card = FsrsCard(
            card_id=0,
            state=FsrsState(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due or now,
            last_review=card.last_review,
        )
    after, _log = _scheduler(settings).review_card(fsrs_card, FsrsRating(int(rating)), now)
    state = State(int(after.state))
    due = after.due
    if settings.fuzz and state is State.REVIEW:
        days = round((due - now) / timedelta(days=1))
        fuzzed = fuzz_days(days, card_id, card.reps, settings.maximum_interval)
        if pick_interval is not None and days >= 3:
            low, high = fuzz_range(days, settings.maximum_interval)
            if low < high:
                fuzzed = min(max(pick_interval(fuzzed, low, high), low), high)
        due = now + timedelta(days=fuzzed)
    lapse = rating is Rating.AGAIN and card.state is State.REVIEW
    return CardState(
        state=state,
        step=after.step,
        stability=float(after.stability),
        difficulty=float(after.difficulty),
        due=due,
        last_review=now,
        reps=card.reps + 1,
        lapses=card.lapses + int(lapse),
    )


def preview(card: CardState, now: datetime, settings: Settings, card_id: str) -> dict[Rating, CardState]:
    """What each rating would do to ``card`` (for showing the next intervals)."""
    return {r: schedule(card, r, now, settings, card_id) for r in Rating}


def replay(card_id: str, reviews: Iterable[LoggedReview],
           settings: Settings | Callable[[LoggedReview], Settings]) -> CardState:
    """Rebuild a card's state from its review log, oldest first (the order they were written).

    ``settings`` are the settings to schedule with, or a function giving the
    settings in force for each answer (the store's settings history), so a
    later change of steps or limits never rewrites what happened. A review whose log holds the due date it was given (``extra["due_after"]``, set
    when the daily load moved it within the fuzz range) keeps that date.
    """
    settings_at = settings if callable(settings) else (lambda _moment: settings)
    state = NEW_CARD
    for review in reviews:
        state = replay_one(state, review, settings_at(review), card_id)
    return state


def replay_one(state: CardState, review: LoggedReview, settings: Settings, card_id: str) -> CardState:
    """The state after one logged review: :func:`schedule`, keeping a due date the log holds."""
    state = schedule(state, review.rating, review.reviewed_at, settings, card_id)
    chosen = review.extra.get("due_after")
    if isinstance(chosen, datetime) and state.state is State.REVIEW:
        state = replace(state, due=chosen)
    return state


def retrievability(card: CardState, now: datetime, settings: Settings) -> float | None:
    """Probability of recall at ``now`` (None for a card never answered)."""
    if card.stability is None or card.last_review is None:
        return None
    decay = -settings.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = max(0.0, (require_utc(now) - card.last_review) / timedelta(days=1))
    return float((1 + factor * elapsed / card.stability) ** decay)


#: the units of :func:`format_interval`, as written in settings (``1m 10m``) and, translated, on screen
# Translators: short intervals on the review screen: seconds, minutes, hours, days, months, years
_INTERVAL_UNITS = {"s": N_("{n}s"), "m": N_("{n}m"), "h": N_("{n}h"), "d": N_("{n}d"), "mo": N_("{n}mo"),
                   "y": N_("{n}y")}


def format_interval(delta: timedelta, translate: bool = True) -> str:
    """A short human interval: 45s, 10m, 3h, 12d, 4.2mo, 1.5y (in the interface language unless
    ``translate`` is false, as settings are written).

    >>> format_interval(timedelta(minutes=10), translate=False), format_interval(timedelta(days=45), translate=False)
    ('10m', '1.5mo')
    """
    seconds = max(0.0, delta.total_seconds())
    days = seconds / 86400
    if seconds < 60:
        unit, n = "s", f"{seconds:.0f}"
    elif seconds < 3600:
        unit, n = "m", f"{seconds / 60:.0f}"
    elif seconds < 86400:
        unit, n = "h", f"{seconds / 3600:.0f}"
    elif days < 30:
        unit, n = "d", f"{days:.0f}"
    elif days < 365:
        unit, n = "mo", f"{days / 30:.1f}"
    else:
        unit, n = "y", f"{days / 365:.1f}"
    template = _(_INTERVAL_UNITS[unit]) if translate else _INTERVAL_UNITS[unit]
    return template.format(n=n)


__all__ = [
    "DEFAULT_PARAMETERS",
    "LEECH_ACTIONS",
    "NEW_CARD",
    "RATING_NAMES",
    "CardState",
    "IntervalPicker",
    "LoggedReview",
    "Rating",
    "Settings",
    "State",
    "check_parameters",
    "format_interval",
    "fuzz_days",
    "fuzz_range",
    "preview",
    "replay",
    "require_utc",
    "retrievability",
    "schedule",
]
