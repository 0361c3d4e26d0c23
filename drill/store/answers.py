"""Answering cards: one transaction writes the review log row and the new state together.

The review log (``reviews``) is the truth and is append-only; the scheduling columns
of ``cards`` are a cache that :func:`drill.scheduling.replay` rebuilds from it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import StoreError
from ..i18n import _
from ..scheduling import CardState, Rating, Settings, State, require_utc, schedule
from .cards import CardsMixin
from .encoding import UPDATE_STATE, state_from_json, state_json, state_values, to_text
from .presets import PresetsMixin
from .settings_history import SettingsTimeline


@dataclass(frozen=True, slots=True)
class Answer:
    """What one answer wrote: the log row id and the states around it."""

    review_id: int
    card_id: str
    rating: Rating
    before: CardState
    after: CardState
    #: siblings (other cards of the fact) this answer buried until the next learner day
    buried: tuple[str, ...] = ()
    #: this answer made the card a leech; ``flags_before`` holds its (leech, suspended) before
    leech: bool = False
    flags_before: tuple[int, int] | None = None


class _LoadPicker:
    """Picks a review interval within its fuzz range, favouring days with fewer reviews due.

    A day's weight is 1 / (reviews due that day + 1)² / interval (the last factor keeps
    longer intervals from winning just because far days are still empty), drawn from
    a hash of card and review count. The reviews due per learner day are
    counted once per range and kept on the store (``_due_days``) while no other
    connection writes, each answer adding its own card to the day it chose.
    """

    def __init__(self, store: AnswersMixin, now: datetime, day_end: datetime | None, card_id: str, reps: int):
        self.store, self.card_id, self.reps = store, card_id, reps
        # learner day k (k days from today) runs [origin + k days, origin + k + 1 days)
        self.origin = (day_end or now + timedelta(hours=12)) - timedelta(days=1)
        self.used = False

    def _counts(self, low: int, high: int) -> dict[int, int]:
        origin = to_text(self.origin)
        cached = self.store._due_days
        if cached is None or cached[0] != origin:
            cached = (origin, {})
        counts = cached[1]
        missing = [k for k in range(low, high + 1) if k not in counts]
        if missing:
            first, last = missing[0], missing[-1]
            counts.update(dict.fromkeys(range(first, last + 1), 0))
            counts.update(self.store.conn.execute(
                "SELECT CAST(julianday(due) - julianday(?) AS INTEGER) AS k, count(*) FROM cards"
                " WHERE state = 2 AND due >= ? AND due < ? AND suspended = 0 AND orphaned = 0 GROUP BY k",
                (origin[:-1], to_text(self.origin + timedelta(days=first)),
                 to_text(self.origin + timedelta(days=last + 1)))).fetchall())
        self.store._due_days = cached
        return counts

    def __call__(self, fuzzed: int, low: int, high: int) -> int:
        self.used = True
        counts = self._counts(low, high)
        weights = [1.0 / (counts.get(k, 0) + 1) ** 2 / k for k in range(low, high + 1)]
        # a cheap stable draw (crc32, not the sha256-seeded RNG of the fuzz): it runs on most answers
        draw = zlib.crc32(f"{self.card_id}\x1f{self.reps}".encode()) / 2**32 * sum(weights)
        chosen = high
        for k, w in zip(range(low, high + 1), weights):
            draw -= w
            if draw <= 0:
                chosen = k
                break
        self.chosen = chosen
        return chosen

    def commit(self) -> None:
        """The answer was written: its card now counts on the day it was given."""
        if self.used and self.store._due_days is not None:
            counts = self.store._due_days[1]
            counts[self.chosen] = counts.get(self.chosen, 0) + 1


class AnswersMixin(CardsMixin, PresetsMixin):
    """Recording, undoing and replaying answers."""

    def answer(self, card_id: str, rating: Rating | int, now: datetime, *, duration_ms: int | None = None,
               answer: str | None = None, correct: bool | None = None, reason: str | None = None,
               settings: Settings | None = None, bury_siblings_until: datetime | None = None,
               day_end: datetime | None = None) -> Answer:
        """Record one answer: the log row and the new state, in one transaction.

        ``correct`` and ``reason`` are the judge's verdict on a typed ``answer`` (None: not judged).
        With ``bury_siblings_until`` the other cards of the card's fact are hidden until
        then (the start of the next learner day), so one day never shows two cards of a
        fact. A lapse that reaches ``settings.leech_threshold`` flags the card as a leech
        and, unless ``settings.leech_action`` is "tag", suspends it. With
        ``settings.load_balance`` a review interval is moved within its fuzz range
        towards the days with fewer reviews due (days counted from ``day_end``, the end
        of the learner's day), and the chosen date is logged so replay keeps it.
        """
        rating = Rating(rating)
        now = require_utc(now)
        settings = settings or self.settings()
        reviewed_at = to_text(now)
        # schedule before taking the write lock, so it is held for less time (another process
        # answering gets its turn sooner); schedule is pure, so the plan stands if the state
        # read again under the lock is the same
        seen = self.card_state(card_id)
        picker = self._load_picker(now, day_end, card_id, seen.reps) if settings.load_balance else None
        planned = schedule(seen, rating, now, settings, card_id, picker)
        with self.write() as conn:
            # under the write lock no other connection can commit: if the caches hold now,
            # they hold after this transaction plus what it adds
            caches_valid = self._caches_valid()
            # read the state under the write lock so a concurrent answer is never lost
            before = self.card_state(card_id)
            if before != seen:
                picker = self._load_picker(now, day_end, card_id, before.reps) if settings.load_balance else None
                planned = schedule(before, rating, now, settings, card_id, picker)
            after = planned
            values = state_values(after)
            balanced = picker is not None and picker.used
            cur = conn.execute(
                "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct, reason, state_before,"
                " before, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, int(rating), reviewed_at, duration_ms, answer,
                 None if correct is None else int(correct), reason, int(before.state), state_json(before),
                 to_text(after.due) if balanced else None),
            )
            conn.execute(UPDATE_STATE, (*values, card_id))
            review_id = int(cur.lastrowid)  # type: ignore[arg-type]
            buried: tuple[str, ...] = ()
            until = to_text(bury_siblings_until) if bury_siblings_until is not None else None
            if until is not None and self._siblings_buried.get(card_id) != until:
                # only siblings that could come today (new, learning, or a review due today);
                # a burial that ends before `until` has ended already (burials end at a day start)
                buried = tuple(r[0] for r in conn.execute(
                    "UPDATE cards SET buried_until = ? WHERE (deck, fact) = (SELECT deck, fact FROM cards WHERE id = ?)"
                    " AND id != ? AND suspended = 0 AND orphaned = 0 AND (state != 2 OR due < ?)"
                    " AND (buried_until IS NULL OR buried_until < ?) RETURNING id", (until, card_id, card_id, until, until)))
                # the card's next answers today (learning steps) need not look again
                self._siblings_buried[card_id] = until
            leech = settings.is_leech(before.lapses, after.lapses)
            flags_before = None
            if leech:
                flags_before = conn.execute("SELECT leech, suspended FROM cards WHERE id = ?", (card_id,)).fetchone()
                conn.execute("UPDATE cards SET leech = 1, suspended = ? WHERE id = ?",
                             (int(settings.leech_action == "suspend" or flags_before[1]), card_id))
        self._state_memo = (card_id, values, after)
        if caches_valid:
            if picker is not None:
                picker.commit()
            counts = self._day_counts
            if counts is not None and reviewed_at >= counts[0]:
                self._day_counts = (counts[0], counts[1] + (before.state is State.NEW),
                                    counts[2] + (before.state is State.REVIEW))
            self._cache_key_seen = self._cache_key()
        return Answer(review_id, card_id, rating, before, after, buried, leech,
                      None if flags_before is None else (int(flags_before[0]), int(flags_before[1])))

    def _load_picker(self, now: datetime, day_end: datetime | None, card_id: str, reps: int) -> _LoadPicker:
        return _LoadPicker(self, now, day_end, card_id, reps)

    def undo(self, review_id: int, done: Answer | None = None) -> CardState:
        """Delete review ``review_id`` and restore the state it replaced.

        Only the latest answer of a card can be undone (a later one was built on it).
        Given the :class:`Answer` that wrote it, the siblings it buried are shown again
        and a leech flag it set is taken back, in the same transaction.
        """
        with self.write() as conn:
            row = conn.execute("SELECT card_id, before FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise StoreError(_("review {id} does not exist (already undone?)").format(id=review_id))
            card_id, before_json = row
            latest = conn.execute("SELECT max(id) FROM reviews WHERE card_id = ?", (card_id,)).fetchone()[0]
            if latest != review_id:
                raise StoreError(_("review {id} is not the latest answer of {card}; cannot undo it").format(
                    id=review_id, card=card_id))
            reset_after = conn.execute("SELECT reset_after FROM cards WHERE id = ?", (card_id,)).fetchone()[0]
            if reset_after >= review_id:
                raise StoreError(_("{card} was reset after review {id}; cannot undo it").format(
                    card=card_id, id=review_id))
            before = state_from_json(before_json)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            conn.execute(UPDATE_STATE, (*state_values(before), card_id))
            if done is not None and done.review_id == review_id:
                conn.executemany("UPDATE cards SET buried_until = NULL WHERE id = ?", [(c,) for c in done.buried])
                if done.flags_before is not None:
                    conn.execute("UPDATE cards SET leech = ?, suspended = ? WHERE id = ?",
                                 (*done.flags_before, card_id))
        # the daily counts are recounted on next use (total_changes moved on)
        return before

    def rebuild(self, card_id: str, settings: Settings | None = None, *,
                timeline: SettingsTimeline | None = None) -> CardState:
        """Replace a card's cached state with the replay of its review log.

        Each answer is replayed with the settings in force when it was given (the
        settings history; pass ``timeline`` to reuse one read), or with ``settings``.
        """
        from ..scheduling import replay

        with self.write() as conn:
            deck = card_id.split("/", 1)[0]
            state = replay(card_id, self.reviews_for(card_id),
                           settings or (timeline or self.settings_timeline()).for_deck(deck))
            conn.execute(UPDATE_STATE, (*state_values(state), card_id))
        return state
