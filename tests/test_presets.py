"""Per-deck presets: their own daily limits and scheduling; the CLI to view and set them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from drill.cli import cli
from drill.scheduling import Rating
from drill.session import ReviewSession
from drill.store import Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def run(*args, db):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)


def introduce_all(store: Store) -> Counter:
    """Answer everything offered now (Easy, so nothing comes back today); new cards per deck."""
    session = ReviewSession(store, clock=lambda: NOW)
    seen: Counter = Counter()
    while (card := session.next_card()) is not None:
        seen[card.id.split("/")[0]] += card.state.state == 0
        session.answer(card.id, Rating.EASY)
    return seen


def test_a_deck_with_a_preset_has_its_own_daily_new_limit(tmp_path):
    with Store(tmp_path / "drill.db") as store:
        sync_decks(store, [MINI, SAMPLE_DECK], NOW - timedelta(days=1))
        store.set_settings(new_per_day=2)
        store.set_preset("intensive", new_per_day=5)
        store.use_preset("intensive", ["sample-counter-basics"])
        seen = introduce_all(store)
        assert seen == {"review-mini": 2, "sample-counter-basics": 5}
        counts = ReviewSession(store, clock=lambda: NOW).counts()
        assert counts["new"] == 0
        # back on the default, the sample deck shares the default limit, already used up
        store.use_preset("default", ["sample-counter-basics"])
        assert ReviewSession(store, clock=lambda: NOW).counts()["new"] == 0


def test_cards_are_scheduled_with_their_decks_preset(tmp_path):
    with Store(tmp_path / "drill.db") as store:
        sync_decks(store, [MINI], NOW - timedelta(days=1))
        store.set_settings(fuzz=False)
        store.set_preset("slow", learning_steps=(120, 1200), leech_threshold=3)
        store.use_preset("slow", ["review-mini"])
        session = ReviewSession(store, clock=lambda: NOW)
        assert session.intervals(session.next_card())[Rating.GOOD] == timedelta(seconds=1200)
        session.answer(BASIC, Rating.GOOD)
        assert store.card_state(BASIC).due - NOW == timedelta(seconds=1200)
        assert store.settings_for_deck("review-mini").leech_threshold == 3
        assert store.settings().learning_steps == (60, 600)  # the default is unchanged
    report = json.loads(run("doctor", "--json", db=tmp_path / "drill.db").output)
    assert report["state_differs_from_log"] == 0


def test_preset_cli_set_use_list(tmp_path):
    db = tmp_path / "drill.db"
    run("add", str(MINI), db=db)
    assert run("preset", "set", "exam-week", "new_per_day", "40", db=db).exit_code == 0
    assert run("preset", "set", "exam-week", "learning_steps", "1m 10m 1h", db=db).exit_code == 0
    assert run("preset", "use", "exam-week", "review-mini", db=db).exit_code == 0
    data = json.loads(run("preset", "list", "--json", db=db).output)
    assert data["presets"]["exam-week"] == {"settings": {"new_per_day": 40, "learning_steps": [60, 600, 3600]},
                                            "decks": ["review-mini"]}
    assert data["default"]["settings"]["new_per_day"] == 20 and data["default"]["decks"] == []
    text = run("preset", "list", db=db).output
    assert "exam-week: new_per_day 40 · learning_steps 1m 10m 1h" in text and "decks: review-mini" in text


def test_preset_cli_refuses_bad_input_with_exit_2(tmp_path):
    db = tmp_path / "drill.db"
    run("add", str(MINI), db=db)
    bad_key = run("preset", "set", "x", "rollover_hour", "5", db=db)
    assert bad_key.exit_code == 2 and "cannot set 'rollover_hour'" in bad_key.output
    bad_value = run("preset", "set", "x", "desired_retention", "7", db=db)
    assert bad_value.exit_code == 2 and "desired_retention" in bad_value.output
    default = run("preset", "set", "default", "new_per_day", "5", db=db)
    assert default.exit_code == 2 and "drill config" in default.output
    no_deck = run("preset", "use", "x", "no-such-deck", db=db)
    assert no_deck.exit_code == 2 and "no deck 'no-such-deck'" in no_deck.output
    no_preset = run("preset", "use", "missing", "review-mini", db=db)
    assert no_preset.exit_code == 2 and "no preset 'missing'" in no_preset.output
    assert json.loads(run("preset", "list", "--json", db=db).output)["presets"] == {}
