"""Malformed deck files: every problem located, exit code 2 from `drill lint`, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from drill import DeckError, load_deck
from drill.cli import cli

GOOD_FACT = "  - {id: t1, kind: term, topic: 概念, source: 第一章, term: 甲, definition: 乙}\n"
HEADER = "deck: bad-deck\ntitle: 坏卡组\nfacts:\n"

CASES = {
    "missing-field": (HEADER + "  - {id: t1, kind: term, term: 甲}\n", 4, "t1", "definition", "required"),
    "unknown-key": (HEADER + "  - {id: t1, kind: term, term: 甲, definition: 乙, defintion: 丙}\n",
                    4, "t1", "defintion", "unknown key"),
    "wrong-kind": (HEADER + "  - {id: t1, kind: glossary, term: 甲}\n", 4, "t1", None, "unknown kind 'glossary'"),
    "duplicate-fact-id": (HEADER + GOOD_FACT + GOOD_FACT.replace("甲", "丙"), 5, "t1", "id", "duplicate id"),
    "duplicate-key": (HEADER + "  - id: t1\n    kind: term\n    term: 甲\n    term: 丙\n    definition: 乙\n",
                      7, None, None, "duplicate key 'term'"),
    "bad-slug": (HEADER + "  - {id: Bad_Id, kind: term, term: 甲, definition: 乙}\n", 4, "Bad_Id", "id",
                 "not a valid id"),
    "rule-without-deletion": (HEADER + "  - {id: r1, kind: rule, text: 没有挖空的规则}\n", 4, "r1", "text",
                              "at least one {{…}} deletion"),
    "bad-deck-slug": ("deck: Bad Deck\ntitle: x\nfacts:\n" + GOOD_FACT, 1, None, "deck", "not a valid id"),
    "list-accept-names-no-item": (HEADER + "  - id: l1\n    kind: list\n    name: 表\n    items: [扎账, 盘点]\n"
                                  "    accept: {扎帐: [扎账]}\n", 8, "l1", "accept", "'扎帐', which is not one of"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_deck_gives_located_problem_and_exit_2(name, write_deck):
    text, line, fact, field, needle = CASES[name]
    path = write_deck(text)
    with pytest.raises(DeckError) as info:
        load_deck(path)
    matching = [p for p in info.value.problems if needle in p.message]
    assert matching, [str(p) for p in info.value.problems]
    problem = matching[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.column is not None
    assert problem.fact == fact
    if field is not None:
        assert problem.field == field
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.output
    assert "Traceback" not in result.output


def test_every_problem_in_a_file_is_reported_at_once(write_deck):
    path = write_deck(
        HEADER
        + "  - {id: t1, kind: term, term: 甲}\n"
        + "  - {id: t2, kind: term, term: 乙, definition: 丙, extra: 1}\n"
        + "  - {id: r1, kind: rule, text: 无挖空}\n"
    )
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert [(p.line, p.fact) for p in info.value.problems] == [(4, "t1"), (5, "t2"), (6, "r1")]


def test_problem_in_nested_field_points_at_it(write_deck):
    path = write_deck(
        HEADER
        + "  - id: c1\n    kind: category\n    name: 类\n    members:\n"
        + "      - {name: 甲, description: 一}\n      - {nam: 乙}\n"
    )
    [problem, *_] = load_deck_problems(path)
    assert problem.line == 9 and problem.fact == "c1"
    assert problem.field is not None and problem.field.startswith("members[1]")


def load_deck_problems(path):
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return info.value.problems


def test_yaml_11_surprises_stay_strings(write_deck):
    path = write_deck(
        'deck: no\ntitle: on\nversion: 2023.7\nfacts:\n  - {id: yes, kind: term, term: no, definition: 1.10}\n'
    )
    deck = load_deck(path)
    assert (deck.deck, deck.title, deck.version) == ("no", "on", "2023.7")
    fact = deck.facts[0]
    assert (fact.id, fact.term, fact.definition) == ("yes", "no", "1.10")


def test_numbers_still_coerce_where_the_model_wants_one(write_deck):
    path = write_deck("deck: d\ntitle: t\nsource: {title: 手册, year: 2023}\nfacts:\n" + GOOD_FACT)
    assert load_deck(path).source.year == 2023


def test_alias_bomb_is_refused_quickly(write_deck):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_deck("\n".join(lines) + "\n")
    start = time.perf_counter()
    problems = load_deck_problems(path)
    assert time.perf_counter() - start < 1.0
    assert any("alias" in p.message for p in problems)


def test_deep_nesting_is_refused_without_crashing(write_deck):
    path = write_deck("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    problems = load_deck_problems(path)
    assert any("nesting" in p.message for p in problems)


def test_recursive_alias_is_refused(write_deck):
    problems = load_deck_problems(write_deck("a: &x [*x]\n"))
    assert any("alias" in p.message for p in problems)


def test_not_utf8_is_located(write_deck, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("deck: d\ntitle: caf\xe9\n".encode("latin-1"))
    [problem] = load_deck_problems(path)
    assert "not UTF-8" in problem.message
    assert (problem.line, problem.column) == (2, 11)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file_is_an_error(write_deck, text):
    [problem] = load_deck_problems(write_deck(text))
    assert "empty" in problem.message and problem.line == 1


def test_top_level_must_be_a_mapping(write_deck):
    [problem] = load_deck_problems(write_deck("- a\n- b\n"))
    assert "mapping" in problem.message


def test_oversized_file_is_refused(write_deck, monkeypatch):
    import drill.yamlio

    monkeypatch.setattr(drill.yamlio, "MAX_BYTES", 100)
    problems = load_deck_problems(write_deck("deck: d\ntitle: t\nfacts:\n" + GOOD_FACT * 5))
    assert any("limit" in p.message for p in problems)


def test_missing_file_is_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "no deck file or shipped deck" in result.output


def test_lint_in_a_real_process_prints_no_traceback(write_deck):
    path = write_deck(HEADER + "  - {id: t1, kind: term, term: 甲}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "drill", "lint", str(path)], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{path}:4:" in proc.stderr


def test_lint_json_report(write_deck):
    import json

    path = write_deck(HEADER + "  - {id: lonely, kind: term, term: 甲, definition: 乙}\n")
    result = CliRunner().invoke(cli, ["lint", "--json", str(path)])
    assert result.exit_code == 0  # warnings only
    report = json.loads(result.output)
    assert report["errors"] == 0 and report["warnings"] >= 1
    assert report["files"][0]["problems"][0]["fact"] == "lonely"
    strict = CliRunner().invoke(cli, ["lint", "--strict", str(path)])
    assert strict.exit_code == 2


def test_a_list_fact_gives_each_items_other_wordings_to_its_recall_card(write_deck):
    from drill import make_cards

    list_fact = ("  - id: backoffice\n    kind: list\n    topic: 接待\n    source: 第三章\n    name: 台席上不做的事\n"
                 "    items: [扎账, 盘点, 内务整理]\n")
    plain = {c.id: c for c in make_cards(load_deck(write_deck(HEADER + list_fact, "plain.yaml")))}
    worded = {c.id: c for c in make_cards(load_deck(write_deck(
        HEADER + list_fact + "    accept:\n      内务整理: [内务整顿]\n      扎账: [扎帐]\n", "worded.yaml")))}
    recall = worded["bad-deck/backoffice/recall"]
    assert recall.accept == ("扎账|扎帐", "内务整理|内务整顿")  # in the order of the items
    assert recall.items == plain["bad-deck/backoffice/recall"].items and recall.answer == "扎账、盘点、内务整理"
    # a deck without `accept` makes the cards it made before, to the hash
    assert plain["bad-deck/backoffice/recall"].accept == ()
    assert recall.content_hash != plain["bad-deck/backoffice/recall"].content_hash


def test_an_items_wording_that_is_another_item_is_a_located_lint_error(write_deck):
    from drill.lint import lint_file

    path = write_deck(HEADER + "  - id: l1\n    kind: list\n    topic: 渠道\n    source: 一\n    name: 渠道\n"
                      "    items: [主渠道, 补充渠道, 社会渠道]\n    accept:\n      主渠道: [主要渠道, 补充渠道]\n")
    [problem] = [p for p in lint_file(path).errors]
    assert (problem.line, problem.fact, problem.field) == (11, "l1", "accept.主渠道")
    assert "'补充渠道'" in problem.message
