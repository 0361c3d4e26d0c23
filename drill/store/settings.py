"""The scheduling settings kept in the store (``settings`` table, defaults filled in)."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from ..clock import now as clock_now
from ..errors import InputError
from ..i18n import _
from ..scheduling import Settings
from ..setting_values import check_bounds
from .connection import StoreConnection
from .settings_history import DEFAULT_SCOPE, SettingsTimeline, read_timeline, record_change, stored_settings

SETTING_KEYS = tuple(f.name for f in fields(Settings))


def usable_settings(values: dict[str, Any]) -> Settings:
    """Settings from stored values, leaving out (as their defaults) any a store kept out of bounds.

    An older drill stored whatever it was given (``new_per_day`` past SQLite's
    integers, a step of 8,000 years); such a value would break every review, so
    it is read as if never set, and ``drill config`` shows the default in force.
    """
    kept = {}
    for key, value in values.items():
        try:
            check_bounds({key: value})
            replace(Settings(), **{key: value})
        except (TypeError, ValueError):
            continue
        kept[key] = value
    try:
        return Settings(**kept)
    except (TypeError, ValueError):  # values fine alone but not together
        return Settings()


class SettingsMixin(StoreConnection):
    """Reading and writing the scheduling settings."""

    def settings(self) -> Settings:
        """The scheduling settings, defaults filled in."""
        if self._caches_valid() and self._settings_cache is not None:
            return self._settings_cache
        self._settings_cache = self._read_settings()
        return self._settings_cache

    def _read_settings(self) -> Settings:
        stored = {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM settings")}
        values: dict[str, Any] = {}
        for f in fields(Settings):
            if f.name in stored:
                v = stored[f.name]
                values[f.name] = tuple(v) if isinstance(v, list) else v
        return usable_settings(values)

    def set_settings(self, at: datetime | None = None, **values: Any) -> Settings:
        """Validate and store settings (unknown keys are a ValueError).

        The change is kept in the settings history at ``at`` (default: now, from
        :mod:`drill.clock`), so answers given before it replay with the old values.
        """
        unknown = set(values) - set(SETTING_KEYS)
        if unknown:
            raise InputError(_("unknown setting(s): {keys}").format(keys=", ".join(sorted(unknown))))
        check_bounds(values)
        new = replace(self.settings(), **values)
        if "parameters" in values:
            from ..scheduling import check_parameters

            check_parameters(new.parameters)
        with self.write():
            for key in values:
                value = getattr(new, key)
                self.conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(list(value) if isinstance(value, tuple) else value)),
                )
            record_change(self.conn, DEFAULT_SCOPE, stored_settings(self.conn), at or clock_now())
        self._settings_cache = None
        return new

    def settings_timeline(self) -> SettingsTimeline:
        """The settings history, to ask which settings were in force for a deck at a moment."""
        return read_timeline(self.conn, self.settings_for_deck)

    def settings_for_deck(self, deck: str) -> Settings:  # the presets mixin gives each deck its preset
        return self.settings()
