"""When a card can be shown: the one answer that review, ``stats``, the session summary and ``card list`` give.

A card is shown from the later of two times: when it is due and when its burial
ends. A review card is due on a learner day (from the day's start, see
:mod:`drill.days`); a learning card at its time, or up to :data:`LEARN_AHEAD`
earlier when nothing else is waiting (learn-ahead, as in Anki). A burial always
ends at the start of a learner day, and learn-ahead never reaches into it.

Suspended and orphaned cards are never shown, so they are never counted here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .days import LearnerDay
from .scheduling import State
from .store.encoding import from_text, to_text
from .store.queue import LEARN_AHEAD, QueueFilter

if TYPE_CHECKING:
    from .store import Store

#: the part of a query that leaves out cards that are never shown
LIVE = "suspended = 0 AND orphaned = 0"
#: SQL: when a learning or review card can be shown, before learn-ahead and day starts (stored time text)
SHOWN_AT = "max(due, coalesce(buried_until, due))"


def shown_from(state: int, due: datetime | None, buried_until: datetime | None, day: LearnerDay,
               *, learn_ahead: bool = False) -> datetime | None:
    """When a card can first be shown (UTC), ``None`` for a new card (those follow the daily limit).

    ``learn_ahead``: a learning card may come :data:`LEARN_AHEAD` early (when nothing else waits).
    """
    if state == State.NEW or due is None:
        return None
    if state == State.REVIEW:
        at = day.start(due)
    else:
        at = due - LEARN_AHEAD if learn_ahead else due
    if buried_until is not None and buried_until > at:
        at = buried_until
    return at


def next_shown(store: Store, now: datetime, day: LearnerDay, flt: QueueFilter = QueueFilter()) -> datetime | None:
    """When the next learning or review card can be shown, for "nothing is due now" (UTC), or None.

    A review due today that was not shown (the day's review limit is reached) waits for
    the next day; a buried card waits for its burial to end, whatever its due time says.
    """
    extra, args = flt.sql()
    today_end = day.end(now)
    best: datetime | None = None
    # learning cards are few: each one's time is worked out here, learn-ahead and burial together
    for state, due_text, buried_text in store.conn.execute(
            f"SELECT state, due, buried_until FROM cards WHERE state IN (1, 3) AND {LIVE}{extra}"
            " AND due IS NOT NULL", args):
        at = shown_from(state, from_text(due_text), from_text(buried_text), day, learn_ahead=True)
        if at is not None and (best is None or at < best):
            best = at
    row = store.conn.execute(
        f"SELECT due, buried_until FROM cards WHERE state = 2 AND {LIVE}{extra} AND due IS NOT NULL"
        f" ORDER BY {SHOWN_AT} LIMIT 1", args).fetchone()
    if row is not None:
        at = shown_from(State.REVIEW, from_text(row[0]), from_text(row[1]), day)
        assert at is not None
        if at <= now:
            at = today_end
        if best is None or at < best:
            best = at
    return best


def forecast(store: Store, now: datetime, day: LearnerDay, flt: QueueFilter = QueueFilter(),
             days: int = 30) -> list[tuple[date, int]]:
    """Learning and review cards by the learner day they can first be shown on, from today on.

    Day 0 (today) holds what is overdue too; a buried card counts on the day its burial ends.
    """
    extra, args = flt.sql()
    today = day.date(now)
    day_start = day.start(now)
    end = day.start_of(today + timedelta(days=days))
    # learner days in SQL: shift UTC times so that the day's start falls on midnight
    shift = datetime.combine(today, datetime.min.time()) - day_start.replace(tzinfo=None)
    shift_minutes = round(shift / timedelta(minutes=1))
    counts: dict[str, int] = {}
    for when, n in store.conn.execute(
            f"SELECT date({SHOWN_AT}, ?), count(*) FROM cards WHERE state > 0 AND {LIVE}{extra}"
            f" AND due IS NOT NULL AND {SHOWN_AT} < ? GROUP BY 1",
            (f"{shift_minutes:+d} minutes", *args, to_text(end))):
        key = max(when, today.isoformat())  # overdue counts as today
        counts[key] = counts.get(key, 0) + n
    return [(today + timedelta(days=i), counts.get((today + timedelta(days=i)).isoformat(), 0))
            for i in range(days)]


def describe_state(row: dict[str, Any], day: LearnerDay) -> datetime | None:
    """``shown_from`` for a card as the store lists it (``state``, ``due``, ``buried_until`` as text)."""
    return shown_from(int(row["state"]), from_text(row.get("due")), from_text(row.get("buried_until")), day)


__all__ = ["LIVE", "SHOWN_AT", "describe_state", "forecast", "next_shown", "shown_from"]
