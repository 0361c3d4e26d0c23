"""The review store: one SQLite file holding cards, their scheduling state and the review log.

The review log (``reviews``) is the truth and is append-only; the scheduling
columns of ``cards`` are a cache that :func:`drill.scheduling.replay` rebuilds from
it. Each answer is one ``BEGIN IMMEDIATE`` transaction writing the log row and the
new state together, so a crash loses at most the answer in flight and two
processes answering at once never lose one.

>>> store = Store(":memory:")  # doctest: +SKIP
>>> store.settings().desired_retention  # doctest: +SKIP
0.9
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import StoreError
from .scheduling import CardState, LoggedReview, Rating, Settings, State, require_utc, schedule

#: ``PRAGMA application_id`` of every drill store ("DRIL"); a file with another id is not ours.
APPLICATION_ID = 0x4452494C
_SQLITE_MAGIC = b"SQLite format 3\x00"

#: How far ahead a learning card may be shown early when nothing else is due (as Anki does).
LEARN_AHEAD = timedelta(minutes=20)

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
]
SCHEMA_VERSION = len(MIGRATIONS)

_STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
_SELECT_STATE = f"SELECT {', '.join(_STATE_COLUMNS)} FROM cards WHERE id = ?"
_UPDATE_STATE = f"UPDATE cards SET {', '.join(c + ' = ?' for c in _STATE_COLUMNS)} WHERE id = ?"
SETTING_KEYS = tuple(f.name for f in fields(Settings))


def default_store_path() -> Path:
    """``$DRILL_HOME/drill.db``, or ``drill.db`` in the user data dir."""
    home = os.environ.get("DRILL_HOME")
    if home:
        return Path(home) / "drill.db"
    from platformdirs import user_data_dir

    return Path(user_data_dir("drill", appauthor=False)) / "drill.db"


def to_text(moment: datetime | None) -> str | None:
    """A UTC datetime as fixed-width ISO text (sorts as it should, keeps microseconds)."""
    if moment is None:
        return None
    # isoformat is several times cheaper than strftime and this runs on every answer;
    # after require_utc the offset suffix is always "+00:00"
    return require_utc(moment, "time").isoformat(timespec="microseconds")[:-6] + "Z"


def from_text(text: str | None) -> datetime | None:
    """The inverse of :func:`to_text` (a UTC-aware datetime)."""
    if text is None:
        return None
    if len(text) != 27 or text[-1] != "Z":
        # fromisoformat alone would also take other shapes; the store only ever holds this one
        raise ValueError(f"not a stored time: {text!r}")
    return datetime.fromisoformat(text)


def _state_from_row(row: Sequence[Any]) -> CardState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return CardState(State(state), step, stability, difficulty, from_text(due), from_text(last_review), reps, lapses)


def _state_values(s: CardState) -> tuple[Any, ...]:
    for value in (s.stability, s.difficulty):
        if value is not None and not math.isfinite(value):
            raise StoreError(f"refusing to store a non-finite scheduling value: {s}")
    return (int(s.state), s.step, s.stability, s.difficulty, to_text(s.due), to_text(s.last_review), s.reps, s.lapses)


def _state_json(s: CardState) -> str:
    # built by hand: dataclasses.asdict deep-copies the datetimes, a measurable cost per answer
    return json.dumps({"state": int(s.state), "step": s.step, "stability": s.stability,
                       "difficulty": s.difficulty, "due": to_text(s.due), "last_review": to_text(s.last_review),
                       "reps": s.reps, "lapses": s.lapses})


def _state_from_json(text: str) -> CardState:
    d = json.loads(text)
    return CardState(State(d["state"]), d["step"], d["stability"], d["difficulty"], from_text(d["due"]),
                     from_text(d["last_review"]), d["reps"], d["lapses"])


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which cards a session draws from (empty = everything)."""

    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def sql(self) -> tuple[str, list[Any]]:
        clauses, args = [], []
        for column, values in (("deck", self.decks), ("topic", self.topics)):
            if values:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                args.extend(values)
        if self.tags:
            clauses.append(
                f"EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE value IN ({','.join('?' * len(self.tags))}))"
            )
            args.extend(self.tags)
        return "".join(f" AND {c}" for c in clauses), args


@dataclass(frozen=True, slots=True)
class QueuedCard:
    id: str
    state: State


@dataclass(frozen=True, slots=True)
class Answer:
    """What one answer wrote: the log row id and the states around it."""

    review_id: int
    card_id: str
    rating: Rating
    before: CardState
    after: CardState


@dataclass
class SyncReport:
    """What syncing one deck file did."""

    deck: str
    path: str
    skipped: bool = False
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    revived: int = 0
    orphaned: list[str] = field(default_factory=list)


class Store:
    """An open review store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0):
        self.path = Path(path) if path is not None else default_store_path()
        memory = str(path) == ":memory:"
        if not memory:
            self._check_header(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(
                ":memory:" if memory else os.fspath(self.path), timeout=timeout, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            self._check_identity()
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is damaged or not a drill store ({exc}); "
                             "run `drill doctor` or move the file away") from None
        except StoreError:
            self.conn.close()
            raise
        # Caches for the answer loop, valid while _cache_key() is unchanged, i.e. while no
        # other connection committed (data_version) and this one wrote nothing (total_changes)
        # except through the methods that keep them up to date.
        self._cache_key_seen: tuple[int, int] | None = None
        self._settings_cache: Settings | None = None
        self._day_counts: tuple[str, int, int] | None = None  # (day start text, new, review)
        # (card id, raw state row, parsed state) of the last card read or answered: the
        # state is read twice per card (to show it, then under the write lock to answer it)
        self._state_memo: tuple[str, tuple[Any, ...], CardState] | None = None

    # -- opening ---------------------------------------------------------------------------

    @staticmethod
    def _check_header(path: Path) -> None:
        """Refuse foreign, damaged or newer files before SQLite touches them."""
        try:
            with path.open("rb") as fh:
                head = fh.read(100)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot read the store {path}: {exc}") from None
        if not head:
            return
        if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
            raise StoreError(f"{path} is not a drill store (not an SQLite database); "
                             "pass another file with --db or move it away")
        user_version = int.from_bytes(head[60:64], "big")
        app_id = int.from_bytes(head[68:72], "big")
        if app_id not in (0, APPLICATION_ID):
            raise StoreError(f"{path} is an SQLite database of another program, not a drill store")
        if app_id == APPLICATION_ID and user_version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer drill (schema {user_version}, this drill knows "
                f"{SCHEMA_VERSION}); upgrade drill. The file was not changed."
            )

    def _check_identity(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == 0:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path} is an SQLite database of another program, not a drill store")
        elif app_id != APPLICATION_ID:
            raise StoreError(f"{self.path} is an SQLite database of another program, not a drill store")
        elif version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer drill (schema {version}); upgrade drill. "
                             "The file was not changed.")

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet; returns their names. Safe to call again."""
        applied: list[str] = []
        for number, (name, statements) in enumerate(MIGRATIONS, start=1):
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue
            with self.write():
                # re-check under the write lock: another process may have just migrated
                if self.conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                    continue
                for sql in statements:
                    self.conn.execute(sql)
                self.conn.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                                  (name, to_text(datetime.now(UTC))))
                self.conn.execute(f"PRAGMA user_version = {number}")
            applied.append(name)
        return applied

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
            return False
        return True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): all of it is kept, or none."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the store {self.path} is busy or read-only: {exc}") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- exam results ----------------------------------------------------------------------

    def record_exam_result(self, result: dict[str, Any]) -> int:
        """Keep the result of a paper taken in the terminal (the whole record as JSON); its row id."""
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO exam_results (exam, variant, seed, started_at, finished_at, score, total, passed,"
                " result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result["exam"], result["variant"], result.get("seed"), result["started_at"],
                 result["finished_at"], result["score"], result["total"], int(bool(result["passed"])),
                 json.dumps(result, ensure_ascii=False, sort_keys=True)),
            )
            return int(cur.lastrowid or 0)

    def exam_results(self, exam: str | None = None) -> list[dict[str, Any]]:
        """Stored exam results, oldest first (of one exam if given)."""
        sql = "SELECT result FROM exam_results"
        args: tuple[str, ...] = ()
        if exam is not None:
            sql += " WHERE exam = ?"
            args = (exam,)
        return [json.loads(r[0]) for r in self.conn.execute(sql + " ORDER BY id", args)]

    # -- settings --------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The scheduling settings, defaults filled in."""
        if self._caches_valid() and self._settings_cache is not None:
            return self._settings_cache
        self._settings_cache = self._read_settings()
        return self._settings_cache

    def _read_settings(self) -> Settings:
        stored = {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM settings")}
        values: dict[str, Any] = {}
        for f in fields(Settings):
            if f.name in stored:
                v = stored[f.name]
                values[f.name] = tuple(v) if isinstance(v, list) else v
        return Settings(**values)

    def set_settings(self, **values: Any) -> Settings:
        """Validate and store settings (unknown keys are a ValueError)."""
        unknown = set(values) - set(SETTING_KEYS)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        new = replace(self.settings(), **values)
        if "parameters" in values:
            from .scheduling import check_parameters

            check_parameters(new.parameters)
        with self.write():
            for key in values:
                value = getattr(new, key)
                self.conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(list(value) if isinstance(value, tuple) else value)),
                )
        self._settings_cache = None
        return new

    # -- decks and cards -------------------------------------------------------------------

    def deck_for_path(self, path: str | os.PathLike[str]) -> tuple[str, str] | None:
        """(deck id, file hash) last synced from this file, if any."""
        row = self.conn.execute("SELECT id, file_hash FROM decks WHERE path = ? ORDER BY synced_at DESC LIMIT 1",
                                (os.fspath(Path(path).resolve()),)).fetchone()
        return (row[0], row[1]) if row else None

    def deck_path(self, deck_id: str) -> Path | None:
        row = self.conn.execute("SELECT path FROM decks WHERE id = ?", (deck_id,)).fetchone()
        return Path(row[0]) if row else None

    def decks(self) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT id, path, file_hash, title, synced_at FROM decks ORDER BY id")
        return [dict(zip(("id", "path", "file_hash", "title", "synced_at"), r)) for r in cur]

    def card_state(self, card_id: str) -> CardState:
        row = self.conn.execute(_SELECT_STATE, (card_id,)).fetchone()
        if row is None:
            from .errors import NotFoundError

            raise NotFoundError(f"no card {card_id!r} in the store")
        memo = self._state_memo
        # the row is always read; only parsing is skipped when it is exactly what was parsed before
        if memo is not None and memo[0] == card_id and memo[1] == row:
            return memo[2]
        state = _state_from_row(row)
        self._state_memo = (card_id, row, state)
        return state

    def card_content(self, card_id: str) -> dict[str, Any]:
        """The card as synced (prompt, answer, options …) as a plain dict."""
        row = self.conn.execute("SELECT content FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            from .errors import NotFoundError

            raise NotFoundError(f"no card {card_id!r} in the store")
        return json.loads(row[0])

    def card_flags(self, card_id: str) -> tuple[bool, str | None]:
        suspended, buried = self.conn.execute(
            "SELECT suspended, buried_until FROM cards WHERE id = ?", (card_id,)).fetchone()
        return bool(suspended), buried

    def reviews_for(self, card_id: str) -> list[LoggedReview]:
        """The card's review log in the order it was written."""
        cur = self.conn.execute(
            "SELECT id, rating, reviewed_at, duration_ms, answer, correct FROM reviews WHERE card_id = ? ORDER BY id",
            (card_id,),
        )
        return [
            LoggedReview(Rating(r[1]), from_text(r[2]),  # type: ignore[arg-type]
                         {"id": r[0], "duration_ms": r[3], "answer": r[4], "correct": r[5]})
            for r in cur
        ]

    # -- queue -----------------------------------------------------------------------------

    def _base(self, now: datetime, flt: QueueFilter) -> tuple[str, list[Any]]:
        extra, args = flt.sql()
        return ("suspended = 0 AND orphaned = 0 AND (buried_until IS NULL OR buried_until <= ?)" + extra,
                [to_text(now), *args])

    def introduced_since(self, day_start: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state answers) since ``day_start``."""
        since = to_text(day_start)
        counts = self._day_counts
        if self._caches_valid() and counts is not None and counts[0] == since:
            return counts[1], counts[2]
        row = self.conn.execute(
            "SELECT sum(state_before = 0), sum(state_before = 2) FROM reviews WHERE reviewed_at >= ?",
            (since,),
        ).fetchone()
        new, review = int(row[0] or 0), int(row[1] or 0)
        self._day_counts = (since, new, review)
        return new, review

    def queue(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(), *,
              limit: int = 50, new_limit: int | None = None, exclude: Iterable[str] = ()) -> list[QueuedCard]:
        """The next cards to show, in order: due (re)learning, due reviews, then new cards.

        Indexed queries with LIMIT: the cost does not grow with the store.
        ``new_limit`` overrides the daily new-card limit from the settings.
        """
        settings = self.settings()
        new_today, reviews_today = self.introduced_since(day_start)
        new_left = max(0, (settings.new_per_day if new_limit is None else new_limit) - new_today)
        reviews_left = max(0, settings.reviews_per_day - reviews_today)
        where, args = self._base(now, flt)
        now_text = args[0]
        skip = tuple(exclude)
        not_in = f" AND id NOT IN ({','.join('?' * len(skip))})" if skip else ""
        out: list[QueuedCard] = []
        parts = [
            ("state IN (1, 3) AND due <= ?", [now_text], limit, "due"),
            ("state = 2 AND due <= ?", [now_text], min(limit, reviews_left), "due"),
            ("state = 0", [], min(limit, new_left), "rowid"),
            # nothing else left: learning cards due soon may be shown early
            ("state IN (1, 3) AND due > ? AND due <= ?", None, limit, "due"),
        ]
        for i, (cond, cond_args, n, order) in enumerate(parts):
            if len(out) >= limit or n <= 0 or (i == 3 and out):
                continue
            if cond_args is None:
                cond_args = [now_text, to_text(now + LEARN_AHEAD)]
            rows = self.conn.execute(
                f"SELECT id, state FROM cards WHERE {cond} AND {where}{not_in} ORDER BY {order} LIMIT ?",
                [*cond_args, *args, *skip, min(n, limit - len(out))],
            ).fetchall()
            out.extend(QueuedCard(r[0], State(r[1])) for r in rows)
        return out

    def due_counts(self, now: datetime, day_start: datetime, flt: QueueFilter = QueueFilter(),
                   new_limit: int | None = None) -> dict[str, int]:
        """How many cards are waiting now: learning, review (capped by the daily limit), new (capped)."""
        settings = self.settings()
        new_today, reviews_today = self.introduced_since(day_start)
        where, args = self._base(now, flt)
        new_cap = max(0, (settings.new_per_day if new_limit is None else new_limit) - new_today)
        review_cap = max(0, settings.reviews_per_day - reviews_today)

        def count(cond: str, cond_args: list[Any], cap: int) -> int:
            return self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE {cond} AND {where} LIMIT ?)",
                [*cond_args, *args, cap]).fetchone()[0]

        return {
            "learning": count("state IN (1, 3) AND due <= ?", [to_text(now + LEARN_AHEAD)], 1_000_000),
            "review": count("state = 2 AND due <= ?", [to_text(now)], review_cap),
            "new": count("state = 0", [], new_cap),
        }

    # -- answering -------------------------------------------------------------------------

    def answer(self, card_id: str, rating: Rating | int, now: datetime, *, duration_ms: int | None = None,
               answer: str | None = None, correct: bool | None = None,
               settings: Settings | None = None) -> Answer:
        """Record one answer: the log row and the new state, in one transaction."""
        rating = Rating(rating)
        now = require_utc(now)
        settings = settings or self.settings()
        reviewed_at = to_text(now)
        # schedule before taking the write lock, so it is held for less time (another process
        # answering gets its turn sooner); schedule is pure, so the plan stands if the state
        # read again under the lock is the same
        seen = self.card_state(card_id)
        planned = schedule(seen, rating, now, settings, card_id)
        with self.write() as conn:
            # under the write lock no other connection can commit: if the caches hold now,
            # they hold after this transaction plus what it adds
            caches_valid = self._caches_valid()
            # read the state under the write lock so a concurrent answer is never lost
            before = self.card_state(card_id)
            after = planned if before == seen else schedule(before, rating, now, settings, card_id)
            values = _state_values(after)
            cur = conn.execute(
                "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct, state_before, before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, int(rating), reviewed_at, duration_ms, answer,
                 None if correct is None else int(correct), int(before.state), _state_json(before)),
            )
            conn.execute(_UPDATE_STATE, (*values, card_id))
            review_id = int(cur.lastrowid)  # type: ignore[arg-type]
        self._state_memo = (card_id, values, after)
        if caches_valid:
            counts = self._day_counts
            if counts is not None and reviewed_at >= counts[0]:
                self._day_counts = (counts[0], counts[1] + (before.state is State.NEW),
                                    counts[2] + (before.state is State.REVIEW))
            self._cache_key_seen = self._cache_key()
        return Answer(review_id, card_id, rating, before, after)

    def undo(self, review_id: int) -> CardState:
        """Delete review ``review_id`` and restore the state it replaced.

        Only the latest answer of a card can be undone (a later one was built on it).
        """
        with self.write() as conn:
            row = conn.execute("SELECT card_id, before FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise StoreError(f"review {review_id} does not exist (already undone?)")
            card_id, before_json = row
            latest = conn.execute("SELECT max(id) FROM reviews WHERE card_id = ?", (card_id,)).fetchone()[0]
            if latest != review_id:
                raise StoreError(f"review {review_id} is not the latest answer of {card_id}; cannot undo it")
            before = _state_from_json(before_json)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            conn.execute(_UPDATE_STATE, (*_state_values(before), card_id))
        # the daily counts are recounted on next use (total_changes moved on)
        return before

    def set_suspended(self, card_id: str, suspended: bool = True) -> None:
        with self.write() as conn:
            conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))

    def set_buried(self, card_id: str, until: datetime | None) -> None:
        """Hide a card until ``until`` (None unburies it)."""
        with self.write() as conn:
            conn.execute("UPDATE cards SET buried_until = ? WHERE id = ?", (to_text(until), card_id))

    def rebuild(self, card_id: str, settings: Settings | None = None) -> CardState:
        """Replace a card's cached state with the replay of its review log."""
        from .scheduling import replay

        with self.write() as conn:
            state = replay(card_id, self.reviews_for(card_id), settings or self.settings())
            conn.execute(f"UPDATE cards SET {', '.join(c + ' = ?' for c in _STATE_COLUMNS)} WHERE id = ?",
                         (*_state_values(state), card_id))
        return state

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


# -- sync ------------------------------------------------------------------------------------

def file_hash(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sync_decks(store: Store, paths: Sequence[str | os.PathLike[str]], now: datetime) -> list[SyncReport]:
    """Bring the store in line with deck files.

    New cards are inserted, changed cards (content hash) get their new content and
    keep their scheduling, cards whose fact or template disappeared are kept as
    orphans with their history. A file unchanged since its last sync is not even
    parsed. Every deck is loaded before anything is written: a bad deck raises
    :class:`~drill.errors.DeckError` and the store is left as it was.
    """
    now = require_utc(now)
    plans: list[tuple[Path, str, Any, list[Any]]] = []
    reports: list[SyncReport] = []
    for raw in paths:
        path = Path(raw).resolve()
        digest = file_hash(path)
        known = store.deck_for_path(path)
        if known and known[1] == digest:
            reports.append(SyncReport(deck=known[0], path=str(path), skipped=True))
            continue
        from .generate import make_cards
        from .loader import load_deck

        deck = load_deck(raw)
        plans.append((path, digest, deck, make_cards(deck)))
    with store.write() as conn:
        for path, digest, deck, cards in plans:
            reports.append(_apply_sync(conn, path, digest, deck, cards, now))
    return reports


def _apply_sync(conn: sqlite3.Connection, path: Path, digest: str, deck: Any, cards: list[Any],
                now: datetime) -> SyncReport:
    report = SyncReport(deck=deck.deck, path=str(path))
    existing = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT id, content_hash, orphaned FROM cards WHERE deck = ?", (deck.deck,))}
    stamp = to_text(now)
    inserts, updates = [], []
    for card in cards:
        content = json.dumps(card.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        row = (card.deck, card.fact, card.template, card.type.value, card.content_hash, content, card.topic,
               json.dumps(list(card.tags), ensure_ascii=False))
        old = existing.get(card.id)
        if old is None:
            inserts.append((card.id, *row, stamp))
            report.added += 1
        elif old[0] != card.content_hash or old[1]:
            updates.append((*row, card.id))
            if old[1]:
                report.revived += 1
            else:
                report.changed += 1
        else:
            report.unchanged += 1
    conn.executemany(
        "INSERT INTO cards(id, deck, fact, template, type, content_hash, content, topic, tags, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
    conn.executemany(
        "UPDATE cards SET deck = ?, fact = ?, template = ?, type = ?, content_hash = ?, content = ?, topic = ?,"
        " tags = ?, orphaned = 0 WHERE id = ?", updates)
    current = {c.id for c in cards}
    gone = sorted(cid for cid, (_, orphaned) in existing.items() if cid not in current and not orphaned)
    conn.executemany("UPDATE cards SET orphaned = 1 WHERE id = ?", [(cid,) for cid in gone])
    report.orphaned = gone
    conn.execute(
        "INSERT INTO decks(id, path, file_hash, title, synced_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET path = excluded.path, file_hash = excluded.file_hash,"
        " title = excluded.title, synced_at = excluded.synced_at",
        (deck.deck, str(path), digest, deck.title, stamp),
    )
    return report


__all__ = [
    "APPLICATION_ID",
    "LEARN_AHEAD",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Answer",
    "QueueFilter",
    "QueuedCard",
    "Store",
    "SyncReport",
    "default_store_path",
    "file_hash",
    "from_text",
    "sync_decks",
    "to_text",
]
