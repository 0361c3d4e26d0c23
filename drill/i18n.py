"""Message catalogs: drill's messages in Simplified Chinese or English.

drill's messages are English in the source and translated through the
``drill`` gettext domain (catalogs under ``drill/locale/``, extracted and
compiled with Babel). Mark a message in code with ``_("…")`` (translated when
called) or ``N_("…")`` (only marked: for text defined at import time,
translated where it is shown).

The library speaks English unless told otherwise, and leaves the host
program's gettext state alone: it never calls :func:`gettext.textdomain` or
reads the ``drill`` command's language file. A program embedding drill picks
the language per call (``language="zh-CN"`` on the functions that produce
messages) or for a block of code with :func:`speaking`. The ``drill`` command
chooses for its whole process with :func:`setup` (see
:mod:`drill.language_choice` for how it decides).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "drill"
LOCALE_DIR = Path(__file__).parent / "locale"
#: the interface languages drill speaks: the name a user gives → the catalog's name
LANGUAGES = {"zh-CN": "zh_CN", "en": "en"}

#: the language of this process's messages: English until the ``drill`` command (or a host) calls setup()
_process_language = "en"
#: a language chosen for one call or block (:func:`speaking`); None: the process's
_context_language: ContextVar[str | None] = ContextVar("drill_language", default=None)


def catalog_name(language: str) -> str:
    """``zh-CN``, ``zh_CN``, ``zh`` … → ``zh_CN``; ``en`` … → ``en``.

    Raises ValueError for a language drill does not speak.
    """
    folded = language.strip().replace("-", "_").split(".")[0].lower()
    if folded.startswith("zh"):
        return "zh_CN"
    if folded in ("en", "c", "posix") or folded.startswith("en_"):
        return "en"
    raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")


@cache
def translation(language: str) -> _gettext.NullTranslations:
    """The catalog of ``language`` (``zh_CN`` or ``en``), loaded once."""
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalog_name(language)], fallback=True)


def current_language() -> str:
    """``zh_CN`` or ``en``: the language messages are produced in here and now."""
    return _context_language.get() or _process_language


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Produce the messages of the ``with`` block in ``language`` (None: leave it as it is).

    Only this thread / task is affected, and nothing global in :mod:`gettext` changes.
    """
    if language is None:
        yield current_language()
        return
    token = _context_language.set(catalog_name(language))
    try:
        yield current_language()
    finally:
        _context_language.reset(token)


def setup(language: str | None = None) -> str:
    """Make ``language`` (default English) the language of this process's messages.

    Called by the ``drill`` command, which owns its process: besides drill's own
    messages it points the process's gettext text domain at drill's catalog, so
    click's help screens and usage errors are translated too. A library user
    does not need it (see :func:`speaking`).
    """
    global _process_language
    _process_language = catalog_name(language or "en")
    # click calls gettext.gettext() in the process's text domain; point that at ours.
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    return _process_language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a count."""
    return translation(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (translate where shown)."""
    return message


__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "_", "catalog_name", "current_language", "ngettext",
           "setup", "speaking", "translation"]
