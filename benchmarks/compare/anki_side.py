"""The official ``anki`` package as comparator: collections with N cards, first card, answers.

Build (cached under benchmarks/.data)::

    python benchmarks/compare/anki_side.py build OUT.anki2 N_CARDS

Measured children (each opens its own copy of a cached collection)::

    python benchmarks/compare/anki_side.py first-card COLLECTION
    python benchmarks/compare/anki_side.py answers COLLECTION N

The collections mirror a learner's store: one Basic note (one card) per card,
with CJK text, about 70 % of the cards in review with due dates spread from
30 days overdue to 60 days ahead, the rest new. FSRS is switched on, as in
drill, and the daily limits are raised so that a session can answer any
number of cards.
"""

from __future__ import annotations

import os
import random
import sys
import time

REVIEW_SHARE = 0.7


def build(path: str, n_cards: int, seed: int = 1) -> None:
    from anki.collection import AddNoteRequest, Collection

    if os.path.exists(path):
        os.remove(path)
    col = Collection(path)
    try:
        col.set_config("fsrs", True)
        deck_id = col.decks.id("drill-bench")
        col.decks.select(deck_id)  # the queue is built from the current deck
        conf = col.decks.config_dict_for_deck_id(deck_id)
        conf["new"]["perDay"] = 9999
        conf["rev"]["perDay"] = 9999
        col.decks.save(conf)
        model = col.models.by_name("Basic")
        rng = random.Random(seed)
        batch: list[AddNoteRequest] = []
        for i in range(n_cards):
            note = col.new_note(model)
            note["Front"] = f"第{i}条：自办营业厅受理的投诉须在多少小时内提交电子工单？"
            note["Back"] = f"{rng.randrange(1, 72)}小时（通过BOSS系统）"
            batch.append(AddNoteRequest(note=note, deck_id=deck_id))
            if len(batch) == 5000:
                col.add_notes(batch)
                batch = []
        if batch:
            col.add_notes(batch)
        today = col.sched.today
        card_ids = col.db.list("select id from cards order by id")
        rng.shuffle(card_ids)
        n_review = int(len(card_ids) * REVIEW_SHARE)
        rows = []
        for cid in card_ids[:n_review]:
            ivl = rng.randrange(1, 120)
            due = today + rng.randrange(-30, 61)
            rows.append((due, ivl, rng.randrange(1, 20), cid))
        # type/queue 2 = review; writing the columns directly is how a large
        # history-bearing collection can be made in seconds instead of replaying answers.
        col.db.executemany(
            "update cards set type=2, queue=2, due=?, ivl=?, factor=2500, reps=?, left=0 where id=?", rows
        )
        col.db.execute("update col set mod=mod")
    finally:
        col.close()


def first_card(path: str) -> None:
    # anki.collection first: importing anki.cards alone hits an import cycle in anki
    from anki.collection import Collection  # noqa: I001
    from anki.cards import Card

    col = Collection(path)
    queued = col.sched.get_queued_cards()
    card = Card(col)
    card._load_from_backend_card(queued.cards[0].card)
    print(card.question())
    sys.stdout.flush()
    # A discarded copy: skip close() (checkpoint) so Anki is timed at its fastest.
    os._exit(0)


def answers(path: str, n: int) -> None:
    # anki.collection first: importing anki.cards alone hits an import cycle in anki
    from anki.collection import Collection  # noqa: I001
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    col = Collection(path)
    ratings = (CardAnswer.GOOD, CardAnswer.GOOD, CardAnswer.AGAIN, CardAnswer.HARD, CardAnswer.EASY)
    start = time.perf_counter()
    for i in range(n):
        queued = col.sched.get_queued_cards().cards[0]
        card = Card(col)
        card._load_from_backend_card(queued.card)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=queued.states, rating=ratings[i % len(ratings)])
        col.sched.answer_card(answer)
    seconds = time.perf_counter() - start
    done = col.db.scalar("select count() from revlog")
    col.close()
    if done != n:
        raise SystemExit(f"expected {n} review log rows, found {done}")
    print(f"BENCH_RESULT {{\"seconds\": {seconds}, \"answers\": {n}}}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "build":
        build(args[0], int(args[1]))
    elif cmd == "first-card":
        first_card(args[0])
    elif cmd == "answers":
        answers(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown command {cmd}")
