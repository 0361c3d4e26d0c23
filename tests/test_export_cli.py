"""`drill export`: bad input is reported with its place, exits 2 and writes nothing."""

from __future__ import annotations

import json

from click.testing import CliRunner

from drill.cli import cli
from tests.conftest import SAMPLE_DECK


def run(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


def test_bad_deck_gives_located_errors_exit_2_and_nothing_written(tmp_path, write_deck):
    bad = write_deck("deck: broken\ntitle: 坏卡组\nfacts:\n  - id: a\n    kind: term\n    term: 缺定义\n", "bad.yaml")
    out = tmp_path / "out.apkg"
    result = run(str(SAMPLE_DECK), str(bad), "--format", "anki", "--out", str(out))
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "definition" in result.stderr and "fact a" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_every_bad_deck_is_reported_at_once(tmp_path, write_deck):
    a = write_deck("deck: a\ntitle: A\nfacts: []\n", "a.yaml")
    result = run(str(a), "no-such-deck", "--format", "json", "--out", str(tmp_path / "x.json"))
    assert result.exit_code == 2
    assert "a.yaml" in result.stderr and "no-such-deck" in result.stderr and "2 problems" in result.stderr


def test_shipped_deck_ids_filters_and_json_summary(tmp_path):
    out = tmp_path / "typed.json"
    result = run("sample-counter-basics", "--format", "json", "--out", str(out), "--type", "typed",
                 "--topic", "服务用语", "--json")
    assert result.exit_code == 0, result.output
    from drill import load_deck, make_cards

    wanted = [c for c in make_cards(load_deck(SAMPLE_DECK)) if c.type.value == "typed" and c.topic == "服务用语"]
    assert len(wanted) >= 2  # the filter has something to select, and something to leave out
    summary = json.loads(result.stdout)
    assert summary == {"format": "json", "decks": ["sample-counter-basics"], "cards": len(wanted),
                       "files": [str(out)]}
    cards = json.loads(out.read_text(encoding="utf-8"))["cards"]
    assert {c["type"] for c in cards} == {"typed"} and [c["id"] for c in cards] == [c.id for c in wanted]


def test_a_filter_that_matches_nothing_is_an_input_error(tmp_path):
    out = tmp_path / "x.md"
    result = run(str(SAMPLE_DECK), "--format", "markdown", "--out", str(out), "--tag", "no-such-tag")
    assert result.exit_code == 2 and "no cards match" in result.stderr and not out.exists()


def test_malformed_option_and_missing_directory_are_input_errors(tmp_path):
    result = run(str(SAMPLE_DECK), "-f", "json", "-o", str(tmp_path / "x.json"), "--option", "schema")
    assert result.exit_code == 2 and "expected key=value" in result.stderr
    result = run(str(SAMPLE_DECK), "-f", "json", "-o", str(tmp_path / "nope" / "x.json"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "nope").exists()


def test_an_exam_only_format_is_refused_for_decks(tmp_path, monkeypatch):
    from tests.test_plugins import make_dist_info

    site = tmp_path / "site"
    site.mkdir()
    make_dist_info(site, "paper-only", "0.1", {"paper": "paper_only:PaperOnly"}, {"paper_only": '''
        class PaperOnly:
            name, description, suffix, accepts = "paper", "exam papers only", ".txt", frozenset({"exam"})

            def export(self, bundle, path, options):
                raise AssertionError("must not be called with a deck")
        '''})
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("DRILL_DISABLE_PLUGIN_AUTOLOAD")
    out = tmp_path / "x.txt"
    result = run(str(SAMPLE_DECK), "--format", "paper", "--out", str(out))
    assert result.exit_code == 2 and "writes exam papers, not decks" in result.stderr
    assert not out.exists()
