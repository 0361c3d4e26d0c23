"""Preset names never put an escape sequence, control or bidi character on the terminal."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from drill.cli import cli
from tests.conftest import SAMPLE_DECK

HOSTILE_NAMES = {
    "esc": "week\x1b[2J\x1b[31m",
    "osc": "week\x1b]0;pwned\x07",
    "bel": "week\x07",
    "rlo": "week\u202egpj.exe",
    "c1-csi": "week\x9b31m",
}
UNSAFE = ("\x1b", "\x07", "\u202e", "\x9b")


def run(*args: str, db):
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def _clean(output: str) -> bool:
    return not any(ch in output for ch in UNSAFE)


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_a_preset_name_with_escapes_is_refused_at_creation_and_not_echoed_raw(tmp_path, kind):
    db = tmp_path / "drill.db"
    result = run("preset", "set", HOSTILE_NAMES[kind], "new_per_day", "5", db=db)
    assert result.exit_code == 2, result.output
    assert "control characters" in result.output and _clean(result.output)
    listed = run("preset", "list", "--json", db=db)
    assert json.loads(listed.output)["presets"] == {}  # nothing stored


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_a_hostile_name_already_in_a_store_is_printed_safely_by_list_use_and_delete(tmp_path, kind):
    db = tmp_path / "drill.db"
    assert run("add", str(SAMPLE_DECK), db=db).exit_code == 0
    name = HOSTILE_NAMES[kind]
    raw = sqlite3.connect(db)  # a store written by an older drill or another tool
    raw.execute("INSERT INTO presets(name, settings) VALUES (?, ?)", (name, json.dumps({"new_per_day": 5})))
    raw.commit()
    raw.close()
    outputs = []
    for args in (("preset", "list"), ("preset", "use", name, "sample-counter-basics"), ("preset", "list"),
                 ("preset", "set", name, "new_per_day", "6"), ("preset", "delete", name)):
        result = run(*args, db=db)
        outputs.append(result.output)
        assert _clean(result.output), (args, result.output)
    assert "week" in outputs[0] and "sample-counter-basics" in outputs[2] and "week" in outputs[4]
