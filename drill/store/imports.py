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

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..days import LearnerDay
from ..scheduling import NEW_CARD, CardState, LoggedReview, Rating, Settings, State, replay, schedule
from .answers import AnswersMixin
from .encoding import UPDATE_STATE, from_text, log_order, state_json, state_values, to_text
from .settings_history import SettingsTimeline

#: the id an imported row stands in with while its merge is planned: above every id the store has issued
_AFTER_EVERY_ID = 2**62


@dataclass(frozen=True, slots=True)
class ExternalReview:
    """One answer given outside drill, for a card drill knows."""

    card_id: str
    origin: str  # where it comes from, unique for the card (e.g. "anki:1700000000123")
    rating: Rating
    reviewed_at: datetime  # UTC
    duration_ms: int | None = None
    #: the review interval (days) the other side gave the card with this answer (0: none, or in learning);
    #: the card keeps the due day it was given there, as it keeps one load balancing chose
    interval_days: int = 0


class ImportsMixin(AnswersMixin):
    """Merging reviews made elsewhere into the log."""

    #: how many cards the last :meth:`merge_reviews` flagged as leeches
    last_merge_leeches: int = 0

    def known_card_ids(self) -> list[str]:
        """Every card id in the store (orphans included: their history still counts)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM cards")]

    def merge_reviews(self, reviews: Iterable[ExternalReview],
                      progress: Callable[[int], None] | None = None) -> tuple[int, int, int]:
        """Add the reviews not already in the log and rebuild their cards; (added, already there, cards rebuilt).

        One transaction: on any error nothing is added and no state changes. Lapses
        among the merged reviews count toward a leech as drill's own answers do
        (``last_merge_leeches`` says how many cards became leeches).
        ``progress`` is called with the number of cards done after each card.

        The work (replaying every card's merged log) is done before the write
        lock is taken, so a review answering meanwhile waits only for the
        writing itself; a card answered in between is planned again under the lock.
        """
        by_card: dict[str, list[ExternalReview]] = {}
        for review in reviews:
            by_card.setdefault(review.card_id, []).append(review)
        conn = self.conn
        # the rows to add wait in a temporary table: writing it takes no lock on the store, and they go
        # in with one INSERT … SELECT under the lock (nor do a million rows sit in Python's memory)
        conn.execute("DROP TABLE IF EXISTS temp.merge_rows")
        conn.execute("CREATE TEMP TABLE merge_rows (seq INTEGER PRIMARY KEY, card_id TEXT, rating INTEGER,"
                     " reviewed_at TEXT, duration_ms INTEGER, state_before INTEGER, before TEXT, origin TEXT,"
                     " due_after TEXT)")
        try:
            timeline = self.settings_timeline()  # replay with the settings in force at each answer
            plans = []
            for card_id, incoming in by_card.items():
                plans.append(self._plan_merge(conn, card_id, incoming, timeline))
                if progress:
                    progress(1)
            added = present = rebuilt = leeches = 0
            with self.write() as conn:
                for i, plan in enumerate(plans):
                    if plan.seen != _log_mark(conn, plan.card_id) or plan.settings != self.settings_for_deck(
                            plan.card_id.split("/", 1)[0]):
                        conn.execute("DELETE FROM temp.merge_rows WHERE card_id = ?", (plan.card_id,))
                        plans[i] = plan = self._plan_merge(conn, plan.card_id, plan.incoming,
                                                           self.settings_timeline())  # answered meanwhile
                    present += plan.present
                    if plan.state is None:
                        continue
                    added += plan.added
                    conn.execute(UPDATE_STATE, (*state_values(plan.state), plan.card_id))
                    rebuilt += 1
                    # lapses made on the phone count toward a leech as drill's own do (threshold, then every half)
                    if any(plan.settings.is_leech(n - 1, n)
                           for n in range(plan.lapses_before + 1, plan.state.lapses + 1)):
                        conn.execute("UPDATE cards SET leech = 1, suspended = max(suspended, ?) WHERE id = ?",
                                     (int(plan.settings.leech_action == "suspend"), plan.card_id))
                        leeches += 1
                conn.execute(
                    "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct, state_before,"
                    " before, origin, due_after) SELECT card_id, rating, reviewed_at, duration_ms, NULL, NULL,"
                    " state_before, before, origin, due_after FROM temp.merge_rows ORDER BY seq")
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.merge_rows")
        self._state_memo = None
        self.last_merge_leeches = leeches
        return added, present, rebuilt

    def _plan_merge(self, conn: sqlite3.Connection, card_id: str, incoming: list[ExternalReview],
                    timeline: SettingsTimeline) -> _MergePlan:
        """What merging ``incoming`` into the card's log adds and the state it leaves (nothing written)."""
        seen = _log_mark(conn, card_id)
        settings = self.settings_for_deck(card_id.split("/", 1)[0])  # the card's deck settings (its preset)
        rows = conn.execute(
            "SELECT id, rating, reviewed_at, duration_ms, answer, correct, reason, origin, due_after FROM reviews"
            " WHERE card_id = ? ORDER BY id", (card_id,)).fetchall()
        origins = {r[7] for r in rows if r[7] is not None}
        # drill's own answers, as a package exported with `history=` carried them to Anki
        own = [(_millis(from_text(r[2])), r[1]) for r in rows if r[7] is None]  # type: ignore[arg-type]
        present = 0
        fresh: dict[str, ExternalReview] = {}
        for review in incoming:
            if review.origin in origins or review.origin in fresh or _is_own(review, own):
                present += 1
            else:
                fresh[review.origin] = review
        plan = _MergePlan(card_id, incoming, seen, settings, present)
        if not fresh:
            return plan
        # the merged log in replay order (the order reviews_for gives once the rows are in); the new rows
        # come after every row the store has (their ids here stand for the larger ones they will get, so
        # the settings history places them after every change made so far, as a replay will)
        next_id = _AFTER_EVERY_ID
        new_rows = [(next_id + i, int(r.rating), to_text(r.reviewed_at), r.duration_ms, None, None, None, r.origin,
                     None, r) for i, r in enumerate(fresh.values())]
        merged = log_order([*rows, *new_rows], time=2, origin=7)
        deck = card_id.split("/", 1)[0]
        settings_at = timeline.for_deck(deck)
        state = NEW_CARD  # the state each imported row is logged after
        inserts: list[tuple[Any, ...]] = []
        chosen: dict[int, datetime] = {}  # row id → the due date the other side gave
        for row in merged:
            rating, when = Rating(row[1]), from_text(row[2])
            assert when is not None  # every logged review has its time (reviewed_at is NOT NULL)
            row_settings = settings_at(LoggedReview(rating, when, {"id": row[0]}))
            external = row[9] if len(row) > 9 else None
            after = schedule(state, rating, when, row_settings, card_id)
            if external is not None:
                due_after = None
                if external.interval_days > 0 and after.state is State.REVIEW:
                    # the due day the other side gave (its own fuzz draw), at the answer's time of day
                    day = LearnerDay(row_settings.rollover_hour)
                    due_after = day.start_of(day.date(when) + timedelta(days=external.interval_days)) + (
                        when - day.start(when))
                    after = replace(after, due=due_after)
                    chosen[row[0]] = due_after
                inserts.append((card_id, int(rating), row[2], external.duration_ms, int(state.state),
                                state_json(state), external.origin, to_text(due_after)))
            state = after
        # the card's state is the replay of its merged log, exactly as `rebuild` makes it (from its last reset
        # on, keeping the due dates load balancing chose)
        reset_after = seen[2]
        conn.executemany("INSERT INTO temp.merge_rows(card_id, rating, reviewed_at, duration_ms, state_before, before,"
                         " origin, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", inserts)
        plan.added = len(inserts)
        plan.lapses_before = int(conn.execute("SELECT lapses FROM cards WHERE id = ?", (card_id,)).fetchone()[0] or 0)
        if all(r[0] > reset_after and not r[8] for r in merged):
            plan.state = state  # the same replay as above, step for step: no reset to skip, no chosen due date
            return plan
        replayed = [
            LoggedReview(Rating(r[1]), from_text(r[2]),  # type: ignore[arg-type]
                         {"id": r[0], "duration_ms": r[3], "answer": r[4], "correct": r[5], "reason": r[6],
                          "origin": r[7], **({"due_after": from_text(r[8])} if r[8] else {}),
                          **({"due_after": chosen[r[0]]} if r[0] in chosen else {})})
            for r in merged if r[0] > reset_after
        ]
        plan.state = replay(card_id, replayed, settings_at)
        return plan


@dataclass(slots=True)
class _MergePlan:
    """One card's merge, worked out before the write lock: how many rows it adds and the state they give."""

    card_id: str
    incoming: list[ExternalReview]
    seen: tuple[int, int, int]  # the card's log when planned (see _log_mark)
    settings: Settings
    present: int
    added: int = 0  # rows waiting in temp.merge_rows
    state: CardState | None = None  # None: nothing to add
    lapses_before: int = 0


def _log_mark(conn: sqlite3.Connection, card_id: str) -> tuple[int, int, int]:
    """(reviews, highest review id, reset_after) of one card: it changes when the card is answered or reset."""
    n, last = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM reviews WHERE card_id = ?",
                           (card_id,)).fetchone()
    reset = conn.execute("SELECT reset_after FROM cards WHERE id = ?", (card_id,)).fetchone()
    return int(n), int(last), int(reset[0]) if reset else 0


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
