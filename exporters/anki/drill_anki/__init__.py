"""Anki (.apkg) exporter for drill.

One Anki note type per card type; a rule's deletions become one native cloze
note (one card per deletion); multiple choice and true/false need no
JavaScript (options on the front, the correct one marked on the back), so they
work on AnkiDroid and AnkiMobile; short typed answers use Anki's ``{{type:…}}``
and standard phrases are recalled, then revealed with their key points; each
topic is a subdeck ``Title::NN Topic`` numbered in handbook order. GUIDs and ids are hashes of drill's ids,
so re-importing after a wording edit updates notes in place and keeps history.

Options: ``timestamp=SECONDS`` (note/card times; fixed → byte-identical file,
and each note's time then follows its content, so import with "Update notes:
Always" to update exactly the edited notes; default ``SOURCE_DATE_EPOCH`` or
now), ``timestamp=version`` (the day the deck's date-like version names: a
later version updates every note under Anki's default import options, the same
version gives the same bytes), ``subdecks=0`` (one deck per drill deck).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from drill.errors import InputError, Problem
from drill.exporting import CONTRACT_VERSION, DeckBundle, check_options, collector_paused

OPTIONS = {
    "timestamp": "seconds since 1970 stamped on notes and cards, or 'version' (the deck's date-like version); "
                 "fixed → byte-identical file",
    "subdecks": "1 (default): a subdeck per topic; 0: one deck per drill deck",
    "history": "a drill store (or 1: the default store) whose review history and card states to write in",
}


def _flag(name: str, value: str) -> bool:
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise InputError(Problem(f"expected 0 or 1, got {value!r}", file=f"--option {name}"))


#: a date-like deck version: 2024.3, 2024.03.15, 2024-03-15 (a suffix such as "-2" or ".1" after the day ignored)
_DATED_VERSION = re.compile(r"\s*(\d{4})[.-](\d{1,2})(?:[.-](\d{1,2}))?(?:[.\-+]\w*)*\s*")


def version_timestamp(bundle: DeckBundle) -> float:
    """A timestamp from the decks' versions (the latest): the start (UTC) of the day the version names.

    Each release with a later version gets a later timestamp, at least a day later, so Anki's
    default "If newer" import updates every note (note times are the timestamp plus less than a
    day); the same version gives the same timestamp, so the same input gives the same bytes.
    """
    stamps = []
    for deck in bundle.decks:
        match = _DATED_VERSION.fullmatch(str(deck.version or ""))
        if match is None:
            raise InputError(Problem(
                f"timestamp=version needs a date-like deck version (2024.3, 2024.03.15 or 2024-03-15), "
                f"got {deck.version!r}", file="--option timestamp", fact=deck.deck, field="version"))
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            stamps.append(datetime(year, month, day, tzinfo=UTC).timestamp())
        except ValueError:
            raise InputError(Problem(f"deck version {deck.version!r} names no date", file="--option timestamp",
                                     fact=deck.deck, field="version")) from None
    return max(stamps) if stamps else 0.0


def _timestamp(options: Mapping[str, str], bundle: DeckBundle | None = None) -> tuple[float, bool]:
    """(timestamp, whether it was given) — a given one makes note times follow content."""
    raw = options.get("timestamp", os.environ.get("SOURCE_DATE_EPOCH"))
    if raw is None:
        return time.time(), False
    if raw.strip().lower() == "version" and bundle is not None:
        return version_timestamp(bundle), True
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise InputError(Problem(f"expected seconds since 1970 (a number ≥ 0), got {raw!r}",
                                 file="--option timestamp"))
    return value, True


def _history_store(value: str | None) -> str | None:
    """The store to read history from: None (no history), "" (the default store) or a path."""
    if value is None or value.strip().lower() in {"0", "false", "no", "off"}:
        return None
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return ""
    if not Path(value).is_file():
        raise InputError(Problem(f"no drill store at {value!r}", file="--option history"))
    return value


class AnkiExporter:
    """Writes a deck bundle as an Anki package (.apkg)."""

    name = "anki"
    description = "Anki package (.apkg): native cloze notes, subdeck per topic, stable GUIDs"
    suffix = ".apkg"
    accepts = frozenset({"deck"})
    contract_version = CONTRACT_VERSION

    def export(self, bundle: DeckBundle, path: Path, options: Mapping[str, str]) -> list[Path]:
        check_options(self.name, options, OPTIONS)
        timestamp, fixed = _timestamp(options, bundle)
        subdecks = _flag("subdecks", options.get("subdecks", "1"))
        store = _history_store(options.get("history"))

        def history_for(bundle: DeckBundle, timestamp: float):  # type: ignore[no-untyped-def]
            if store is None:
                return None
            from .history import read_history

            return read_history(store or None, [c.id for c in bundle.cards], timestamp)

        from .apkg import write_apkg
        from .notes import build_notes, deck_description, deck_name

        # An export makes a few objects per note and no reference cycles, but each
        # cyclic collection it triggers rescans the loaded deck and its cards: on a
        # 10,000-fact deck that was a fifth of the export time.
        with collector_paused():
            notes = build_notes(bundle.decks, bundle.cards, subdecks=subdecks)
            descriptions = {deck_name(d, None): deck_description(d) for d in bundle.decks}
            return [write_apkg(notes, Path(path), timestamp, fixed=fixed, descriptions=descriptions,
                               history=history_for(bundle, timestamp))]


exporter = AnkiExporter()

__all__ = ["OPTIONS", "AnkiExporter", "exporter"]
