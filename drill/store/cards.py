"""Decks and cards as the store holds them: content, scheduling state, flags and review log."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..scheduling import CardState, LoggedReview, Rating
from .connection import StoreConnection
from .encoding import SELECT_STATE, from_text, state_from_row, to_text


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

            raise NotFoundError(f"no card {card_id!r} in the store")
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

            raise NotFoundError(f"no card {card_id!r} in the store")
        return json.loads(row[0])

    def card_flags(self, card_id: str) -> tuple[bool, str | None]:
        suspended, buried = self.conn.execute(
            "SELECT suspended, buried_until FROM cards WHERE id = ?", (card_id,)).fetchone()
        return bool(suspended), buried

    def reviews_for(self, card_id: str) -> list[LoggedReview]:
        """The card's review log in the order it was written."""
        cur = self.conn.execute(
            "SELECT id, rating, reviewed_at, duration_ms, answer, correct, reason FROM reviews WHERE card_id = ?"
            " ORDER BY id",
            (card_id,),
        )
        return [
            LoggedReview(Rating(r[1]), from_text(r[2]),  # type: ignore[arg-type]
                         {"id": r[0], "duration_ms": r[3], "answer": r[4], "correct": r[5], "reason": r[6]})
            for r in cur
        ]

    def set_suspended(self, card_id: str, suspended: bool = True) -> None:
        with self.write() as conn:
            conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))

    def set_buried(self, card_id: str, until: datetime | None) -> None:
        """Hide a card until ``until`` (None unburies it)."""
        with self.write() as conn:
            conn.execute("UPDATE cards SET buried_until = ? WHERE id = ?", (to_text(until), card_id))
