"""`drill stats`: counts by state, today's reviews, true retention, forecast, weakest topics."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.cli import cli
from drill.scheduling import Rating
from drill.stats import compute_stats
from drill.store import Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)
DAY = datetime(2024, 5, 10, tzinfo=UTC)


def test_stats_figures(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")  # forecast days are the learner's local days
    time.tzset()
    with Store(tmp_path / "drill.db") as s:
        sync_decks(s, [MINI], NOW - timedelta(days=20))
        basic, mc, _typed = (r[0] for r in s.conn.execute("SELECT id FROM cards ORDER BY rowid"))
        # two cards learned 20 days ago, then reviewed today: one remembered, one forgotten
        for card in (basic, mc):
            s.answer(card, Rating.EASY, NOW - timedelta(days=20))
        s.answer(basic, Rating.GOOD, NOW - timedelta(hours=1))
        s.answer(mc, Rating.AGAIN, NOW - timedelta(hours=1))
        figures = compute_stats(s, NOW, DAY)
        within_30 = sum(1 for c in (basic, mc) if s.card_state(c).due < DAY + timedelta(days=30))
    assert figures["cards"]["by_state"] == {"new": 1, "learning": 0, "review": 1, "relearning": 1}
    assert figures["reviews_today"] == 2 and figures["correct_today"] == 1
    assert figures["true_retention_30d"] == 0.5 and figures["mature_reviews_30d"] == 2
    assert figures["due"]["today"] == 1  # the relearning card
    assert figures["due"]["next_30_days"] == within_30 >= 1
    assert len(figures["due"]["by_day"]) == 30 and figures["due"]["by_day"][0]["date"] == "2024-05-10"
    assert figures["today"] == {"date": "2024-05-10", "starts_at": "2024-05-10T00:00:00.000000Z"}
    topics = [t["topic"] for t in figures["weakest_topics"]]
    assert topics == ["服务意识"]
    assert 0 < figures["weakest_topics"][0]["retrievability"] <= 1


def test_stats_cli_json_and_text(tmp_path):
    db = tmp_path / "drill.db"
    with Store(db) as s:
        sync_decks(s, [SAMPLE_DECK], NOW)
    made = len(make_cards(load_deck(SAMPLE_DECK)))
    data = json.loads(CliRunner().invoke(cli, ["stats", "--json", "--db", str(db)]).output)
    assert data["cards"]["total"] == made and data["cards"]["by_state"]["new"] == made
    assert data["true_retention_30d"] is None
    text = CliRunner().invoke(cli, ["stats", "--db", str(db)])
    assert text.exit_code == 0 and f"cards {made}" in text.output and "true retention" in text.output


def test_stats_counts_leeches(tmp_path):
    db = tmp_path / "drill.db"
    with Store(db) as s:
        s.set_settings(leech_threshold=1, fuzz=False)
        sync_decks(s, [MINI], NOW - timedelta(days=30))
        basic = s.conn.execute("SELECT id FROM cards ORDER BY rowid").fetchone()[0]
        s.answer(basic, Rating.EASY, NOW - timedelta(days=30))
        done = s.answer(basic, Rating.AGAIN, NOW - timedelta(hours=2))  # the first lapse: a leech at 1
        assert done.leech
        assert compute_stats(s, NOW, DAY)["leeches"] == 1
    data = json.loads(CliRunner().invoke(cli, ["stats", "--json", "--db", str(db)]).output)
    assert data["leeches"] == 1 and data["cards"]["suspended"] == 1
    assert "leeches 1" in CliRunner().invoke(cli, ["stats", "--db", str(db)]).output
