"""The JSON exporter: full fidelity, a schema that validates it, and an exact round trip."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from drill import load_deck, make_cards
from drill.card import Card, CardType, Option
from drill.cli import cli
from drill.exporting import DeckBundle
from drill_json import dump_bundle, export_schema, exporter, load_bundle, load_export
from tests.conftest import SAMPLE_DECK


def test_export_and_load_back_gives_equal_decks_and_cards(tmp_path):
    out = tmp_path / "s.json"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "-f", "json", "-o", str(out),
                                      "--option", "schema=1"])
    assert result.exit_code == 0, result.output
    deck = load_deck(SAMPLE_DECK)
    back = load_export(out)
    assert back.decks == (deck,)
    assert list(back.cards) == make_cards(deck)
    schema = json.loads((tmp_path / "s.schema.json").read_text(encoding="utf-8"))
    assert schema == export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    document["cards"][0]["type"] = "essay"
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted an unknown card type")


def test_loading_something_else_is_a_located_input_error(tmp_path):
    from drill.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "drill-export", "format_version": 1, "decks": [],
                               "cards": [{"id": "x"}]}), encoding="utf-8")
    try:
        load_export(bad)
    except InputError as exc:
        assert any(p.field and p.field.startswith("cards.0.") for p in exc.problems)
        assert all(p.file == str(bad) for p in exc.problems)
    else:
        raise AssertionError("invalid card accepted")


text = st.text(max_size=30)
options = st.lists(st.builds(Option, text=text, correct=st.booleans()), max_size=5).map(tuple)
cards = st.builds(
    Card,
    id=text, deck=text, fact=text, kind=text, template=text, part=st.none() | text,
    type=st.sampled_from(list(CardType)), prompt=text, answer=text, options=options,
    items=st.lists(text, max_size=4).map(tuple), context=st.none() | text, hint=st.none() | text,
    explanation=st.none() | text, topic=st.none() | text, tags=st.lists(text, max_size=3).map(tuple),
    source=st.none() | text, content_hash=text,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cards, max_size=6))
def test_round_trip_is_exact_for_any_cards(tmp_path_factory, generated):
    deck = load_deck(SAMPLE_DECK)
    bundle = DeckBundle(decks=(deck,), cards=tuple(generated))
    path = tmp_path_factory.mktemp("rt") / "cards.json"
    exporter.export(bundle, Path(path), {})
    back = load_export(path)
    assert back == bundle
    assert load_bundle(dump_bundle(bundle)) == bundle
