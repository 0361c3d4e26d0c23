"""Which language the ``drill`` command speaks: ``drill config language``, then the locale.

The choice is kept in a one-line file, ``language``, in drill's configuration
folder: ``$DRILL_HOME`` when that is set, else the user configuration folder
(``~/.config/drill`` on Linux, ``~/Library/Application Support/drill`` on
macOS, ``%LOCALAPPDATA%\\drill`` on Windows). Without a saved choice the locale
variables ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` decide, in
gettext's order. The library does not read any of this (see :mod:`drill.i18n`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .atomic import write_text
from .i18n import _LANGUAGE_FILE_MAX, LANGUAGES, _read_small_file

_LANGUAGE_FILE = "language"


def language_file() -> Path:
    """Where ``drill config language`` keeps its choice."""
    home = os.environ.get("DRILL_HOME")
    if home:
        return Path(home) / _LANGUAGE_FILE
    from platformdirs import user_config_dir

    return Path(user_config_dir("drill", appauthor=False)) / _LANGUAGE_FILE


def configured_language() -> str | None:
    """The language set with ``drill config language`` (``zh-CN`` or ``en``), or None.

    Read only if it is a small regular file: a FIFO or device put there must not hang every command.
    """
    data = _read_small_file(language_file(), _LANGUAGE_FILE_MAX)
    if data is None:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeError:
        return None
    return text if text in LANGUAGES else None


def set_language(value: str | None) -> None:
    """Keep ``value`` (``zh-CN`` or ``en``) as the command's language; None forgets it."""
    path = language_file()
    if value is None:
        path.unlink(missing_ok=True)
        return
    if value not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, value + "\n")


def _from_environment() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            first = value.split(":")[0]
            return "zh_CN" if first.lower().startswith("zh") else "en"
    return "en"


def chosen_language() -> str:
    """``zh_CN`` or ``en``: the saved choice, else the locale's."""
    chosen = configured_language()
    return LANGUAGES[chosen] if chosen else _from_environment()


def prefer_configured_language() -> None:
    """Make the standard gettext lookup (click's) follow ``drill config language``.

    Called by the ``drill`` command only: it sets ``LANGUAGE`` for this process,
    which a library must not do to its host program.
    """
    chosen = configured_language()
    if chosen:
        os.environ["LANGUAGE"] = LANGUAGES[chosen]


__all__ = ["chosen_language", "configured_language", "language_file", "prefer_configured_language",
           "set_language"]
