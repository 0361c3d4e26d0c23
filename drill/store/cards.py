"""Decks and cards as the store holds them: content, scheduling state, flags and review log."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..i18n import _
from ..scheduling import CardState, LoggedReview, Rating, State
from .connection import StoreConnection
from .encoding import SELECT_STATE, STATE_COLUMNS, from_text, log_order, state_from_row, state_values, to_text


class CardsMixin(StoreConnection):
    """Reading decks and cards, and the flags (suspended, buried) that hide a card."""

    def deck_for_path(self, path: str | os.PathLike[str]) -> tuple[str, str] | None:
        """(deck id, file hash) last synced from this file, if any."""
        row = self.conn.execute("SELECT id, file_hash FROM decks WHERE path = ? ORDER BY synced_at DESC LIMIT 1",
                                (os.fspath(Path(path).resolve()),)).fetchone()
        return (row[0], row[1]) if row else None

    def deck_path(self, deck_id: str) -> Path | None:
        row = self.conn.execute("SELECT path FROM decks WHERE id = ?", (deck_id,)).fetchone()
        return Path(row[0]) if row else None

    def decks(self) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT id, path, file_hash, title, synced_at FROM decks ORDER BY id")
        return [dict(zip(("id", "path", "file_hash", "title", "synced_at"), r)) for r in cur]

    def card_state(self, card_id: str) -> CardState:
        row = self.conn.execute(SELECT_STATE, (card_id,)).fetchone()
        if row is None:
            from ..errors import NotFoundError

            raise NotFoundError(_("no card {card} in the store").format(card=repr(card_id)))
        memo = self._state_memo
        # the row is always read; only parsing is skipped when it is exactly what was parsed before
        if memo is not None and memo[0] == card_id and memo[1] == row:
            return memo[2]
        state = state_from_row(row)
        self._state_memo = (card_id, row, state)
        return state

    def card_content(self, card_id: str) -> dict[str, Any]:
        """The card as synced (prompt, answer, options …) as a plain dict."""
        row = self.conn.execute("SELECT content FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            from ..errors import NotFoundError

            raise NotFoundError(_("no card {card} in the store").format(card=repr(card_id)))
        content: dict[str, Any] = json.loads(row[0])
        return content

    def synced_answers(self, deck_id: str, template: str) -> dict[str, tuple[str, int]]:
        """Card id → (answer as last synced, number of reviews) for one template of a deck."""
        rows = self.conn.execute(
            "SELECT c.id, c.content, (SELECT count(*) FROM reviews r WHERE r.card_id = c.id)"
            " FROM cards c WHERE c.deck = ? AND c.template = ?", (deck_id, template))
        return {cid: (str(json.loads(content).get("answer", "")), int(n)) for cid, content, n in rows}

    def synced_prompts(self, deck_id: str, template: str) -> dict[str, tuple[str, int]]:
        """Card id → (prompt as last synced, number of reviews) for one template of a deck."""
        rows = self.conn.execute(
            "SELECT c.id, c.content, (SELECT count(*) FROM reviews r WHERE r.card_id = c.id)"
            " FROM cards c WHERE c.deck = ? AND c.template = ?", (deck_id, template))
        return {cid: (str(json.loads(content).get("prompt", "")), int(n)) for cid, content, n in rows}

    def card_flags(self, card_id: str) -> tuple[bool, str | None]:
        suspended, buried = self.conn.execute(
            "SELECT suspended, buried_until FROM cards WHERE id = ?", (card_id,)).fetchone()
        return bool(suspended), buried

    def reviews_for(self, card_id: str, *, since_reset: bool = True) -> list[LoggedReview]:
        """The card's review log in the order it is replayed (:func:`~.encoding.log_order`):
        the reviews its state follows from (those after its last reset), or with
        ``since_reset=False`` all of them.

        drill's own answers in the order they were written; reviews brought in
        from Anki placed among them by time.
        """
        cur = self.conn.execute(
            "SELECT id, rating, reviewed_at, duration_ms, answer, correct, reason, origin, due_after FROM reviews"
            " WHERE card_id = ?"
            " AND id > (SELECT CASE WHEN ? THEN reset_after ELSE 0 END FROM cards WHERE id = ?) ORDER BY id",
            (card_id, since_reset, card_id),
        )
        return [
            LoggedReview(Rating(r[1]), from_text(r[2]),  # type: ignore[arg-type]
                         {"id": r[0], "duration_ms": r[3], "answer": r[4], "correct": r[5], "reason": r[6],
                          "origin": r[7], **({"due_after": from_text(r[8])} if r[8] else {})})
            for r in log_order(cur.fetchall(), time=2, origin=7)
        ]

    def set_suspended(self, card_id: str, suspended: bool = True) -> None:
        with self.write() as conn:
            conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))

    def set_buried(self, card_id: str, until: datetime | None) -> None:
        """Hide a card until ``until`` (None unburies it)."""
        with self.write() as conn:
            conn.execute("UPDATE cards SET buried_until = ? WHERE id = ?", (to_text(until), card_id))

    # -- card management -------------------------------------------------------------------

    def find_cards(self, selector: CardSelector, now: datetime) -> list[CardInfo]:
        """The cards ``selector`` picks, in deck order, with their state and flags."""
        where, args = selector.sql(to_text(now))
        rows = self.conn.execute(
            "SELECT id, deck, fact, topic, type, state, due, stability, difficulty, reps, lapses, suspended,"
            f" buried_until, leech, orphaned FROM cards WHERE {where} ORDER BY rowid", args)
        now_text = to_text(now)
        return [CardInfo(r[0], r[1], r[2], r[3], r[4], State(r[5]), from_text(r[6]), r[7], r[8], r[9], r[10],
                         bool(r[11]), from_text(r[12]) if r[12] and r[12] > now_text else None, bool(r[13]),
                         bool(r[14])) for r in rows]

    def _update_many(self, sql: str, card_ids: Sequence[str]) -> int:
        with self.write() as conn:
            return sum(conn.execute(sql, (cid,)).rowcount for cid in card_ids)

    def suspend_cards(self, card_ids: Sequence[str], suspended: bool = True) -> int:
        """Suspend (or unsuspend) cards; how many changed. Unsuspending a leech keeps its leech flag."""
        return self._update_many(
            f"UPDATE cards SET suspended = {int(suspended)} WHERE id = ? AND suspended != {int(suspended)}", card_ids)

    def unbury_cards(self, card_ids: Sequence[str]) -> int:
        """Show buried cards again today; how many were buried."""
        return self._update_many("UPDATE cards SET buried_until = NULL WHERE id = ? AND buried_until IS NOT NULL",
                                 card_ids)

    def reset_cards(self, card_ids: Sequence[str]) -> int:
        """Make cards new again (state, lapses, leech flag); their review log is kept.

        The state of a card follows from the reviews after its last reset, so
        ``drill doctor`` still finds it in line with the log. Suspension is left as it is.
        """
        sql = (f"UPDATE cards SET {', '.join(c + ' = ?' for c in STATE_COLUMNS)}, leech = 0, buried_until = NULL,"
               " reset_after = coalesce((SELECT max(id) FROM reviews WHERE card_id = cards.id), 0) WHERE id = ?")
        new = state_values(CardState())
        with self.write() as conn:
            return sum(conn.execute(sql, (*new, cid)).rowcount for cid in card_ids)


@dataclass(frozen=True, slots=True)
class CardSelector:
    """Which cards a management command acts on: one of these ids, of these facts (``deck/fact``
    or a bare fact id), of these topics and of these decks (each given kind must match),
    narrowed by flags (None: either way)."""

    ids: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    decks: tuple[str, ...] = ()
    suspended: bool | None = None
    buried: bool | None = None
    leech: bool | None = None
    new: bool | None = None

    @property
    def empty(self) -> bool:
        return not (self.ids or self.facts or self.topics or self.decks)

    def sql(self, now_text: str | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        for column, values in (("id", self.ids), ("topic", self.topics), ("deck", self.decks)):
            if values:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                args.extend(values)
        facts = []
        for fact in self.facts:
            if "/" in fact:
                deck, _sep, name = fact.partition("/")
                facts.append("(deck = ? AND fact = ?)")
                args.extend((deck, name))
            else:
                facts.append("fact = ?")
                args.append(fact)
        if facts:
            clauses.append(f"({' OR '.join(facts)})")
        if self.suspended is not None:
            clauses.append(f"suspended = {int(self.suspended)}")
        if self.leech is not None:
            clauses.append(f"leech = {int(self.leech)}")
        if self.new is not None:
            clauses.append("state = 0" if self.new else "state > 0")
        if self.buried is not None:
            clauses.append("(buried_until IS NOT NULL AND buried_until > ?)" if self.buried
                           else "(buried_until IS NULL OR buried_until <= ?)")
            args.append(now_text)
        return " AND ".join(clauses) or "1", args


@dataclass(frozen=True, slots=True)
class CardInfo:
    """One card as the management commands list it."""

    id: str
    deck: str
    fact: str
    topic: str | None
    type: str
    state: State
    due: datetime | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: bool
    buried_until: datetime | None
    leech: bool
    orphaned: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "deck": self.deck, "fact": self.fact, "topic": self.topic, "type": self.type,
                "state": self.state.name.lower(), "due": to_text(self.due), "stability": self.stability,
                "difficulty": self.difficulty, "reps": self.reps, "lapses": self.lapses,
                "suspended": self.suspended, "buried_until": to_text(self.buried_until), "leech": self.leech,
                "orphaned": self.orphaned}
