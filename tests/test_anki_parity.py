"""drill's FSRS against Anki's, on the same answers: memory states and due days agree.

The answers are driven through a real store for a learner in Asia/Shanghai (rollover
04:00): learning steps with Again and Hard, a lapse and relearning, same-day repeats of
a review card, two answers 23 h 58 min apart across the rollover and two 4 h apart on
one learner day across midnight. Anki (the official ``anki`` package, FSRS turned on
through the deck options with drill's parameters, desired retention and steps, in its
own process under the learner's time zone, its fuzz off by ``ANKI_TEST_MODE``) then
sees the same answers twice over:

* its own scheduler answers each card at the story's moments, its clock moved there by
  libfaketime: stability and difficulty within 1e-4, the same due day on every review
  card, the same step and due time on every learning card;
* its memory-state computation from the same review log and its rescheduling from it:
  the same due days (with drill's fuzz on: inside Anki's fuzz range around Anki's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from drill.days import LearnerDay
from drill.scheduling import Rating, State, fuzz_bounds
from drill.store import Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

pytest.importorskip("anki")

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANKI_SIDE = ROOT / "tests" / "anki_side" / "memory_states.py"
A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on March ``day`` 2026, Shanghai clock time, as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


#: per card: (its part in the story, [(moment, rating) …])
STORY: list[tuple[str, list[tuple[datetime, Rating]]]] = [
    ("learning steps, then reviews", [
        (local(2, 9, 0), A), (local(2, 9, 1), H), (local(2, 9, 7), G), (local(2, 9, 17), G),
        (local(5, 10), G), (local(14, 20), H)]),
    ("a lapse and relearning", [
        (local(2, 10, 0), G), (local(2, 10, 10), G), (local(4, 10), A), (local(4, 10, 10), G),
        (local(6, 9), G), (local(12, 9), G)]),
    ("two Goods 23 h 58 min apart across the rollover", [
        (local(2, 3, 0), E), (local(3, 2, 58), G), (local(11, 8), G)]),
    ("two Goods 4 h apart on one learner day, across midnight", [
        (local(2, 22, 0), E), (local(3, 2, 0), G), (local(8, 21), G)]),
    ("same-day repeats of a review card, a lapse among them", [
        (local(2, 8, 0), G), (local(2, 8, 10), G), (local(3, 9), G), (local(3, 21), G),
        (local(3, 21, 5), A), (local(3, 21, 15), G), (local(9, 7), E)]),
    ("still in learning after Again, Again, Good", [
        (local(2, 12, 0), A), (local(2, 12, 1), A), (local(2, 12, 2), G)]),
    ("Easy from new, then Hard a week late", [
        (local(2, 13), E), (local(20, 13), H)]),
]

#: Anki's revlog kinds by the state a card was in when answered
REVLOG_KIND = {State.NEW: 0, State.LEARNING: 0, State.REVIEW: 1, State.RELEARNING: 2}
#: Anki's card types by drill's state (relearning is type 3)
CARD_TYPE = {State.LEARNING: 1, State.REVIEW: 2, State.RELEARNING: 3}


@pytest.fixture
def shanghai_machine(monkeypatch):
    """This process keeps its clock in Shanghai time, as the learner's machine would."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def drive_drill(tmp_path, fuzz: bool = False) -> tuple[Store, dict[str, str]]:
    store = Store(tmp_path / "drill.db")
    store.set_settings(fuzz=fuzz, load_balance=fuzz)
    sync_decks(store, [SAMPLE_DECK], local(1, 12))
    ids = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY rowid")][: len(STORY)]
    day = LearnerDay(4, SHANGHAI)
    answers = sorted((moment, card_id, rating) for card_id, (_, log) in zip(ids, STORY) for moment, rating in log)
    for moment, card_id, rating in answers:
        store.answer(card_id, rating, moment, day=day)
    return store, dict(zip(ids, (part for part, _ in STORY)))


def anki_view(store: Store, card_ids: list[str]) -> dict[str, dict]:
    settings = store.settings()
    cards = []
    for card_id in card_ids:
        rows = store.conn.execute("SELECT rating, reviewed_at, state_before FROM reviews WHERE card_id = ? ORDER BY id",
                                  (card_id,)).fetchall()
        state = store.card_state(card_id)
        cards.append({
            "id": card_id,
            "revlog": [[int(datetime.fromisoformat(at).timestamp() * 1000), rating,
                        REVLOG_KIND[State(before)]] for rating, at, before in rows],
            "ctype": CARD_TYPE[state.state], "lapses": state.lapses, "ivl": 1, "due": 0,
        })
    job = {"parameters": list(settings.parameters), "desired_retention": settings.desired_retention,
           "learn_steps": [s / 60 for s in settings.learning_steps],
           "relearn_steps": [s / 60 for s in settings.relearning_steps],
           "maximum_interval": settings.maximum_interval, "rollover": settings.rollover_hour, "cards": cards}
    env = {**os.environ, "TZ": "Asia/Shanghai", "ANKI_TEST_MODE": "1"}
    done = subprocess.run([sys.executable, str(ANKI_SIDE)], input=json.dumps(job), capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("fuzz", [False, True], ids=["fuzz off", "fuzz and load balancing on"])
def test_memory_states_and_due_days_equal_ankis_for_the_same_answers(tmp_path, shanghai_machine, fuzz):
    store, parts = drive_drill(tmp_path, fuzz)
    anki = anki_view(store, list(parts))
    day = LearnerDay(4, SHANGHAI)
    seen_states = set()
    for card_id, part in parts.items():
        mine, theirs = store.card_state(card_id), anki[card_id]
        seen_states.add(mine.state)
        # Anki's computation from the whole log at full precision; its scheduler, like drill, starts each
        # answer from the state as the card keeps it (stability to 4 decimals, difficulty to 3), which
        # moves the figures by a few parts in ten thousand at most over a card's answers
        stability, difficulty = theirs["computed"]
        assert mine.stability == pytest.approx(stability, rel=1e-3), part
        assert mine.difficulty == pytest.approx(difficulty, abs=2e-3), part
        if mine.state is State.REVIEW and not fuzz:
            assert day.date(mine.due).isoformat() == theirs["due_date"], part
        elif mine.state is State.REVIEW:
            # drill's own fuzz draw and load balancing, inside Anki's fuzz range around Anki's interval
            # (fuzz_bounds is Anki's range: test_scheduling_properties pins it to Anki's own table)
            interval = (day.date(mine.due) - day.date(mine.last_review)).days
            low, high = fuzz_bounds(theirs["interval"], 1, store.settings().maximum_interval)
            assert low <= interval <= high, (part, interval, theirs["interval"])
    assert {State.LEARNING, State.REVIEW} <= seen_states


def test_answers_across_the_rollover_count_as_a_day_and_within_one_learner_day_as_none(tmp_path, shanghai_machine):
    store, parts = drive_drill(tmp_path)
    across = list(parts)[2]
    # both start as Easy cards with the same memory state; one day elapsed makes the second Good stronger
    log_across = store.reviews_for(across)
    assert log_across[1].reviewed_at - log_across[0].reviewed_at == timedelta(hours=23, minutes=58)
    from drill.scheduling import NEW_CARD, replay, schedule

    settings = store.settings()
    day = LearnerDay(4, SHANGHAI)
    easy = schedule(NEW_CARD, E, local(2, 3), settings, across, day=day)
    after_a_day = schedule(easy, G, local(3, 2, 58), settings, across, day=day)
    same_day = schedule(easy, G, local(2, 3, 58), settings, across, day=day)  # 58 min later, before 04:00
    assert after_a_day.stability > same_day.stability + 3
    assert day.date(after_a_day.due) - day.date(local(3, 2, 58)) > day.date(same_day.due) - day.date(local(2, 3, 58))
    # the replay of the log gives what the answers stored
    for card_id in parts:
        assert replay(card_id, store.reviews_for(card_id), settings) == store.card_state(card_id)


FAKETIME_LIBS = ("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
                 "/usr/lib/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1")


def test_ankis_own_scheduler_under_a_moved_clock_gives_the_same_states_and_due_days(tmp_path, shanghai_machine):
    """The phone's side for real: Anki's scheduler answers each card at the story's moments (libfaketime)."""
    lib = next((p for p in FAKETIME_LIBS if os.path.exists(p)), None)
    if lib is None:
        pytest.skip("libfaketime is not installed (apt-get install faketime)")
    store, parts = drive_drill(tmp_path)
    settings = store.settings()
    collection = tmp_path / "live.anki2"
    live = ROOT / "tests" / "anki_side" / "live.py"

    def anki_at(moment: datetime, job: dict) -> dict:
        clock = moment.astimezone(SHANGHAI).strftime("@%Y-%m-%d %H:%M:%S")
        env = {**os.environ, "TZ": "Asia/Shanghai", "ANKI_TEST_MODE": "1", "LD_PRELOAD": lib, "FAKETIME": clock,
               "FAKETIME_DONT_RESET": "1"}
        done = subprocess.run([sys.executable, str(live), str(collection)], input=json.dumps(job), capture_output=True,
                              text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    anki_at(local(1, 12), {"setup": {
        "cards": list(parts), "rollover": settings.rollover_hour, "parameters": list(settings.parameters),
        "desired_retention": settings.desired_retention, "learn_steps": [s / 60 for s in settings.learning_steps],
        "relearn_steps": [s / 60 for s in settings.relearning_steps], "maximum_interval": settings.maximum_interval}})
    answers = sorted((moment, card_id, rating) for card_id, (_, log) in zip(parts, STORY) for moment, rating in log)
    for moment, card_id, rating in answers:
        anki_at(moment, {"answer": [card_id, int(rating)]})
    end = max(m for m, _, _ in answers) + timedelta(minutes=5)
    seen = anki_at(end, {"report": list(parts)})
    day = LearnerDay(4, SHANGHAI)
    for card_id, part in parts.items():
        mine, theirs = store.card_state(card_id), seen[card_id]
        # Anki answered at the story's moments (its clock moved there), not at today's time
        story = [m for m, _ in dict(zip(parts, (log for _, log in STORY)))[card_id]]
        assert [abs(ms / 1000 - m.timestamp()) < 60 for ms, m in zip(theirs["answered_at"], story)] == \
            [True] * len(story), part
        assert mine.stability == pytest.approx(theirs["stability"], abs=1e-4), part
        assert mine.difficulty == pytest.approx(theirs["difficulty"], abs=1e-4), part
        assert (mine.reps, mine.lapses) == (theirs["reps"], theirs["lapses"]), part
        if mine.state is State.REVIEW:
            assert theirs["type"] == 2 and day.date(mine.due).isoformat() == theirs["due_date"], part
        else:
            steps = settings.learning_steps if mine.state is State.LEARNING else settings.relearning_steps
            assert theirs["left"] % 1000 == len(steps) - mine.step, part
            assert abs(theirs["due"] - mine.due.timestamp()) < 30, part
