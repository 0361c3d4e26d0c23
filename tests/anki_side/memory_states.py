"""Anki's own view of a review log: run as a script with the official ``anki`` package.

Reads JSON on stdin (FSRS parameters, desired retention, steps, rollover hour, and per
card its review log as Anki's revlog rows), builds a fresh collection with FSRS turned
on through Anki's deck options (with "reschedule cards on change"), and prints per card
the memory state and due day Anki computed. Run in its own process so the time zone
(``TZ``) and ``ANKI_TEST_MODE`` (Anki's switch that turns its fuzz off) apply from the start.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path


def main() -> None:
    from anki.collection import Collection
    from anki.deck_config_pb2 import UpdateDeckConfigsMode

    job = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        prefs = col.get_preferences()
        prefs.scheduling.rollover = job["rollover"]
        col.set_preferences(prefs)
        did = col.decks.id("parity")
        model = col.models.by_name("Basic")
        ids = {}
        for card in job["cards"]:
            note = col.new_note(model)
            note["Front"] = card["id"]
            col.add_note(note, did)
            cid = note.cards()[0].id
            ids[card["id"]] = cid
            col.db.execute("update cards set type = ?, queue = ?, ivl = ?, due = ?, reps = ?, lapses = ?, left = ?"
                           " where id = ?", card["ctype"], card["ctype"] if card["ctype"] != 3 else 1,
                           card.get("ivl", 0), card.get("due", 0), len(card["revlog"]), card.get("lapses", 0),
                           card.get("left", 0), cid)
            for ms, ease, kind in card["revlog"]:
                col.db.execute("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                               " values (?, ?, -1, ?, 0, 0, 0, 1000, ?)", ms, cid, ease, kind)
        update = col.decks.get_deck_configs_for_update(did)
        config = update.all_config[0].config
        config.config.fsrs_params_6[:] = job["parameters"]
        config.config.desired_retention = job["desired_retention"]
        config.config.learn_steps[:] = job["learn_steps"]
        config.config.relearn_steps[:] = job["relearn_steps"]
        config.config.maximum_review_interval = job["maximum_interval"]
        col._backend.update_deck_configs(
            target_deck_id=did, configs=[config], removed_config_ids=[],
            mode=UpdateDeckConfigsMode.UPDATE_DECK_CONFIGS_MODE_NORMAL, card_state_customizer="",
            limits=update.current_deck.limits, new_cards_ignore_review_limit=False, fsrs=True,
            apply_all_parent_limits=False, fsrs_reschedule=True, fsrs_health_check=False)
        # Anki counts days from the collection's creation day, which starts at the rollover hour in local time
        created = datetime.fromtimestamp(col.crt).astimezone()
        today = (created - timedelta(hours=job["rollover"])).date() + timedelta(days=col.sched.today)
        out = {}
        for drill_id, cid in ids.items():
            card = col.get_card(cid)
            memory = col.compute_memory_state(cid)
            state = card.memory_state
            out[drill_id] = {
                "stability": state.stability if state else None,
                "difficulty": state.difficulty if state else None,
                "computed": [memory.stability, memory.difficulty],
                "type": card.type,
                "interval": card.ivl,
                "due_date": (today + timedelta(days=card.due - col.sched.today)).isoformat() if card.type == 2 else None,
            }
        col.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
