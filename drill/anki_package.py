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

import errno
import io
import os
import re
import shutil
import sqlite3
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import DrillError, InputError, Problem
from .i18n import _, ngettext

#: The newest package ``meta`` version this reader knows (Anki's ``PackageMetadata.Version.LATEST``).
KNOWN_META_VERSION = 3
#: The newest collection schema (``col.ver``) this reader knows; Anki 2.1.50 to 25.x write 18.
KNOWN_SCHEMA = 18

_COLLECTION_FILES = ("collection.anki21b", "collection.anki21", "collection.anki2")

#: revlog.type values: learning, review, relearning, filtered (cram), manual, rescheduled
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED, REVLOG_MANUAL, REVLOG_RESCHEDULED = range(6)


class AnkiPackageError(InputError):
    """The file is not an Anki package drill can read (the message says why, located where it can be)."""

    def __init__(self, path: str | os.PathLike[str], message: str | list[Problem]) -> None:
        if isinstance(message, str):
            super().__init__(Problem(message, file=os.fspath(path)))
        else:
            super().__init__(message)


class AnkiPackageDiskFull(DrillError):
    """The temporary folder filled up while the package was unpacked (the package itself may be fine)."""


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """How much an untrusted package may cost before it is refused.

    Real collections stay far inside every limit: SQLite compresses about 3–10
    times, a collection of a million reviews is a few hundred MB. A zip or zstd
    bomb is stopped by ``max_ratio`` after at most ``ratio_allowance`` bytes
    beyond the ratio, before much is written.
    """

    max_members: int = 500_000  # zip entries (a collection with its media)
    max_directory_bytes: int = 128 << 20  # the zip's central directory
    max_collection_bytes: int = 4 << 30  # the collection, unpacked
    max_ratio: int = 100  # unpacked bytes per packed byte
    ratio_allowance: int = 16 << 20  # unpacked bytes allowed beyond the ratio (small files compress well)
    max_meta_bytes: int = 64 << 10  # Anki's `meta` is a few bytes
    max_seconds: float = 600.0  # reading the collection's tables
    steps_per_byte: int = 200  # SQLite VM steps allowed per byte of collection, plus:
    base_steps: int = 200_000_000
    future_skew: timedelta = timedelta(days=1)  # a phone's clock may run ahead by this much


DEFAULT_LIMITS = ImportLimits()

#: The first possible Anki review (Anki 0.x, 2006): a revlog id earlier than this is no time
EARLIEST_REVIEW_MS = 1_136_073_600_000
#: The longest an answer may take as logged (Anki caps it far lower)
MAX_DURATION_MS = 86_400_000
#: How many bad rows are listed before the rest is counted
MAX_PROBLEMS = 20
_TEMP_PREFIX = "drill-import-"


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


class _CountingFile(io.FileIO):
    """The package file, counting the bytes read from it (the packed side of the ratio check)."""

    consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(-1 if size is None else size)
        self.consumed += len(data or b"")
        return data or b""


class _Guarded(sqlite3.Connection):
    """A connection to an untrusted collection: reads run under a step and time budget."""

    package: Path
    budget: _Budget


class _Budget:
    """SQLite's progress handler: ends a read that runs past its steps or time (a recursive view, a huge join)."""

    CALL_EVERY = 10_000  # VM steps between calls

    def __init__(self, limits: ImportLimits, db_bytes: int) -> None:
        self.max_calls = (limits.base_steps + limits.steps_per_byte * db_bytes) // self.CALL_EVERY
        self.seconds = limits.max_seconds
        self.deadline = time.monotonic() + limits.max_seconds
        self.calls = 0
        self.exceeded = False

    def __call__(self) -> int:
        # a Ctrl-C raises here (Python runs signal handlers between bytecodes); SQLite then stops the
        # statement and the read reports it as an interrupt, turned back into KeyboardInterrupt below
        self.calls += 1
        if self.calls > self.max_calls or time.monotonic() > self.deadline:
            self.exceeded = True
            return 1
        return 0


def _zip_entry_count(path: Path) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the zip's end record, read before the directory itself."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - (65_535 + 22)))
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        entries, directory = struct.unpack("<HI", tail[at + 10:at + 16])
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator >= 0 and len(tail) - locator >= 20 and (entries == 0xFFFF or directory == 0xFFFFFFFF):
            (offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, directory = struct.unpack("<QQ", record[32:48])
        return entries, directory


def sweep_temp_copies(folder: str | os.PathLike[str] | None = None) -> int:
    """Remove the unpacked copies left by imports that were killed; how many were removed.

    Each import unpacks into ``drill-import-<pid>-…`` in the temp folder and removes
    it when done; a copy whose process is gone (killed, power cut) is swept by the
    next import.
    """
    base = Path(folder or tempfile.gettempdir())
    removed = 0
    try:
        entries = list(base.iterdir())
    except OSError:
        return 0
    for entry in entries:
        match = re.fullmatch(re.escape(_TEMP_PREFIX) + r"(\d+)-.*", entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += not entry.exists()
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or unknowable: leave its folder
    return True


def _disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _extract(path: Path, zf: zipfile.ZipFile, counter: _CountingFile, info: zipfile.ZipInfo, out: Any,
             limits: ImportLimits, zstd: bool) -> None:
    """Unpack one member to ``out``, stopping as soon as it outgrows the limits (streamed, never whole)."""
    def too_big(size: int) -> AnkiPackageError:
        return AnkiPackageError(path, _("refused: {member} would unpack to more than {limit} MB (at least {size} MB); "
                                        "a real Anki collection is far smaller (a zip or zstd bomb?)").format(
            member=info.filename, limit=limits.max_collection_bytes >> 20, size=size >> 20))

    def too_packed(size: int, packed: int) -> AnkiPackageError:
        return AnkiPackageError(path, _("refused: {member} unpacks to more than {ratio} times its packed size "
                                        "({size} MB from {packed} KB); a real Anki collection compresses far less "
                                        "(a zip or zstd bomb?)").format(
            member=info.filename, ratio=limits.max_ratio, size=max(1, size >> 20), packed=max(1, packed >> 10)))

    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise AnkiPackageError(path, _("not an Anki package: {member} is packed with a method Anki does not use "
                                       "(zip method {method})").format(member=info.filename, method=info.compress_type))
    # the sizes the zip declares (a deflated member never unpacks beyond its declared size)
    if info.file_size > limits.max_collection_bytes:
        raise too_big(info.file_size)
    if info.file_size > limits.max_ratio * info.compress_size + limits.ratio_allowance:
        raise too_packed(info.file_size, info.compress_size)
    with zf.open(info) as member:
        reader: Any = member
        if zstd:
            import zstandard

            reader = zstandard.ZstdDecompressor(max_window_size=1 << 27).stream_reader(
                member, read_size=1 << 16, closefd=False)
        counter.consumed = 0
        written = 0
        while chunk := reader.read(1 << 16):
            written += len(chunk)
            if written > limits.max_collection_bytes:
                raise too_big(written)
            if written > limits.max_ratio * counter.consumed + limits.ratio_allowance:
                raise too_packed(written, counter.consumed)
            out.write(chunk)


@contextmanager
def open_package(path: str | os.PathLike[str], limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[sqlite3.Connection]:
    """The package's collection as a read-only SQLite connection (on a temporary copy, removed after).

    The package is untrusted: its zip directory, members and unpacked sizes are
    checked against ``limits`` before and while unpacking (nothing is read
    whole), ``notes``/``cards``/``revlog``/``col`` must be plain tables, and
    every read runs under a step and time budget (Ctrl-C stops it). A full
    temporary folder raises :class:`AnkiPackageDiskFull`.
    """
    path = Path(path)
    if not path.is_file():
        raise AnkiPackageError(path, _("no such file") if not path.exists() else _("not a file"))
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise AnkiPackageError(path, _("damaged or truncated Anki package: the zip archive is incomplete "
                                         "(copy the file again)"))
        raise AnkiPackageError(path, _("not an Anki package (.colpkg or .apkg): the file is not a zip archive"))
    counts = _zip_entry_count(path)
    if counts is not None and (counts[0] > limits.max_members or counts[1] > limits.max_directory_bytes):
        raise AnkiPackageError(path, _("refused: the zip lists {n} files ({size} MB of directory); an Anki package "
                                       "holds at most {limit}").format(n=counts[0], size=counts[1] >> 20,
                                                                       limit=limits.max_members))
    sweep_temp_copies()
    folder = tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-")
    try:
        db = Path(folder) / "collection.sqlite"
        try:
            with _CountingFile(path) as counter, zipfile.ZipFile(counter) as zf:
                infos = {i.filename: i for i in zf.infolist()}
                chosen = next((n for n in _COLLECTION_FILES if n in infos), None)
                if chosen is None:
                    raise AnkiPackageError(path, _("not an Anki package: the zip holds no collection "
                                             "(collection.anki21b, collection.anki21 or collection.anki2)"))
                if "meta" in infos:
                    meta = infos["meta"]
                    if meta.file_size > limits.max_meta_bytes or meta.compress_type not in (
                            zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                        raise AnkiPackageError(path, _("damaged Anki package: its meta file cannot be read"))
                    with zf.open(meta) as fh:
                        data = fh.read(limits.max_meta_bytes + 1)
                    try:
                        if len(data) > limits.max_meta_bytes:
                            raise ValueError("meta too large")
                        version = _meta_version(data)
                    except ValueError:
                        raise AnkiPackageError(path, _("damaged Anki package: its meta file cannot be read")) from None
                    if version > KNOWN_META_VERSION:
                        raise AnkiPackageError(
                            path, _("made by a newer Anki (package version {version}; drill reads up to "
                                    "{known}): export again from Anki with "
                                    "“Support older Anki versions” ticked, or update drill").format(
                                        version=version, known=KNOWN_META_VERSION))
                with open(db, "wb") as out:
                    _extract(path, zf, counter, infos[chosen], out, limits, zstd=chosen.endswith("b"))
        except AnkiPackageError:
            raise
        except OSError as exc:
            if _disk_full(exc):
                raise AnkiPackageDiskFull(_("no space left in the temporary folder {folder} to unpack {path} "
                                            "({reason}): free some space, or point TMPDIR at a folder with "
                                            "more room").format(folder=Path(folder).parent, path=path,
                                                                reason=exc.strerror or exc)) from None
            raise AnkiPackageError(path, _("damaged or truncated Anki package ({reason})").format(
                reason=_reason(exc))) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise AnkiPackageError(path, _("damaged or truncated Anki package ({reason})").format(
                reason=_reason(exc))) from None
        except Exception as exc:
            if type(exc).__module__.startswith("zstandard") or "zstd" in type(exc).__name__.lower():
                raise AnkiPackageError(path, _("damaged or truncated Anki package ({reason})").format(
                    reason=_reason(exc))) from None
            raise
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, factory=_Guarded)
        conn.package = path
        conn.budget = _Budget(limits, db.stat().st_size)
        conn.set_progress_handler(conn.budget, _Budget.CALL_EVERY)
        try:
            _check_collection(conn, path)
            yield conn
        finally:
            conn.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_collection(conn: _Guarded, path: Path) -> None:
    """The collection's four tables are plain tables, and its schema one this reader knows."""
    try:
        kinds = {name: (kind, sql or "") for name, kind, sql in _query(
            conn, "SELECT name, type, sql FROM sqlite_master WHERE name IN ('col', 'notes', 'cards', 'revlog')")}
        missing = [t for t in ("col", "notes", "cards", "revlog") if t not in kinds]
        if missing:
            raise sqlite3.DatabaseError(f"no table {missing[0]}")
        for name, (kind, sql) in kinds.items():
            if kind != "table" or sql.lstrip()[:14].upper().startswith("CREATE VIRTUAL"):
                raise AnkiPackageError(path, _("damaged Anki package: {table} is a {kind}, not a table (not "
                                               "something Anki writes)").format(table=name, kind=kind))
        row = next(_query(conn, "SELECT ver FROM col"), None)
        for table in ("notes", "cards", "revlog"):
            list(_query(conn, f"SELECT 1 FROM {table} LIMIT 1"))
    except sqlite3.DatabaseError:
        raise AnkiPackageError(path, _("damaged Anki package: its collection is not a readable "
                                       "Anki database")) from None
    schema = row[0] if row else None
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise AnkiPackageError(path, [Problem(_("col.ver is {value}, not a schema number: not a readable Anki "
                                                "collection").format(value=_shown(schema)), file=str(path),
                                              field="col.ver")])
    if schema > KNOWN_SCHEMA:
        raise AnkiPackageError(path, _("made by a newer Anki (collection schema {schema}; drill reads up "
                                 "to {known}): update drill, or export with “Support older "
                                 "Anki versions” ticked").format(schema=schema, known=KNOWN_SCHEMA))


def _query(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows of ``sql`` under the connection's budget; a read past it is refused, a Ctrl-C stays a Ctrl-C."""
    budget: _Budget | None = getattr(conn, "budget", None)
    try:
        yield from conn.execute(sql)
    except sqlite3.OperationalError as exc:
        if budget is None or "interrupt" not in str(exc):
            raise
        if budget.exceeded:
            raise AnkiPackageError(getattr(conn, "package", "<package>"), _(
                "refused: reading the collection took more than its budget ({seconds:g} s or {steps} million "
                "steps); a real Anki collection reads far faster").format(
                seconds=budget.seconds, steps=budget.max_calls * _Budget.CALL_EVERY // 1_000_000)) from None
        raise KeyboardInterrupt from None  # the progress handler was stopped by Ctrl-C


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


class _RowProblems:
    """The bad rows of one table, listed up to MAX_PROBLEMS and counted after, raised together at the end."""

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self.path = os.fspath(getattr(conn, "package", "<package>"))
        self.table = table
        self.problems: list[Problem] = []
        self.more = 0

    def add(self, row: int, ident: object, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        where = f"{self.table}[{row}]" if not isinstance(ident, int) else f"{self.table}[{row}] (id {ident})"
        self.problems.append(Problem(message, file=self.path, field=where, code="anki-package"))

    def raise_any(self) -> None:
        if not self.problems:
            return
        problems = list(self.problems)
        if self.more:
            problems.append(Problem(ngettext("… and {n} more bad row in {table}", "… and {n} more bad rows in {table}",
                                             self.more).format(n=self.more, table=self.table),
                                    file=self.path, field=self.table, code="anki-package"))
        raise AnkiPackageError(self.path, problems)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_whole(bad: _RowProblems, n: int, ident: object, column: str, value: object,
                 low: int | None = None, high: int | None = None) -> bool:
    if not _whole(value):
        bad.add(n, ident, _("{column} is {value}, not a whole number").format(column=column, value=_shown(value)))
        return False
    assert isinstance(value, int)
    if (low is not None and value < low) or (high is not None and value > high):
        bad.add(n, ident, _("{column} is {value}, outside {low}…{high}").format(
            column=column, value=value, low=low if low is not None else "", high=high if high is not None else ""))
        return False
    return True


_ID_LOW, _ID_HIGH = 1, 2**63 - 1


def read_notes(conn: sqlite3.Connection) -> Iterator[AnkiNote]:
    """Every note (id, GUID, fields); a row of the wrong types is refused with its place, after all are read."""
    bad = _RowProblems(conn, "notes")
    for n, (nid, guid, flds) in enumerate(_query(conn, "SELECT id, guid, flds FROM notes"), start=1):
        ok = _check_whole(bad, n, nid, "id", nid, _ID_LOW, _ID_HIGH)
        for column, value in (("guid", guid), ("flds", flds)):
            if not isinstance(value, str):
                bad.add(n, nid, _("{column} is {value}, not text").format(column=column, value=_shown(value)))
                ok = False
        if ok and not bad.problems:
            yield AnkiNote(nid, guid, tuple(flds.split("\x1f")))
    bad.raise_any()


def read_cards(conn: sqlite3.Connection) -> Iterator[AnkiCard]:
    """Every card (id, note id, ordinal); bad rows are refused with their place, after all are read."""
    bad = _RowProblems(conn, "cards")
    for n, (cid, nid, ord_) in enumerate(_query(conn, "SELECT id, nid, ord FROM cards"), start=1):
        ok = _check_whole(bad, n, cid, "id", cid, _ID_LOW, _ID_HIGH)
        ok = _check_whole(bad, n, cid, "nid", nid, _ID_LOW, _ID_HIGH) and ok
        ok = _check_whole(bad, n, cid, "ord", ord_, 0, 65_535) and ok
        if ok and not bad.problems:
            yield AnkiCard(cid, nid, ord_)
    bad.raise_any()


def read_reviews(conn: sqlite3.Connection, now: datetime | None = None,
                 limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[AnkiReview]:
    """Every review log row, oldest first, each checked: whole numbers in range, a time not in the future.

    A revlog id is the answer's time in milliseconds: one before Anki existed or
    later than ``now`` plus ``limits.future_skew`` is refused (with every other
    bad row, by table row and id) after all rows are read.
    """
    now = now or datetime.now(UTC)
    latest = int((now + limits.future_skew).timestamp() * 1000)
    bad = _RowProblems(conn, "revlog")
    rows = _query(conn, "SELECT id, cid, ease, time, type, factor FROM revlog ORDER BY id")
    for n, (rid, cid, ease, taken, kind, factor) in enumerate(rows, start=1):
        ok = _check_whole(bad, n, rid, "id", rid)
        if ok and rid > latest:
            bad.add(n, rid, _("id {id} is an answer time after {latest} (in the future: a phone clock set "
                              "wrong?)").format(id=rid, latest=(now + limits.future_skew).strftime("%Y-%m-%d %H:%M")))
            ok = False
        elif ok and rid < EARLIEST_REVIEW_MS:
            bad.add(n, rid, _("id {id} is an answer time before Anki existed").format(id=rid))
            ok = False
        ok = _check_whole(bad, n, rid, "cid", cid, _ID_LOW, _ID_HIGH) and ok
        ok = _check_whole(bad, n, rid, "ease", ease, 0, 4) and ok
        if taken is None:
            bad.add(n, rid, _("time is empty (NULL), not the answer's duration"))
            ok = False
        else:
            ok = _check_whole(bad, n, rid, "time", taken, None, MAX_DURATION_MS) and ok
        ok = _check_whole(bad, n, rid, "type", kind, 0, 5) and ok
        ok = _check_whole(bad, n, rid, "factor", factor, -1_000_000, 1_000_000) and ok
        if ok and not bad.problems:
            yield AnkiReview(rid, cid, ease, max(0, taken), kind, factor)
    bad.raise_any()


__all__ = [
    "DEFAULT_LIMITS",
    "KNOWN_META_VERSION",
    "KNOWN_SCHEMA",
    "AnkiCard",
    "AnkiNote",
    "AnkiPackageDiskFull",
    "AnkiPackageError",
    "AnkiReview",
    "ImportLimits",
    "open_package",
    "read_cards",
    "read_notes",
    "read_reviews",
    "sweep_temp_copies",
]
