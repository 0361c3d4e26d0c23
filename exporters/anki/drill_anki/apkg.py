"""Writing an .apkg with genanki, byte for byte reproducibly.

genanki's own ``Package.write_to_file`` stamps the zip entries with the wall
clock; here the collection database is written through genanki and zipped
with fixed entry dates, so the same cards and timestamp give the same bytes.

Anki updates a note on import only when the package's modification time of
that note differs from (option "Always") or is newer than (default "If newer")
its own. With a fixed timestamp every note's time is the timestamp plus an
offset taken from a hash of its content (:func:`note_mod`), so it changes when,
and only when, the note changes; note types are stamped with the timestamp
plus :data:`~.notes.TEMPLATE_VERSION`, so a template change is always newer.
New cards get their position (``due``) from :func:`~.notes.positions`.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import genanki

from drill.exporting import atomic_path

from .notes import CSS, TEMPLATE_VERSION, NoteSpec, NoteType, stable_id

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

#: Content offsets stay within a day of the timestamp.
MOD_SPREAD = 86400


def note_mod(spec: NoteSpec, timestamp: float, fixed: bool) -> int:
    """The note's modification time: the timestamp, plus a content-derived offset when it is fixed."""
    if not fixed:
        return int(timestamp)
    return int(timestamp) + int(spec.content_key, 16) % MOD_SPREAD


class _Note(genanki.Note):
    """A genanki note written with its own modification time and new-card position.

    genanki stamps every note with the package's timestamp and every new card
    with position 0; drill's notes carry their own (see the module docs).
    """

    def __init__(self, *args: object, mod: int, positions: tuple[int, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.mod = mod
        self.due = positions[0] if positions else 0

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # type: ignore[no-untyped-def]
        super().write_to_db(cursor, self.mod, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        # genanki scans every field for tags it deems invalid; drill's fields are escaped deck
        # text plus drill's own well-formed markup (div, span, br, ol, li), so there is nothing to find
        return None


def _model(note_type: NoteType) -> genanki.Model:
    templates = [{"name": note_type.template_name, "qfmt": note_type.qfmt, "afmt": note_type.afmt}]
    return genanki.Model(
        note_type.model_id,
        note_type.name,
        fields=[{"name": f} for f in note_type.fields],
        templates=templates,
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=note_type.sort_field,
    )


def write_apkg(notes: list[NoteSpec], path: Path, timestamp: float, *, fixed: bool = True,
               descriptions: dict[str, str] | None = None,
               history: Any = None) -> Path:
    """Write ``notes`` as an Anki package at ``path``; note/card ids count up from ``timestamp``.

    ``fixed``: the timestamp was given (not the clock), so note times come from content.
    ``descriptions``: deck name → description (HTML) for the decks that have one.
    ``history``: the learner's drill history and preset to write in (see :mod:`.history`).
    """
    descriptions = descriptions or {}
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
                    decks[pid] = genanki.Deck(pid, parent, descriptions.get(parent, ""))
            if deck_id not in decks:
                decks[deck_id] = genanki.Deck(deck_id, name, descriptions.get(name, ""))
            deck = placed[(name, deck_id)] = decks[deck_id]
        return deck

    for spec in notes:
        note_type = spec.note_type
        model = models.get(note_type.key)
        if model is None:
            model = models[note_type.key] = _model(note_type)
        # genanki copies the tags into its own list; the fields it keeps, so they get a list of their own
        deck_for(spec.deck_name, spec.deck_id).add_note(
            _Note(model=model, fields=list(spec.fields), tags=spec.tags, guid=spec.guid,
                  mod=note_mod(spec, timestamp, fixed), positions=spec.positions))
    fd, db_path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(db_path)
        try:
            # ids double as creation times in Anki; 0 is not a usable id
            _write_collection(conn.cursor(), list(decks.values()), list(models.values()), timestamp,
                              itertools.count(max(int(timestamp * 1000), 1)),
                              int(timestamp) + (TEMPLATE_VERSION if fixed else 0))
            _stamp(conn, notes)
            if history is not None:
                _write_history(conn, notes, history)
            conn.commit()
        finally:
            conn.close()
        # written atomically; a device or pipe is written through, never replaced
        # deflate at level 1: a quarter of the collection's size at a third of level 6's cost
        # (a 10k-fact deck: 11.7 MB → 2.8 MB, against 2.4 MB at level 6)
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in (("collection.anki2", Path(db_path).read_bytes()), ("media", b"{}")):
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data, compresslevel=1)
    finally:
        os.unlink(db_path)
    return path


def _write_collection(cursor: sqlite3.Cursor, decks: list[genanki.Deck], models: list[genanki.Model],
                      timestamp: float, id_gen: Iterator[int], model_mod: int) -> None:
    """What ``genanki.Package.write_to_db`` writes, with the deck and note-type lists written once.

    genanki reads, extends and rewrites the collection's whole deck and note-type JSON once per
    deck, which for a deck with a few hundred topics costs more than its notes. The result is
    the same collection: every deck, every note type (its default deck the last deck, as genanki
    leaves it), then the notes deck by deck.
    """
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    all_decks = json.loads(decks_json)
    all_decks.update({str(d.deck_id): d.to_json() for d in decks})
    (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
    all_models = json.loads(models_json)
    last = decks[-1].deck_id if decks else 1
    all_models.update({str(m.model_id): m.to_json(timestamp, last) for m in models})
    for model in all_models.values():
        model["mod"] = model_mod  # a note type's time moves only with drill's template version
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(all_decks), json.dumps(all_models)))
    for deck in decks:
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


def _stamp(conn: sqlite3.Connection, notes: list[NoteSpec]) -> None:
    """Positions of the cards of notes with several (cloze), after genanki wrote them."""
    several = [spec for spec in notes if len(spec.positions) > 1]
    if several:
        note_ids = dict(conn.execute("SELECT guid, id FROM notes"))
        conn.executemany("UPDATE cards SET due = ? WHERE nid = ? AND ord = ?",
                         [(pos, note_ids[spec.guid], ord_)
                          for spec in several for pos, ord_ in zip(spec.positions, spec.ords(), strict=True)])


def _write_history(conn: sqlite3.Connection, notes: list[NoteSpec], history: Any) -> None:
    """Each card's drill history as Anki's own rows (its scheduling columns and review log), the
    learner's calendar (first day, rollover hour, UTC offset) and drill's preset as the decks' options."""
    # the log is the v2/v3 scheduler's (four buttons in learning too); a package without "schedVer"
    # is read as the old v1 scheduler's, whose learning answers Anki would renumber
    (conf_json, dconf_json, decks_json) = conn.execute("SELECT conf, dconf, decks FROM col").fetchone()
    conf = json.loads(conf_json)
    conf.update(schedVer=2, rollover=history.rollover, creationOffset=history.minutes_west)
    options = _deck_options(json.loads(dconf_json), history.settings, history.crt)
    decks = json.loads(decks_json)
    for deck in decks.values():
        if not deck.get("dyn"):
            deck["conf"] = options["id"]
    dconf = json.loads(dconf_json)
    dconf[str(options["id"])] = options
    conn.execute("UPDATE col SET crt = ?, conf = ?, dconf = ?, decks = ?",
                 (history.crt, json.dumps(conf), json.dumps(dconf), json.dumps(decks)))
    card_rows = {(guid, ord_): cid for cid, guid, ord_ in conn.execute(
        "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid")}
    for spec in notes:
        for card, ord_ in zip(spec.cards, spec.ords(), strict=True):
            h = history.cards.get(card.id)
            if h is None:
                continue
            cid = card_rows[(spec.guid, ord_)]
            conn.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
                         " left = ?, data = ? WHERE id = ?",
                         (h.type, h.queue, h.due, h.ivl, h.factor, h.reps, h.lapses, h.left, h.data, cid))
            conn.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                             [(a.revlog_id, cid, a.ease, a.ivl, a.last_ivl, a.factor, a.duration_ms, a.kind)
                              for a in h.answers])


def _deck_options(dconf: dict[str, Any], settings: Any, mtime: int) -> dict[str, Any]:
    """drill's preset as an Anki deck-options preset ("drill"), based on the package's default one.

    Its id and contents follow from the settings alone, so the same settings give the same
    preset (Anki adds a preset it does not have yet and leaves one it has alone).
    """
    options = json.loads(json.dumps(dconf.get("1") or next(iter(dconf.values()))))
    minutes = [round(s / 60, 4) for s in settings.learning_steps]
    relearn = [round(s / 60, 4) for s in settings.relearning_steps]
    fingerprint = json.dumps([list(settings.parameters), settings.desired_retention, minutes, relearn,
                              settings.new_per_day, settings.reviews_per_day, settings.maximum_interval])
    options.update(
        id=stable_id(f"preset/{fingerprint}"), name="drill", mod=mtime, usn=-1,
        fsrsParams6=[float(p) for p in settings.parameters], desiredRetention=settings.desired_retention,
    )
    options["new"] = {**options.get("new", {}), "delays": minutes, "perDay": settings.new_per_day}
    options["lapse"] = {**options.get("lapse", {}), "delays": relearn, "leechFails": settings.leech_threshold,
                        "leechAction": 0 if settings.leech_action == "suspend" else 1}
    options["rev"] = {**options.get("rev", {}), "perDay": settings.reviews_per_day,
                      "maxIvl": settings.maximum_interval}
    return options
