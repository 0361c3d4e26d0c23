"""The scheduling settings kept in the store (``settings`` table, defaults filled in)."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

from ..i18n import _
from ..scheduling import Settings
from .connection import StoreConnection

SETTING_KEYS = tuple(f.name for f in fields(Settings))


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
        return Settings(**values)

    def set_settings(self, **values: Any) -> Settings:
        """Validate and store settings (unknown keys are a ValueError)."""
        unknown = set(values) - set(SETTING_KEYS)
        if unknown:
            raise ValueError(_("unknown setting(s): {keys}").format(keys=", ".join(sorted(unknown))))
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
        self._settings_cache = None
        return new
