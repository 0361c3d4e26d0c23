"""Anki's own scheduler answering one card, at whatever time the process's clock says.

Run as ``python live.py COLLECTION`` with JSON on stdin, under a moved clock (libfaketime)
and the learner's ``TZ``; prints JSON. ``{"setup": {...}}`` makes the collection: one note
per card id, the rollover hour, and FSRS turned on through the deck options with the given
parameters, desired retention and steps. ``{"answer": [card id, rating]}`` answers that
card with Anki's scheduler now. ``{"report": [card ids]}`` gives each card's scheduling.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta


def main() -> None:
    from anki.collection import Collection

    job = json.load(sys.stdin)
    col = Collection(sys.argv[1])
    try:
        if "setup" in job:
            setup(col, job["setup"])
            out: object = {}
        elif "answer" in job:
            card_id, rating = job["answer"]
            cid = find(col, card_id)
            card = col.get_card(cid)
            card.start_timer()
            states = col._backend.get_scheduling_states(cid)
            # the buttons 1–4 are Anki's ratings 0–3
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating - 1))
            out = {}
        else:
            out = report(col, job["report"])
    finally:
        col.close()
    json.dump(out, sys.stdout)


def find(col, card_id: str) -> int:  # type: ignore[no-untyped-def]
    [nid] = col.find_notes(f'"Front:{card_id}"')
    return int(col.get_note(nid).cards()[0].id)


def setup(col, job: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    from anki.deck_config_pb2 import UpdateDeckConfigsMode

    prefs = col.get_preferences()
    prefs.scheduling.rollover = job["rollover"]
    col.set_preferences(prefs)
    did = col.decks.id("live")
    model = col.models.by_name("Basic")
    for card_id in job["cards"]:
        note = col.new_note(model)
        note["Front"] = card_id
        col.add_note(note, did)
    update = col.decks.get_deck_configs_for_update(did)
    config = update.all_config[0].config
    config.config.fsrs_params_6[:] = job["parameters"]
    config.config.desired_retention = job["desired_retention"]
    config.config.learn_steps[:] = job["learn_steps"]
    config.config.relearn_steps[:] = job["relearn_steps"]
    config.config.maximum_review_interval = job["maximum_interval"]
    config.config.new_per_day = 9999
    col._backend.update_deck_configs(
        target_deck_id=did, configs=[config], removed_config_ids=[],
        mode=UpdateDeckConfigsMode.UPDATE_DECK_CONFIGS_MODE_NORMAL, card_state_customizer="",
        limits=update.current_deck.limits, new_cards_ignore_review_limit=False, fsrs=True,
        apply_all_parent_limits=False, fsrs_reschedule=False, fsrs_health_check=False)


def report(col, card_ids: list[str]) -> dict:  # type: ignore[no-untyped-def,type-arg]
    timing = col.sched._timing_today()
    rollover = col.get_preferences().scheduling.rollover
    today = (datetime.fromtimestamp(timing.next_day_at - 86400).astimezone() - timedelta(hours=rollover)).date()
    out = {}
    for card_id in card_ids:
        card = col.get_card(find(col, card_id))
        state = card.memory_state
        out[card_id] = {
            "type": card.type, "queue": card.queue, "due": card.due, "ivl": card.ivl, "left": card.left,
            "reps": card.reps, "lapses": card.lapses,
            "answered_at": col.db.list("select id from revlog where cid = ? order by id", card.id),
            "stability": state.stability if state else None, "difficulty": state.difficulty if state else None,
            "due_date": (today + timedelta(days=card.due - timing.days_elapsed)).isoformat()
            if card.queue in (2, 3) else None,
        }
    return out


if __name__ == "__main__":
    main()
