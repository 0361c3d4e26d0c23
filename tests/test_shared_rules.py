"""The same rule stated in two decks one blueprint draws on: `drill lint BLUEPRINT` warns, naming both facts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drill.audit import shared_rules
from drill.cli import cli
from drill.deck import Deck
from tests.conftest import ROOT


def _deck(deck_id: str, *texts: str) -> Deck:
    return Deck.model_validate({"deck": deck_id, "title": deck_id, "facts": [
        {"id": f"r{i}", "kind": "rule", "topic": "规范", "text": text} for i, text in enumerate(texts, start=1)]})


#: (a rule of one deck, a rule of another, whether they state the same rule)
PAIRS = [
    # the same rule in each handbook's words: the same blank, wordings close or one inside the other
    ("营业厅受理的投诉须在{{24小时}}内通过BOSS系统提交投诉工单。", "自办营业厅受理的投诉须在{{24小时}}内通过BOSS系统立单。", True),
    ("标杆型厅店的物业须为公司自有物业或租期不小于{{5年}}的租赁商铺。",
     "标杆型厅店的物业须为自有物业或租期不小于{{5年}}的租赁商铺，且面积不小于180平方米。", True),
    # nearly the same words, different blanks: still one rule
    ("营业员须穿{{黑色}}皮鞋，佩戴工号牌。", "营业员须穿黑色皮鞋，佩戴{{工号牌}}。", True),
    # the same blank in different rules
    ("有条件的营业厅应将自助区设置为相对独立的{{24小时}}服务区。", "客户投诉须在{{24小时}}内回复。", False),
    ("交接岗位较多时，接班人员必须提前{{10分钟}}进入工作岗位。", "上门时间与约定时间误差不得超过{{10分钟}}。", False),
    # close words, a different number: two rules
    ("客户投诉须在{{24小时}}内回复。", "客户投诉须在{{48小时}}内回复。", False),
]


@pytest.mark.parametrize(("first", "second", "same"), PAIRS)
def test_rules_stated_in_two_decks_are_found(first, second, same):
    found = shared_rules([_deck("a", first), _deck("b", second)])
    assert [(r.deck, r.fact, r.other_deck, r.other_fact) for r in found] == ([("a", "r1", "b", "r1")] if same else [])
    if same:
        assert found[0].wording != first and "{{" not in found[0].wording  # the rule as printed, blanks filled


def test_only_rules_across_decks_and_only_those_drawn():
    a = _deck("a", PAIRS[0][0], "自助区应设为独立的{{24小时}}服务区。")
    b = _deck("b", PAIRS[0][1])
    assert len(shared_rules([a, b])) == 1
    assert shared_rules([a, a]) == []                          # one deck twice is not two handbooks
    assert shared_rules([a, b], drawn={("a", "r2"), ("b", "r1")}) == []   # the blueprint never draws a/r1


DECK_A = """\
deck: hall-a
title: 营业厅甲
facts:
  - id: ticket
    kind: rule
    topic: 投诉处理
    text: 营业厅受理的投诉须在{{24小时}}内通过BOSS系统进入电子工作流提交投诉工单。
  - id: self-service
    kind: rule
    topic: 厅店
    text: 有条件的营业厅应将自助区设置为相对独立的{{24小时}}服务区。
"""
DECK_B = """\
deck: hall-b
title: 营业厅乙
facts:
  - id: complaint
    kind: rule
    topic: 投诉处理
    text: 自办营业厅受理的投诉须在{{24小时}}内通过BOSS系统立单。
"""
BLUEPRINT = """\
exam: halls
title: 营业厅测验
decks:
  - a.yaml
  - b.yaml
total: 2
pass_mark: 50
sections:
  - title: 填空题
    types: [cloze]
    count: 2
    points: 1
{topics}"""


def _write(tmp_path, topics: str = ""):
    (tmp_path / "a.yaml").write_text(DECK_A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(DECK_B, encoding="utf-8")
    path = tmp_path / "bp.yaml"
    path.write_text(BLUEPRINT.format(topics=topics), encoding="utf-8")
    return path


def test_lint_on_a_blueprint_warns_about_a_rule_two_of_its_decks_state(tmp_path):
    path = _write(tmp_path)
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert result.exit_code == 0, result.output
    # located at the blueprint's entry of the second deck, both facts and both wordings named
    assert f"{path}:5:5: warning: decks: hall-a/ticket and hall-b/complaint state the same rule" in result.output
    assert "通过BOSS系统进入电子工作流提交投诉工单" in result.output and "通过BOSS系统立单" in result.output
    assert "self-service" not in result.output
    assert CliRunner().invoke(cli, ["lint", "--strict", str(path)]).exit_code == 2
    report = json.loads(CliRunner().invoke(cli, ["lint", "--json", str(path)]).output)
    problems = report["files"][0]["problems"]
    assert [(p["code"], p["severity"], p["line"]) for p in problems] == [("shared-rule", "warning", 5)]


def test_a_blueprint_that_draws_one_of_the_two_is_not_warned(tmp_path):
    path = _write(tmp_path, topics="    topics: [厅店]\n")
    result = CliRunner().invoke(cli, ["lint", "--strict", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output


def test_the_warning_is_in_chinese_under_a_chinese_interface(tmp_path):
    from drill.i18n import speaking

    path = _write(tmp_path)
    with speaking("zh-CN"):
        result = CliRunner().invoke(cli, ["lint", str(path)])
    assert "hall-a/ticket 与 hall-b/complaint" in result.output, result.output


def test_the_shipped_blueprints_draw_no_rule_twice():
    for name in ("counter-staff-cert.yaml", "counter-staff-multi-select.yaml"):
        result = CliRunner().invoke(cli, ["lint", "--strict", str(ROOT / "exams" / name)])
        assert result.exit_code == 0, result.output
