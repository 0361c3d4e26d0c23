"""The review queue: which cards a session shows next, and how many are waiting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..scheduling import State
from .settings import SettingsMixin
from .encoding import to_text

#: How far ahead a learning card may be shown early when nothing else is due (as Anki does).
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which cards a session draws from (empty = everything)."""

    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def sql(self) -> tuple[str, list[Any]]:
        clauses, args = [], []
        for column, values in (("deck", self.decks), ("topic", self.topics)):
            if values:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                args.extend(values)
        if self.tags:
            clauses.append(
                f"EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE value IN ({','.join('?' * len(self.tags))}))"
            )
            args.extend(self.tags)
        return "".join(f" AND {c}" for c in clauses), args


@dataclass(frozen=True, slots=True)
class QueuedCard:
    id: str
    state: State


class QueueMixin(SettingsMixin):
    """Drawing cards for a session and counting what is due."""

    def _base(self, now: datetime, flt: QueueFilter) -> tuple[str, list[Any]]:
        extra, args = flt.sql()
        return ("suspended = 0 AND orphaned = 0 AND (buried_until IS NULL OR buried_until <= ?)" + extra,
                [to_text(now), *args])

    def introduced_since(self, day_start: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state answers) since ``day_start``."""
        since = to_text(day_start)
        counts = self._day_counts
        if self._caches_valid() and counts is not None and counts[0] == since:
            return counts[1], counts[2]
        row = self.conn.execute(
            "SELECT sum(state_before = 0), sum(state_before = 2) FROM reviews WHERE reviewed_at >= ?",
            (since,),
        ).fetchone()
        new, review = int(row[0] or 0), int(row[1] or 0)
        self._day_counts = (since, new, review)
        return new, review

    def queue(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(), *,
              limit: int = 50, new_limit: int | None = None, exclude: Iterable[str] = ()) -> list[QueuedCard]:
        """The next cards to show, in order: due (re)learning, due reviews, then new cards.

        Indexed queries with LIMIT: the cost does not grow with the store.
        ``new_limit`` overrides the daily new-card limit from the settings.
        """
        settings = self.settings()
        new_today, reviews_today = self.introduced_since(day_start)
        new_left = max(0, (settings.new_per_day if new_limit is None else new_limit) - new_today)
        reviews_left = max(0, settings.reviews_per_day - reviews_today)
        where, args = self._base(now, flt)
        now_text = args[0]
        skip = tuple(exclude)
        not_in = f" AND id NOT IN ({','.join('?' * len(skip))})" if skip else ""
        out: list[QueuedCard] = []
        parts = [
            ("state IN (1, 3) AND due <= ?", [now_text], limit, "due"),
            ("state = 2 AND due <= ?", [now_text], min(limit, reviews_left), "due"),
            ("state = 0", [], min(limit, new_left), "rowid"),
            # nothing else left: learning cards due soon may be shown early
            ("state IN (1, 3) AND due > ? AND due <= ?", None, limit, "due"),
        ]
        for i, (cond, cond_args, n, order) in enumerate(parts):
            if len(out) >= limit or n <= 0 or (i == 3 and out):
                continue
            if cond_args is None:
                cond_args = [now_text, to_text(now + LEARN_AHEAD)]
            rows = self.conn.execute(
                f"SELECT id, state FROM cards WHERE {cond} AND {where}{not_in} ORDER BY {order} LIMIT ?",
                [*cond_args, *args, *skip, min(n, limit - len(out))],
            ).fetchall()
            out.extend(QueuedCard(r[0], State(r[1])) for r in rows)
        return out

    def due_counts(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(),
                   new_limit: int | None = None) -> dict[str, int]:
        """How many cards are waiting now: learning, review (capped by the daily limit), new (capped)."""
        settings = self.settings()
        new_today, reviews_today = self.introduced_since(day_start)
        where, args = self._base(now, flt)
        new_cap = max(0, (settings.new_per_day if new_limit is None else new_limit) - new_today)
        review_cap = max(0, settings.reviews_per_day - reviews_today)

        def count(cond: str, cond_args: list[Any], cap: int) -> int:
            return self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE {cond} AND {where} LIMIT ?)",
                [*cond_args, *args, cap]).fetchone()[0]

        return {
            "learning": count("state IN (1, 3) AND due <= ?", [to_text(now + LEARN_AHEAD)], 1_000_000),
            "review": count("state = 2 AND due <= ?", [to_text(now)], review_cap),
            "new": count("state = 0", [], new_cap),
        }
