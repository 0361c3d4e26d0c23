"""The store's caches (settings, today's counts, the last parsed state) never disagree with the file.

Two connections to one SQLite file take turns answering, undoing and changing
settings; after every step each connection's cached view must equal a fresh read,
and at the end every card's state must be the replay of its log in both.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from drill.scheduling import replay
from drill.store import Store, sync_decks, to_text
from tests.conftest import SAMPLE_DECK


def _counted(store: Store, day: datetime) -> tuple[int, int]:
    row = store.conn.execute(
        "SELECT sum(state_before = 0), sum(state_before = 2) FROM reviews WHERE reviewed_at >= ?",
        (to_text(day),),
    ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def test_two_connections_keep_caches_true(tmp_path):
    db = tmp_path / "drill.db"
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    a = Store(db)
    sync_decks(a, [SAMPLE_DECK], t0)
    b = Store(db)
    cards = [r[0] for r in a.conn.execute("SELECT id FROM cards ORDER BY id")]
    rng = random.Random(1)
    now = t0
    answered: list[tuple[int, str]] = []
    for step in range(300):
        store = rng.choice((a, b))
        now += timedelta(hours=rng.randint(0, 30))
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        op = rng.random()
        if op < 0.7:
            card = rng.choice(cards)
            done = store.answer(card, rng.randint(1, 4), now)
            answered.append((done.review_id, card))
        elif op < 0.85 and answered:
            review_id, card = answered.pop()
            newest = store.conn.execute("SELECT max(id) FROM reviews WHERE card_id = ?", (card,)).fetchone()[0]
            if newest == review_id:
                store.undo(review_id)
        else:
            store.set_settings(new_per_day=rng.randint(1, 50))
        for s in (a, b):
            assert s.introduced_since(day) == _counted(s, day), step
            assert s.settings() == s._read_settings(), step
    for card in cards:
        log = a.reviews_for(card)
        assert a.card_state(card) == replay(card, log, a.settings()) == b.card_state(card)
    a.close()
    b.close()
