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
    data = _read_small_file(language_file(), _LANGUAGE_FILE_MAX)
    if data is None:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeError:
        return None
    return text if text in LANGUAGES else None


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
    _translation = _load_catalog(lang)
    if isinstance(_translation, _CheckedTranslations):
        # click calls gettext.gettext() in the process's text domain; point that at ours (only a
        # catalog that loaded: the standard lookup would fail on a damaged one, even for --help)
        _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        _gettext.textdomain(DOMAIN)
    return lang


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
