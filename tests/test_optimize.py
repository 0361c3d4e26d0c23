"""`drill optimize`: FSRS parameters fitted to the store's own log with fsrs-rs."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.optimize import fsrs_items, optimize_parameters
from drill.scheduling import DEFAULT_PARAMETERS, retrievability
from drill.store import Store, sync_decks
from tests.conftest import SAMPLE_DECK

START = datetime(2024, 1, 1, 9, tzinfo=UTC)


def simulate(store: Store, days: int, seed: int = 7) -> int:
    """A learner who forgets faster than the defaults assume: each day, answer what is due."""
    rng = random.Random(seed)
    settings = store.settings()
    cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY id")]
    hidden_decay = {c: rng.uniform(0.3, 0.8) for c in cards}  # fraction of FSRS stability really kept
    answered = 0
    for day in range(days):
        now = START + timedelta(days=day, minutes=rng.randint(0, 600))
        for card in cards:
            state = store.card_state(card)
            if state.due is not None and state.due > now:
                continue
            if state.reps == 0 and day % 3:
                continue  # introduce new cards every third day
            r = retrievability(state, now, settings)
            if r is not None:
                r = r ** (1 / hidden_decay[card])
            remembered = r is None and rng.random() < 0.7 or r is not None and rng.random() < r
            rating = rng.choice((2, 3, 3, 3, 4)) if remembered else 1
            store.answer(card, rating, now)
            answered += 1
    return answered


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "drill.db") as s:
        sync_decks(s, [SAMPLE_DECK], START)
        yield s


def test_too_few_reviews_keeps_the_defaults(store):
    simulate(store, days=3)
    result = optimize_parameters(store)
    assert not result.stored and "at least 400" in result.message
    assert store.settings().parameters == DEFAULT_PARAMETERS


@pytest.mark.slow
def test_fit_lowers_log_loss_and_is_stored(store):
    count = simulate(store, days=120)
    assert count >= 400
    result = optimize_parameters(store, tz=UTC)
    assert result.reviews == count and result.items > 0
    assert result.loss_before is not None and result.loss_after is not None
    assert math.isfinite(result.loss_before) and math.isfinite(result.loss_after)
    assert result.loss_after < result.loss_before
    assert result.stored
    stored = store.settings().parameters
    assert stored == result.parameters_after and stored != DEFAULT_PARAMETERS and len(stored) == 21


def test_items_only_for_answers_on_later_days():
    histories = [[(1, 3), (1, 3), (3, 1), (4, 3)], [(5, 3)]]
    items = fsrs_items(histories)
    assert [len(i.reviews) for i in items] == [3, 4]


def test_cli_reports_and_json(store, tmp_path):
    simulate(store, days=3)
    store.close()
    out = CliRunner().invoke(cli, ["optimize", "--json", "--db", str(tmp_path / "drill.db")])
    data = json.loads(out.output)
    assert out.exit_code == 0 and data["stored"] is False and data["reviews"] > 0
    text = CliRunner().invoke(cli, ["optimize", "--db", str(tmp_path / "drill.db")]).output
    assert "at least 400" in text
