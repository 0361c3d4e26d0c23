"""Review by the learner's day: due days with a rollover hour, siblings kept apart, leeches.

Every test runs on an explicit clock for a learner in UTC+8 (Asia/Shanghai), on real
store files.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drill.days import LearnerDay
from drill.scheduling import Rating, State
from drill.session import ReviewSession
from drill.store import QueueFilter, Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"


class Clock:
    def __init__(self, local: datetime):
        self.now = local.replace(tzinfo=SHANGHAI).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, local: datetime) -> None:
        self.now = local.replace(tzinfo=SHANGHAI).astimezone(UTC)

    def local(self) -> datetime:
        return self.now.astimezone(SHANGHAI)


def session(store: Store, clock: Clock, **kw) -> ReviewSession:
    return ReviewSession(store, clock=clock, tz=SHANGHAI, **kw)


@pytest.fixture
def mini_store(tmp_path):
    store = Store(tmp_path / "drill.db")
    store.set_settings(fuzz=False)
    sync_decks(store, [MINI], datetime(2026, 3, 1, tzinfo=UTC))
    yield store
    store.close()


# -- the learner's day --------------------------------------------------------------------------

@pytest.mark.parametrize(("local", "rollover", "day"), [
    (datetime(2026, 3, 2, 8, 0), 4, date(2026, 3, 2)),
    (datetime(2026, 3, 2, 3, 59), 4, date(2026, 3, 1)),   # before the rollover: still yesterday
    (datetime(2026, 3, 2, 4, 0), 4, date(2026, 3, 2)),
    (datetime(2026, 3, 2, 23, 59), 4, date(2026, 3, 2)),
    (datetime(2026, 3, 2, 0, 30), 0, date(2026, 3, 2)),
    (datetime(2026, 3, 2, 5, 0), 6, date(2026, 3, 1)),
])
def test_learner_day_starts_at_the_rollover_hour(local, rollover, day):
    learner = LearnerDay(rollover, SHANGHAI)
    moment = local.replace(tzinfo=SHANGHAI).astimezone(UTC)
    assert learner.date(moment) == day
    assert learner.start(moment).astimezone(SHANGHAI) == datetime.combine(day, datetime.min.time()).replace(
        hour=rollover, tzinfo=SHANGHAI)
    assert learner.end(moment) - learner.start(moment) == timedelta(days=1)


def test_a_card_answered_at_2130_is_offered_at_0800_on_its_due_day(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    s = session(mini_store, clock, new_limit=1)
    card = s.next_card()
    assert card is not None and card.id == BASIC
    s.answer(card.id, Rating.EASY)  # straight to review, due days later at 21:30
    state = mini_store.card_state(BASIC)
    assert state.state is State.REVIEW
    due_local = state.due.astimezone(SHANGHAI)
    assert (due_local.hour, due_local.minute) == (21, 30)
    due_day = due_local.date()

    # 08:00 the day before the due day: not yet
    clock.set_local(datetime.combine(due_day - timedelta(days=1), datetime.min.time()).replace(hour=8))
    assert session(mini_store, clock, new_limit=0).next_card() is None
    # 08:00 on the due day, thirteen and a half hours before its due time: offered
    clock.set_local(datetime.combine(due_day, datetime.min.time()).replace(hour=8))
    offered = session(mini_store, clock, new_limit=0).next_card()
    assert offered is not None and offered.id == BASIC
    # 02:00 after the due day is still the due day (before the 04:00 rollover)
    clock.set_local(datetime.combine(due_day, datetime.min.time()).replace(hour=2))
    assert session(mini_store, clock, new_limit=0).next_card() is None


def test_the_rollover_hour_setting_moves_the_day(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    s = session(mini_store, clock, new_limit=1)
    s.answer(s.next_card().id, Rating.EASY)
    due_day = mini_store.card_state(BASIC).due.astimezone(SHANGHAI).date()
    clock.set_local(datetime.combine(due_day, datetime.min.time()).replace(hour=5))
    assert session(mini_store, clock, new_limit=0).next_card() is not None
    mini_store.set_settings(rollover_hour=6)  # at 05:00 it is still the day before
    assert session(mini_store, clock, new_limit=0).next_card() is None


def test_daily_new_limit_resets_at_the_rollover_not_at_midnight(mini_store):
    mini_store.set_settings(new_per_day=1)
    clock = Clock(datetime(2026, 3, 2, 23, 0))
    s = session(mini_store, clock)
    s.answer(s.next_card().id, Rating.EASY)
    clock.set_local(datetime(2026, 3, 3, 1, 0))  # after midnight, before 04:00: the same day
    assert session(mini_store, clock).counts()["new"] == 0
    clock.set_local(datetime(2026, 3, 3, 4, 0))
    assert session(mini_store, clock).counts()["new"] == 1


def test_learning_steps_stay_in_minutes(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    s = session(mini_store, clock, new_limit=1)
    s.answer(s.next_card().id, Rating.GOOD)  # learning, next step in 10 minutes
    assert mini_store.card_state(BASIC).state is State.LEARNING
    assert session(mini_store, clock, new_limit=0).next_card() is not None  # learn-ahead: only card left
    s2 = session(mini_store, clock, new_limit=0)
    assert s2.counts() == {"new": 0, "learning": 1, "review": 0}


# -- siblings -----------------------------------------------------------------------------------

def run_days(store: Store, ratings: list[int], days: int = 3) -> dict[date, dict[str, set[str]]]:
    """A learner reviewing everything for ``days`` days; which cards of each fact each day showed."""
    shown: dict[date, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    clock = Clock(datetime(2026, 3, 2, 20, 0))
    learner = LearnerDay(4, SHANGHAI)
    i = 0
    for _ in range(days):
        s = session(store, clock, new_limit=6)
        while (card := s.next_card()) is not None and i < 400:
            _deck, fact, _rest = card.id.split("/", 2)
            shown[learner.date(clock.now)][fact].add(card.id)
            s.answer(card.id, Rating(ratings[i % len(ratings)]))
            i += 1
            clock.now += timedelta(minutes=3)
        clock.set_local(datetime.combine(clock.local().date() + timedelta(days=1), datetime.min.time())
                        .replace(hour=20))
    return shown


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 4), min_size=1, max_size=8))
def test_one_days_session_never_shows_two_cards_of_one_fact(tmp_path_factory, ratings):
    with Store(tmp_path_factory.mktemp("siblings") / "drill.db") as store:
        sync_decks(store, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
        shown = run_days(store, ratings)
    assert shown
    for day, facts in shown.items():
        for fact, cards in facts.items():
            assert len(cards) == 1, (day, fact, cards)


def test_new_cards_come_fact_by_fact_in_deck_order(tmp_path):
    with Store(tmp_path / "drill.db") as store:
        sync_decks(store, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
        deck_order = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY rowid")]
        first_of_fact: list[str] = []
        for cid in deck_order:
            if cid.split("/")[1] not in {c.split("/")[1] for c in first_of_fact}:
                first_of_fact.append(cid)
        shown = run_days(store, [3], days=2)
        day1, day2 = sorted(shown)
        introduced_day1 = [next(iter(c)) for c in shown[day1].values()]
        assert introduced_day1 == first_of_fact[:6]
        # the next day goes on in deck order: a fact's other templates now come, one per fact
        new_day2 = [c for cards in shown[day2].values() for c in cards if c not in introduced_day1]
        assert len(new_day2) == 6
        assert new_day2 == sorted(new_day2, key=deck_order.index)
        assert any(c.split("/")[1] in {d.split("/")[1] for d in introduced_day1} for c in new_day2)


def test_bury_siblings_can_be_turned_off(tmp_path):
    with Store(tmp_path / "drill.db") as store:
        store.set_settings(bury_siblings=False)
        sync_decks(store, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
        shown = run_days(store, [3], days=1)
    assert any(len(cards) > 1 for facts in shown.values() for cards in facts.values())


def test_undo_brings_back_the_siblings_an_answer_buried(tmp_path):
    with Store(tmp_path / "drill.db") as store:
        sync_decks(store, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
        clock = Clock(datetime(2026, 3, 2, 20, 0))
        s = session(store, clock, new_limit=2)
        first = s.next_card()
        s.answer(first.id, Rating.GOOD)
        fact = first.id.split("/")[1]
        hidden = store.conn.execute("SELECT count(*) FROM cards WHERE fact = ? AND buried_until IS NOT NULL",
                                    (fact,)).fetchone()[0]
        assert hidden > 0
        s.undo()
        assert store.conn.execute("SELECT count(*) FROM cards WHERE fact = ? AND buried_until IS NOT NULL",
                                  (fact,)).fetchone()[0] == 0
        s.answer(first.id, Rating.GOOD)  # answered again: buried again
        assert store.conn.execute("SELECT count(*) FROM cards WHERE fact = ? AND buried_until IS NOT NULL",
                                  (fact,)).fetchone()[0] == hidden


# -- leeches ------------------------------------------------------------------------------------

def lapse(store: Store, clock: Clock, times: int) -> list[bool]:
    """Answer BASIC into review, then let it lapse ``times`` times; whether it was offered each time."""
    offered = []
    s = session(store, clock, new_limit=1)
    s.answer(s.next_card().id, Rating.EASY)
    for _ in range(times):
        state = store.card_state(BASIC)
        clock.now = max(clock.now, state.due) + timedelta(minutes=1)
        s = session(store, clock, new_limit=0, flt=QueueFilter())
        card = s.next_card()
        offered.append(card is not None and card.id == BASIC)
        if card is None:
            break
        s.answer(BASIC, Rating.AGAIN)
        clock.now += timedelta(minutes=11)
        s.answer(BASIC, Rating.GOOD)  # relearnt, back in review
    return offered


def test_a_card_that_lapses_eight_times_is_a_leech_and_no_longer_offered(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    offered = lapse(mini_store, clock, 9)
    assert offered == [True] * 8 + [False]
    row = mini_store.conn.execute("SELECT leech, suspended, lapses FROM cards WHERE id = ?", (BASIC,)).fetchone()
    assert row == (1, 1, 8)


def test_seven_lapses_are_not_a_leech(mini_store):
    lapse(mini_store, Clock(datetime(2026, 3, 2, 21, 30)), 7)
    assert mini_store.conn.execute("SELECT leech, suspended FROM cards WHERE id = ?", (BASIC,)).fetchone() == (0, 0)


def test_leech_action_tag_only_keeps_offering_the_card(mini_store):
    mini_store.set_settings(leech_action="tag", leech_threshold=4)
    offered = lapse(mini_store, Clock(datetime(2026, 3, 2, 21, 30)), 6)
    assert offered == [True] * 6
    assert mini_store.conn.execute("SELECT leech, suspended FROM cards WHERE id = ?", (BASIC,)).fetchone() == (1, 0)


def test_undoing_the_leech_answer_takes_the_leech_back(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    mini_store.set_settings(leech_threshold=2)
    lapse(mini_store, clock, 1)
    clock.now = mini_store.card_state(BASIC).due + timedelta(minutes=1)
    s = session(mini_store, clock, new_limit=0)
    s.answer(BASIC, Rating.AGAIN)
    assert s.last_answer.leech
    assert mini_store.conn.execute("SELECT leech, suspended FROM cards WHERE id = ?", (BASIC,)).fetchone() == (1, 1)
    s.undo()
    assert mini_store.conn.execute("SELECT leech, suspended FROM cards WHERE id = ?", (BASIC,)).fetchone() == (0, 0)


@pytest.mark.parametrize(("threshold", "lapses", "leech"), [
    (8, 7, False), (8, 8, True), (8, 9, False), (8, 12, True), (8, 16, True), (0, 8, False), (1, 1, True),
    (1, 2, True), (3, 4, True), (3, 5, True),
])
def test_leech_is_flagged_at_the_threshold_then_every_half_threshold(threshold, lapses, leech):
    from drill.scheduling import Settings

    assert Settings(leech_threshold=threshold).is_leech(lapses - 1, lapses) is leech


def test_nothing_due_says_the_next_card_comes_at_the_start_of_its_day(mini_store):
    clock = Clock(datetime(2026, 3, 2, 21, 30))
    s = session(mini_store, clock, new_limit=1)
    s.answer(s.next_card().id, Rating.EASY)
    due_day = LearnerDay(4, SHANGHAI).date(mini_store.card_state(BASIC).due)
    later = session(mini_store, clock, new_limit=0)
    assert later.next_card() is None
    assert later.next_due().astimezone(SHANGHAI) == datetime.combine(due_day, datetime.min.time()).replace(
        hour=4, tzinfo=SHANGHAI)
    summary = later.summary()
    assert summary.remaining == 0 and summary.next_due == later.next_due()


# -- load balancing -----------------------------------------------------------------------------

def test_balanced_due_dates_are_logged_so_the_log_still_replays_to_the_state(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import daily_load

    from drill.scheduling import replay

    decks = [SAMPLE_DECK, MINI]
    daily_load.simulate("day", 20, 10, 3, decks, tmp_path)
    with Store(tmp_path / "day.db") as store:
        balanced = store.conn.execute("SELECT count(*) FROM reviews WHERE due_after IS NOT NULL").fetchone()[0]
        assert balanced > 10
        for (card_id,) in store.conn.execute("SELECT DISTINCT card_id FROM reviews").fetchall():
            assert replay(card_id, store.reviews_for(card_id), store.settings()) == store.card_state(card_id)


def test_load_balancing_moves_a_review_to_the_emptier_days_of_its_fuzz_range(tmp_path):
    from drill.scheduling import fuzz_range
    from drill.store import to_text

    with Store(tmp_path / "drill.db") as store:
        sync_decks(store, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
        clock = Clock(datetime(2026, 3, 2, 9, 0))
        day = LearnerDay(4, SHANGHAI)
        low, high = fuzz_range(20, 36500)
        # every day of the range is crowded except one
        empty = low + 2
        ids = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY rowid")]
        crowded = [k for k in range(low, high + 1) if k != empty]
        with store.write() as conn:
            for i, card_id in enumerate(ids[1: 1 + 5 * len(crowded)]):
                due = day.start(clock.now) + timedelta(days=crowded[i % len(crowded)], hours=6)
                conn.execute("UPDATE cards SET state = 2, due = ?, stability = 20, difficulty = 5 WHERE id = ?",
                             (to_text(due), card_id))
        picks = [store._load_picker(clock.now, day.end(clock.now), f"x/{n}/t", 3)(20, low, high) for n in range(40)]
        assert all(low <= k <= high for k in picks)
        assert picks.count(empty) >= 30  # the empty day wins most draws; the rest are spread


def test_a_store_from_before_these_migrations_upgrades_with_its_reviews(tmp_path):
    import sqlite3

    from drill.store import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    first = [name for name, _ in MIGRATIONS].index("0004-siblings-leeches-resets")
    for number, (name, statements) in enumerate(MIGRATIONS[:first], start=1):
        for sql in statements:
            raw.execute(sql)
        raw.execute("INSERT INTO migrations VALUES (?, '2026-01-01T00:00:00.000000Z')", (name,))
        raw.execute(f"PRAGMA user_version = {number}")
    raw.execute("INSERT INTO cards(id, deck, fact, template, type, content_hash, content, added_at, state, reps)"
                " VALUES ('d/f/t', 'd', 'f', 't', 'basic', 'h', '{}', '2026-01-01T00:00:00.000000Z', 1, 1)")
    raw.execute("INSERT INTO reviews(card_id, rating, reviewed_at, state_before, before)"
                " VALUES ('d/f/t', 3, '2026-01-01T00:00:00.000000Z', 0, '{}')")
    raw.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r.rating for r in store.reviews_for("d/f/t")] == [Rating.GOOD]
        assert store.conn.execute("SELECT leech, reset_after FROM cards").fetchone() == (0, 0)
        assert store.presets() == {}
