"""Bringing the store in line with deck files: new cards added, changed ones updated, gone ones orphaned."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..scheduling import require_utc
from .encoding import to_text

if TYPE_CHECKING:
    from .store import Store


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


def file_hash(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sync_decks(store: Store, paths: Sequence[str | os.PathLike[str]], now: datetime | None = None, *,
               language: str | None = None) -> list[SyncReport]:
    """Bring the store in line with decks: deck files, or ids of shipped decks.

    New cards are inserted, changed cards (content hash) get their new content and
    keep their scheduling, cards whose fact or template disappeared are kept as
    orphans with their history. A file unchanged since its last sync is not even
    parsed. Every deck is loaded before anything is written: a bad deck raises
    :class:`~drill.errors.DeckError` (in ``language``; default: the current one) and
    the store is left as it was. ``now`` (UTC; default: the system clock) is when
    new cards are added.
    """
    from ..catalog import deck_file
    from ..i18n import speaking

    with speaking(language):
        return _sync(store, [deck_file(p) for p in paths], require_utc(now or datetime.now(UTC)))


def _sync(store: Store, paths: list[Path], now: datetime) -> list[SyncReport]:
    plans: list[tuple[Path, str, Any, list[Any]]] = []
    reports: list[SyncReport] = []
    for raw in paths:
        path = Path(raw).resolve()
        try:
            digest = file_hash(path)
        except OSError:
            from ..loader import load_deck

            load_deck(raw)  # raises DeckError: no such file, a folder, unreadable
            raise
        known = store.deck_for_path(path)
        if known and known[1] == digest:
            reports.append(SyncReport(deck=known[0], path=str(path), skipped=True))
            continue
        from ..generate import make_cards
        from ..loader import load_deck

        deck = load_deck(raw)
        plans.append((path, digest, deck, make_cards(deck)))
    _refuse_shared_deck_ids(store, reports, plans)
    with store.write() as conn:
        for path, digest, deck, cards in plans:
            reports.append(_apply_sync(conn, path, digest, deck, cards, now))
    return reports


def _declares(path: Path, deck_id: str) -> bool:
    """Whether the file at ``path`` still exists and is a deck with id ``deck_id``."""
    from ..errors import DrillError
    from ..loader import load_deck

    if not path.is_file():
        return False
    try:
        return load_deck(path).deck == deck_id
    except DrillError:
        return False


def _refuse_shared_deck_ids(store: Store, skipped: list[SyncReport], plans: list[tuple[Path, str, Any, list[Any]]]
                            ) -> None:
    """Two files with one ``deck:`` id would orphan each other's cards on every sync: refuse before writing.

    A deck file that moved (its old file gone, or no longer that deck) is not a conflict.
    """
    from ..errors import DeckError, Problem

    owners: dict[str, Path] = {r.deck: Path(r.path) for r in skipped}
    problems = []
    for path, _digest, deck, _cards in plans:
        other = owners.get(deck.deck)
        if other is None:
            stored = store.deck_path(deck.deck)
            if stored is not None and stored.resolve() != path and _declares(stored, deck.deck):
                other = stored
        if other is not None and other != path:
            problems.append(Problem(
                _("deck id {deck} is also the id of {other}: two files with one deck id would orphan each "
                  "other's cards on every sync; give one of them another `deck:` id").format(
                    deck=repr(deck.deck), other=other),
                file=str(path), field="deck", code="duplicate-deck"))
        owners.setdefault(deck.deck, path)
    if problems:
        raise DeckError(problems)


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
