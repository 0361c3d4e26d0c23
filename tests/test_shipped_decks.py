"""The shipped decks: they load, lint clean, cite their source and carry no conversion noise."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.catalog import resolve_deck, shipped_decks
from drill.cli import cli
from drill.facts import FACT_TYPES
from drill.lint import lint_file
from drill.text import normalize
from tests.conftest import DECKS

NOISE = ("旳", "效劳", "原那么", "不不不小于", "不不小于", "\ufffd")
HANDBOOK_DECKS = {
    "cmcc-hubei-sales", "telecom-service-language", "telecom-service-etiquette",
    "hall-quality-plan", "unicom-service-norms", "after-sales-etiquette",
}
DECK_IDS = sorted(shipped_decks())


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from all_strings(v)


def test_every_handbook_has_a_deck():
    assert HANDBOOK_DECKS <= set(DECK_IDS)


@pytest.mark.parametrize("deck_id", DECK_IDS)
def test_deck_lints_strictly_clean(deck_id):
    result = lint_file(shipped_decks()[deck_id])
    assert not result.problems, "\n".join(map(str, result.problems))
    assert result.deck is not None and result.deck.language == "zh-CN"
    assert result.deck.source is not None


@pytest.mark.parametrize("deck_id", DECK_IDS)
def test_every_fact_has_topic_and_source(deck_id):
    deck = load_deck(shipped_decks()[deck_id])
    missing = [f.id for f in deck.facts if not f.topic or not f.source]
    assert not missing


@pytest.mark.parametrize("deck_id", DECK_IDS)
def test_no_conversion_noise(deck_id):
    deck = load_deck(shipped_decks()[deck_id])
    for text in all_strings(deck.model_dump()):
        for noise in NOISE:
            assert noise not in text, f"{noise!r} in {text!r}"


@pytest.mark.parametrize("deck_id", DECK_IDS)
def test_no_two_facts_state_the_same_thing(deck_id):
    deck = load_deck(shipped_decks()[deck_id])
    seen: dict[str, str] = {}
    for fact in deck.facts:
        for text in fact.texts():
            key = normalize(text)
            assert key not in seen, f"{fact.id} repeats {seen[key]}"
            seen[key] = fact.id


def test_size_and_coverage():
    decks = [load_deck(shipped_decks()[d]) for d in HANDBOOK_DECKS]
    facts = [f for d in decks for f in d.facts]
    assert len(facts) >= 250
    # every kind but `question`: a trainer's own exam items, read from their banks, not from handbooks
    assert {f.kind for f in facts} == set(FACT_TYPES) - {"question"}
    per_deck = {d.deck: len(d.facts) for d in decks}
    telecom = per_deck["telecom-service-language"] + per_deck["telecom-service-etiquette"]
    # the two largest handbooks give the largest decks
    for small in ("hall-quality-plan", "unicom-service-norms", "after-sales-etiquette"):
        assert per_deck["cmcc-hubei-sales"] > per_deck[small] and telecom > per_deck[small]


def test_shipped_decks_resolve_by_id_and_by_path():
    for deck_id, path in shipped_decks().items():
        assert resolve_deck(deck_id) == path
        assert resolve_deck(str(path)) == path


def test_decks_readme_table_is_current():
    result = CliRunner().invoke(cli, ["decks", "--markdown"])
    assert result.exit_code == 0
    readme = (DECKS / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- decks:start -->\n")[1].split("<!-- decks:end -->")[0]
    assert table == result.output, "run: drill decks --markdown and paste it into decks/README.md"


def test_drill_decks_json_counts_match_the_library():
    import json

    rows = json.loads(CliRunner().invoke(cli, ["decks", "--json"]).output)
    for row in rows:
        deck = load_deck(shipped_decks()[row["id"]])
        assert row["facts"] == len(deck.facts)
        assert row["cards"] == len(make_cards(deck))
        assert row["facts_by_kind"] == dict(sorted(Counter(f.kind for f in deck.facts).items()))
