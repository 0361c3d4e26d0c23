"""One answer to "when is it due": review, `stats`, the summary and the nothing-due message agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from drill.cli.review_screen import interval_label, learned_ahead
from drill.days import LearnerDay
from drill.due import forecast, next_shown, shown_from
from drill.scheduling import Rating, State
from drill.session import ReviewSession
from drill.stats import compute_stats
from drill.store import Store, sync_decks, to_text
from tests.conftest import ROOT, SAMPLE_DECK

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"
DAY = LearnerDay(4, SHANGHAI)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


class Clock:
    def __init__(self, moment: datetime):
        self.now = moment

    def __call__(self) -> datetime:
        return self.now


def stats(store: Store, now: datetime) -> dict:
    return compute_stats(store, now, DAY.start(now), SHANGHAI)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "drill.db")
    s.set_settings(fuzz=False, load_balance=False)
    sync_decks(s, [MINI], datetime(2026, 3, 1, tzinfo=UTC))
    yield s
    s.close()


def test_a_buried_learning_card_is_next_due_when_its_burial_ends_not_now(store):
    clock = Clock(local(2026, 3, 2, 3, 30))
    session = ReviewSession(store, clock=clock, tz=SHANGHAI, new_limit=0)
    store.answer(BASIC, Rating.AGAIN, clock.now)  # learning, due at 03:31
    session = ReviewSession(store, clock=clock, tz=SHANGHAI, new_limit=0)
    assert session.next_card() is not None
    session.bury(BASIC)
    clock.now = local(2026, 3, 2, 3, 45)
    assert session.next_card() is None
    # the burial ends at 04:00, the start of the next learner day: not "now" (its due time less learn-ahead)
    assert session.next_due() == local(2026, 3, 2, 4, 0)
    clock.now = local(2026, 3, 2, 4, 1)
    assert session.next_card() is not None and session.next_card().id == BASIC


def test_learn_ahead_never_reaches_into_a_burial():
    due = local(2026, 3, 2, 3, 50)
    buried = local(2026, 3, 2, 4, 0)
    assert shown_from(State.LEARNING, due, buried, DAY, learn_ahead=True) == buried
    assert shown_from(State.LEARNING, due, None, DAY, learn_ahead=True) == due - timedelta(minutes=20)
    assert shown_from(State.REVIEW, local(2026, 3, 5, 21, 0), None, DAY) == local(2026, 3, 5, 4, 0)
    assert shown_from(State.NEW, None, None, DAY) is None


def _all_reviews_due_together(tmp_path) -> tuple[Store, datetime]:
    """The sample deck, every card answered Easy on one evening with burying off: siblings due together."""
    s = Store(tmp_path / "siblings.db")
    s.set_settings(fuzz=False, load_balance=False, bury_siblings=False, new_per_day=1000)
    sync_decks(s, [SAMPLE_DECK], datetime(2026, 3, 1, tzinfo=UTC))
    clock = Clock(local(2026, 3, 2, 20, 0))
    first = ReviewSession(s, clock=clock, tz=SHANGHAI)
    while (card := first.next_card()) is not None:
        first.answer(card.id, Rating.EASY)
    s.set_settings(bury_siblings=True)
    due = min(s.card_state(cid).due for (cid,) in s.conn.execute("SELECT id FROM cards"))
    return s, DAY.start(due) + timedelta(hours=4)


def test_stats_review_and_summary_count_the_same_cards_after_siblings_are_buried(tmp_path):
    store, morning = _all_reviews_due_together(tmp_path)
    try:
        clock = Clock(morning)
        session = ReviewSession(store, clock=clock, tz=SHANGHAI)
        before = stats(store, clock.now)["due"]
        assert before["today"] == session.counts()["review"] == before["now"]["review"] > 1
        card = session.next_card()
        session.answer(card.id, Rating.GOOD)
        after = stats(store, clock.now)["due"]
        counts = session.counts()
        # the answered card is gone and its buried siblings wait for tomorrow: stats says what review shows
        assert after["today"] == counts["review"] + counts["learning"] == after["now"]["review"]
        assert after["today"] < before["today"] - 1
        summary = session.summary()
        assert summary.due_tomorrow == after["by_day"][1]["due"]
        buried = store.conn.execute("SELECT count(*) FROM cards WHERE buried_until > ? AND state = 2",
                                    (to_text(clock.now),)).fetchone()[0]
        assert buried >= 1 and after["by_day"][1]["due"] >= buried
    finally:
        store.close()


def test_the_forecast_is_by_learner_day_with_overdue_today(store):
    store.answer(BASIC, Rating.EASY, local(2026, 3, 2, 20, 0))
    due = store.card_state(BASIC).due
    days = forecast(store, due + timedelta(days=3), DAY, days=3)  # three days late
    assert days[0][1] == 1 and sum(n for _d, n in days) == 1
    on_time = forecast(store, local(2026, 3, 2, 21, 0), DAY)
    (day,) = [d for d, n in on_time if n]
    assert day == DAY.date(due)


def test_a_review_due_today_but_over_the_limit_is_next_due_tomorrow(store):
    store.answer(BASIC, Rating.EASY, local(2026, 3, 2, 20, 0))
    due = store.card_state(BASIC).due
    store.set_settings(reviews_per_day=0)
    now = DAY.start(due) + timedelta(hours=5)
    assert next_shown(store, now, DAY) == DAY.end(now)


def test_learning_intervals_within_learn_ahead_say_they_may_come_sooner():
    assert interval_label(timedelta(minutes=10)) == "<10m"
    assert interval_label(timedelta(minutes=1)) == "<1m"
    assert interval_label(timedelta(hours=1)) == "1h"
    assert interval_label(timedelta(days=3)) == "3d"


def test_a_learning_card_shown_early_is_marked_as_learned_ahead(store):
    now = local(2026, 3, 2, 10, 0)
    store.answer(BASIC, Rating.GOOD, now)  # due in 10 minutes
    session = ReviewSession(store, clock=lambda: now + timedelta(seconds=35), tz=SHANGHAI, new_limit=0)
    card = session.next_card()
    assert card is not None and card.id == BASIC
    assert learned_ahead(card, now + timedelta(seconds=35)) == now + timedelta(minutes=10)
    assert learned_ahead(card, now + timedelta(minutes=11)) is None


def test_card_list_shows_when_review_would_show_a_card_in_aligned_columns(tmp_path):
    from click.testing import CliRunner

    from drill.cli import cli

    db = tmp_path / "drill.db"
    with Store(db) as s:
        sync_decks(s, [MINI], datetime(2026, 3, 1, tzinfo=UTC))
        now = datetime.now(UTC)
        s.answer(BASIC, Rating.AGAIN, now)  # learning, due in a minute
        until = now + timedelta(hours=7)
        s.set_buried(BASIC, until)
        s.answer("review-mini/first-contact/name", Rating.AGAIN, now)
    out = CliRunner().invoke(cli, ["card", "list", "--db", str(db)]).output
    lines = [line for line in out.splitlines() if "due " in line]
    assert len(lines) == 2
    assert len({line.index("due ") for line in lines}) == 1  # one column
    buried = next(line for line in lines if BASIC in line)
    # the buried card is due when its burial ends, in the one date form the list uses for both
    assert f"due {until.astimezone():%Y-%m-%d %H:%M}" in buried and f"until {until.astimezone():%Y-%m-%d %H:%M}" in buried
