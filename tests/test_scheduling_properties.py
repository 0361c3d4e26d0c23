"""Invariants of the scheduling maths, with fuzz off and on (hypothesis)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drill.scheduling import (
    NEW_CARD,
    LoggedReview,
    Rating,
    Settings,
    State,
    fuzz_days,
    preview,
    replay,
    schedule,
)

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

ratings = st.sampled_from(list(Rating))
# gaps from a few seconds to a year, so every state and both short- and long-term paths are hit
gaps = st.one_of(st.floats(min_value=1, max_value=3600), st.floats(min_value=3600, max_value=86400 * 365))
histories = st.lists(st.tuples(ratings, gaps), min_size=1, max_size=25)
fuzz_flags = st.booleans()
card_ids = st.sampled_from(["d/f/define", "d/f/name", "deck/rule/cloze/2", "服务/禁语/spot"])


def walk(history, fuzz: bool, card_id: str):
    s = Settings(fuzz=fuzz)
    state, now, log, states = NEW_CARD, START, [], []
    for rating, gap in history:
        now = now + timedelta(seconds=gap)
        state = schedule(state, rating, now, s, card_id)
        log.append(LoggedReview(rating, now))
        states.append((now, state))
    return s, state, log, states


@settings(max_examples=200, deadline=None)
@given(histories, fuzz_flags, card_ids)
def test_state_stays_in_bounds(history, fuzz, card_id):
    _, _, _, states = walk(history, fuzz, card_id)
    for now, s in states:
        assert 1.0 <= s.difficulty <= 10.0
        assert s.stability >= 0.001
        assert math.isfinite(s.stability) and math.isfinite(s.difficulty)
        assert s.due >= now
        assert s.last_review == now
        assert s.state is not State.NEW


@settings(max_examples=200, deadline=None)
@given(histories, fuzz_flags, card_ids, st.floats(min_value=1, max_value=86400 * 400))
def test_due_grows_with_the_rating(history, fuzz, card_id, gap):
    s, state, _, states = walk(history, fuzz, card_id)
    now = states[-1][0] + timedelta(seconds=gap)
    outcomes = preview(state, now, s, card_id)
    dues = [outcomes[r].due for r in Rating]
    assert dues == sorted(dues), dues


@settings(max_examples=200, deadline=None)
@given(histories, fuzz_flags, card_ids)
def test_replaying_the_log_rebuilds_the_state(history, fuzz, card_id):
    s, state, log, _ = walk(history, fuzz, card_id)
    assert replay(card_id, log, s) == state


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=36500), st.integers(min_value=0, max_value=500), card_ids)
def test_fuzz_is_reproducible_and_bounded(days, reps, card_id):
    a = fuzz_days(days, card_id, reps, 36500)
    assert a == fuzz_days(days, card_id, reps, 36500)
    if days < 3:
        assert a == days
    else:
        assert 2 <= a <= 36500
        assert abs(a - days) <= 1 + 0.15 * 4.5 + 0.1 * 13 + 0.05 * max(0, days - 20) + 1


def test_fuzz_spreads_intervals_across_cards():
    spread = {fuzz_days(100, f"d/f{i}/t", 3, 36500) for i in range(50)}
    assert len(spread) > 3  # not a constant offset


def test_first_answers_follow_the_learning_steps():
    s = Settings(fuzz=False)
    again = schedule(NEW_CARD, Rating.AGAIN, START, s, "c")
    good = schedule(NEW_CARD, Rating.GOOD, START, s, "c")
    easy = schedule(NEW_CARD, Rating.EASY, START, s, "c")
    assert again.due - START == timedelta(minutes=1) and again.state is State.LEARNING
    assert good.due - START == timedelta(minutes=10) and good.step == 1
    assert easy.state is State.REVIEW and easy.due - START >= timedelta(days=1)


def test_lapse_counts_only_forgotten_reviews():
    s = Settings(fuzz=False)
    learned = schedule(NEW_CARD, Rating.EASY, START, s, "c")
    lapsed = schedule(learned, Rating.AGAIN, learned.due, s, "c")
    assert lapsed.lapses == 1 and lapsed.state is State.RELEARNING
    relearn_again = schedule(lapsed, Rating.AGAIN, lapsed.due, s, "c")
    assert relearn_again.lapses == 1


def test_naive_or_local_times_are_refused():
    with pytest.raises(ValueError, match="UTC"):
        schedule(NEW_CARD, Rating.GOOD, datetime(2024, 1, 1), Settings(), "c")
    with pytest.raises(ValueError, match="UTC"):
        schedule(NEW_CARD, Rating.GOOD, datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8))), Settings(), "c")


def test_maximum_interval_caps_due():
    s = Settings(maximum_interval=5)
    state, now = NEW_CARD, START
    for _ in range(8):
        state = schedule(state, Rating.EASY, now, s, "c")
        assert state.due - now <= timedelta(days=5)
        now = state.due


def test_settings_reject_nonsense():
    with pytest.raises(ValueError):
        Settings(desired_retention=1.5)
    with pytest.raises(ValueError):
        Settings(parameters=(1.0,) * 3)
    with pytest.raises(ValueError):
        Settings(parameters=(float("nan"),) * 21)
    with pytest.raises(ValueError):
        replace(Settings(), learning_steps=(0,))


# (interval, minimum, maximum) → (lowest, highest) day: the fuzz ranges Anki's own tests pin
ANKI_FUZZ_TABLE = [
    ((1.0, 1, 1000), (1, 1)), ((2.49, 1, 1000), (2, 2)), ((2.5, 1, 1000), (2, 4)), ((7.0, 1, 1000), (5, 9)),
    ((17.0, 1, 1000), (14, 20)), ((37.0, 1, 1000), (33, 41)), ((2.0, 2, 1000), (2, 2)), ((2.0, 3, 1000), (3, 4)),
    ((2.0, 3, 3), (3, 3)), ((6.9, 3, 1000), (5, 9)), ((7.1, 3, 1000), (5, 9)), ((19.9, 3, 1000), (17, 23)),
    ((20.1, 3, 1000), (17, 23)), ((100.0, 101, 1000), (101, 108)), ((100.0, 1, 99), (92, 99)),
    ((100.0, 97, 103), (97, 103)),
]


@pytest.mark.parametrize(("given", "expected"), ANKI_FUZZ_TABLE)
def test_fuzz_range_is_ankis(given, expected):
    from drill.scheduling import fuzz_bounds

    assert fuzz_bounds(*given) == expected


@settings(max_examples=100, deadline=None)
@given(histories, card_ids)
def test_fuzz_moves_due_days_only_never_the_memory_state(history, card_id):
    plain, fuzzed = Settings(fuzz=False), Settings(fuzz=True)
    state, now = NEW_CARD, START
    for rating, gap in history:
        now = now + timedelta(seconds=gap)
        a = schedule(state, rating, now, plain, card_id)
        b = schedule(state, rating, now, fuzzed, card_id)
        assert (a.stability, a.difficulty, a.state, a.step) == (b.stability, b.difficulty, b.state, b.step)
        state = b
