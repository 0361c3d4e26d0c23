"""The settings history: every change of the settings, a preset or a deck's preset, with its time.

A card's state is a cache of its review log; replaying the log must give the
same state, so each answer is replayed with the settings that were in force
when it was given, not today's. ``settings_history`` keeps one row per change:

- ``default``: the store's settings (``drill config``) after the change, as JSON;
- ``preset:<name>``: a preset's overrides after the change (NULL: deleted);
- ``deck:<id>``: the preset a deck uses from then on (NULL: the default).

Each row also keeps the highest review id issued when it was made: a change
counts for the answers written after it. Rows of a store made before the
history was kept count from the beginning (what happened before is not known).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from ..scheduling import LoggedReview, Settings
from .encoding import to_text

#: the scope of the store's own settings in ``settings_history``
DEFAULT_SCOPE = "default"


def preset_scope(name: str) -> str:
    return f"preset:{name}"


def deck_scope(deck: str) -> str:
    return f"deck:{deck}"


def _settings_from(stored: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(Settings)}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k in names}


class SettingsTimeline:
    """The settings in force for a deck at any answer, read from ``settings_history`` once.

    An answer is under every change recorded before it was written: a change keeps
    the highest review id issued when it was made (``after_review``), so the order
    of answers and changes is the order they happened in this store, whatever
    clock either was written with. An answer without an id is placed by its time.
    """

    def __init__(self, rows: list[tuple[int, str, str, str | None]], current: Callable[[str], Settings]):
        # scope -> ([after_review], [changed_at], [values]) in the order the changes were made
        self._scopes: dict[str, tuple[list[int], list[str], list[Any]]] = {}
        for after_review, changed_at, scope, value in rows:
            afters, times, values = self._scopes.setdefault(scope, ([], [], []))
            afters.append(after_review)
            times.append(changed_at)
            values.append(None if value is None else json.loads(value))
        self._current = current
        self._memo: dict[tuple[str, int, int, str, int], Settings] = {}

    def _index(self, scope: str, review_id: int | None, at: str) -> int:
        """How many changes of ``scope`` an answer (id ``review_id``, or time text ``at``) is under."""
        found = self._scopes.get(scope)
        if found is None:
            return 0
        afters, times, _values = found
        if review_id is not None:
            return bisect_left(afters, review_id)
        return max((i + 1 for i, t in enumerate(times) if t <= at), default=0)

    def settings_at(self, deck: str, review: LoggedReview | datetime) -> Settings:
        """The settings ``deck``'s cards were scheduled with for ``review`` (or at a moment)."""
        if isinstance(review, datetime):
            review_id, at = None, to_text(review) or ""
        else:
            raw = review.extra.get("id")
            review_id = raw if isinstance(raw, int) else None
            at = to_text(review.reviewed_at) or ""
        n_default = self._index(DEFAULT_SCOPE, review_id, at)
        n_deck = self._index(deck_scope(deck), review_id, at)
        preset = self._scopes[deck_scope(deck)][2][n_deck - 1] if n_deck else None
        n_preset = self._index(preset_scope(preset), review_id, at) if preset is not None else 0
        key = (deck, n_default, n_deck, preset or "", n_preset)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        if not n_default and not n_deck:
            result = self._current(deck)  # no history recorded at all: today's settings
        else:
            try:
                default = self._scopes[DEFAULT_SCOPE][2][n_default - 1] if n_default else {}
                result = Settings(**_settings_from(default))
                overrides = (self._scopes[preset_scope(preset)][2][n_preset - 1]
                             if preset is not None and n_preset else None)
                if overrides is not None:
                    result = replace(result, **_settings_from(overrides))
            except (TypeError, ValueError):
                # a value that later versions refuse: schedule with today's settings rather than fail
                result = self._current(deck)
        self._memo[key] = result
        return result

    def for_deck(self, deck: str) -> Callable[[LoggedReview], Settings]:
        """``settings_at`` for one deck, in the form :func:`drill.scheduling.replay` takes."""
        return lambda review: self.settings_at(deck, review)


def record_change(conn: Any, scope: str, value: Any, at: datetime) -> None:
    """Add one change to the history (inside the caller's write transaction).

    It counts for the answers written after it: those with an id above the
    highest one issued so far (ids of undone answers are never issued again).
    """
    conn.execute("INSERT INTO settings_history(changed_at, after_review, scope, value) VALUES (?, "
                 "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'reviews'), 0), ?, ?)",
                 (to_text(at), scope, None if value is None else json.dumps(value, sort_keys=True)))


def stored_settings(conn: Any) -> dict[str, Any]:
    """The store's settings table as one JSON-able dict (what a ``default`` row holds)."""
    return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings ORDER BY key")}


def read_timeline(conn: Any, current: Callable[[str], Settings]) -> SettingsTimeline:
    rows = conn.execute("SELECT after_review, changed_at, scope, value FROM settings_history ORDER BY id").fetchall()
    return SettingsTimeline(rows, current)


__all__ = ["DEFAULT_SCOPE", "SettingsTimeline", "deck_scope", "preset_scope", "read_timeline", "record_change",
           "stored_settings"]
