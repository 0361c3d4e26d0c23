"""The phone's collection, kept when ``drill import`` reads it and written back merged.

Anki's deck-package import adds review history only for cards the collection does
not have yet and never changes an existing card's scheduling, so after the first
transfer (an ``.apkg`` exported with ``history=``) terminal reviews can only reach
the phone inside a whole collection. The flow:

1. on the phone, export the collection (``.colpkg``); ``drill import`` merges its
   reviews into the store and keeps a copy of it beside the store
   (``<store>.phone.colpkg``, with ``<store>.phone.json`` saying when);
2. ``drill export-collection OUT.colpkg`` writes that collection plus drill's
   reviews it does not hold yet, with each such card's scheduling as drill now
   has it (due days on the learner's days, in the collection's own calendar);
   notes of facts removed from the deck get the tag ``drill::removed`` and their
   cards are suspended;
3. the phone imports OUT.colpkg whole (it replaces the phone's collection).

Because step 3 replaces the phone's collection, step 2 is refused unless drill
imported the phone's collection after it last wrote one: otherwise reviews made on
the phone since then would be lost.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem
from .i18n import _

if TYPE_CHECKING:
    from .days import LearnerDay
    from .store import Store

#: the tag on notes whose fact is no longer in the deck
REMOVED_TAG = "drill::removed"

#: how far apart (ms) a review in the collection and one of drill's answers may be and still be one answer
_SAME_ANSWER_MS = 10


def kept_copy(store_path: Path) -> Path:
    """Where the phone's last imported collection is kept."""
    return store_path.with_name(store_path.name + ".phone.colpkg")


def _record(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".phone.json")


def _read_record(store_path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(_record(store_path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_record(store_path: Path, record: dict[str, Any]) -> None:
    from .atomic import write_text

    write_text(_record(store_path), json.dumps(record, sort_keys=True, indent=1) + "\n")


def keep(store_path: Path, package: Path, now: datetime) -> None:
    """Keep a copy of the phone's collection package just imported, and when it was imported."""
    from .atomic import copy_file

    copy_file(package, kept_copy(store_path))
    record = _read_record(store_path)
    record["imported_at"] = now.astimezone(UTC).isoformat()
    record["imported_from"] = str(package)
    _write_record(store_path, record)


@dataclass
class MergeReport:
    """What one merged collection package holds beyond the phone's collection."""

    path: str
    reviews_added: int = 0  # drill's reviews the phone's collection did not have
    cards_updated: int = 0  # cards whose scheduling now follows drill's log
    notes_removed: int = 0  # notes tagged drill::removed and suspended

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reviews_added": self.reviews_added, "cards_updated": self.cards_updated,
                "notes_removed": self.notes_removed}


def write_merged(store: Store, out: Path, now: datetime) -> MergeReport:
    """Write the phone's last imported collection merged with drill's newer reviews to ``out`` (.colpkg).

    Refused (an :class:`~drill.errors.InputError`, nothing written) unless the phone's
    collection was imported after drill last wrote one.
    """
    from .anki_history import history_from_store
    from .anki_import import _note_keys
    from .atomic import atomic_path
    from .days import LearnerDay

    copy = kept_copy(store.path)
    record = _read_record(store.path)
    if not copy.is_file() or "imported_at" not in record:
        raise InputError(Problem(_("drill has not imported the phone's collection yet: export it on the phone "
                                   "(.colpkg) and run `drill import` on it first"), file=str(out)))
    written = record.get("written_at")
    if written and written >= record["imported_at"]:
        raise InputError(Problem(_("import the phone's latest collection (.colpkg) first: drill wrote one for the "
                                   "phone at {written}, after it last imported the phone's").format(
                                       written=f"{datetime.fromisoformat(written).astimezone():%Y-%m-%d %H:%M}"),
                                 file=str(out)))
    from .anki_package import open_package

    with open_package(copy):
        pass  # a damaged or foreign copy is refused here, with the reader's message
    report = MergeReport(str(out))
    with tempfile.TemporaryDirectory(prefix="drill-merge-") as folder:
        db = Path(folder) / "collection.sqlite"
        with zipfile.ZipFile(copy) as zf:
            names = zf.namelist()
            chosen = next(n for n in ("collection.anki21b", "collection.anki21", "collection.anki2") if n in names)
            with zf.open(chosen) as src, open(db, "wb") as dst:
                if chosen.endswith("b"):
                    import zstandard

                    zstandard.ZstdDecompressor().copy_stream(src, dst)
                else:
                    shutil.copyfileobj(src, dst)
            others = {n: zf.read(n) for n in names if n != chosen}
        conn = sqlite3.connect(db, isolation_level=None)
        # Anki's own collation for tag and deck names, so its indexes stay usable
        conn.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
        try:
            conn.execute("BEGIN")
            _merge(conn, store, now, report, history_from_store, _note_keys, LearnerDay)
            conn.execute("COMMIT")
        finally:
            conn.close()
        with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf_out:
            data = db.read_bytes()
            if chosen.endswith("b"):
                import zstandard

                data = zstandard.ZstdCompressor().compress(data)
            zf_out.writestr(chosen, data)
            for name, content in others.items():
                zf_out.writestr(name, content)
    record["written_at"] = now.astimezone(UTC).isoformat()
    _write_record(store.path, record)
    return report


def _merge(conn: sqlite3.Connection, store: Store, now: datetime, report: MergeReport,
           history_from_store: Any, note_keys: Any, learner_day: Any) -> None:
    keys = note_keys(store.known_card_ids())
    cards: dict[str, int] = {}
    notes: dict[str, int] = {}
    for cid, nid, guid, ord_ in conn.execute("SELECT c.id, c.nid, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid"):
        drill_id = keys.get(guid, {}).get(ord_)
        if drill_id is not None:
            cards[drill_id] = cid
            notes[drill_id] = nid
    today_number = _collection_today(conn, store, now, learner_day)
    history = history_from_store(store, list(cards), now.timestamp())
    day = learner_day(history.rollover)
    today = day.date(now)
    start_day = day.date(datetime.fromtimestamp(history.crt, UTC))
    revlog_ids = {r[0] for r in conn.execute("SELECT id FROM revlog")}
    mtime = int(now.timestamp())
    for drill_id, h in history.cards.items():
        cid = cards[drill_id]
        theirs = conn.execute("SELECT id, ease FROM revlog WHERE cid = ?", (cid,)).fetchall()
        fresh = []
        for a in h.answers:
            if a.origin and a.origin.startswith("anki:") and int(a.origin[5:]) in revlog_ids:
                continue
            if any(abs(rid - a.revlog_id) <= _SAME_ANSWER_MS and ease == a.ease for rid, ease in theirs):
                continue
            fresh.append(a)
        if not fresh:
            continue
        for a in fresh:
            rid = a.revlog_id
            while rid in revlog_ids:
                rid += 1
            revlog_ids.add(rid)
            conn.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                         " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                         (rid, cid, a.ease, a.ivl, a.last_ivl, a.factor, a.duration_ms, a.kind))
        report.reviews_added += len(fresh)
        # the due day in the collection's own count of days (review) or a time (learning)
        due = h.due
        if h.type == 2:
            due = today_number + (start_day + timedelta(days=h.due) - today).days
        conn.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
                     " left = ?, data = ?, odue = 0, odid = 0, mod = ?, usn = -1 WHERE id = ?",
                     (h.type, h.queue, due, h.ivl, h.factor, h.reps, h.lapses, h.left, h.data, mtime, cid))
        report.cards_updated += 1
    removed = {r[0] for r in store.conn.execute("SELECT id FROM cards WHERE orphaned = 1")}
    tagged: set[int] = set()
    for drill_id in removed & set(cards):
        nid = notes[drill_id]
        conn.execute("UPDATE cards SET queue = -1, mod = ?, usn = -1 WHERE id = ?", (mtime, cards[drill_id]))
        if nid in tagged:
            continue
        (tags,) = conn.execute("SELECT tags FROM notes WHERE id = ?", (nid,)).fetchone()
        if REMOVED_TAG not in tags.split():
            conn.execute("UPDATE notes SET tags = ?, mod = ?, usn = -1 WHERE id = ?",
                         (f" {' '.join([*tags.split(), REMOVED_TAG])} ", mtime, nid))
        tagged.add(nid)
    if tagged:
        report.notes_removed = len(tagged)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'tags'").fetchone():
            conn.execute("INSERT OR IGNORE INTO tags (tag, usn, collapsed, config) VALUES (?, -1, 0, NULL)",
                         (REMOVED_TAG,))
    conn.execute("UPDATE col SET mod = ?", (int(now.timestamp() * 1000),))


def _collection_today(conn: sqlite3.Connection, store: Store, now: datetime,
                      learner_day: type[LearnerDay]) -> int:
    """The collection's number for today (days since its creation day), as Anki counts them.

    Anki counts learner days from the creation day: the calendar dates of creation and
    of now in local time, less one before the rollover hour (a collection without a
    recorded creation offset counts whole days from its creation at the rollover).
    """
    (crt,) = conn.execute("SELECT crt FROM col").fetchone()
    config = _config(conn)
    rollover = int(config.get("rollover", 4))
    offset = config.get("creationOffset")
    day = learner_day(rollover)
    if offset is None:
        local = datetime.fromtimestamp(int(crt)).astimezone()
        start = local.replace(hour=rollover, minute=0, second=0, microsecond=0)
        return max(0, int((now - start).total_seconds() // 86400))
    created = datetime.fromtimestamp(int(crt), timezone(-timedelta(minutes=int(offset)))).date()
    return max(0, (day.date(now) - created).days)


def _config(conn: sqlite3.Connection) -> dict[str, Any]:
    """The collection's settings: the ``config`` table (schema 18), else ``col.conf`` (older)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'config'").fetchone():
        out = {}
        for key, value in conn.execute("SELECT key, val FROM config"):
            try:
                out[key] = json.loads(bytes(value))
            except ValueError:
                continue
        return out
    (conf,) = conn.execute("SELECT conf FROM col").fetchone()
    return dict(json.loads(conf or "{}"))


__all__ = ["REMOVED_TAG", "MergeReport", "keep", "kept_copy", "write_merged"]
