"""Per-deck settings: named presets that override some of the default settings for their decks.

The default preset is the store's settings (``drill config``). A named preset holds
only the keys it changes (:data:`PRESET_KEYS`: daily limits, desired retention,
steps, maximum interval, leech threshold and action); a deck uses one preset or
the default. Scheduling a card follows its deck's preset; the daily limits of a
deck with a preset count that deck's own cards, while the decks on the default
share the default limits.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..clock import now as clock_now
from ..errors import InputError
from ..i18n import _
from ..scheduling import Settings
from ..setting_values import check_bounds
from ..text import terminal_safe
from .settings import SettingsMixin
from .settings_history import deck_scope, preset_scope, record_change

#: settings a preset may change; the others (rollover hour, burying, FSRS parameters, fuzz) are global
PRESET_KEYS = ("new_per_day", "reviews_per_day", "desired_retention", "learning_steps", "relearning_steps",
               "maximum_interval", "leech_threshold", "leech_action")
DEFAULT_PRESET = "default"


class PresetsMixin(SettingsMixin):
    """Named presets and which deck uses which."""

    def _preset_tables(self, checked: bool = False) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """(preset name → overrides, deck → preset name), cached like the settings.

        ``checked``: the caller has just checked the caches (saves a query per card).
        """
        if (checked or self._caches_valid()) and self._presets_cache is not None:
            return self._presets_cache
        presets = {name: json.loads(text) for name, text in self.conn.execute("SELECT name, settings FROM presets")}
        decks = dict(self.conn.execute("SELECT deck, preset FROM deck_presets").fetchall())
        self._presets_cache = (presets, decks)
        return self._presets_cache

    def presets(self) -> dict[str, dict[str, Any]]:
        """Every named preset: its overrides, as stored (lists for steps)."""
        return {name: dict(values) for name, values in sorted(self._preset_tables()[0].items())}

    def deck_presets(self) -> dict[str, str]:
        """Deck id → the preset it uses (decks on the default are left out)."""
        return dict(sorted(self._preset_tables()[1].items()))

    def settings_for_deck(self, deck: str) -> Settings:
        """The settings a deck's cards are scheduled with: the default, changed by its preset."""
        base = self.settings()
        presets, decks = self._preset_tables()
        name = decks.get(deck)
        if name is None:
            return base
        # stored as JSON: each value checked by check_bounds and Settings before it is used
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in presets[name].items()}
        try:
            check_bounds(values)
            return replace(base, **values)
        except (TypeError, ValueError):
            # a preset an older drill stored out of bounds: its good values, the default for the rest
            good: dict[str, Any] = {}
            for key, value in values.items():
                try:
                    check_bounds({key: value})
                    replace(base, **{key: value})
                except (TypeError, ValueError):
                    continue
                good[key] = value
            return replace(base, **good)

    def set_preset(self, name: str, at: datetime | None = None, **values: Any) -> dict[str, Any]:
        """Create or change a preset (validated against the default settings); its overrides.

        The change is kept in the settings history at ``at`` (default: now).
        """
        if name == DEFAULT_PRESET:
            raise InputError(_("the default preset is the store's settings, not a preset"))
        if not name or not name.strip() or "/" in name:
            raise InputError(_("a preset name must be a non-empty word without '/', not {name}").format(
                name=repr(name)))
        if terminal_safe(name) != name or any(ch in name for ch in "\n\t"):
            # it would be printed by every `preset list`: no escape sequence, control or bidi character
            raise InputError(_("a preset name cannot hold control characters, escape sequences or text-direction "
                               "marks: {name}").format(name=ascii(name)))
        unknown = set(values) - set(PRESET_KEYS)
        if unknown:
            raise InputError(_("a preset cannot set {key}; it sets {keys}").format(
                key=", ".join(sorted(unknown)), keys=", ".join(PRESET_KEYS)))
        check_bounds(values)
        current = self.presets().get(name, {})
        merged = {**current, **{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}}
        as_settings: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in merged.items()}
        replace(self.settings(), **as_settings)
        with self.write() as conn:
            conn.execute("INSERT INTO presets(name, settings) VALUES (?, ?) "
                         "ON CONFLICT(name) DO UPDATE SET settings = excluded.settings",
                         (name, json.dumps(merged, sort_keys=True)))
            record_change(conn, preset_scope(name), merged, at or clock_now())
        return merged

    def delete_preset(self, name: str, at: datetime | None = None) -> list[str]:
        """Delete a preset; its decks go back to the default. Returns those decks."""
        decks = [d for d, p in self.deck_presets().items() if p == name]
        with self.write() as conn:
            if conn.execute("DELETE FROM presets WHERE name = ?", (name,)).rowcount == 0:
                from ..errors import NotFoundError

                raise NotFoundError(_("no preset {name} (`drill preset list` shows them)").format(name=repr(name)))
            conn.execute("DELETE FROM deck_presets WHERE preset = ?", (name,))
            when = at or clock_now()
            record_change(conn, preset_scope(name), None, when)
            for deck in decks:
                record_change(conn, deck_scope(deck), None, when)
        return decks

    def use_preset(self, name: str, decks: list[str], at: datetime | None = None) -> None:
        """Make ``decks`` use preset ``name`` ("default": the default settings), from ``at`` (default: now)."""
        with self.write() as conn:
            if name != DEFAULT_PRESET and conn.execute(
                    "SELECT 1 FROM presets WHERE name = ?", (name,)).fetchone() is None:
                from ..errors import NotFoundError

                raise NotFoundError(_("no preset {quoted}; make it first with "
                                      "`drill preset set {name} KEY VALUE`").format(quoted=repr(name), name=name))
            for deck in decks:
                if name == DEFAULT_PRESET:
                    conn.execute("DELETE FROM deck_presets WHERE deck = ?", (deck,))
                else:
                    conn.execute("INSERT INTO deck_presets(deck, preset) VALUES (?, ?) "
                                 "ON CONFLICT(deck) DO UPDATE SET preset = excluded.preset", (deck, name))
                record_change(conn, deck_scope(deck), None if name == DEFAULT_PRESET else name, at or clock_now())

    def limit_groups(self, flt_decks: tuple[str, ...] = (), *,
                     checked: bool = False) -> list[tuple[tuple[str, ...] | None, Settings]]:
        """How daily limits are counted: (decks, settings) per deck with a preset, and
        (None, default) for every other deck together. Empty when no deck has a preset."""
        decks = self._preset_tables(checked)[1]
        if not decks:
            return []
        groups: list[tuple[tuple[str, ...] | None, Settings]] = [(None, self.settings())]
        for deck in sorted(decks):
            if not flt_decks or deck in flt_decks:
                groups.append(((deck,), self.settings_for_deck(deck)))
        return groups


__all__ = ["DEFAULT_PRESET", "PRESET_KEYS", "PresetsMixin"]
