"""How ordering and standard-phrase questions are worded: one question, fitting what is ordered."""

from __future__ import annotations

import pytest

from drill.card import CardType
from drill.exam.blueprint import BlueprintSection
from drill.facts.script import respond_prompt
from drill.facts.sequence import order_prompt
from drill.generate import make_cards
from drill.loader import load_deck
from tests.conftest import ROOT


@pytest.mark.parametrize(("name", "prompt"), [
    # a procedure: its members are steps
    ("营业厅下班步骤", "请将「营业厅下班步骤」的各步按正确顺序排列："),
    ("预付费客户销号余额退还流程", "请将「预付费客户销号余额退还流程」的各步按正确顺序排列："),
    ("接听电话的规范环节", "请将「接听电话的规范环节」的各步按正确顺序排列："),
    # a layout, a ranking, a text's order: no steps
    ("自助服务区设备摆放顺序", "请将下列各项按「自助服务区设备摆放顺序」排列："),
    ("客户经理级别（由高到低）", "请将下列各项按「客户经理级别（由高到低）」排列："),
    ("从上至下的客户关系层级", "请将下列各项按「从上至下的客户关系层级」排列："),
    # anything else: its items
    ("客户服务工作产品化的实现阶段", "请将「客户服务工作产品化的实现阶段」的各项按正确顺序排列："),
    ("打电话的礼节", "请将「打电话的礼节」的各项按正确顺序排列："),
])
def test_an_ordering_question_speaks_of_steps_only_for_a_procedure(name, prompt):
    assert order_prompt(name) == prompt


@pytest.mark.parametrize(("situation", "prompt"), [
    ("客户走到你面前，还没有开口，你应主动向客户问候", "情境：客户走到你面前，还没有开口，你应主动向客户问候。\n标准用语是？"),
    ("业务受理完成时", "情境：业务受理完成时。\n标准用语是？"),
    ("用户提建议时。", "情境：用户提建议时。\n标准用语是？"),
    # the situation already asks: no second question
    ("客户排队等了较长时间，你首先应对客户说什么？", "情境：客户排队等了较长时间，你首先应对客户说什么？\n（请写出标准用语）"),
    ("节日里客户来到柜台，营销员先怎样问候?", "情境：节日里客户来到柜台，营销员先怎样问候?\n（请写出标准用语）"),
])
def test_a_standard_phrase_question_asks_once(situation, prompt):
    assert respond_prompt(situation) == prompt


def test_no_shipped_card_asks_two_questions_or_calls_a_layout_steps():
    for path in sorted((ROOT / "decks").glob("*.yaml")):
        for card in make_cards(load_deck(path)):
            if card.type is CardType.TYPED:
                assert card.prompt.count("？") + card.prompt.count("?") <= 1, card.id
            if card.type is CardType.ORDERING and ("摆放顺序" in card.prompt or "层级" in card.prompt):
                assert "的各步" not in card.prompt and "的步骤" not in card.prompt, card.id


def test_a_section_can_ask_for_single_choice_items_with_four_options():
    section = BlueprintSection(title="一、单项选择题", types=[CardType.MULTIPLE_CHOICE], count=2, points=2,
                               min_options=4)
    cards = [c for path in sorted((ROOT / "decks").glob("*.yaml")) for c in make_cards(load_deck(path))
             if c.type is CardType.MULTIPLE_CHOICE]
    three = [c for c in cards if len(c.options) == 3]
    four = [c for c in cards if len(c.options) >= 4]
    assert three and four  # the shipped decks have both, so the filter is tested on real cards
    assert not any(section.accepts(c) for c in three)
    assert all(section.accepts(c) for c in four)
    assert BlueprintSection(title="一", types=[CardType.MULTIPLE_CHOICE], count=2, points=2).accepts(three[0])


def test_a_section_can_leave_out_orders_of_three_steps():
    section = BlueprintSection(title="六、排序题", types=[CardType.ORDERING], count=1, points=4, min_options=4)
    cards = [c for path in sorted((ROOT / "decks").glob("*.yaml")) for c in make_cards(load_deck(path))
             if c.type is CardType.ORDERING]
    assert {len(c.options) for c in cards} >= {3, 4}
    assert [c.id for c in cards if section.accepts(c)] == [c.id for c in cards if len(c.options) >= 4]


@pytest.mark.parametrize(("keys", "sample"), [
    (["CABD", "FDEAGBC"], "BDAC"),  # a copied sample would have scored the first item
    (["BADC"], "CABD"),
    ([], "CABD"),
    (["CABD", "BDAC", "DBCA"], "ADCB"),
])
def test_the_ordering_rule_shows_a_sample_no_key_begins_like(keys, sample):
    from drill.exam.printform import order_sample

    assert order_sample(keys) == sample
    assert all(k[0] != sample[0] for k in keys)


def test_no_shipped_certification_paper_prints_an_ordering_key_as_its_sample():
    from drill import build_exam
    from drill.exam import load_blueprint_cards
    from drill.exam.printform import exam_rules

    blueprint, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    for seed in range(1, 6):
        for paper in build_exam(blueprint, cards, seed=seed, variants=2):
            keys = [i.key for s in paper.sections for i in s.items if i.type is CardType.ORDERING]
            rule = next(r for r in exam_rules(paper) if "排序" in r)
            assert keys and not any(f"如 {k}；" in rule or f"如 {k[:1]}" in rule for k in keys), (seed, rule)
