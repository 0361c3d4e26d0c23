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
import os
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
    """The catalog of ``language`` (``zh_CN`` or ``en``), loaded once; English when it cannot be read."""
    return _load_catalog(catalog_name(language))


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
    if isinstance(translation(_process_language), _CheckedTranslations):
        # click calls gettext.gettext() in the process's text domain; point that at ours (only a
        # catalog that loaded: the standard lookup would fail on a damaged one, even for --help)
        _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        _gettext.textdomain(DOMAIN)
    return _process_language


#: the language file holds one word; a catalog is some hundred KB
_LANGUAGE_FILE_MAX = 1024
_CATALOG_MAX = 16 << 20


def _read_small_file(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else None.

    Opened without blocking and checked before reading: a FIFO put there would
    hang every command, a device or a huge file would be read into memory.
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


class _CheckedTranslations(_gettext.GNUTranslations):
    """A catalog whose translations are used only when they keep the message's placeholders.

    A translation naming a placeholder the English message does not have (or
    with a stray brace) would make ``.format()`` fail where it is shown; such a
    message is shown in English instead, with one warning.
    """

    def gettext(self, message: str) -> str:
        text = super().gettext(message)
        return text if text is message or _same_fields(text, (message,)) else _bad_translation(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        text = super().ngettext(msgid1, msgid2, n)
        if text is msgid1 or text is msgid2 or _same_fields(text, (msgid1, msgid2)):
            return text
        _bad_translation(msgid1)
        return msgid1 if n == 1 else msgid2


_field_cache: dict[tuple[str, tuple[str, ...]], bool] = {}
_warned: set[str] = set()


def _fields(text: str) -> set[str] | None:
    import string

    try:
        return {name.split(".")[0].split("[")[0] for _lit, name, _spec, _conv in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return None


def _same_fields(translated: str, originals: tuple[str, ...]) -> bool:
    key = (translated, originals)
    ok = _field_cache.get(key)
    if ok is None:
        wanted: set[str] = set()
        for original in originals:
            wanted |= _fields(original) or set()
        if not wanted:
            ok = True  # a message without placeholders is not formatted: braces in it are plain text
        else:
            got = _fields(translated)
            ok = got is not None and got <= wanted
        _field_cache[key] = ok
    return ok


def _warn_once(key: str, text: str) -> None:
    import sys

    if key not in _warned:
        _warned.add(key)
        print(text, file=sys.stderr)


def _bad_translation(message: str) -> str:
    _warn_once("placeholder", "drill: warning: a translation in the message catalog has a wrong placeholder; "
                              f"that message is shown in English ({message[:60]!r})")
    return message


def _load_catalog(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang``, or English (NullTranslations) when there is none or it cannot be read.

    The file is read only if it is a small regular file; a truncated or garbage
    one means English, with one warning, never a failure (``--help`` included).
    """
    import io

    found = _gettext.find(DOMAIN, str(LOCALE_DIR), languages=[lang])
    if found is None:
        return _gettext.NullTranslations()
    data = _read_small_file(Path(found), _CATALOG_MAX)
    try:
        if data is None:
            raise OSError("not a regular file of at most 16 MB")
        return _CheckedTranslations(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - whatever a damaged .mo raises (struct.error, UnicodeError, …)
        _warn_once("catalog", f"drill: warning: the message catalog {found} cannot be read "
                              f"({type(exc).__name__}: {exc}); messages are shown in English")
        return _gettext.NullTranslations()


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
