"""`drill schema` describes the deck format: it validates the shipped decks and rejects bad ones."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from drill.catalog import shipped_decks
from drill.cli import cli
from tests.conftest import DECKS


def deck_schema_from_cli() -> dict:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.output)


def test_committed_schema_file_is_current():
    committed = json.loads((DECKS / "deck.schema.json").read_text(encoding="utf-8"))
    assert committed == deck_schema_from_cli(), "run: drill schema -o decks/deck.schema.json"


@pytest.mark.parametrize("deck_id", sorted(shipped_decks()))
def test_schema_validates_shipped_deck(deck_id):
    data = yaml.safe_load(shipped_decks()[deck_id].read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(deck_schema_from_cli()).validate(data)


def test_schema_rejects_unknown_key_and_bad_kind():
    validator = jsonschema.Draft202012Validator(deck_schema_from_cli())
    good = {"deck": "d", "title": "t", "facts": [{"id": "a", "kind": "term", "term": "甲", "definition": "乙"}]}
    validator.validate(good)
    for bad in (
        {**good, "colour": "red"},
        {**good, "facts": [{"id": "a", "kind": "glossary", "term": "甲"}]},
        {**good, "deck": "Bad Id"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


def test_shipped_decks_point_editors_at_the_schema():
    for path in shipped_decks().values():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=deck.schema.json", path.name
