"""Opening a store file, its write transactions and the caches tied to them.

:class:`StoreConnection` is the base every part of :class:`~drill.store.Store` builds
on: it checks the file is a drill store, applies migrations, and hands out
``BEGIN IMMEDIATE`` transactions with :meth:`StoreConnection.write`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from ..errors import StoreError
from ..i18n import _
from ..scheduling import CardState, Settings
from .migrations import apply_migrations, check_header, check_identity


def default_store_path() -> Path:
    """``$DRILL_HOME/drill.db``, or ``drill.db`` in the user data dir."""
    home = os.environ.get("DRILL_HOME")
    if home:
        return Path(home) / "drill.db"
    from platformdirs import user_data_dir

    return Path(user_data_dir("drill", appauthor=False)) / "drill.db"


def check_place(path: Path) -> None:
    """Refuse a store path that is not (or cannot become) a regular file in a writable folder.

    A device such as /dev/null would otherwise be "opened" and a journal created
    beside it (/dev/null-journal); a folder that cannot be created or written
    would fail later with SQLite's less helpful words.
    """
    import stat

    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise StoreError(_("cannot use {path} as the store: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise StoreError(_("{path} is a folder; the store must be a file (pass one with --db)").format(path=path))
        raise StoreError(_("{path} is not a regular file (a device or pipe); the store must be a file "
                           "(pass one with --db)").format(path=path))
    folder = path.resolve().parent
    if st is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("cannot create the folder {folder} for the store: {reason} "
                               "(set DRILL_HOME or pass --db)").format(
                folder=folder, reason=exc.strerror or exc)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(_("cannot write the store {path}: its folder {folder} is read-only; "
                           "drill needs to write the store and its journal there (pass another --db)").format(
            path=path, folder=folder))
    if st is not None and not os.access(path, os.W_OK):
        raise StoreError(_("cannot write the store {path}: the file is read-only").format(path=path))


class StoreConnection:
    """An open store file: identity checks, migrations, write transactions, cache validity."""

    #: Called with the seconds waited so far while a write waits for another process's write lock
    #: (an import merging a large collection). When set, a write waits up to :attr:`busy_patience`
    #: seconds instead of failing after the busy timeout, so an answer is kept, not lost.
    on_busy: Callable[[float], None] | None = None
    busy_patience: float = 1800.0

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0):
        from ..clock import require_explicit_store

        require_explicit_store(path)  # a simulated clock never writes into the learner's default store
        self.path = Path(path) if path is not None else default_store_path()
        self._busy_ms = int(timeout * 1000)
        memory = str(path) == ":memory:"
        if not memory:
            check_place(self.path)
            check_header(self.path)
        try:
            self.conn = sqlite3.connect(
                ":memory:" if memory else os.fspath(self.path), timeout=timeout, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(_("cannot open the store {path}: {reason}").format(path=self.path, reason=exc)) from None
        try:
            check_identity(self.conn, self.path)
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise StoreError(_("cannot write the store {path}: the file or its folder is read-only "
                                   "({reason}); drill needs to write the store and its journal beside it").format(
                    path=self.path, reason=exc)) from None
            raise StoreError(_("{path} is damaged or not a drill store ({reason}); "
                               "run `drill doctor` or move the file away").format(path=self.path, reason=exc)) from None
        except StoreError:
            self.conn.close()
            raise
        # Caches for the answer loop, valid while _cache_key() is unchanged, i.e. while no
        # other connection committed (data_version) and this one wrote nothing (total_changes)
        # except through the methods that keep them up to date.
        self._cache_key_seen: tuple[int, int] | None = None
        self._settings_cache: Settings | None = None
        self._day_counts: tuple[str, int, int] | None = None  # (day start text, new, review)
        self._presets_cache: tuple[dict[str, dict[str, Any]], dict[str, str]] | None = None
        self._due_days: tuple[str, dict[int, int]] | None = None  # (day origin, day → reviews due)
        self._siblings_buried: dict[str, str] = {}  # card id → until when its siblings were buried
        # (card id, raw state row, parsed state) of the last card read or answered: the
        # state is read twice per card (to show it, then under the write lock to answer it)
        self._state_memo: tuple[str, tuple[Any, ...], CardState] | None = None

    # -- opening ---------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet; returns their names. Safe to call again."""
        return apply_migrations(self)

    def close(self) -> None:
        self.conn.close()

    def _cache_key(self) -> tuple[int, int]:
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    def _caches_valid(self) -> bool:
        """Whether the cached settings and daily counts still hold; drops them when not."""
        key = self._cache_key()
        if key != self._cache_key_seen:
            self._cache_key_seen = key
            self._settings_cache = None
            self._day_counts = None
            self._presets_cache = None
            self._due_days = None
            self._siblings_buried = {}
            return False
        return True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): all of it is kept, or none."""
        self._begin()
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(_("the store {path} could not be written ({reason}); nothing of this change "
                               "was kept. `drill doctor` checks the file").format(path=self.path, reason=exc)) from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk or an I/O error shows at commit
            self._rollback()
            raise StoreError(_("the store {path} could not be written ({reason}); nothing of this change "
                               "was kept. `drill doctor` checks the file").format(path=self.path, reason=exc)) from exc

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; with :attr:`on_busy` set, waiting (and saying so) while another process writes."""
        if self.on_busy is None:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(_("the store {path} is busy or read-only: {reason}").format(
                    path=self.path, reason=exc)) from None
            return
        import time

        started = time.monotonic()
        # short tries, so the learner hears of the wait at once, not after the whole busy timeout
        self.conn.execute("PRAGMA busy_timeout = 500")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    waited = time.monotonic() - started
                    if "locked" not in str(exc) and "busy" not in str(exc) or waited > self.busy_patience:
                        raise StoreError(_("the store {path} is busy or read-only: {reason}").format(
                            path=self.path, reason=exc)) from None
                    self.on_busy(waited)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {self._busy_ms}")

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolls back by itself when it cannot

    # -- checks ----------------------------------------------------------------------------

    def check(self, full: bool = False) -> list[str]:
        """SQLite's quick_check (or integrity_check); ``['ok']`` when healthy."""
        pragma = "integrity_check" if full else "quick_check"
        try:
            return [r[0] for r in self.conn.execute(f"PRAGMA {pragma}")]
        except sqlite3.DatabaseError as exc:
            return [f"{pragma} failed: {exc}"]

    def migrations(self) -> list[tuple[str, str]]:
        rows = self.conn.execute("SELECT name, applied_at FROM migrations ORDER BY name")
        return [(name, applied_at) for name, applied_at in rows]
