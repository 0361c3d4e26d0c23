"""Bare genanki as comparator: write the same notes drill's Anki exporter wrote.

    python benchmarks/compare/genanki_side.py spec DRILL.apkg SPEC.json   # untimed
    python benchmarks/compare/genanki_side.py write SPEC.json OUT.apkg    # measured

``spec`` reads the package drill made (its notes with their fields, GUIDs and
tags, its note types with their templates and CSS, and the deck each note's
cards sit in), so the straightforward genanki script in ``write`` produces the
same notes, note types and decks — only the code that writes them differs.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def extract_spec(apkg: str, spec_path: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(apkg) as z:
            z.extract("collection.anki2", tmp)
        db = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            models_json, decks_json = db.execute("select models, decks from col").fetchone()
            models = json.loads(models_json)
            decks = json.loads(decks_json)
            note_deck = dict(db.execute("select nid, min(did) from cards group by nid"))
            notes = [
                {"mid": str(mid), "guid": guid, "fields": flds.split("\x1f"), "tags": tags.split(),
                 "deck": str(note_deck[nid])}
                for nid, mid, guid, flds, tags in db.execute("select id, mid, guid, flds, tags from notes order by id")
            ]
        finally:
            db.close()
    spec = {
        "models": {
            mid: {"name": m["name"], "type": m.get("type", 0), "css": m.get("css", ""),
                  "fields": [f["name"] for f in m["flds"]],
                  "templates": [{"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]} for t in m["tmpls"]]}
            for mid, m in models.items()
        },
        "decks": {did: d["name"] for did, d in decks.items() if did != "1"},
        "notes": notes,
    }
    Path(spec_path).write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return {"notes": len(notes), "models": len(spec["models"]), "decks": len(spec["decks"])}


def write(spec_path: str, out: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    start = time.perf_counter()
    import genanki  # part of the cost, as drill's exporter pays for its import too

    models = {
        mid: genanki.Model(
            int(mid), m["name"], fields=[{"name": f} for f in m["fields"]], templates=m["templates"],
            css=m["css"], model_type=genanki.Model.CLOZE if m["type"] == 1 else genanki.Model.FRONT_BACK,
        )
        for mid, m in spec["models"].items()
    }
    decks = {did: genanki.Deck(int(did), name) for did, name in spec["decks"].items()}
    for n in spec["notes"]:
        deck = decks.get(n["deck"]) or next(iter(decks.values()))
        deck.add_note(genanki.Note(model=models[n["mid"]], fields=n["fields"], guid=n["guid"], tags=n["tags"]))
    genanki.Package(list(decks.values())).write_to_file(out)
    seconds = time.perf_counter() - start
    print("BENCH_RESULT " + json.dumps({"seconds": seconds, "notes": len(spec["notes"])}))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "spec":
        print(json.dumps(extract_spec(args[0], args[1])))
    elif cmd == "write":
        write(args[0], args[1])
    else:
        raise SystemExit(f"unknown command {cmd}")
