"""A blueprint finds decks named by id beside it or in decks/ beside it, before shipped decks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.exam import blueprint_deck_files, load_blueprint

ROOT = Path(__file__).resolve().parent.parent
DECK = ROOT / "decks" / "sample-counter-basics.yaml"
BLUEPRINT = """exam: bank-counter-cert
title: 柜台岗位考试
decks: [bank-counter]
pass_mark: 60
sections:
  - {title: 一、单项选择题, types: [multiple_choice], count: 3, points: 2}
"""


@pytest.mark.parametrize("where", [".", "decks"])
@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_blueprint_naming_a_deck_id_beside_it_builds(tmp_path, where, suffix):
    (tmp_path / where).mkdir(exist_ok=True)
    shutil.copy(DECK, tmp_path / where / f"bank-counter{suffix}")
    (tmp_path / "exam.yaml").write_text(BLUEPRINT, encoding="utf-8")
    assert blueprint_deck_files(load_blueprint(tmp_path / "exam.yaml"), tmp_path) == [
        tmp_path / where / f"bank-counter{suffix}"]
    result = CliRunner().invoke(cli, ["exam", "build", str(tmp_path / "exam.yaml"), "--seed", "1",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "bank-counter-cert-A.html").exists()


def test_a_deck_beside_the_blueprint_wins_over_the_one_in_decks(tmp_path):
    (tmp_path / "decks").mkdir()
    shutil.copy(DECK, tmp_path / "decks" / "bank-counter.yaml")
    shutil.copy(DECK, tmp_path / "bank-counter.yaml")
    (tmp_path / "exam.yaml").write_text(BLUEPRINT, encoding="utf-8")
    assert blueprint_deck_files(load_blueprint(tmp_path / "exam.yaml"), tmp_path) == [tmp_path / "bank-counter.yaml"]


def test_an_unknown_deck_id_is_a_clear_error(tmp_path):
    (tmp_path / "exam.yaml").write_text(BLUEPRINT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "build", str(tmp_path / "exam.yaml"), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "bank-counter" in result.output and "Traceback" not in result.output
