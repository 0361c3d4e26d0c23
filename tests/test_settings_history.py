"""The settings history: the log replays with the settings in force at each answer, so a change of
settings or presets never shows up as a difference and `doctor --rebuild` never rewrites what happened."""

from __future__ import annotations

import json
from dataclasses import replace
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drill.cli import cli
from drill.scheduling import Rating, replay
from drill.store import Store, sync_decks
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"
DECK = "review-mini"
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def run(*args, db):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)


def answer(store: Store, rating: Rating, at: datetime) -> None:
    store.answer(BASIC, rating, at, settings=store.settings_for_deck(DECK))


def a_card_with_one_lapse(db: Path) -> None:
    """New → Good → Good (graduates under the default steps 1m 10m) → Again two days later: one lapse."""
    with Store(db) as store:
        sync_decks(store, [MINI], T0 - timedelta(days=1))
        store.set_settings(fuzz=False, load_balance=False)
        answer(store, Rating.GOOD, T0)
        answer(store, Rating.GOOD, T0 + timedelta(minutes=10))
        answer(store, Rating.AGAIN, T0 + timedelta(days=3))
        assert store.card_state(BASIC).lapses == 1


def test_rebuild_after_a_preset_change_keeps_every_lapse_and_rating(tmp_path):
    db = tmp_path / "s.db"
    a_card_with_one_lapse(db)
    assert run("preset", "set", "slow", "learning_steps", "1m 10m 1h", db=db).exit_code == 0
    assert run("preset", "use", "slow", DECK, db=db).exit_code == 0
    with Store(db) as store:
        # today's steps would not have graduated the card before the Again: no lapse at all
        assert replay(BASIC, store.reviews_for(BASIC), store.settings_for_deck(DECK)).lapses == 0
        before = store.card_state(BASIC)
        ratings = store.conn.execute("SELECT id, rating FROM reviews ORDER BY id").fetchall()
    report = json.loads(run("doctor", "--json", db=db).output)
    assert report["ok"] and report["state_differs_from_log"] == 0
    assert json.loads(run("doctor", "--rebuild", "--json", db=db).output)["rebuilt"] == 0
    with Store(db) as store:
        store.rebuild(BASIC)  # even when asked for this card directly
        assert store.card_state(BASIC) == before and before.lapses == 1
        assert store.conn.execute("SELECT id, rating FROM reviews ORDER BY id").fetchall() == ratings


def test_answers_after_a_change_use_it_and_replay_with_it(tmp_path):
    db = tmp_path / "s.db"
    a_card_with_one_lapse(db)
    with Store(db) as store:
        store.set_settings(relearning_steps=(1800,))
        answer(store, Rating.AGAIN, T0 + timedelta(days=3, minutes=1))  # relearning: next step 30 min
        state = store.card_state(BASIC)
        assert state.due == T0 + timedelta(days=3, minutes=31)
        timeline = store.settings_timeline()
        assert replay(BASIC, store.reviews_for(BASIC), timeline.for_deck(DECK)) == state
        # the same log under the settings before the change gives another due time
        before = replace(store.settings(), relearning_steps=(600,))
        assert replay(BASIC, store.reviews_for(BASIC), before).due == T0 + timedelta(days=3, minutes=11)


def test_a_change_counts_from_the_answer_after_it_whatever_the_clocks(tmp_path):
    """A change made at a real time after answers written with a fake clock still comes after them."""
    db = tmp_path / "s.db"
    with Store(db) as store:
        sync_decks(store, [MINI], T0 - timedelta(days=1))
        answer(store, Rating.GOOD, T0)
        store.set_settings(learning_steps=(120, 1200, 3600), at=T0 - timedelta(days=30))
        timeline = store.settings_timeline()
        (first,) = store.reviews_for(BASIC)
        assert timeline.settings_at(DECK, first).learning_steps == (60, 600)
        answer(store, Rating.GOOD, T0 + timedelta(minutes=1))
        second = store.reviews_for(BASIC)[1]
        assert store.settings_timeline().settings_at(DECK, second).learning_steps == (120, 1200, 3600)


def test_undone_answers_do_not_move_a_later_change(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        sync_decks(store, [MINI], T0 - timedelta(days=1))
        done = store.answer(BASIC, Rating.GOOD, T0)
        store.undo(done.review_id)
        store.set_settings(learning_steps=(300,))
        answer(store, Rating.GOOD, T0 + timedelta(minutes=1))
        (review,) = store.reviews_for(BASIC)
        assert store.settings_timeline().settings_at(DECK, review).learning_steps == (300,)


def test_every_change_is_kept_with_its_time(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        sync_decks(store, [MINI], T0)
    run("config", "new_per_day", "5", db=db)
    run("preset", "set", "p", "new_per_day", "9", db=db)
    run("preset", "use", "p", DECK, db=db)
    run("preset", "delete", "p", db=db)
    with Store(db) as store:
        rows = store.conn.execute("SELECT scope, value FROM settings_history ORDER BY id").fetchall()
        assert all(t for (t,) in store.conn.execute("SELECT changed_at FROM settings_history WHERE id > 1"))
    assert rows == [("default", "{}"), ("default", '{"new_per_day": 5}'), ("preset:p", '{"new_per_day": 9}'),
                    (f"deck:{DECK}", '"p"'), ("preset:p", None), (f"deck:{DECK}", None)]


def test_a_change_under_now_is_kept_at_the_simulated_time(tmp_path):
    db = tmp_path / "s.db"
    CliRunner().invoke(cli, ["--now", "2026-03-05T10:00+08:00", "config", "new_per_day", "7", "--db", str(db)],
                       catch_exceptions=False)
    from drill import clock

    clock.simulate(None)
    with Store(db) as store:
        (changed_at,) = store.conn.execute("SELECT changed_at FROM settings_history ORDER BY id DESC").fetchone()
    assert changed_at.startswith("2026-03-05T02:00")


# -- the invariant: whatever the interleaving of answers and changes, the log replays to the state --------

steps = st.lists(st.integers(min_value=30, max_value=7200), min_size=0, max_size=3).map(tuple)
events = st.lists(st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(list(Rating)), st.floats(min_value=30, max_value=86400 * 20)),
    st.tuples(st.just("default"), st.sampled_from(["learning_steps", "relearning_steps"]), steps),
    st.tuples(st.just("retention"), st.floats(min_value=0.7, max_value=0.97)),
    st.tuples(st.just("preset"), steps),
    st.tuples(st.just("use"), st.booleans()),
), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events)
def test_the_log_always_replays_to_the_state(events):
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        sync_decks(store, [MINI], T0 - timedelta(days=1))
        store.set_preset("p", relearning_steps=(900,))
        at = T0
        for event in events:
            kind = event[0]
            if kind == "answer":
                at += timedelta(seconds=event[2])
                store.answer(BASIC, event[1], at, settings=store.settings_for_deck(DECK))
            elif kind == "default":
                store.set_settings(**{event[1]: event[2]})
            elif kind == "retention":
                store.set_settings(desired_retention=round(event[1], 3))
            elif kind == "preset":
                store.set_preset("p", learning_steps=event[1])
            else:
                store.use_preset("p" if event[1] else "default", [DECK])
        timeline = store.settings_timeline()
        assert replay(BASIC, store.reviews_for(BASIC), timeline.for_deck(DECK)) == store.card_state(BASIC)
