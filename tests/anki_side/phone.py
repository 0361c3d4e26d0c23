"""A phone with Anki on it, for the tests: the official ``anki`` package driven by a JSON script.

Run as ``python phone.py COLLECTION`` with ``{"ids": [drill card ids…], "steps": […]}`` on
stdin; prints a JSON list with one result per step. Its own process, so the learner's time zone (``TZ``)
applies to Anki from the start (Anki reads the zone once per process). Steps:

- ``{"op": "import_apkg", "package": P}``: import a deck package with its scheduling and
  deck presets, as "Import any learning progress" and "Import deck presets" do
- ``{"op": "import_colpkg", "package": P}``: replace the collection with a collection package
- ``{"op": "fsrs_on"}``: turn FSRS on (the collection-wide switch in the deck options)
- ``{"op": "answer", "ratings": [3, 1, …]}``: answer that many cards from Anki's own queue
- ``{"op": "export_colpkg", "package": P}``: export the whole collection
- ``{"op": "report", "morning": ISO}``: every drill card's scheduling, the deck options,
  Anki's learner date for "today", and which drill cards are due at the moment ``morning``
- ``{"op": "next_states", "card": DRILL_ID}``: what each rating would do to the card
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path


def main() -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    path = Path(sys.argv[1])
    job = json.load(sys.stdin)
    steps, known = job["steps"], job["ids"]
    col = Collection(str(path))
    out = []
    for step in steps:
        op = step["op"]
        if op == "import_apkg":
            log = col.import_anki_package(ImportAnkiPackageRequest(
                package_path=step["package"],
                options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)))
            out.append({"new": len(log.log.new), "updated": len(log.log.updated)})
        elif op == "import_colpkg":
            from anki._backend import RustBackend

            col.close()
            RustBackend().import_collection_package(col_path=str(path), backup_path=step["package"], media_folder=str(
                path.with_suffix(".media")), media_db=str(path.with_suffix(".mdb")))
            col = Collection(str(path))
            out.append({"cards": col.card_count()})
        elif op == "fsrs_on":
            col.set_config("fsrs", True)
            out.append({})
        elif op == "answer":
            out.append(answer(col, step["ratings"]))
        elif op == "export_colpkg":
            col.export_collection_package(step["package"], include_media=False, legacy=False)
            col = Collection(str(path))
            out.append({})
        elif op == "report":
            out.append(report(col, datetime.fromisoformat(step["morning"]), known))
        elif op == "next_states":
            out.append(next_states(col, card_ids(col, known)[step["card"]]))
        else:
            raise SystemExit(f"unknown step {op!r}")
    col.close()
    json.dump(out, sys.stdout)


def card_ids(col, known: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """drill card id → Anki card id, matched by GUID and ordinal as ``drill import`` matches them."""
    from drill.anki_import import _note_keys

    keys = _note_keys(known)
    out = {}
    for cid, guid, ord_ in col.db.all("select c.id, n.guid, c.ord from cards c join notes n on n.id = c.nid"):
        drill_id = keys.get(guid, {}).get(ord_)
        if drill_id is not None:
            out[drill_id] = cid
    return out


def answer(col, ratings: list[int]) -> dict:  # type: ignore[no-untyped-def,type-arg]
    roots = [d for d in col.decks.all_names_and_ids() if "::" not in d.name and d.name != "Default"]
    col.decks.select(roots[0].id)
    done = []
    for i, rating in enumerate(ratings):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards
        if not queued:
            break
        card = col.get_card(queued[0].card.id)
        card.start_timer()
        card.timer_started -= 5 + i
        # the buttons 1–4 are Anki's ratings 0–3
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued[0].states, rating=rating - 1))
        done.append(card.id)
    return {"answered": done}


def report(col, morning: datetime, known: list[str]) -> dict:  # type: ignore[no-untyped-def,type-arg]
    timing = col.sched._timing_today()
    rollover = col.get_preferences().scheduling.rollover
    # today began at the rollover a day before the next day begins
    today = (datetime.fromtimestamp(timing.next_day_at - 86400).astimezone() - timedelta(hours=rollover)).date()
    morning_day = timing.days_elapsed + ((morning.astimezone() - timedelta(hours=rollover)).date() - today).days
    cards = {}
    due = []
    ids = card_ids(col, known)
    for drill_id, cid in ids.items():
        card = col.get_card(cid)
        state = card.memory_state
        cards[drill_id] = {
            "type": card.type, "queue": card.queue, "due": card.due, "ivl": card.ivl, "left": card.left,
            "reps": card.reps, "lapses": card.lapses,
            "stability": state.stability if state else None, "difficulty": state.difficulty if state else None,
            "revlog": col.db.scalar("select count() from revlog where cid = ? and ease > 0", cid),
            "due_date": (today + timedelta(days=card.due - timing.days_elapsed)).isoformat()
            if card.queue in (2, 3) else None,
            "tags": col.get_note(card.nid).tags,
        }
        if card.queue in (2, 3) and card.due <= morning_day or card.queue == 1 and card.due <= morning.timestamp():
            due.append(drill_id)
    configs = [c for c in col.decks.all_config() if c.get("name") == "drill"]
    return {"today": today.isoformat(), "cards": cards, "due": sorted(due),
            "fsrs": bool(col.get_config("fsrs", False)), "options": configs,
            "revlog": col.db.scalar("select count() from revlog where ease > 0")}


def next_states(col, cid: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from google.protobuf.json_format import MessageToDict

    states = col._backend.get_scheduling_states(cid)
    return {name: MessageToDict(getattr(states, name)) for name in ("again", "hard", "good", "easy")}


if __name__ == "__main__":
    main()
