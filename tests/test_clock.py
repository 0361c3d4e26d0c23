"""`--now` / `DRILL_NOW`: one simulated clock for every command, only on an explicit store."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from drill import clock
from drill.cli import cli
from drill.store import Store, from_text
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"


@pytest.fixture(autouse=True)
def _shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    clock.simulate(None)
    monkeypatch.delenv("TZ")
    time.tzset()


def run(args, keys="", env=None):
    return CliRunner().invoke(cli, args, input=keys, env=env, catch_exceptions=False)


def test_now_on_the_default_store_is_refused_and_writes_nothing(_isolated_home):
    for args, env in ((["--now", "2026-03-02T04:01", "add", str(MINI)], None),
                      (["add", str(MINI)], {"DRILL_NOW": "2026-03-02T04:01"})):
        result = run(args, env=env)
        assert result.exit_code == 2, result.output
        assert "--db" in result.output and "default store" in result.output
        assert not (_isolated_home / "drill.db").exists()


def test_a_bad_now_is_exit_2_showing_the_form(tmp_path):
    result = run(["--now", "tomorrow", "stats", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "2026-03-02T04:01" in result.output


def test_answers_are_written_at_the_simulated_time_and_the_screen_says_so(tmp_path):
    db = tmp_path / "s.db"
    result = run(["--now", "2026-03-02T09:30", "review", str(MINI), "--db", str(db), "--limit", "1"], "\n3\n")
    assert result.exit_code == 0, result.output
    assert "simulated time: 2026-03-02 09:30" in result.output
    with Store(db) as s:
        (at,) = s.conn.execute("SELECT reviewed_at FROM reviews").fetchone()
    written = from_text(at)
    assert written is not None
    expected = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert expected <= written < expected + timedelta(minutes=1)


def test_the_rollover_follows_the_simulated_clock(tmp_path):
    """A card answered Easy on day 1 is due on its day from 04:00, not at 03:30 the same night."""
    db = tmp_path / "s.db"
    assert run(["--now", "2026-03-02T09:00", "review", str(MINI), "--db", str(db), "--limit", "1"],
               "\n4\n").exit_code == 0
    with Store(db) as s:
        due = from_text(s.conn.execute("SELECT due FROM cards WHERE reps = 1").fetchone()[0])
    assert due is not None
    due_day = (due.astimezone() - timedelta(hours=4)).date()
    before = datetime.combine(due_day + timedelta(days=1), datetime.min.time()).replace(hour=3, minute=30)
    after = before.replace(hour=4, minute=1)
    stats_before = run(["--now", before.isoformat(), "stats", "--json", "--db", str(db)])
    stats_after = run(["--now", after.isoformat(), "stats", "--json", "--db", str(db)])
    import json

    def due_today(result):
        return json.loads(result.stdout)["due"]["today"]

    # 03:30 on the day after the due day still belongs to the due day: due; and it stays due at 04:01
    assert due_today(stats_before) >= 1 and due_today(stats_after) >= 1
    day_before = before - timedelta(days=1)  # 03:30 on the due day: still the day before it
    assert due_today(run(["--now", day_before.isoformat(), "stats", "--json", "--db", str(db)])) == 0
    assert due_today(run(["--now", day_before.replace(hour=4, minute=1).isoformat(), "stats", "--json",
                          "--db", str(db)])) >= 1


def test_the_simulated_clock_runs_on_from_its_start():
    start = datetime(2030, 1, 1, tzinfo=UTC)
    clock.simulate(start)
    first = clock.now()
    time.sleep(0.01)
    assert start <= first < clock.now() < start + timedelta(seconds=5)
    clock.simulate(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize("text, expected", [
    ("2026-03-02T04:01", datetime(2026, 3, 1, 20, 1, tzinfo=UTC)),
    ("2026-03-02 04:01:30", datetime(2026, 3, 1, 20, 1, 30, tzinfo=UTC)),
    ("2026-03-02T04:01+00:00", datetime(2026, 3, 2, 4, 1, tzinfo=UTC)),
    ("2026-03-02T04:01Z", datetime(2026, 3, 2, 4, 1, tzinfo=UTC)),
    ("2026-03-02", datetime(2026, 3, 1, 16, 0, tzinfo=UTC)),
])
def test_moments_are_local_unless_an_offset_is_given(text, expected):
    assert clock.parse_moment(text) == expected


@pytest.mark.parametrize("text", ["", "next week", "2026-13-01", "10000-01-01"])
def test_moments_that_are_not_dates_are_refused(text):
    with pytest.raises(ValueError):
        clock.parse_moment(text)
