"""Scheduling maths: FSRS (v6) as Anki schedules it, with reproducible fuzz, pure and clock-free.

Memory states (stability, difficulty) come from fsrs-rs, the engine Anki uses, kept
between answers as Anki keeps them on a card (stability to 4 decimals, difficulty
to 3), with elapsed time counted in learner days (:mod:`drill.days`): two answers on one
learner day are a same-day review however many hours apart, two answers across a
rollover are a day apart however few. Learning and relearning steps, graduation,
lapses, interval bounds and fuzz ranges follow Anki's rules, so the same review
log under the same settings gives the same stability, difficulty and due day.
Where drill differs on purpose (the fuzz draw's seed, load balancing), the
interval still lies inside Anki's fuzz range.

Every function takes ``now`` (a UTC-aware datetime) and returns new values; nothing
here reads the clock, touches disk or uses the global random generator. The fuzz
that spreads review intervals is drawn from a hash of the card id and its review
count, so replaying a card's review log always
rebuilds exactly the state that was stored.

>>> from datetime import datetime, timezone
>>> now = datetime(2024, 1, 1, tzinfo=timezone.utc)
>>> s = schedule(NEW_CARD, Rating.GOOD, now, Settings(), "deck/fact/define")
>>> s.state is State.LEARNING, s.reps
(True, 1)
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache

from .days import DEFAULT_ROLLOVER_HOUR, LearnerDay
from .errors import InputError
from .i18n import N_, _

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
            raise InputError(_("desired_retention must be between 0.5 and 0.99, not {value}").format(
                value=self.desired_retention))
        if len(self.parameters) != len(DEFAULT_PARAMETERS):
            raise InputError(_("FSRS v6 needs {n} parameters, not {count}").format(
                n=len(DEFAULT_PARAMETERS), count=len(self.parameters)))
        if not all(math.isfinite(p) for p in self.parameters):
            raise InputError(_("FSRS parameters must be finite numbers"))
        if any(s <= 0 for s in (*self.learning_steps, *self.relearning_steps)):
            raise InputError(_("learning and relearning steps must be positive"))
        if self.maximum_interval < 1:
            raise InputError(_("maximum_interval must be at least 1 day"))
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise InputError(_("daily limits cannot be negative"))
        if not 0 <= self.rollover_hour <= 23:
            raise InputError(_("rollover_hour must be an hour 0–23, not {value}").format(value=self.rollover_hour))
        if self.leech_threshold < 0:
            raise InputError(_("leech_threshold cannot be negative (0 turns leeches off)"))
        if self.leech_action not in LEECH_ACTIONS:
            raise InputError(_("leech_action must be one of {choices}, not {value}").format(
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
    """Return ``moment`` if it is UTC-aware; a naive or non-UTC datetime is an :class:`InputError`."""
    if moment.tzinfo is None or moment.utcoffset() != timedelta(0):
        raise InputError(f"{what} must be a timezone-aware UTC datetime, got {moment!r}")
    return moment.astimezone(UTC)


@lru_cache(maxsize=8)
def _scheduler(settings: Settings):  # type: ignore[no-untyped-def]
    from fsrs import Scheduler

    # used only to check parameters against fsrs's documented bounds
    return Scheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        learning_steps=[timedelta(seconds=s) for s in settings.learning_steps],
        relearning_steps=[timedelta(seconds=s) for s in settings.relearning_steps],
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


@lru_cache(maxsize=8)
def _engine(parameters: tuple[float, ...]):  # type: ignore[no-untyped-def]
    """fsrs-rs (the engine Anki uses for memory states) with these parameters."""
    from fsrs_rs_python import FSRS

    return FSRS(list(parameters))


def check_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Validate FSRS parameters with fsrs's own bounds; an :class:`InputError` says which are out of range."""
    try:
        _scheduler(replace(Settings(), parameters=tuple(float(p) for p in parameters)))
    except InputError:
        raise
    except ValueError as exc:  # fsrs's own bounds check
        raise InputError(str(exc)) from None
    return tuple(float(p) for p in parameters)


# (start, end, factor): the same fuzz ranges as fsrs and Anki
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def _round(x: float) -> int:
    """Round half away from zero (as Anki does), not half to even."""
    return math.floor(x + 0.5)


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The days a review interval of ``interval`` days may be spread over, kept within
    [``minimum``, ``maximum``]: Anki's fuzz range (1 day, plus 15 % of the days from 2.5
    to 7, 10 % of those from 7 to 20 and 5 % of those beyond 20, either way)."""
    maximum = max(1, maximum)
    minimum = min(max(1, minimum), maximum)
    interval = min(max(float(interval), minimum), maximum)
    delta = 0.0
    if interval >= 2.5:
        delta = 1.0
        for start, end, factor in _FUZZ_RANGES:
            delta += factor * max(min(interval, end) - start, 0.0)
    lower = min(max(_round(interval - delta), minimum), maximum)
    upper = min(max(_round(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1  # a range of at least two days where the limits allow it
    return lower, upper


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The days a review interval may be spread over (Anki's range, at least 1 day)."""
    return fuzz_bounds(interval_days, 1, maximum_interval)


def _fuzz_factor(card_id: str, reps: int) -> float:
    """A draw in [0, 1) fixed by (card, review count): the same for all four ratings of one answer, so
    Again ≤ Hard ≤ Good ≤ Easy holds after fuzzing, and the same when the log is replayed."""
    digest = hashlib.blake2b(f"fuzz\x1f{card_id}\x1f{reps}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def fuzz_days(interval_days: int, card_id: str, reps: int, maximum_interval: int) -> int:
    """Spread a review interval within its fuzz range, reproducibly for (card, review count)."""
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    return min(low + math.floor(_fuzz_factor(card_id, reps) * (high - low + 1)), high)


#: chooses a review interval (days) from (the fuzzed interval, the fuzz range's min and max)
IntervalPicker = Callable[[int, int, int], int]


class _Answer:
    """One answer's context: the fuzz draw (made when first needed), the load picker, the limits."""

    __slots__ = ("card_id", "factor", "fuzz", "maximum", "pick", "reps")

    def __init__(self, settings: Settings, card_id: str, reps: int, pick: IntervalPicker | None):
        self.fuzz, self.card_id, self.reps, self.pick = settings.fuzz, card_id, reps, pick
        self.factor: float | None = None
        self.maximum = max(1, settings.maximum_interval)

    def days(self, interval: float, minimum: int = 1) -> int:
        """A review interval in whole days: fuzzed within Anki's range (or rounded), within the limits."""
        minimum = min(max(1, minimum), self.maximum)
        if not self.fuzz:
            return min(max(_round(interval), minimum), self.maximum)
        if self.factor is None:
            self.factor = _fuzz_factor(self.card_id, self.reps)
        low, high = fuzz_bounds(interval, minimum, self.maximum)
        fuzzed = min(low + math.floor(self.factor * (high - low + 1)), high)
        if self.pick is not None and low < high and fuzzed >= 3:
            fuzzed = min(max(self.pick(fuzzed, low, high), low), high)
        return fuzzed


def _step_delays(steps: Sequence[int], index: int) -> tuple[int | None, int | None]:
    """(Hard delay, Good delay) in seconds at step ``index`` (Good: None once the last step is done).

    As Anki: Hard repeats the current step, except on the first step, where it waits
    halfway between the first two steps (one step: 1.5× it, at most a day more);
    a delay over a day is rounded to whole days.
    """
    if not steps:
        return None, None
    index = min(max(index, 0), len(steps) - 1)
    hard = steps[index]
    if index == 0:
        hard = (steps[0] + steps[1]) // 2 if len(steps) > 1 else min(steps[0] * 3 // 2, steps[0] + 86400)
        if hard > 86400:
            hard = _round(hard / 86400) * 86400
    good = steps[index + 1] if index + 1 < len(steps) else None
    return hard, good


_STATE_NAMES = {Rating.AGAIN: "again", Rating.HARD: "hard", Rating.GOOD: "good", Rating.EASY: "easy"}


def _short_term(settings: Settings, steps: Sequence[int], interval: float) -> bool:
    """Without (re)learning steps, FSRS keeps a card in (re)learning while its interval is under half a day."""
    p = settings.parameters
    return not steps and p[17] > 0 and p[18] > 0 and interval < 0.5


def schedule(card: CardState, rating: Rating | int, now: datetime, settings: Settings, card_id: str,
             pick_interval: IntervalPicker | None = None, day: LearnerDay | None = None) -> CardState:
    """The state of ``card`` after answering it with ``rating`` at ``now``, as Anki schedules it.

    Memory states come from fsrs-rs (Anki's engine), with the time since the last
    answer counted in learner days (``day``: rollover hour and time zone; default
    the settings' rollover hour in this machine's zone), so two answers on one
    learner day are a same-day review. Learning and relearning steps, graduation,
    lapses and review intervals follow Anki's rules; review cards fall due at the
    start of a learner day. With ``settings.fuzz`` an interval is spread within
    Anki's fuzz range (seeded per card and review count), and ``pick_interval`` may
    then move it within that range (the store evens out the daily load); it gets the
    fuzzed interval and the range, and returns days within the range.
    """
    from fsrs_rs_python import MemoryState

    now = require_utc(now)
    rating = Rating(rating)
    day = day or LearnerDay(settings.rollover_hour)
    today = day.date(now)
    memory = None
    elapsed = 0
    if card.state is not State.NEW and card.stability is not None and card.difficulty is not None:
        memory = MemoryState(card.stability, card.difficulty)
    last_day = day.date(card.last_review) if card.last_review is not None else None
    if last_day is not None:
        elapsed = max(0, (today - last_day).days)
    nxt = _engine(settings.parameters).next_states(memory, settings.desired_retention, elapsed)
    chosen = getattr(nxt, _STATE_NAMES[rating])  # read only what is needed: each read builds an object
    ctx = _Answer(settings, card_id, card.reps, pick_interval)

    state = card.state
    steps = settings.relearning_steps if state in (State.REVIEW, State.RELEARNING) else settings.learning_steps
    step: int | None = None
    delay: float | None = None  # seconds, for a card staying in (re)learning
    interval: int | None = None  # days, for a card that is (or becomes) a review card
    lapse = False
    if state is State.REVIEW:
        if rating is Rating.AGAIN:
            lapse = True
            if steps:
                step, delay = 0, steps[0]
            elif _short_term(settings, steps, nxt.again.interval):
                step, delay = 0, nxt.again.interval * 86400
            else:
                interval = max(1, _round(nxt.again.interval))
        else:
            previous = max(0, (day.date(card.due) - last_day).days) if card.due and last_day else 0
            hard = ctx.days(nxt.hard.interval, _keep_growing(nxt.hard.interval, previous, ctx.maximum))
            if rating is Rating.HARD:
                interval = hard
            else:
                good = ctx.days(nxt.good.interval, max(_keep_growing(nxt.good.interval, previous, ctx.maximum),
                                                       hard + 1))
                interval = good if rating is Rating.GOOD else ctx.days(
                    nxt.easy.interval, max(_keep_growing(nxt.easy.interval, previous, ctx.maximum), good + 1))
    else:  # new, learning or relearning
        index = (card.step or 0) if state is not State.NEW else 0
        hard_delay, good_delay = _step_delays(steps, index)
        if rating is Rating.EASY:
            good = ctx.days(nxt.good.interval)
            interval = ctx.days(max(1, _round(nxt.easy.interval)), good + 1)
        elif rating is Rating.AGAIN and steps:
            step, delay = 0, steps[0]
        elif rating is Rating.HARD and hard_delay is not None:
            step, delay = index, hard_delay
        elif rating is Rating.GOOD and good_delay is not None:
            step, delay = index + 1, good_delay
        elif _short_term(settings, steps, chosen.interval):
            step = index if rating is not Rating.AGAIN else 0
            delay = chosen.interval * 86400
        else:
            interval = ctx.days(max(1, _round(chosen.interval)))

    if interval is not None:
        # due on the learner day `interval` days on, at the same time into that day (learner days, not
        # 24-hour periods, so a change of clock time in between moves nothing)
        new_state, due = State.REVIEW, now + timedelta(days=interval)
        if day.date(due) != today + timedelta(days=interval):  # a clock change on the way
            due = day.start_of(today + timedelta(days=interval)) + (now - day.start_of(today))
    else:
        assert delay is not None
        new_state = State.RELEARNING if state in (State.REVIEW, State.RELEARNING) else State.LEARNING
        due = now + timedelta(seconds=int(delay))
        end = day.end(now)
        if due >= end:
            # a step that reaches past the day's end falls due at the start of a later learner day (as Anki)
            due = day.start_of(today + timedelta(days=(int(delay) - int((end - now).total_seconds())) // 86400 + 1))
    memory_after = chosen.memory
    return CardState(
        state=new_state,
        step=step,
        stability=_as_anki_keeps(memory_after.stability, 4),
        difficulty=_as_anki_keeps(memory_after.difficulty, 3),
        due=due,
        last_review=now,
        reps=card.reps + 1,
        lapses=card.lapses + int(lapse),
    )


def _f32(x: float) -> float:
    return float(struct.unpack("f", struct.pack("f", x))[0])


def _as_anki_keeps(value: float, places: int) -> float:
    """A memory-state figure as Anki stores it on the card between answers (single precision, stability
    to 4 decimals, difficulty to 3), so the next answer starts from the same state as on the phone."""
    factor = _f32(10.0**places)
    return _f32(math.floor(_f32(value * factor) + 0.5) / factor)


def _keep_growing(interval: float, previous: int, maximum: int) -> int:
    """The least a passing review interval may be: longer than the last one if FSRS lengthened it,
    not shortened by fuzz if it barely grew, free if it shrank (as Anki)."""
    if _round(interval) > previous:
        return previous + 1
    if previous <= fuzz_bounds(interval, 1, maximum)[1]:
        return previous
    return 0


def preview(card: CardState, now: datetime, settings: Settings, card_id: str,
            day: LearnerDay | None = None) -> dict[Rating, CardState]:
    """What each rating would do to ``card`` (for showing the next intervals)."""
    return {r: schedule(card, r, now, settings, card_id, day=day) for r in Rating}


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
    "fuzz_bounds",
    "fuzz_days",
    "fuzz_range",
    "preview",
    "replay",
    "require_utc",
    "retrievability",
    "schedule",
]
