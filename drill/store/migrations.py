"""The store's schema: named migrations applied in order, and the checks that a file is a drill store.

To change the schema, append a migration at the end of :data:`MIGRATIONS` with a
descriptive name; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..errors import StoreError
from ..i18n import _
from .encoding import to_text
from .transaction import write_transaction


#: ``PRAGMA application_id`` of every drill store ("DRIL"); a file with another id is not ours.
APPLICATION_ID = 0x4452494C
SQLITE_MAGIC = b"SQLite format 3\x00"

# Named migrations, applied in order; each runs in one transaction with its record in
# the `migrations` table, and `user_version` is the number applied.
MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001-initial-schema",
        [
            f"PRAGMA application_id = {APPLICATION_ID}",
            """CREATE TABLE IF NOT EXISTS migrations (
                name TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )""",
            """CREATE TABLE decks (
                id TEXT PRIMARY KEY,
                path TEXT NOT NULL,
                file_hash TEXT NOT NULL,
                title TEXT,
                synced_at TEXT NOT NULL
            )""",
            "CREATE INDEX decks_path ON decks(path)",
            """CREATE TABLE cards (
                id TEXT PRIMARY KEY,
                deck TEXT NOT NULL,
                fact TEXT NOT NULL,
                template TEXT NOT NULL,
                type TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                content TEXT NOT NULL,
                topic TEXT,
                tags TEXT NOT NULL DEFAULT '[]',
                state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
                step INTEGER,
                stability REAL CHECK (stability IS NULL OR (stability >= 0.001 AND stability <= 1e9)),
                difficulty REAL CHECK (difficulty IS NULL OR (difficulty >= 1 AND difficulty <= 10)),
                due TEXT,
                last_review TEXT,
                reps INTEGER NOT NULL DEFAULT 0,
                lapses INTEGER NOT NULL DEFAULT 0,
                suspended INTEGER NOT NULL DEFAULT 0,
                buried_until TEXT,
                orphaned INTEGER NOT NULL DEFAULT 0,
                added_at TEXT NOT NULL
            )""",
            # due cards by (state, due), with the hide-flags so counting never touches the table;
            # new cards in the order they were added, i.e. (state, rowid)
            "CREATE INDEX cards_queue ON cards(state, due, suspended, orphaned, buried_until)",
            "CREATE INDEX cards_new ON cards(state)",
            "CREATE INDEX cards_deck ON cards(deck)",
            """CREATE TABLE reviews (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                card_id TEXT NOT NULL REFERENCES cards(id),
                rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                reviewed_at TEXT NOT NULL,
                duration_ms INTEGER,
                answer TEXT,
                correct INTEGER,
                state_before INTEGER NOT NULL,
                before TEXT NOT NULL
            )""",
            "CREATE INDEX reviews_card ON reviews(card_id, id)",
            "CREATE INDEX reviews_time ON reviews(reviewed_at)",
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
        ],
    ),
    (
        # the daily-limit count reads (reviewed_at, state_before) of today's reviews: a covering
        # index answers it from the index alone; it replaces reviews_time, whose prefix it is
        "0002-reviews-time-state-index",
        [
            "CREATE INDEX reviews_time_state ON reviews(reviewed_at, state_before)",
            "DROP INDEX reviews_time",
        ],
    ),
    (
        # results of papers taken with `drill exam take`, next to the review log they complement
        "0003-exam-results",
        [
            """CREATE TABLE exam_results (
                id INTEGER PRIMARY KEY,
                exam TEXT NOT NULL,
                variant TEXT NOT NULL,
                seed INTEGER,
                started_at TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                score REAL NOT NULL,
                total REAL NOT NULL,
                passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
                result TEXT NOT NULL
            )""",
            "CREATE INDEX exam_results_exam ON exam_results(exam, finished_at)",
        ],
    ),
    (
        # a card's siblings (the other cards of its fact) are buried when it is answered;
        # a leech is flagged in its own column, since a sync rewrites the deck's tags;
        # a reset card replays only the reviews after `reset_after` (a review id), so the
        # log keeps every answer and the state still follows from it
        "0004-siblings-leeches-resets",
        [
            "CREATE INDEX cards_fact ON cards(deck, fact)",
            "ALTER TABLE cards ADD COLUMN leech INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE cards ADD COLUMN reset_after INTEGER NOT NULL DEFAULT 0",
        ],
    ),
    (
        # named presets of per-deck settings (JSON overrides of the default settings) and
        # which deck uses which; a deck without a row uses the default settings
        "0005-deck-presets",
        [
            """CREATE TABLE presets (
                name TEXT PRIMARY KEY,
                settings TEXT NOT NULL
            )""",
            """CREATE TABLE deck_presets (
                deck TEXT PRIMARY KEY,
                preset TEXT NOT NULL REFERENCES presets(name) ON DELETE CASCADE
            )""",
        ],
    ),
    (
        # why the judge marked a typed answer right or wrong, kept with the answer (NULL: not judged)
        "0006-answer-judge-reason",
        ["ALTER TABLE reviews ADD COLUMN reason TEXT"],
    ),
    (
        # where a review was made when not in drill (``anki:<revlog id>`` for one brought in by
        # `drill import`): importing the same file again finds it and adds nothing
        "0007-reviews-origin",
        [
            "ALTER TABLE reviews ADD COLUMN origin TEXT",
            "CREATE UNIQUE INDEX reviews_origin ON reviews(card_id, origin) WHERE origin IS NOT NULL",
        ],
    ),
    (
        # the due date a review was given when the daily load moved it within its fuzz
        # range: replay cannot recompute that choice, so the log keeps it
        "0008-reviews-balanced-due",
        ["ALTER TABLE reviews ADD COLUMN due_after TEXT"],
    ),
    (
        # every change of the settings, a preset or a deck's preset, with its time, so the log is
        # replayed with the settings in force at each answer (see drill.store.settings_history);
        # a change counts for the answers after `after_review` (the highest review id issued when
        # it was made); what is in force when the history starts counts from the beginning
        "0009-settings-history",
        [
            """CREATE TABLE settings_history (
                id INTEGER PRIMARY KEY,
                changed_at TEXT NOT NULL,
                after_review INTEGER NOT NULL,
                scope TEXT NOT NULL,
                value TEXT
            )""",
            "INSERT INTO settings_history(changed_at, after_review, scope, value)"
            " SELECT '', 0, 'default', coalesce((SELECT json_group_object(key, json(value)) FROM"
            " (SELECT key, value FROM settings ORDER BY key)), '{}')",
            "INSERT INTO settings_history(changed_at, after_review, scope, value)"
            " SELECT '', 0, 'preset:' || name, settings FROM presets ORDER BY name",
            "INSERT INTO settings_history(changed_at, after_review, scope, value)"
            " SELECT '', 0, 'deck:' || deck, json_quote(preset) FROM deck_presets ORDER BY deck",
        ],
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def check_header(path: Path) -> None:
    """Refuse foreign, damaged or newer files before SQLite touches them."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(_("cannot read the store {path}: {reason}").format(path=path, reason=exc)) from None
    if not head:
        # an empty file is not a new store: it may be one that lost its contents
        raise StoreError(_("{path} is an empty file (0 bytes), not a drill store; if it held your reviews, "
                           "restore it from a backup, otherwise delete it and drill starts a new store").format(
            path=path))
    if not head.startswith(SQLITE_MAGIC[:len(head)]) or (len(head) >= 16 and not head.startswith(SQLITE_MAGIC)):
        raise StoreError(_("{path} is not a drill store (not an SQLite database); "
                           "use another file or move it away").format(path=path))
    size = path.stat().st_size
    page_size = int.from_bytes(head[16:18], "big") if len(head) >= 18 else 0
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big") if len(head) >= 32 else 0
    # another process checkpointing its write-ahead log writes page 1 (with the new size) before the pages
    # after it: while a -wal file exists, a short file is that moment, not a cut one, and SQLite reads the rest
    in_checkpoint = Path(f"{path}-wal").exists()
    if len(head) < 100 or (page_size and not in_checkpoint and (size < page_size * pages or size % page_size)):
        if len(head) >= 32 and pages:
            raise StoreError(_("{path} is truncated ({size} bytes, its header says {expected}): part of the store "
                               "is missing; restore it from a backup (a cut file cannot be repaired)").format(
                path=path, size=f"{size:,}", expected=f"{page_size * pages:,}"))
        raise StoreError(_("{path} is truncated ({size} bytes): part of the store is missing; "
                           "restore it from a backup (a cut file cannot be repaired)").format(
            path=path, size=f"{size:,}"))
    user_version = int.from_bytes(head[60:64], "big")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(_("{path} is an SQLite database of another program, not a drill store").format(path=path))
    if app_id == APPLICATION_ID and user_version > SCHEMA_VERSION:
        raise StoreError(_("{path} was written by a newer drill (schema {version}, this drill knows "
                           "{known}); upgrade drill. The file was not changed.").format(
            path=path, version=user_version, known=SCHEMA_VERSION))


def check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an open database that is another program's or a newer drill's."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StoreError(_("{path} is an SQLite database of another program, not a drill store").format(path=path))
    elif app_id != APPLICATION_ID:
        raise StoreError(_("{path} is an SQLite database of another program, not a drill store").format(path=path))
    elif version > SCHEMA_VERSION:
        # SQLite may already have folded a newer drill's journal into the file: do not claim it is untouched
        raise StoreError(_("{path} was written by a newer drill (schema {version}, this drill knows "
                           "{known}); upgrade drill, and do not use this file with this drill.").format(
            path=path, version=version, known=SCHEMA_VERSION))


def apply_migrations(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Apply the migrations not applied yet to the store ``conn`` (at ``path``); their names. Safe to repeat."""
    applied: list[str] = []
    for number, (name, statements) in enumerate(MIGRATIONS, start=1):
        if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
            continue
        with write_transaction(conn, path):
            # re-check under the write lock: another process may have just migrated
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                         (name, to_text(datetime.now(UTC))))
            conn.execute(f"PRAGMA user_version = {number}")
        applied.append(name)
    return applied
