"""Writing an .apkg with genanki, byte for byte reproducibly.

genanki's own ``Package.write_to_file`` stamps the zip entries with the wall
clock; here the collection database is written through genanki and zipped
with fixed entry dates, so the same cards and timestamp give the same bytes.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

from drill.atomic import atomic_path

from .notes import CSS, NoteSpec, NoteType, stable_id

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _model(note_type: NoteType) -> genanki.Model:
    if note_type.cloze:
        templates = [{"name": "填空", "qfmt": note_type.qfmt, "afmt": note_type.afmt}]
    else:
        templates = [{"name": "卡片", "qfmt": note_type.qfmt, "afmt": note_type.afmt}]
    return genanki.Model(
        note_type.model_id,
        note_type.name,
        fields=[{"name": f} for f in note_type.fields],
        templates=templates,
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def write_apkg(notes: list[NoteSpec], path: Path, timestamp: float) -> Path:
    """Write ``notes`` as an Anki package at ``path``; note/card ids count up from ``timestamp``."""
    # One genanki model per note type and one genanki deck per Anki deck: notes of a
    # type or deck share them (models and decks keep the order they first appear in).
    models: dict[str, genanki.Model] = {}
    decks: dict[int, genanki.Deck] = {}
    placed: dict[tuple[str, int], genanki.Deck] = {}

    def deck_for(name: str, deck_id: int) -> genanki.Deck:
        deck = placed.get((name, deck_id))
        if deck is None:
            # parents first, so every level of "Title::Topic" exists with a stable id
            parts = name.split("::")
            for depth in range(1, len(parts)):
                parent = "::".join(parts[:depth])
                pid = stable_id(f"deck/{parent}")
                if pid not in decks:
                    decks[pid] = genanki.Deck(pid, parent)
            if deck_id not in decks:
                decks[deck_id] = genanki.Deck(deck_id, name)
            deck = placed[(name, deck_id)] = decks[deck_id]
        return deck

    for spec in notes:
        note_type = spec.note_type
        model = models.get(note_type.key)
        if model is None:
            model = models[note_type.key] = _model(note_type)
        # genanki copies the tags into its own list; the fields it keeps, so they get a list of their own
        deck_for(spec.deck_name, spec.deck_id).add_note(
            genanki.Note(model=model, fields=list(spec.fields), tags=spec.tags, guid=spec.guid))
    for deck in decks.values():
        for model in models.values():
            deck.add_model(model)

    package = genanki.Package(list(decks.values()))
    fd, db_path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(db_path)
        try:
            # ids double as creation times in Anki; 0 is not a usable id
            package.write_to_db(conn.cursor(), timestamp, itertools.count(max(int(timestamp * 1000), 1)))
            conn.commit()
        finally:
            conn.close()
        # written atomically; a device or pipe is written through, never replaced
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in (("collection.anki2", Path(db_path).read_bytes()), ("media", b"{}")):
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
    finally:
        os.unlink(db_path)
    return path
