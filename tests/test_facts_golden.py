"""The exact cards each fact kind makes from a small fact (golden expectations)."""

from __future__ import annotations

import textwrap

from drill import CardType, load_deck, make_cards

HEADER = "deck: golden\ntitle: 测试\nfacts:\n"


def cards_of(write_deck, facts_yaml: str):
    path = write_deck(HEADER + textwrap.indent(textwrap.dedent(facts_yaml), "  "))
    return make_cards(load_deck(path))


def by_id(cards):
    return {c.id: c for c in cards}


def test_term_makes_define_and_name(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: t1, kind: term, topic: 概念, term: 服务意识, definition: 主动为客户着想的观念和愿望}
        - {id: t2, kind: term, topic: 概念, term: 首问责任制, definition: 第一个被询问的员工负责到底}
        - {id: t3, kind: term, topic: 概念, term: 五声十字, definition: 迎客声、致谢声等服务用语}
    """))
    define = cards["golden/t1/define"]
    assert define.type is CardType.BASIC
    assert define.prompt == "什么是「服务意识」？"
    assert define.answer == "主动为客户着想的观念和愿望"
    name = cards["golden/t1/name"]
    assert name.type is CardType.MULTIPLE_CHOICE
    assert name.answer == "服务意识"
    assert sorted(o.text for o in name.options) == sorted(["服务意识", "首问责任制", "五声十字"])
    assert [o.text for o in name.options if o.correct] == ["服务意识"]
    assert sorted(cards) == sorted(f"golden/{t}/{k}" for t in ("t1", "t2", "t3") for k in ("define", "name"))


def test_category_makes_describe_identify_per_member_and_members(write_deck):
    cards = by_id(cards_of(write_deck, """
        - id: store-types
          kind: category
          name: 渠道类型
          members:
            - {name: 标杆型, description: 呈现形象}
            - {name: 销售型, description: 承担分销}
            - {name: 战略型, description: 竞争储备}
    """))
    assert sorted(cards) == sorted(
        [f"golden/store-types/{t}/{i}" for t in ("describe", "identify") for i in (1, 2, 3)]
        + ["golden/store-types/members"]
    )
    assert cards["golden/store-types/describe/2"].answer == "承担分销"
    identify = cards["golden/store-types/identify/3"]
    assert identify.answer == "战略型"
    assert {o.text for o in identify.options} == {"标杆型", "销售型", "战略型"}
    members = cards["golden/store-types/members"]
    assert members.type is CardType.LIST_RECALL
    assert members.items == ("标杆型", "销售型", "战略型")
    assert "共3项" in members.prompt


def test_duty_makes_duties_and_whose_only_for_duties_of_one_post(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: a, kind: duty, role: 厅经理, duties: [巡视营业厅, 处理突发事件]}
        - {id: b, kind: duty, role: 值班经理, duties: [处理突发事件, 排班]}
        - {id: c, kind: duty, role: 咨询岗, duties: [解答咨询]}
        - {id: d, kind: duty, role: 受理岗, duties: [受理业务]}
    """))
    assert cards["golden/a/duties"].items == ("巡视营业厅", "处理突发事件")
    # 值班经理 also handles emergencies: "whose duty" would have two right answers
    assert "golden/a/whose/2" not in cards and "golden/b/whose/1" not in cards
    sole = cards["golden/a/whose/1"]
    assert sole.answer == "厅经理"
    assert {o.text for o in sole.options} == {"厅经理", "值班经理", "咨询岗", "受理岗"}


def test_list_makes_recall_and_odd_one_out_from_another_list(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: roles, kind: list, topic: 角色, name: 四种角色, items: [形象代表, 沟通者, 产品顾问, 服务大使]}
        - {id: zones, kind: list, topic: 角色, name: 服务专区, items: [受理区, 休息区]}
    """))
    odd = cards["golden/roles/odd-one-out"]
    assert odd.answer in {"受理区", "休息区"}
    assert len(odd.options) == 4
    assert sum(o.correct for o in odd.options) == 1
    assert {o.text for o in odd.options if not o.correct} <= {"形象代表", "沟通者", "产品顾问", "服务大使"}
    assert cards["golden/roles/recall"].answer == "形象代表、沟通者、产品顾问、服务大使"


def test_sequence_makes_order_and_next(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: s, kind: sequence, name: 设备顺序, steps: [缴费, 电脑, 体验, 售卡]}
    """))
    order = cards["golden/s/order"]
    assert order.type is CardType.ORDERING
    assert order.items == ("缴费", "电脑", "体验", "售卡")
    assert sorted(o.text for o in order.options) == sorted(order.items)
    assert [o.text for o in order.options] != list(order.items)
    assert [cards[f"golden/s/next/{i}"].answer for i in (1, 2, 3)] == ["电脑", "体验", "售卡"]
    assert "golden/s/next/4" not in cards


def test_rule_makes_a_cloze_per_deletion_and_a_true_false(write_deck):
    cards = by_id(cards_of(write_deck, """
        - id: ticket
          kind: rule
          text: 投诉须在{{24小时}}内通过{{BOSS::系统名}}系统立单。
          consequence: 通报批评
    """))
    first, second = cards["golden/ticket/cloze/1"], cards["golden/ticket/cloze/2"]
    assert first.prompt == "投诉须在[…]内通过BOSS系统立单。"
    assert first.answer == "24小时"
    assert second.prompt == "投诉须在24小时内通过[系统名]系统立单。"
    assert second.hint == "系统名"
    assert first.context == "投诉须在{{c1::24小时}}内通过{{c2::BOSS::系统名}}系统立单。"
    assert "通报批评" in (first.explanation or "")
    tf = cards["golden/ticket/true-false"]
    assert tf.type is CardType.TRUE_FALSE
    assert [o.text for o in tf.options] == ["正确", "错误"]
    if tf.answer == "正确":
        assert tf.prompt == "投诉须在24小时内通过BOSS系统立单。"
    else:  # the number was changed, nothing else
        assert tf.prompt != "投诉须在24小时内通过BOSS系统立单。"
        assert tf.prompt.endswith("小时内通过BOSS系统立单。")
        assert "24小时" not in tf.prompt


def test_rule_false_statement_changes_the_number(write_deck):
    # find a rule whose seeded truth is "false" by trying ids; the false text must differ only in the number
    texts = "".join(
        f"  - {{id: r{i}, kind: rule, text: '响铃不超过{{{{3声}}}}必须接听。'}}\n" for i in range(12)
    )
    cards = make_cards(load_deck(write_deck(HEADER + texts)))
    false_ones = [c for c in cards if c.type is CardType.TRUE_FALSE and c.answer == "错误"]
    true_ones = [c for c in cards if c.type is CardType.TRUE_FALSE and c.answer == "正确"]
    assert false_ones and true_ones  # both variants occur
    for c in false_ones:
        assert c.prompt.startswith("响铃不超过") and c.prompt.endswith("声必须接听。")
        assert "3声" not in c.prompt
        assert "正确说法：响铃不超过3声必须接听。" in (c.explanation or "")


def test_prohibited_phrase_makes_spot_acceptable_rephrase(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: p1, kind: prohibited_phrase, phrase: 我不知道，问别人吧。, reason: 推诿, instead: 我帮您确认一下。}
        - {id: p2, kind: prohibited_phrase, phrase: 不归我管。, instead: 我带您去办理。}
        - {id: s1, kind: script, situation: 结束时, response: 您还有其他需要吗？}
    """))
    spot = cards["golden/p1/spot"]
    assert spot.answer == "我不知道，问别人吧。"
    assert {o.text for o in spot.options} == {"我不知道，问别人吧。", "我帮您确认一下。", "我带您去办理。", "您还有其他需要吗？"}
    assert "不归我管。" not in {o.text for o in spot.options}
    acceptable = cards["golden/p1/acceptable"]
    assert acceptable.type is CardType.TRUE_FALSE
    said_instead = "我帮您确认一下。" in acceptable.prompt
    assert acceptable.answer == ("正确" if said_instead else "错误")
    rephrase = cards["golden/p1/rephrase"]
    assert rephrase.type is CardType.TYPED and rephrase.answer == "我帮您确认一下。"
    assert cards["golden/s1/respond"].type is CardType.TYPED


def test_too_few_siblings_gives_no_mc_card_and_a_warning(write_deck):
    from drill.lint import lint_file

    path = write_deck(HEADER + "  - {id: lonely, kind: term, term: 孤词, definition: 没有兄弟}\n")
    result = lint_file(path)
    assert [c.id for c in result.cards] == ["golden/lonely/define"]
    [warning] = [w for w in result.warnings if w.code == "too-few-siblings"]
    assert warning.fact == "lonely" and warning.field == "name" and warning.line == 4


def test_explicit_distractors_win(write_deck):
    cards = by_id(cards_of(write_deck, """
        - {id: t1, kind: term, term: 甲, definition: 定义一, distractors: [乙, 丙, 丁]}
        - {id: t2, kind: term, term: 戊, definition: 定义二}
    """))
    assert {o.text for o in cards["golden/t1/name"].options} == {"甲", "乙", "丙", "丁"}


def test_cards_field_limits_templates(write_deck):
    cards = cards_of(write_deck, """
        - {id: s, kind: sequence, name: 顺序, steps: [一, 二, 三], cards: [order]}
    """)
    assert [c.id for c in cards] == ["golden/s/order"]
