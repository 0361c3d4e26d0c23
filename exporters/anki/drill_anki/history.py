"""A learner's drill history written into the package, so moving to a phone keeps it.

With option ``history=STORE`` (a store file, or ``1`` for the default store)
each exported card that has reviews in the store carries them: one Anki review
log row per drill answer (rating, time, duration) and the card's scheduling
state (type, due date, interval, reps, lapses, and FSRS's stability and
difficulty in the card's ``data``), as Anki writes them itself. Anki takes them
when the package is imported with "Import any learning progress"
(``with_scheduling``) into a collection that does not have the cards yet;
cards already there keep their own history.

Dates are written relative to the package's creation day (its ``crt``, the
export timestamp): Anki moves them to the importing collection's calendar.
The review log ids are the answers' times in milliseconds, which ``drill
import`` recognises, so bringing the phone's reviews back later never counts
drill's own answers twice.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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


def _interval(state: Any, at: datetime) -> int:
    due = state.due
    if due is None:
        return 0
    if int(state.state) == 2:  # review: whole days
        return max(1, round((due - at) / timedelta(days=1)))
    return -max(1, int((due - at).total_seconds()))


def read_history(store_path: str | os.PathLike[str] | None, card_ids: Iterable[str],
                 crt: int) -> dict[str, CardHistory]:
    """The history of every card in ``card_ids`` that has reviews in the store at ``store_path``."""
    from drill import Store, replay, replay_one

    path = Path(store_path) if store_path else None
    histories: dict[str, CardHistory] = {}
    used_ids: set[int] = set()
    with Store(path) as store:
        settings = store.settings()
        for card_id in card_ids:
            log = store.reviews_for(card_id)
            if not log:
                continue
            state = replay(card_id, [], settings)  # a new card
            answers = []
            last_ivl = 0
            for review in log:
                before = state
                state = replay_one(state, review, settings, card_id)
                rid = int(review.reviewed_at.timestamp() * 1000)
                while rid in used_ids:
                    rid += 1
                used_ids.add(rid)
                ivl = _interval(state, review.reviewed_at)
                kind = _REVLOG_TYPE[int(before.state)]
                duration = review.extra.get("duration_ms") or 0
                answers.append(LoggedAnswer(rid, int(review.rating), ivl, last_ivl,
                                            _DEFAULT_FACTOR if kind else 0, min(int(duration), 60_000), kind))  # type: ignore[call-overload]
                last_ivl = ivl
            histories[card_id] = _card(state, tuple(answers), crt, settings.desired_retention)
    return histories


def _card(state: Any, answers: tuple[LoggedAnswer, ...], crt: int, retention: float) -> CardHistory:
    kind = int(state.state)
    ctype, queue = _TYPE[kind]
    due_at: datetime = state.due
    last: datetime = state.last_review
    if kind == 2:
        due = math.floor((due_at.timestamp() - crt) / 86400)
        ivl = max(1, round((due_at - last) / timedelta(days=1)))
    else:
        due = int(due_at.timestamp())
        ivl = 0
    data = {"s": round(float(state.stability), 4), "d": round(float(state.difficulty), 4),
            "dr": retention, "lrt": int(last.timestamp())}
    return CardHistory(answers, ctype, queue, due, ivl, _DEFAULT_FACTOR if kind >= 2 else 0,
                       int(state.reps), int(state.lapses), 1 if kind in (1, 3) else 0,
                       json.dumps(data, sort_keys=True, separators=(",", ":")))


def crt_of(timestamp: float) -> int:
    """The package's creation time: the start (UTC) of the export day."""
    day = datetime.fromtimestamp(int(timestamp), UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(day.timestamp())
