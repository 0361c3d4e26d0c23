"""A learner's drill history as Anki's own rows, so moving to a phone keeps it.

With option ``history=STORE`` (a store file, or ``1`` for the default store)
each exported card that has reviews in the store carries them: one Anki review
log row per drill answer (rating, time, duration) and the card's scheduling
state (type, due date, interval, reps, lapses, and FSRS's stability and
difficulty in the card's ``data``), as Anki writes them itself. Anki takes them
when the package is imported with "Import any learning progress"
(``with_scheduling``) into a collection that does not have the cards yet;
cards already there keep their own history.

Dates are written on the learner's days (rollover hour, time zone): the
package's creation day (its ``crt``) is the export's learner day, its rollover
hour and UTC offset go with it, and Anki moves due days to the importing
collection's calendar from there, so a card falls due on the same morning on the
phone as in the terminal. A card in (re)learning keeps its step: Anki's "left"
is the number of steps still to go. The preset (FSRS parameters, desired
retention, steps, new cards per day, maximum interval) is written as the decks'
options, which Anki adds when the package is imported with "Import deck presets".
The review log ids are the answers' times in milliseconds, which ``drill
import`` recognises, so bringing the phone's reviews back later never counts
drill's own answers twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .days import LearnerDay

#: Anki's card type and queue for drill's states (new, learning, review, relearning).
_TYPE = {0: (0, 0), 1: (1, 1), 2: (2, 2), 3: (3, 1)}
#: Anki's review log type for an answer given in each of drill's states.
_REVLOG_TYPE = {0: 0, 1: 0, 2: 1, 3: 2}
_DEFAULT_FACTOR = 2500


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    revlog_id: int  # milliseconds since 1970; unique in the package
    ease: int
    ivl: int  # days (review) or negative seconds (learning), after the answer
    last_ivl: int
    factor: int
    duration_ms: int
    kind: int  # Anki revlog type
    origin: str | None = None  # where the review came from ("anki:<revlog id>"), None for drill's own


@dataclass(frozen=True, slots=True)
class CardHistory:
    """One card's log and final state, ready to write as Anki rows."""

    answers: tuple[LoggedAnswer, ...]
    type: int
    queue: int
    due: int  # day number from the package's crt (review) or epoch seconds (learning)
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    data: str


@dataclass(frozen=True, slots=True)
class PackageHistory:
    """What a package with history carries besides the cards: its calendar and drill's preset."""

    #: the package's creation time: the start of the learner's day of the export (UTC seconds)
    crt: int
    #: the learner's rollover hour and UTC offset at ``crt`` (minutes west, as Anki keeps it)
    rollover: int
    minutes_west: int
    cards: dict[str, CardHistory]
    #: the preset the exported decks are scheduled with (FSRS parameters, retention, steps, limits)
    settings: Any


def read_history(store_path: str | os.PathLike[str] | None, card_ids: Iterable[str],
                 timestamp: float) -> PackageHistory:
    """The history of every card in ``card_ids`` that has reviews in the store at ``store_path``."""
    from .store import Store

    with Store(Path(store_path) if store_path else None) as store:
        return history_from_store(store, card_ids, timestamp)


def history_from_store(store: Any, card_ids: Iterable[str], timestamp: float) -> PackageHistory:
    """The history of every card in ``card_ids`` that has reviews in ``store``, for a package made at ``timestamp``.

    Days are the learner's (the store's rollover hour, this machine's time zone): the
    package's calendar starts at the start of the export's learner day, and a review
    card's due day counts from it, so Anki shows it on the same morning drill does.
    """
    from .days import LearnerDay
    from .scheduling import replay, replay_one

    histories: dict[str, CardHistory] = {}
    used_ids: set[int] = set()
    ids = list(card_ids)
    deck = ids[0].split("/", 1)[0] if ids else None
    preset = store.settings_for_deck(deck) if deck else store.settings()
    day = LearnerDay(preset.rollover_hour)
    start = day.start(datetime.fromtimestamp(int(timestamp), UTC))
    crt = int(start.timestamp())
    offset = start.astimezone().utcoffset() or timedelta(0)
    # each answer replayed with the settings in force when it was given, as the store's states are
    timeline = store.settings_timeline() if hasattr(store, "settings_timeline") else None
    for card_id in ids:
        log = store.reviews_for(card_id)
        if not log:
            continue
        deck_id = card_id.split("/", 1)[0]
        settings = store.settings_for_deck(deck_id)
        settings_at = timeline.for_deck(deck_id) if timeline is not None else (lambda _review: settings)
        state = replay(card_id, [], settings)  # a new card
        answers = []
        last_ivl = 0
        for review in log:
            before = state
            state = replay_one(state, review, settings_at(review), card_id)
            origin = review.extra.get("origin")
            rid = int(review.reviewed_at.timestamp() * 1000)
            if isinstance(origin, str) and origin.startswith("anki:") and origin[5:].isdigit():
                rid = int(origin[5:])  # Anki's own id for its own review
            while rid in used_ids:
                rid += 1
            used_ids.add(rid)
            ivl = _interval(state, review.reviewed_at, day)
            kind = _REVLOG_TYPE[int(before.state)]
            duration = review.extra.get("duration_ms") or 0
            answers.append(LoggedAnswer(rid, int(review.rating), ivl, last_ivl,
                                        _DEFAULT_FACTOR if kind else 0, min(int(duration), 60_000), kind,
                                        origin if isinstance(origin, str) else None))
            last_ivl = ivl
        histories[card_id] = _card(state, tuple(answers), start, day, settings)
    return PackageHistory(crt, preset.rollover_hour, -int(offset.total_seconds() // 60), histories, preset)


def _interval(state: Any, at: datetime, day: LearnerDay) -> int:
    """Anki's interval after an answer: learner days for a review card, negative seconds in (re)learning."""
    due = state.due
    if due is None:
        return 0
    if int(state.state) == 2:
        return max(1, (day.date(due) - day.date(at)).days)
    return -max(1, int((due - at).total_seconds()))


def _card(state: Any, answers: tuple[LoggedAnswer, ...], start: datetime, day: Any, settings: Any) -> CardHistory:
    kind = int(state.state)
    ctype, queue = _TYPE[kind]
    due_at: datetime = state.due
    last: datetime = state.last_review
    left = 0
    if kind == 2:
        # the due day counted in learner days from the package's first day, as Anki counts its days
        due = (day.date(due_at) - day.date(start)).days
        ivl = max(1, (day.date(due_at) - day.date(last)).days)
    else:
        due = int(due_at.timestamp())
        ivl = 0
        # the steps still to go, counting the one the card waits for (Anki's "left")
        steps = settings.learning_steps if kind == 1 else settings.relearning_steps
        left = max(1, len(steps) - (state.step or 0))
    data = {"s": round(float(state.stability), 4), "d": round(float(state.difficulty), 4),
            "dr": settings.desired_retention, "decay": round(float(settings.parameters[20]), 4),
            "lrt": int(last.timestamp())}
    return CardHistory(answers, ctype, queue, due, ivl, _DEFAULT_FACTOR if kind >= 2 else 0,
                     int(state.reps), int(state.lapses), left,
                     json.dumps(data, sort_keys=True, separators=(",", ":")))


__all__ = ["CardHistory", "LoggedAnswer", "PackageHistory", "history_from_store", "read_history"]
