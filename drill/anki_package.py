"""Reading an Anki package: a collection (``.colpkg``) or a deck exported with scheduling (``.apkg``).

A package is a zip holding the collection as SQLite, in one of three shapes:

* ``collection.anki21b`` — zstd-compressed SQLite, with a ``meta`` file saying
  version 3 (Anki 2.1.50 and later, current AnkiDroid and AnkiMobile);
* ``collection.anki21`` — plain SQLite (Anki 2.1.x "support older versions");
* ``collection.anki2`` — plain SQLite (Anki 2.0, and genanki).

Newer packages also hold a ``collection.anki2`` that only says "please update
Anki", so the newest shape present wins. This reader needs only the standard
library and the small ``zstandard`` package, not Anki itself, so ``drill
import`` starts as fast as the other commands. It reads notes, cards and the
review log, nothing else, and never writes to the package.

A package from a newer Anki than this reader knows (``meta`` version, or the
collection's schema version) is refused with :class:`AnkiPackageError`, as is a
file that is no zip, a zip that is no Anki package, or a damaged one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .i18n import _

#: The newest package ``meta`` version this reader knows (Anki's ``PackageMetadata.Version.LATEST``).
KNOWN_META_VERSION = 3
#: The newest collection schema (``col.ver``) this reader knows; Anki 2.1.50 to 25.x write 18.
KNOWN_SCHEMA = 18

_COLLECTION_FILES = ("collection.anki21b", "collection.anki21", "collection.anki2")

#: revlog.type values: learning, review, relearning, filtered (cram), manual, rescheduled
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED, REVLOG_MANUAL, REVLOG_RESCHEDULED = range(6)


class AnkiPackageError(InputError):
    """The file is not an Anki package drill can read (the message says why)."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        super().__init__(Problem(message, file=os.fspath(path)))


@dataclass(frozen=True, slots=True)
class AnkiNote:
    id: int
    guid: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnkiCard:
    id: int
    note_id: int
    ord: int


@dataclass(frozen=True, slots=True)
class AnkiReview:
    """One row of Anki's review log."""

    id: int  # milliseconds since 1970 when the answer was given; unique in its collection
    card_id: int
    ease: int  # the button: 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a manual change
    duration_ms: int
    type: int  # see REVLOG_*
    factor: int
    interval: int = 0  # after the answer: days (a review card), negative seconds (in learning)

    @property
    def is_answer(self) -> bool:
        """A real answer (not a manual reschedule, not a preview in a filtered deck).

        The same rule as FSRS's reading of Anki's log: learning, review and
        relearning answers count; a filtered-deck entry only when it rescheduled
        the card (a non-zero factor).
        """
        if not 1 <= self.ease <= 4:
            return False
        if self.type in (REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN):
            return True
        return self.type == REVLOG_FILTERED and self.factor != 0


def _meta_version(data: bytes) -> int:
    """The ``version`` (field 1, a varint) of the protobuf ``PackageMetadata`` in ``meta``."""
    if not data:
        return 0
    if data[0] != 0x08:
        return 0  # field 1 absent: the protobuf default
    value, shift = 0, 0
    for byte in data[1:]:
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
        shift += 7
        if shift > 63:
            break
    raise ValueError("damaged meta")


@contextmanager
def open_package(path: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """The package's collection as a read-only SQLite connection (on a temporary copy, removed after)."""
    path = Path(path)
    if not path.is_file():
        raise AnkiPackageError(path, _("no such file") if not path.exists() else _("not a file"))
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise AnkiPackageError(path, _("damaged or truncated Anki package: the zip archive is incomplete "
                                         "(copy the file again)"))
        raise AnkiPackageError(path, _("not an Anki package (.colpkg or .apkg): the file is not a zip archive"))
    with tempfile.TemporaryDirectory(prefix="drill-import-") as folder:
        db = Path(folder) / "collection.sqlite"
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                chosen = next((n for n in _COLLECTION_FILES if n in names), None)
                if chosen is None:
                    raise AnkiPackageError(path, _("not an Anki package: the zip holds no collection "
                                             "(collection.anki21b, collection.anki21 or collection.anki2)"))
                if "meta" in names:
                    try:
                        version = _meta_version(zf.read("meta"))
                    except ValueError:
                        raise AnkiPackageError(path, _("damaged Anki package: its meta file cannot be read")) from None
                    if version > KNOWN_META_VERSION:
                        raise AnkiPackageError(
                            path, _("made by a newer Anki (package version {version}; drill reads up to "
                                    "{known}): export again from Anki with "
                                    "“Support older Anki versions” ticked, or update drill").format(
                                        version=version, known=KNOWN_META_VERSION))
                with zf.open(chosen) as src, open(db, "wb") as out:
                    if chosen.endswith("b"):
                        import zstandard

                        zstandard.ZstdDecompressor().copy_stream(src, out)
                    else:
                        shutil.copyfileobj(src, out)
        except AnkiPackageError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise AnkiPackageError(path, _("damaged or truncated Anki package ({reason})").format(
                reason=_reason(exc))) from None
        except Exception as exc:
            if type(exc).__module__.startswith("zstandard") or "zstd" in type(exc).__name__.lower():
                raise AnkiPackageError(path, _("damaged or truncated Anki package ({reason})").format(
                    reason=_reason(exc))) from None
            raise
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            try:
                (schema,) = conn.execute("SELECT ver FROM col").fetchone()
                for table in ("notes", "cards", "revlog"):
                    conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
            except (sqlite3.DatabaseError, TypeError):
                raise AnkiPackageError(path, _("damaged Anki package: its collection is not a readable "
                                         "Anki database")) from None
            if int(schema) > KNOWN_SCHEMA:
                raise AnkiPackageError(path, _("made by a newer Anki (collection schema {schema}; drill reads up "
                                         "to {known}): update drill, or export with “Support older "
                                         "Anki versions” ticked").format(schema=schema, known=KNOWN_SCHEMA))
            yield conn
        finally:
            conn.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_notes(conn: sqlite3.Connection) -> Iterator[AnkiNote]:
    for nid, guid, flds in conn.execute("SELECT id, guid, flds FROM notes"):
        yield AnkiNote(int(nid), str(guid), tuple(str(flds).split("\x1f")))


def read_cards(conn: sqlite3.Connection) -> Iterator[AnkiCard]:
    for cid, nid, ord_ in conn.execute("SELECT id, nid, ord FROM cards"):
        yield AnkiCard(int(cid), int(nid), int(ord_))


def read_reviews(conn: sqlite3.Connection) -> Iterator[AnkiReview]:
    """Every review log row, oldest first."""
    for rid, cid, ease, taken, kind, factor, ivl in conn.execute(
            "SELECT id, cid, ease, time, type, factor, ivl FROM revlog ORDER BY id"):
        yield AnkiReview(int(rid), int(cid), int(ease), max(0, int(taken)), int(kind), int(factor), int(ivl))


__all__ = [
    "KNOWN_META_VERSION",
    "KNOWN_SCHEMA",
    "AnkiCard",
    "AnkiNote",
    "AnkiPackageError",
    "AnkiReview",
    "open_package",
    "read_cards",
    "read_notes",
    "read_reviews",
]
