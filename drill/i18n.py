"""The interface language: Simplified Chinese or English, from gettext catalogs.

drill's messages are English in the source and translated through the
``drill`` gettext domain (catalogs under ``drill/locale/``, extracted and
compiled with Babel). The language comes from, in order: ``drill config
language`` (a one-line file beside the store), then the locale variables
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` as gettext reads them.

click, which draws the help screens and usage errors, translates its own
strings with the standard ``gettext`` functions; :func:`setup` makes ``drill``
the process's text domain, so click's strings come from drill's catalog too.

Mark a message in code with ``_("…")`` (translated when called) or
``N_("…")`` (only marked: for text defined at import time, translated where it
is shown).
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "drill"
LOCALE_DIR = Path(__file__).parent / "locale"
#: the interface languages drill speaks, as ``drill config language`` takes them
LANGUAGES = {"zh-CN": "zh_CN", "en": "en"}
_LANGUAGE_FILE = "language"

_translation: _gettext.NullTranslations | None = None


def language_file() -> Path:
    """Where ``drill config language`` keeps its choice: beside the default store."""
    home = os.environ.get("DRILL_HOME")
    if home:
        return Path(home) / _LANGUAGE_FILE
    from platformdirs import user_config_dir

    return Path(user_config_dir("drill", appauthor=False)) / _LANGUAGE_FILE


def configured_language() -> str | None:
    """The language set with ``drill config language``, or None."""
    try:
        text = language_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return None
    return text if text in LANGUAGES else None


def set_language(value: str | None) -> None:
    """Keep ``value`` (``zh-CN`` or ``en``) as the interface language; None forgets it."""
    path = language_file()
    if value is None:
        path.unlink(missing_ok=True)
        return
    if value not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    # imported here: drill.atomic's own messages are translated through this module
    from .atomic import write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, value + "\n")


def _from_environment() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            first = value.split(":")[0]
            return "zh_CN" if first.lower().startswith("zh") else "en"
    return "en"


def current_language() -> str:
    """``zh_CN`` or ``en``: the language messages are shown in."""
    chosen = configured_language()
    return LANGUAGES[chosen] if chosen else _from_environment()


def setup(language: str | None = None) -> str:
    """Choose the language (``zh_CN``/``en``, default: :func:`current_language`) for this process."""
    global _translation
    lang = language or current_language()
    _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    # click calls gettext.gettext() in the process's text domain; point that at ours.
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    return lang


def prefer_configured_language() -> None:
    """Make the standard gettext lookup (click's) follow ``drill config language``.

    Called by the ``drill`` command only: it sets ``LANGUAGE`` for this process,
    which a library must not do to its host program.
    """
    chosen = configured_language()
    if chosen:
        os.environ["LANGUAGE"] = LANGUAGES[chosen]


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    if _translation is None:
        setup()
    assert _translation is not None
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a count."""
    if _translation is None:
        setup()
    assert _translation is not None
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (translate where shown)."""
    return message


__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "_", "configured_language",
           "current_language", "language_file", "ngettext", "prefer_configured_language", "set_language", "setup"]
