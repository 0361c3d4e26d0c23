"""One write transaction on a store file: all of it is kept, or none.

Shared by the open store (:class:`~drill.store.connection.StoreConnection`) and
the schema migrations that run while it opens.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from ..i18n import _


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path,
                      begin: Callable[[], None] | None = None) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` on ``conn`` (the store at ``path``); rolled back on any error.

    ``begin`` starts the transaction instead (the open store's waits while another process writes).
    """
    if begin is not None:
        begin()
    else:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(_("the store {path} is busy or read-only: {reason}").format(
                path=path, reason=exc)) from None
    try:
        yield conn
    except sqlite3.Error as exc:
        rollback(conn)
        raise StoreError(_("the store {path} could not be written ({reason}); nothing of this change "
                           "was kept").format(path=path, reason=exc)) from exc
    except BaseException:
        rollback(conn)
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:  # a full disk or an I/O error shows at commit
        rollback(conn)
        raise StoreError(_("the store {path} could not be written ({reason}); nothing of this change "
                           "was kept").format(path=path, reason=exc)) from exc


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any (SQLite may have rolled back by itself)."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


__all__ = ["rollback", "write_transaction"]
