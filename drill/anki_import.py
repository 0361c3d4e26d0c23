"""Bringing reviews made in Anki (on a phone) back into the store: ``drill import``.

Cards are matched by drill's ids, never by wording: every note drill exports
has a GUID that is a hash of the card id (``deck/fact/template[/part]``), or of
``deck/fact/cloze`` for a rule's cloze note, whose card ordinal N-1 is deletion
cN. So a note is drill's when its GUID is one the store's cards make, whatever
its text or note type (the .apkg and the CSV give the same GUIDs). Notes that
are not drill's are counted and reported, never guessed at.

Each of Anki's answers (learning, review, relearning; not manual reschedules
or filtered-deck previews) becomes a review in drill's log with its rating
(Anki's button: 1 Again … 4 Easy), time and duration, and origin
``anki:<revlog id>``, so importing the same file twice adds nothing. The
card's state is then rebuilt by replaying its merged log with drill's FSRS
settings. All of it is one transaction: a bad file or any failure leaves the
store as it was.

>>> from drill.store import Store  # doctest: +SKIP
>>> with Store() as store:  # doctest: +SKIP
...     report = import_anki(store, "collection.colpkg")
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .anki_package import (
    DEFAULT_LIMITS,
    ImportLimits,
    open_package,
    read_cards,
    read_notes,
    read_reviews,
)
from .exporting import DRILL_GUID_PREFIX, note_guid
from .scheduling import Rating

if TYPE_CHECKING:
    from .store import Store

@dataclass
class AnkiImportReport:
    """What one ``drill import`` found and did."""

    file: str
    notes: int = 0  # notes in the package
    drill_notes: int = 0  # notes matched to cards in the store
    other_notes: int = 0  # notes that are not drill's (left alone)
    unknown_drill_notes: int = 0  # drill's notes whose deck is not in the store (add it, then import again)
    answers: int = 0  # Anki answers on matched cards
    added: int = 0  # reviews added to drill's log
    already_there: int = 0  # reviews an earlier import brought in
    skipped: int = 0  # log entries that are no answer (manual reschedule, forget, preview)
    cards_updated: int = 0  # cards whose state was rebuilt
    leeches: int = 0  # cards the imported lapses made leeches
    unknown_decks: list[str] = field(default_factory=list)  # deck ids of the unknown drill notes, when known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _note_keys(card_ids: list[str]) -> dict[str, dict[int, str]]:
    """GUID → {Anki card ordinal → drill card id} for every card the store knows."""
    out: dict[str, dict[int, str]] = {}
    for card_id in card_ids:
        out.setdefault(note_guid(card_id), {})[0] = card_id
        parts = card_id.split("/")
        if len(parts) == 4 and parts[2] == "cloze" and parts[3].isdigit():
            out.setdefault(note_guid("/".join(parts[:3])), {})[int(parts[3]) - 1] = card_id
    return out


def _deck_of_unknown(fields: tuple[str, ...]) -> str | None:
    # drill's own note types hold the card id (first field) or fact id (last field of a cloze note)
    for value in (fields[0], fields[-1]) if fields else ():
        head = value.split("/", 1)[0]
        if "/" in value and head and len(value) < 400 and all(c.isalnum() or c == "-" for c in head):
            return head
    return None


def import_anki(store: Store, path: str | os.PathLike[str],
                progress: Callable[[int, int], None] | None = None, *,
                now: datetime | None = None, limits: ImportLimits = DEFAULT_LIMITS) -> AnkiImportReport:
    """Merge the Anki reviews in the package at ``path`` into ``store``; see the module docs.

    ``progress(done, total)`` is called as cards are merged (for a progress bar).
    Raises :class:`~drill.anki_package.AnkiPackageError` for a file that is no
    readable Anki package, or one past ``limits`` or with a review log entry
    that cannot be (a time after ``now``, default the clock, a value of the wrong
    type); the store is then untouched.
    """
    from .store import ExternalReview

    report = AnkiImportReport(file=os.fspath(path))
    keys = _note_keys(store.known_card_ids())
    unknown_decks: set[str] = set()
    with open_package(Path(path), limits) as conn:
        note_cards: dict[int, dict[int, str]] = {}
        for note in read_notes(conn):
            report.notes += 1
            ords = keys.get(note.guid)
            if ords is not None:
                report.drill_notes += 1
                note_cards[note.id] = ords
            elif note.guid.startswith(DRILL_GUID_PREFIX):
                report.unknown_drill_notes += 1
                deck = _deck_of_unknown(note.fields)
                if deck:
                    unknown_decks.add(deck)
            else:
                report.other_notes += 1
        card_ids: dict[int, str] = {}
        for card in read_cards(conn):
            ords = note_cards.get(card.note_id)
            if ords is not None and card.ord in ords:
                card_ids[card.id] = ords[card.ord]
        reviews: list[ExternalReview] = []
        for entry in read_reviews(conn, now, limits):
            card_id = card_ids.get(entry.card_id)
            if card_id is None:
                continue
            if not entry.is_answer:
                report.skipped += 1
                continue
            reviews.append(ExternalReview(
                card_id, f"anki:{entry.id}", Rating(entry.ease),
                datetime.fromtimestamp(entry.id / 1000, UTC), entry.duration_ms))
    report.answers = len(reviews)
    report.unknown_decks = sorted(unknown_decks)
    total = len({r.card_id for r in reviews})
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    report.added, report.already_there, report.cards_updated = store.merge_reviews(reviews, step)
    report.leeches = store.last_merge_leeches
    return report


__all__ = ["DRILL_GUID_PREFIX", "AnkiImportReport", "import_anki"]
