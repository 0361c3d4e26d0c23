"""Parallel forms: 乱序卷 (--same-items) gives every variant the same items in another order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from drill import CardType, build_exam
from drill.cli import cli
from drill.exam import load_blueprint_cards

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = ROOT / "exams" / "counter-staff-cert.yaml"


@pytest.fixture(scope="module")
def sample():
    return load_blueprint_cards(BLUEPRINT)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), variants=st.integers(2, 5))
def test_same_items_variants_hold_variant_a_items_reordered_with_right_keys(sample, seed, variants):
    blueprint, cards = sample
    papers = build_exam(blueprint, cards, seed, variants, same_items=True)
    first = papers[0]
    assert first == build_exam(blueprint, cards, seed, 1)[0]  # A is the same either way
    by_id = {c.id: c for c in cards}
    for paper in papers[1:]:
        assert [i.number for i in paper.items] == list(range(1, len(first.items) + 1))
        for mine, theirs in zip(paper.sections, first.sections):
            assert sorted(i.card_id for i in mine.items) == sorted(i.card_id for i in theirs.items)
            if len(mine.items) > 1:
                assert [i.card_id for i in mine.items] != [i.card_id for i in theirs.items]
        for item in paper.items:
            card = by_id[item.card_id]
            if item.type is CardType.MULTIPLE_CHOICE:
                assert item.options[ord(item.key) - 65].correct and item.answer == card.answer
            if item.type is CardType.ORDERING:
                assert [item.options[ord(ch) - 65].text for ch in item.key] == list(card.items)


def test_independent_variants_are_separate_draws(sample):
    blueprint, cards = sample
    a, b = build_exam(blueprint, cards, 7, 2)
    assert {i.card_id for i in a.items} != {i.card_id for i in b.items}


def test_grading_a_same_items_build_analyses_every_item_on_every_candidate(tmp_path):
    out = tmp_path / "papers"
    runner = CliRunner()
    result = runner.invoke(cli, ["exam", "build", str(BLUEPRINT), "--variants", "2", "--same-items", "--seed", "3",
                                 "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["same_items"] is True
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    items = {v: spec["items"] for v, spec in manifest["variants"].items()}
    rows = ["candidate,variant," + ",".join(str(i["number"]) for i in items["A"])]
    for n in range(6):
        variant = "AB"[n % 2]
        answers = [it["key"] if (k + n) % 3 else "" for k, it in enumerate(items[variant])]
        rows.append(f"c{n},{variant}," + ",".join(answers))
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["exam", "grade", str(out / "keys" / "manifest.json"), str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {i["candidates"] for i in data["items"]} == {6}
    (form,) = data["summary"]["forms"]
    assert form["variants"] == ["A", "B"] and form["candidates"] == 6


def test_difficulty_balance_brings_expected_scores_closer_and_keeps_variant_a(sample):
    from drill.exam.assemble import expected_percent

    blueprint, cards = sample
    # earlier results: every card of the pool with a spread of difficulties (seeded, so the test is fixed)
    import random

    rng = random.Random(5)
    difficulty = {c.id: rng.choice([0.2, 0.5, 0.95]) for c in cards}
    plain = build_exam(blueprint, cards, 11, 4)
    balanced = build_exam(blueprint, cards, 11, 4, difficulty=difficulty)
    assert balanced[0] == plain[0]
    gap = lambda papers: max(abs(expected_percent(p, difficulty) - expected_percent(papers[0], difficulty))  # noqa: E731
                             for p in papers[1:])
    # independent draws differ by 8 percent points here; the balanced ones by under 2.5
    assert gap(balanced) <= gap(plain) / 2
    assert gap(balanced) < 2.5
    assert balanced == build_exam(blueprint, cards, 11, 4, difficulty=difficulty)  # still reproducible


def test_build_balances_with_an_earlier_grading_json(tmp_path):
    runner = CliRunner()
    out = tmp_path / "first"
    assert runner.invoke(cli, ["exam", "build", str(BLUEPRINT), "--variants", "2", "--seed", "3",
                               "--out", str(out)]).exit_code == 0
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    items = manifest["variants"]["A"]["items"]
    rows = ["candidate,variant," + ",".join(str(i["number"]) for i in items)]
    rows += [f"c{n},A," + ",".join(it["key"] if (k + n) % 4 else "" for k, it in enumerate(items)) for n in range(8)]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    graded = runner.invoke(cli, ["exam", "grade", str(out / "keys" / "manifest.json"), str(tmp_path / "r.csv"), "--json"])
    (tmp_path / "graded.json").write_text(graded.stdout, encoding="utf-8")
    result = runner.invoke(cli, ["exam", "build", str(BLUEPRINT), "--variants", "3", "--seed", "9", "--balance-with",
                                 str(tmp_path / "graded.json"), "--out", str(tmp_path / "balanced"), "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(result.stdout)["expected_percent"]) == ["A", "B", "C"]
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    bad = runner.invoke(cli, ["exam", "build", str(BLUEPRINT), "--balance-with", str(tmp_path / "bad.json"),
                              "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "drill exam grade --json" in bad.output
