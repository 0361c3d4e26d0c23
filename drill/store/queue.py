"""The review queue: which cards a session shows next, and how many are waiting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..scheduling import State
from .encoding import to_text
from .presets import PresetsMixin

#: How far ahead a learning card may be shown early when nothing else is due (as Anki does).
LEARN_AHEAD = timedelta(minutes=20)


def _cap(group: tuple[str, list[Any], int, int], index: int) -> int:
    """A limit group's cap (:meth:`QueueMixin._caps`): new cards left (index 2) or reviews left (index 3)."""
    return group[2] if index == 2 else group[3]


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which cards a session draws from (empty = everything)."""

    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
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


class QueueMixin(PresetsMixin):
    """Drawing cards for a session and counting what is due."""

    def _base(self, now: datetime, flt: QueueFilter) -> tuple[str, list[Any]]:
        extra, args = flt.sql()
        return ("suspended = 0 AND orphaned = 0 AND (buried_until IS NULL OR buried_until <= ?)" + extra,
                [to_text(now), *args])

    def introduced_since(self, day_start: datetime, *, checked: bool = False) -> tuple[int, int]:
        """(new cards introduced, review-state answers) since ``day_start``.

        ``checked``: the caller has just checked the caches (saves a query per card).
        """
        since = to_text(day_start)
        counts = self._day_counts
        if (checked or self._caches_valid()) and counts is not None and counts[0] == since:
            return counts[1], counts[2]
        row = self.conn.execute(
            "SELECT sum(state_before = 0), sum(state_before = 2) FROM reviews WHERE reviewed_at >= ?",
            (since,),
        ).fetchone()
        new, review = int(row[0] or 0), int(row[1] or 0)
        self._day_counts = (since, new, review)
        return new, review

    def _deck_counts_since(self, day_start: datetime) -> dict[str, tuple[int, int]]:
        """Deck → (new cards introduced, review-state answers) since ``day_start`` (for presets)."""
        rows = self.conn.execute(
            "SELECT c.deck, sum(r.state_before = 0), sum(r.state_before = 2) FROM reviews r"
            " JOIN cards c ON c.id = r.card_id WHERE r.reviewed_at >= ? GROUP BY c.deck", (to_text(day_start),))
        return {deck: (int(n or 0), int(rv or 0)) for deck, n, rv in rows}

    def _caps(self, day_start: datetime, flt: QueueFilter, new_limit: int | None,
              new_left: int | None) -> list[tuple[str, list[Any], int, int]]:
        """(extra condition, its args, new cards left, reviews left) per group of decks sharing limits.

        Without presets, one group: every deck under the default limits. With them, each
        deck that has a preset is its own group, and the other decks share the default.
        """
        settings = self.settings()  # checks the caches for what follows
        groups = self.limit_groups(flt.decks, checked=True)
        if not groups:
            new_today, reviews_today = self.introduced_since(day_start, checked=True)
            new_cap = new_left if new_left is not None else (
                (settings.new_per_day if new_limit is None else new_limit) - new_today)
            return [("", [], max(0, new_cap), max(0, settings.reviews_per_day - reviews_today))]
        counts = self._deck_counts_since(day_start)
        preset_decks = sorted(self.deck_presets())
        out = []
        for decks, group_settings in groups:
            if decks is None:
                cond, args = f" AND deck NOT IN ({','.join('?' * len(preset_decks))})", list(preset_decks)
                used = [v for d, v in counts.items() if d not in preset_decks]
            else:
                cond, args = " AND deck = ?", [decks[0]]
                used = [counts.get(decks[0], (0, 0))]
            new_today, reviews_today = sum(u[0] for u in used), sum(u[1] for u in used)
            per_day = group_settings.new_per_day if new_limit is None else new_limit
            out.append((cond, args, max(0, per_day - new_today),
                        max(0, group_settings.reviews_per_day - reviews_today)))
        if new_left is not None:
            # a session's own new-card allowance (--new N) stands for every group together
            out = [(c, a, max(0, new_left), r) for c, a, _n, r in out]
        return out

    def queue(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(), *,
              limit: int = 50, new_limit: int | None = None, exclude: Iterable[str] = (),
              day_end: datetime | None = None, new_left: int | None = None) -> list[QueuedCard]:
        """The next cards to show, in order: due (re)learning, due reviews, then new cards.

        Indexed queries with LIMIT: the cost does not grow with the store. A review card
        is due on its learner day: from ``day_start`` on when its due time falls before
        ``day_end`` (default: a day after ``day_start``); learning cards are due at their
        time. ``new_limit`` overrides the daily new-card limit from the settings;
        ``new_left`` is instead how many new cards may come now, whatever the day's count.
        Decks with a preset have their own daily limits (:mod:`drill.store.presets`).
        """
        caps = self._caps(day_start, flt, new_limit, new_left)
        end_text = to_text(day_end or day_start + timedelta(days=1))
        where, args = self._base(now, flt)
        now_text = args[0]
        skip = tuple(exclude)
        not_in = f" AND id NOT IN ({','.join('?' * len(skip))})" if skip else ""
        out: list[QueuedCard] = []
        # (condition, its args, index into a cap (None: no cap), order)
        parts: list[tuple[str, list[Any] | None, int | None, str]] = [
            ("state IN (1, 3) AND due <= ?", [now_text], None, "due"),
            ("state = 2 AND due < ?", [end_text], 3, "due"),
            ("state = 0", [], 2, "rowid"),
            # nothing else left: learning cards due soon may be shown early
            ("state IN (1, 3) AND due > ? AND due <= ?", None, None, "due"),
        ]
        for i, (cond, cond_args, cap_index, order) in enumerate(parts):
            if len(out) >= limit or (i == 3 and out):
                continue
            if cond_args is None:
                cond_args = [now_text, to_text(now + LEARN_AHEAD)]
            want = limit - len(out)
            groups = [("", [], want)] if cap_index is None else [
                (g[0], g[1], min(want, _cap(g, cap_index))) for g in caps]
            rows: list[Any] = []
            for group_cond, group_args, n in groups:
                if n <= 0:
                    continue
                rows.extend(self.conn.execute(
                    f"SELECT id, state, {order} FROM cards WHERE {cond} AND {where}{group_cond}{not_in}"
                    f" ORDER BY {order} LIMIT ?",
                    [*cond_args, *args, *group_args, *skip, n],
                ).fetchall())
            if len(groups) > 1:
                rows.sort(key=lambda r: r[2])
            if cap_index == 2 and new_left is not None:
                want = min(want, new_left)  # the session's allowance is for every group together
            out.extend(QueuedCard(r[0], State(r[1])) for r in rows[:want])
        return out

    def next_due(self, flt: QueueFilter = QueueFilter()) -> tuple[int, str | None] | None:
        """The (state, stored time) of the learning or review card that comes back first, or None.

        Suspended and orphaned cards are left out; a buried card counts from when it comes
        back. Meant for when nothing is due: it scans the cards in those states.
        """
        extra, fargs = flt.sql()
        best: tuple[int, str | None] | None = None
        for states in ("1, 3", "2"):
            row = self.conn.execute(
                f"SELECT state, max(due, coalesce(buried_until, due)) AS at FROM cards WHERE state IN ({states})"
                f" AND suspended = 0 AND orphaned = 0{extra} AND due IS NOT NULL ORDER BY at LIMIT 1",
                fargs).fetchone()
            if row is not None and (best is None or (row[1] or "") < (best[1] or "")):
                best = (int(row[0]), row[1])
        return best

    def due_counts(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(),
                   new_limit: int | None = None, *, day_end: datetime | None = None,
                   new_left: int | None = None) -> dict[str, int]:
        """How many cards are waiting now: learning, review (capped by the daily limit), new (capped).

        ``day_end``, ``new_limit`` and ``new_left`` mean what they mean for :meth:`queue`.
        """
        caps = self._caps(day_start, flt, new_limit, new_left)
        where, args = self._base(now, flt)

        def count(cond: str, cond_args: list[Any], cap_index: int) -> int:
            return sum(self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE {cond} AND {where}{g[0]} LIMIT ?)",
                [*cond_args, *args, *g[1], _cap(g, cap_index)]).fetchone()[0] for g in caps if _cap(g, cap_index) > 0)

        return {
            "learning": self.conn.execute(
                f"SELECT count(*) FROM cards WHERE state IN (1, 3) AND due <= ? AND {where}",
                [to_text(now + LEARN_AHEAD), *args]).fetchone()[0],
            "review": count("state = 2 AND due < ?", [to_text(day_end or day_start + timedelta(days=1))], 3),
            "new": count("state = 0", [], 2) if new_left is None else min(new_left, count("state = 0", [], 2)),
        }
