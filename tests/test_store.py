"""The SQLite store: opening, refusing foreign/newer/damaged files, migrations, sync, queue, undo."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drill.errors import DeckError, StoreError
from drill.scheduling import NEW_CARD, Rating, State, replay
from drill.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, QueueFilter, Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
DAY = datetime(2024, 5, 1, 0, 0, tzinfo=UTC)
MINI = ROOT / "tests" / "data" / "review-mini.yaml"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "drill.db") as s:
        yield s


def test_default_path_follows_drill_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_HOME", str(tmp_path / "home"))
    with Store() as s:
        assert s.path == tmp_path / "home" / "drill.db"
    assert (tmp_path / "home" / "drill.db").exists()


def test_pragmas_and_identity(store):
    c = store.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.check() == ["ok"]


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "drill.db"
    with Store(path) as s:
        first = s.migrations()
        assert [n for n, _ in first] == [n for n, _ in MIGRATIONS]
        assert s.migrate() == []
    with Store(path) as s:
        assert s.migrations() == first
        assert s.migrate() == []


def test_newer_file_is_refused_untouched(tmp_path):
    path = tmp_path / "drill.db"
    with Store(path):
        pass
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer drill"):
        Store(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("content", [b"this is not a database at all" * 10, b"\x00\xff" * 5000, b"SQLite format 2\x00"])
def test_garbage_file_gives_a_clear_error(tmp_path, content):
    path = tmp_path / "drill.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a drill store"):
        Store(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes(x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store(path)
    assert path.read_bytes() == before


def test_damaged_page_gives_store_error_not_traceback(tmp_path):
    path = tmp_path / "drill.db"
    with Store(path) as s:
        sync_decks(s, [SAMPLE_DECK], NOW)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xde\xad" * 4096  # smash pages after the header
    path.write_bytes(bytes(data))
    result = subprocess.run([sys.executable, "-m", "drill", "doctor", "--db", str(path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "error" in (result.stderr + result.stdout).lower()


def test_sync_adds_updates_and_orphans(store, tmp_path):
    deck = tmp_path / "mini.yaml"
    text = MINI.read_text(encoding="utf-8")
    deck.write_text(text, encoding="utf-8")
    (r,) = sync_decks(store, [deck], NOW)
    assert (r.deck, r.added, r.changed, r.orphaned) == ("review-mini", 3, 0, [])
    card = "review-mini/service-awareness/define"
    store.answer(card, Rating.GOOD, NOW)
    kept = store.card_state(card)

    # a wording edit: same id, new content, scheduling kept
    deck.write_text(text.replace("发自内心地主动", "发自内心主动"), encoding="utf-8")
    (r,) = sync_decks(store, [deck], NOW + timedelta(hours=1))
    assert (r.added, r.changed, r.unchanged) == (0, 1, 2)
    assert store.card_state(card) == kept
    assert "发自内心主动" in store.card_content(card)["answer"]

    # the fact disappears: the card stays, orphaned, with its history
    deck.write_text(text.replace("cards: [define]", "cards: []"), encoding="utf-8")
    (r,) = sync_decks(store, [deck], NOW + timedelta(hours=2))
    assert r.orphaned == [card]
    assert store.conn.execute("SELECT orphaned FROM cards WHERE id = ?", (card,)).fetchone()[0] == 1
    assert len(store.reviews_for(card)) == 1
    assert all(q.id != card for q in store.queue(NOW + timedelta(days=30), DAY, limit=50))

    # and comes back with its history when the fact returns
    deck.write_text(text, encoding="utf-8")
    (r,) = sync_decks(store, [deck], NOW + timedelta(hours=3))
    assert r.revived == 1 and store.card_state(card) == kept


def test_unchanged_deck_is_not_parsed(tmp_path):
    db = tmp_path / "drill.db"
    with Store(db) as s:
        sync_decks(s, [MINI], NOW)
    code = (
        "import sys; from datetime import datetime, timezone\n"
        "from drill.store import Store, sync_decks\n"
        f"r = sync_decks(Store({str(db)!r}), [{str(MINI)!r}], datetime.now(timezone.utc))\n"
        "assert r[0].skipped, r\n"
        "print(sorted(m for m in ('yaml', 'pydantic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_bad_deck_writes_nothing(store, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("deck: review-mini", "deck: other")
                   .replace("kind: term\n    topic: 服务意识\n    term: 服务意识", "kind: term\n    topic: 服务意识\n    trem: 服务意识", 1),
                   encoding="utf-8")
    with pytest.raises(DeckError) as info:
        sync_decks(store, [good, bad], NOW)
    assert any(p.file and p.file.endswith("bad.yaml") and p.line for p in info.value.problems)
    assert store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM decks").fetchone()[0] == 0


def test_queue_order_learning_then_reviews_then_new(store):
    sync_decks(store, [SAMPLE_DECK], NOW)
    ids = [q.id for q in store.queue(NOW, DAY, limit=100)]
    assert len(ids) == 20  # the daily new limit
    review_card, learning_card = ids[0], ids[1]
    store.answer(review_card, Rating.EASY, NOW - timedelta(days=30))  # due long ago, review state
    store.answer(learning_card, Rating.AGAIN, DAY - timedelta(minutes=5))  # learning, due since yesterday
    assert store.card_state(review_card).state is State.REVIEW
    queue = store.queue(NOW, DAY, limit=100)
    assert [q.id for q in queue[:2]] == [learning_card, review_card]
    assert all(q.state is State.NEW for q in queue[2:])
    assert len(queue) == 2 + 20  # the two answers were before today: no new card used up today


def test_new_cards_introduced_today_count_against_the_limit(store):
    sync_decks(store, [SAMPLE_DECK], NOW)
    for q in store.queue(NOW, DAY, limit=3, new_limit=3):
        store.answer(q.id, Rating.EASY, NOW)
    assert store.queue(NOW, DAY, limit=100, new_limit=3) == []
    assert len(store.queue(NOW, DAY, limit=100, new_limit=5)) == 2
    assert len(store.queue(NOW + timedelta(days=1), DAY + timedelta(days=1), limit=100, new_limit=5)) == 5


def test_queue_filters(store):
    sync_decks(store, [SAMPLE_DECK, MINI], NOW)
    only_mini = store.queue(NOW, DAY, QueueFilter(decks=("review-mini",)), limit=50)
    assert {q.id.split("/")[0] for q in only_mini} == {"review-mini"}
    topic = store.queue(NOW, DAY, QueueFilter(topics=("服务用语",)), limit=50)
    assert topic and all(store.card_content(q.id)["topic"] == "服务用语" for q in topic)
    assert store.queue(NOW, DAY, QueueFilter(tags=("no-such-tag",)), limit=50) == []


def test_queue_queries_use_indexes_without_sorting(store):
    where = "suspended = 0 AND orphaned = 0 AND (buried_until IS NULL OR buried_until <= ?)"
    for sql, index in [
        (f"SELECT id FROM cards WHERE state = 2 AND due <= ? AND {where} ORDER BY due LIMIT 1", "cards_queue"),
        (f"SELECT id FROM cards WHERE state = 0 AND {where} ORDER BY rowid LIMIT 1", "cards_new"),
    ]:
        plan = str(store.conn.execute("EXPLAIN QUERY PLAN " + sql, ("2024",) * sql.count("?")).fetchall())
        assert index in plan and "TEMP B-TREE" not in plan, plan


def test_suspend_and_bury_hide_cards(store):
    sync_decks(store, [MINI], NOW)
    first = store.queue(NOW, DAY, limit=1)[0].id
    store.set_suspended(first)
    assert first not in [q.id for q in store.queue(NOW, DAY, limit=10)]
    store.set_suspended(first, False)
    store.set_buried(first, NOW + timedelta(days=1))
    assert first not in [q.id for q in store.queue(NOW, DAY, limit=10)]
    assert first in [q.id for q in store.queue(NOW + timedelta(days=1), DAY + timedelta(days=1), limit=10)]


answers = st.lists(st.tuples(st.sampled_from(list(Rating)), st.integers(min_value=1, max_value=86400 * 60)),
                   min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers, st.booleans())
def test_undo_restores_exactly_and_log_replays(tmp_path_factory, history, fuzz):
    with Store(tmp_path_factory.mktemp("s") / "drill.db") as s:
        s.set_settings(fuzz=fuzz)
        sync_decks(s, [MINI], NOW)
        card = "review-mini/first-contact/name"
        now = NOW
        for rating, gap in history:
            now += timedelta(seconds=gap)
            row_before = s.conn.execute("SELECT * FROM cards WHERE id = ?", (card,)).fetchone()
            done = s.answer(card, rating, now)
            assert replay(card, s.reviews_for(card), s.settings()) == s.card_state(card) == done.after
            # undo then redo: the row is byte-for-byte what it was
            s.undo(done.review_id)
            assert s.conn.execute("SELECT * FROM cards WHERE id = ?", (card,)).fetchone() == row_before
            assert done.review_id not in [r.extra["id"] for r in s.reviews_for(card)]
            s.answer(card, rating, now)
        assert s.card_state(card).reps == len(history)


def test_only_the_latest_answer_can_be_undone(store):
    sync_decks(store, [MINI], NOW)
    card = "review-mini/first-contact/name"
    first = store.answer(card, Rating.GOOD, NOW)
    store.answer(card, Rating.GOOD, NOW + timedelta(minutes=10))
    with pytest.raises(StoreError, match="latest"):
        store.undo(first.review_id)


def test_non_finite_state_is_never_stored(store):
    sync_decks(store, [MINI], NOW)
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE cards SET stability = 1e999 WHERE id = 'review-mini/first-contact/name'")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE cards SET difficulty = 11 WHERE id = 'review-mini/first-contact/name'")


def test_settings_round_trip_and_validation(store):
    assert store.settings().desired_retention == 0.9
    store.set_settings(desired_retention=0.85, learning_steps=(60, 600, 3600), fuzz=False)
    s = store.settings()
    assert (s.desired_retention, s.learning_steps, s.fuzz) == (0.85, (60, 600, 3600), False)
    with pytest.raises(ValueError):
        store.set_settings(desired_retention=2)
    with pytest.raises(ValueError):
        store.set_settings(parameters=(50.0,) * 21)  # out of FSRS bounds
    with pytest.raises(ValueError):
        store.set_settings(colour="red")
    assert store.settings().desired_retention == 0.85


def test_new_card_state_is_new(store):
    sync_decks(store, [MINI], NOW)
    assert store.card_state("review-mini/dont-know/rephrase") == NEW_CARD
