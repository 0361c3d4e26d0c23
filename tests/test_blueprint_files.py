"""Blueprint files: loading, located errors, JSON Schema, shortfall messages."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from drill import BlueprintError, load_blueprint
from drill.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"


def test_sample_blueprint_loads_with_its_sections():
    bp = load_blueprint(SAMPLE_BLUEPRINT)
    assert bp.exam == "counter-staff-cert"
    assert bp.decks == ["sample-counter-basics"]
    assert [s.types[0].value for s in bp.sections] == ["multiple_choice", "true_false", "cloze", "ordering"]


def test_bad_blueprint_reports_every_problem_with_line_and_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "exam: Bad Id\ntitle: 测试\ndecks: [x]\npass_mark: 120\nsections:\n"
        "  - {title: 一, types: [multiple_choice], count: 2, points: 1}\n"
        "  - {title: 二, types: [basic], count: 0, points: 1, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(BlueprintError) as info:
        load_blueprint(path)
    found = {(p.line, p.field) for p in info.value.problems}
    assert (1, "exam") in found
    assert (4, "pass_mark") in found
    assert {(7, "sections[1].types"), (7, "sections[1].count"), (7, "sections[1].colour")} <= found
    assert all(p.file == str(path) for p in info.value.problems)


def test_cli_reports_bad_blueprint_with_exit_2_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("exam: x\ntitle: t\ndecks: [sample-counter-basics]\npass_mark: 80\nsections: []\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["exam", "build", str(path), "--seed", "1", "--out", str(out)])
    assert result.exit_code == 2
    assert f"{path}:5" in result.output and "sections" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unfillable_section_names_the_section_what_it_asked_and_what_exists(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(
        f"exam: big\ntitle: 大\ndecks: [{ROOT / 'decks' / 'sample-counter-basics.yaml'}]\npass_mark: 60\nsections:\n"
        "  - {title: 排序题, types: [ordering], count: 3, points: 5}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["exam", "build", str(path), "--seed", "1", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "排序题" in result.output and "3 item(s) of type ordering" in result.output
    assert "only 1 fact(s)" in result.output
    assert str(path) in result.output
    assert not out.exists()


def test_sections_competing_for_the_same_facts_are_reported_together(tmp_path):
    # true/false and cloze cards come from the same few facts of the sample deck: one item too many for both
    from drill import CardType, load_deck, make_cards

    deck_file = ROOT / "decks" / "sample-counter-basics.yaml"
    kinds = {CardType.TRUE_FALSE, CardType.CLOZE, CardType.TYPED}
    facts = len({c.fact for c in make_cards(load_deck(deck_file)) if c.type in kinds})
    true_false = facts // 2 + 1
    path = tmp_path / "tight.yaml"
    path.write_text(
        f"exam: tight\ntitle: 紧\ndecks: [{deck_file}]\npass_mark: 60\nsections:\n"
        f"  - {{title: 判断题, types: [true_false], count: {true_false}, points: 1}}\n"
        f"  - {{title: 填空题, types: [cloze, typed], count: {facts + 1 - true_false}, points: 1}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["exam", "build", str(path), "--seed", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert f"together they need {facts + 1} item(s) but only {facts} fact(s)" in result.output


def test_blueprint_schema_validates_the_sample_and_rejects_a_bad_type():
    result = CliRunner().invoke(cli, ["schema", "--blueprint"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    sample = yaml.safe_load(SAMPLE_BLUEPRINT.read_text(encoding="utf-8"))
    jsonschema.validate(sample, schema)
    sample["sections"][0]["types"] = ["essay"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sample, schema)


def test_shipped_certification_blueprint_builds_over_the_handbook_decks():
    from drill import build_exam
    from drill.exam import load_blueprint_cards

    blueprint, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    [paper] = build_exam(blueprint, cards, seed=1, variants=1)
    assert len({i.fact for i in paper.items}) == len(paper.items) == sum(s.count for s in blueprint.sections)
    assert {c.deck for c in cards} == {"cmcc-hubei-sales", "hall-quality-plan", "after-sales-etiquette"}
    assert blueprint.operator == "中国移动湖北公司" and blueprint.total == paper.total_points == 100


def test_committed_blueprint_schema_is_current():
    import json

    from click.testing import CliRunner

    from drill.cli import cli

    result = CliRunner().invoke(cli, ["schema", "--blueprint"])
    committed = json.loads((ROOT / "exams" / "blueprint.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(result.output), "run: drill schema --blueprint -o exams/blueprint.schema.json"
