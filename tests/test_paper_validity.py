"""A paper judged as a whole: items that rule each other out, 多选 keys told by their look, planned coverage."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from drill import CardType, build_exam
from drill.card import Card, Option
from drill.cli import cli
from drill.errors import BlueprintError
from drill.exam import load_blueprint_cards
from drill.exam.assemble import _usable, with_wordings
from drill.exam.crossitem import conflict, level_list, paper_conflicts, point_printed, shared_option
from drill.exam.multiselect import select_giveaway
from tests.conftest import ROOT


def _card(cid: str, type_: CardType, prompt: str, options=(), answer="", points=(), topic="t") -> Card:
    deck, fact = cid.split("/")[:2]
    return Card(id=cid, deck=deck, fact=fact, kind="term", template="x", type=type_, prompt=prompt, answer=answer,
                options=tuple(Option(text=t, correct=ok) for t, ok in options), points=tuple(points), topic=topic)


HANZI = st.text(alphabet="营业厅客户帐用服务意识准则投诉处理岗值班经理咨询受理流动", min_size=2, max_size=5)


@settings(max_examples=60, deadline=None)
@given(terms=st.lists(HANZI, min_size=3, max_size=5, unique=True), data=st.data())
def test_two_definition_items_over_one_term_set_rule_each_other_out(terms, data):
    # each stem defines one term and offers the others as wrong options: knowing one item eliminates an option
    # of the other, so the pair may never stand on one paper, whichever two terms are asked
    a, b = data.draw(st.lists(st.sampled_from(terms), min_size=2, max_size=2, unique=True))
    first = _card(f"d/{a}/name", CardType.MULTIPLE_CHOICE, f"「{a}」的定义——这说的是哪个概念？",
                  [(t, t == a) for t in terms])
    second = _card(f"d/{b}/name", CardType.MULTIPLE_CHOICE, f"「{b}」的定义——这说的是哪个概念？",
                   [(t, t == b) for t in terms])
    assert shared_option(first, second) is not None
    assert conflict(first, second) is not None and conflict(second, first) is not None
    assert paper_conflicts([first, second]) != []


def test_one_items_key_as_another_items_distractor_is_refused_and_unrelated_options_are_not():
    principle = _card("d/a/select-all", CardType.MULTIPLE_SELECT, "以下哪些属于「高效原则」？",
                      [("当场办结", True), ("限时答复", True), ("全程跟踪", False)])
    other = _card("d/b/select-all", CardType.MULTIPLE_SELECT, "以下哪些属于「全程原则」？",
                  [("全程跟踪", True), ("闭环管理", True), ("当场办结", False)])
    unrelated = _card("d/c/name", CardType.MULTIPLE_CHOICE, "哪一项是……？", [("微笑", True), ("点头", False)])
    why = shared_option(principle, other)
    assert why is not None and ("全程跟踪" in why or "当场办结" in why)
    assert conflict(principle, unrelated) is None


@pytest.mark.parametrize(("options", "statement", "clash"), [
    (["A级", "B级", "C级"], "根据客户交费和诚信消费的分布状况，客户信用设置5个级别。", True),
    (["一星级", "二星级", "三星级"], "营业厅共分为五个星级。", True),
    (["A级", "B级", "C级"], "应在电话铃响3声内接听电话。", False),
    (["客户", "帐户", "用户"], "客户信用设置3个级别。", False),
])
def test_a_level_list_in_one_item_answers_a_count_in_another(options, statement, clash):
    levels = _card("d/levels/identify", CardType.MULTIPLE_CHOICE, "客户信用等级中，哪一项是指：信用一般？",
                   [(t, i == 1) for i, t in enumerate(options)])
    count = _card("d/count/true-false", CardType.TRUE_FALSE, statement, [("正确", False), ("错误", True)])
    assert (level_list(levels, count) is not None) is clash
    assert (conflict(count, levels) is not None) is clash


def test_a_scoring_point_printed_in_another_item_is_refused_but_common_words_are_not():
    visit = _card("d/on-my-way/respond", CardType.TYPED, "情境：能马上出发上门处理时告知客户", answer="我现在马上过来处理，路途可能需要半小时。",
                  points=["马上|立即", "过来|出发", "路途|路上"])
    route = _card("d/route/true-false", CardType.TRUE_FALSE, "告知路途所需时间时，可适当把时间说晚一点。",
                  [("正确", True), ("错误", False)])
    polite = _card("d/now/true-false", CardType.TRUE_FALSE, "客户来电时应马上接听。", [("正确", True), ("错误", False)])
    assert "路途" in point_printed(visit, route)
    assert point_printed(visit, polite) is None  # 马上 is everyday service language, not a giveaway


@pytest.mark.parametrize(("stem", "right", "wrong", "flawed"), [
    ("以下哪些属于「禁止使用的语气」？", ["反问语气", "斥责语气"], ["微笑", "点头", "问候"], True),
    ("以下哪些属于「投诉处理原则」？", ["投诉立单", "限时处理"], ["礼品发放", "终端陈列"], True),
    ("以下哪些属于「禁止使用的语气」？", ["反问语气", "斥责语气"], ["平和语气", "点头"], False),
    ("以下哪些属于「三项基本原则」？", ["凡是有利于客户的必须做", "凡是客户需要的必须提供"], ["限时办结", "全程跟踪"], True),
    ("以下哪些属于「服务用语」？", ["您好", "请稍等"], ["再见", "谢谢"], False),
])
def test_a_multi_select_whose_keys_alone_echo_the_stem_or_share_a_look_is_flagged(stem, right, wrong, flawed):
    assert (select_giveaway(stem, right, wrong) is not None) is flawed


def test_a_multi_select_whose_keys_alone_echo_the_stem_is_refused_on_a_paper():
    echo = _card("d/tones/select-all", CardType.MULTIPLE_SELECT, "【中国电信】以下哪些属于「禁止使用的语气」？",
                 [("反问语气", True), ("斥责语气", True), ("微笑", False), ("点头", False)])
    fair = _card("d/tones2/select-all", CardType.MULTIPLE_SELECT, "【中国电信】以下哪些属于「禁止使用的语气」？",
                 [("反问语气", True), ("斥责语气", True), ("平和语气", False), ("点头", False)])
    assert not _usable(echo)
    assert _usable(fair)


ELIMINATION_DECK = """\
deck: three-accounts
title: 三户模型
context: 中国电信
facts:
  - {id: customer, kind: term, topic: 三户, source: 一, term: 客户, definition: 产品的所有者, cards: [name]}
  - {id: account, kind: term, topic: 三户, source: 一, term: 帐户, definition: 汇集费用的结算单元, cards: [name]}
  - {id: user, kind: term, topic: 三户, source: 一, term: 用户, definition: 产品的使用者, cards: [name]}
"""


def test_a_blueprint_asking_for_two_items_that_rule_each_other_out_is_refused(tmp_path):
    (tmp_path / "three-accounts.yaml").write_text(ELIMINATION_DECK, encoding="utf-8")
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text(textwrap.dedent("""\
        exam: elimination
        title: 三户
        decks: [three-accounts.yaml]
        pass_mark: 60
        sections:
          - {title: 一、单项选择题, types: [multiple_choice], count: 2, points: 1}
        """), encoding="utf-8")
    bp, cards = load_blueprint_cards(blueprint)
    for seed in range(5):
        with pytest.raises(BlueprintError) as err:
            build_exam(bp, cards, seed)
        assert "sections[0].count" in str(err.value) and "wrong one of" in str(err.value)
    result = CliRunner().invoke(cli, ["exam", "build", str(blueprint), "--seed", "3", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not any((tmp_path / "out").glob("*"))


def test_shipped_papers_hold_no_pair_that_rules_each_other_out():
    bp, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    by_id = {c.id: c for c in cards}
    for seed in range(12):
        for paper in build_exam(bp, cards, seed, 2):
            assert paper_conflicts([by_id[i.card_id] for i in paper.items]) == [], seed


# -- coverage --------------------------------------------------------------------------------


def test_every_topic_of_the_shipped_blueprint_is_represented_and_spread_evenly():
    bp, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    assert bp.coverage == "spread" and len(bp.topics) >= 15
    for seed in range(10):
        [paper] = build_exam(bp, cards, seed)
        counts = Counter(i.topic for i in paper.items)
        assert set(bp.topics) <= set(counts), seed
        assert set(counts) <= set(bp.topics)
        # no topic crowds the paper: six items of one topic while another has one is what spread prevents (the
        # 多选 section draws on the few topics whose lists give fair 多选, so one of those may hold one more)
        assert max(counts.values()) <= 3 + len(paper.items) // len(bp.topics), counts


def test_the_shipped_paper_certifies_one_operator_for_full_marks_of_100():
    bp, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    [paper] = build_exam(bp, cards, 5)
    assert paper.total_points == 100 and paper.operator == "中国移动湖北公司"
    # the paper states the company once; no item is headed with another company or a raw deck id
    assert not [i.prompt for i in paper.items if re.match(r"【", i.prompt)]
    multi = [i for i in paper.items if i.type is CardType.MULTIPLE_SELECT]
    assert multi and all(i.prompt.startswith("以下哪些") for i in multi)


def test_a_paper_mixing_operators_heads_each_item_with_its_company_not_a_deck_id():
    from drill.exam.blueprint import Blueprint, BlueprintSection

    bp = Blueprint(exam="mixed", title="混合", decks=["cmcc-hubei-sales", "telecom-service-etiquette"], pass_mark=60,
                   sections=[BlueprintSection(title="一、多项选择题", types=[CardType.MULTIPLE_SELECT], count=6, points=2)])
    from drill.exam.blueprint import blueprint_deck_files
    from drill.exam.multiselect import select_all_cards
    from drill.loader import load_deck

    decks = [load_deck(p) for p in blueprint_deck_files(bp)]
    cards = select_all_cards(decks)
    for seed in range(4):
        for paper in build_exam(bp, cards, seed, 2, same_items=True):
            assert all(re.match(r"【中国(移动湖北公司|电信)】", i.prompt) for i in paper.items), seed


QUOTA_DECK = """\
deck: quota-deck
title: 配额
facts:
""" + "".join(
    f"  - {{id: r{i}, kind: rule, topic: {topic}, source: 一, text: '规则{i}须在{{{{{i + 10}分钟}}}}内完成。', "
    f"cards: [cloze]}}\n"
    for i, topic in enumerate(["投诉"] * 4 + ["接待"] * 3 + ["礼仪"] * 1)
)


def _quota_blueprint(tmp_path, extra: str) -> str:
    (tmp_path / "quota-deck.yaml").write_text(QUOTA_DECK, encoding="utf-8")
    path = tmp_path / "bp.yaml"
    path.write_text("exam: quota\ntitle: 配额\ndecks: [quota-deck.yaml]\npass_mark: 60\n" + textwrap.dedent(extra),
                    encoding="utf-8")
    return str(path)


def test_spread_over_more_topics_than_items_gives_each_item_its_own_topic(tmp_path):
    path = _quota_blueprint(tmp_path, """\
        topics: [投诉, 接待, 礼仪]
        coverage: spread
        sections:
          - {title: 一、填空题, types: [cloze], count: 2, points: 2}
        """)
    bp, cards = load_blueprint_cards(path)
    seen = set()
    for seed in range(12):
        [paper] = build_exam(bp, cards, seed)
        topics = [i.topic for i in paper.items]
        assert len(set(topics)) == 2, seed
        seen |= set(topics)
    assert seen == {"投诉", "接待", "礼仪"}  # which topics is the seed's choice


def test_quotas_and_spread_give_each_topic_its_items(tmp_path):
    path = _quota_blueprint(tmp_path, """\
        topics: [投诉, 接待, 礼仪]
        coverage: spread
        total: 10
        sections:
          - {title: 一、填空题, types: [cloze], count: 5, points: 2, quotas: {投诉: 2}}
        """)
    bp, cards = load_blueprint_cards(path)
    for seed in range(10):
        [paper] = build_exam(bp, cards, seed)
        counts = Counter(i.topic for i in paper.items)
        assert counts == {"投诉": 2, "接待": 2, "礼仪": 1}, seed


@pytest.mark.parametrize(("extra", "where", "words"), [
    ("""\
        sections:
          - {title: 一、填空题, types: [cloze], count: 5, points: 2, quotas: {礼仪: 2}}
        """, "sections[0].quotas.礼仪", ["'一、填空题'", "'礼仪'"]),
    ("""\
        topics: [投诉, 接待, 礼仪, 仪容]
        coverage: spread
        sections:
          - {title: 一、填空题, types: [cloze], count: 5, points: 2}
        """, "topics", ["'仪容'", "'一、填空题'"]),
    ("""\
        total: 100
        sections:
          - {title: 一、填空题, types: [cloze], count: 5, points: 2}
        """, "total", ["10", "5×2", "100"]),
    ("""\
        coverage: spread
        sections:
          - {title: 一、填空题, types: [cloze], count: 2, points: 2}
        """, "coverage", ["topics"]),
    ("""\
        sections:
          - {title: 一、填空题, types: [cloze], count: 3, points: 2, quotas: {投诉: 2, 接待: 2}}
        """, "sections[0].quotas", ["4", "3"]),
])
def test_a_blueprint_whose_quotas_or_totals_cannot_be_met_is_a_located_error_and_writes_nothing(
        tmp_path, extra, where, words):
    path = _quota_blueprint(tmp_path, extra)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["exam", "build", path, "--seed", "1", "--out", str(out), "--json"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    text = result.output
    assert where in text and all(w in text for w in words), text
    assert not out.exists() or not any(out.iterdir())


def test_audience_tags_keep_field_engineer_facts_off_a_paper(tmp_path):
    deck = tmp_path / "aud.yaml"
    deck.write_text(textwrap.dedent("""\
        deck: aud
        title: 对象
        facts:
          - {id: counter, kind: rule, topic: 时限, source: 一, text: '柜台受理须在{{10分钟}}内完成。', cards: [cloze]}
          - {id: visit, kind: rule, topic: 时限, source: 一, tags: [装维], text: '上门须提前{{2天}}预约。', cards: [cloze]}
        """), encoding="utf-8")
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text(textwrap.dedent("""\
        exam: aud
        title: 对象
        decks: [aud.yaml]
        pass_mark: 60
        exclude_tags: [装维]
        sections:
          - {title: 一、填空题, types: [cloze], count: 1, points: 2}
        """), encoding="utf-8")
    bp, cards = load_blueprint_cards(blueprint)
    for seed in range(6):
        assert [i.fact for i in build_exam(bp, cards, seed)[0].items] == ["counter"]
    result = CliRunner().invoke(cli, ["exam", "build", str(blueprint), "--seed", "1", "--out", str(tmp_path / "o"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["items"] == 1


def test_a_fill_in_accepts_every_handbook_wording_the_blueprint_names():
    bp, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    assert ["有诉必录", "每诉必录"] in bp.wordings
    keyed = [c for c in with_wordings(cards, bp.wordings)
             if c.type is CardType.CLOZE and c.answer in ("有诉必录", "每诉必录")]
    assert {c.answer for c in keyed} == {"有诉必录", "每诉必录"}
    for card in keyed:
        other = "每诉必录" if card.answer == "有诉必录" else "有诉必录"
        assert other in card.accept
    from drill.judge import judge

    item = next(c for c in keyed if c.answer == "有诉必录")
    assert judge({"type": "cloze", "answer": item.answer, "accept": list(item.accept)}, "每诉必录").correct


def test_exam_audit_reads_a_built_paper_back_and_names_pairs_that_rule_each_other_out(tmp_path):
    out = tmp_path / "papers"
    result = CliRunner().invoke(cli, ["exam", "build", str(ROOT / "exams" / "counter-staff-cert.yaml"), "--seed", "6",
                                      "--variants", "2", "--format", "markdown", "--out", str(out)])
    assert result.exit_code == 0, result.output
    clean = CliRunner().invoke(cli, ["exam", "audit", str(out / "keys" / "manifest.json")])
    assert clean.exit_code == 0 and "0 pairs" in clean.output
    # a paper edited by hand: two definition items over one term set, each key among the other's options
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    first, second = [i for i in manifest["variants"]["B"]["items"]
                     if i["type"] == "multiple_choice" and "/odd-one-out" not in i["id"]][:2]
    first.update(prompt="产品的所有者——这说的是哪个概念？", options=["客户", "帐户", "用户"], key="A", answer="客户")
    second.update(prompt="汇集费用的结算单元——这说的是哪个概念？", options=["用户", "客户", "帐户"], key="C",
                  answer="帐户")
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "audit", str(edited), "--json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["variants"]["A"] == [] and data["pairs"] == 1
    [pair] = data["variants"]["B"]
    assert pair["items"] == [first["number"], second["number"]] and "wrong one of" in pair["why"]


def test_an_accepted_wording_printed_in_another_item_gives_the_blank_away():
    from drill.exam.assemble import clash

    blank = _card("d/every/cloze", CardType.CLOZE, "营业员须严格遵守“[…]”原则。", answer="每诉必录")
    blank = blank.model_copy(update={"accept": ("有诉必录",)})
    statement = _card("d/ticket/true-false", CardType.TRUE_FALSE, "投诉立单要求做到“有诉必录，每诉必查”。",
                      [("正确", True), ("错误", False)])
    assert "有诉必录" in clash(blank, statement)


# -- give-aways between items a fresh examiner found ---------------------------------------------------------


def _tf(cid: str, statement: str, truth: str | None = None) -> Card:
    card = _card(cid, CardType.TRUE_FALSE, statement, [("正确", truth is None), ("错误", truth is not None)],
                 answer="正确" if truth is None else "错误")
    return card.model_copy(update={"explanation": f"正确说法：{truth}" if truth else None})


def test_two_wordings_of_one_maxim_on_one_paper_give_the_false_one_away():
    from drill.exam.assemble import clash, false_statement_truth

    told = _tf("a/ticket/true-false", "投诉立单要求做到“有诉必录，每诉必查”。")
    false = _tf("b/record/true-false", "营业员须严格遵守“每诉必报”原则，在第一时间受理用户投诉。",
                "营业员须严格遵守“每诉必录”原则，在第一时间受理用户投诉。")
    assert false_statement_truth(false) == ["每诉必录"]
    assert "有诉必录" in clash(told, false) and "有诉必录" in clash(false, told)
    unrelated = _tf("c/queue/true-false", "窗口拥挤时应做好安抚和说服工作。")
    assert clash(unrelated, false) is None
    # a changed figure is taken with its unit, so another 24 elsewhere on the paper is no give-away
    hours = _tf("d/hours/true-false", "投诉须在12小时内提交工单。", "投诉须在24小时内提交工单。")
    assert false_statement_truth(hours) == ["24小时"]
    assert clash(hours, _tf("e/area/true-false", "自助区设为相对独立的24小时服务区。")) is not None
    assert clash(hours, _tf("f/fee/true-false", "每24个月调整一次资费。")) is None


def test_a_single_choice_key_named_alone_in_another_question_is_refused():
    from drill.exam.assemble import clash

    principle = _card("a/fit/identify", CardType.MULTIPLE_CHOICE, "哪一项是指根据客户性别、年龄使用恰当的称呼？",
                      [("高效原则", False), ("全程原则", False), ("合宜原则", True), ("差别原则", False)])
    names_key = _tf("b/fit-rule/true-false", "服务对象的多样性，要求营业人员坚持因时、因事、因人的合宜原则。")
    names_two = _tf("c/both/true-false", "合宜原则与全程原则都是营业厅服务原则。")
    assert "合宜原则" in clash(principle, names_key)
    assert clash(principle, names_two) is None  # a question naming a distractor too singles nothing out


def test_a_member_an_odd_one_out_shows_is_not_offered_as_wrong_in_a_multi_select_of_another_list():
    from drill.exam.assemble import clash

    shown = _card("a/professional/odd-one-out", CardType.MULTIPLE_CHOICE, "以下哪一项不属于「营销员的专业技能」？",
                  [("熟悉移动业务处理流程", False), ("熟练操作主要的移动业务支撑系统", False),
                   ("掌握并能熟练处理客户异议", False), ("个人仪容仪表符合职业形象规范", True)])
    shown = shown.model_copy(update={"template": "odd-one-out"})
    offered = _card("a/basic/select-all", CardType.MULTIPLE_SELECT, "以下哪些属于「营销员的基础技能」？",
                    [("能熟练操作计算机", True), ("至少熟练掌握一种中文输入法", True),
                     ("熟练操作主要的移动业务支撑系统", False), ("了解移动技术知识", False)])
    assert "熟练操作主要的移动业务支撑系统" in clash(shown, offered)
    # a question of another kind (which principle is meant) offers the list's members as wrong fairly
    identify = _card("a/which/identify", CardType.MULTIPLE_CHOICE, "哪一项是指……？",
                     [("了解移动技术知识", True), ("熟练操作主要的移动业务支撑系统", False)])
    assert clash(shown, identify) is None


def test_the_wrong_words_of_a_false_statement_printed_in_their_own_place_elsewhere_give_it_away():
    from drill.exam.assemble import clash, false_statement_changes

    fault = _tf("a/fault/true-false", "设备故障期间，由当班值班经理认真填写“交接班本”。",
                "设备故障期间，由当班值班经理认真填写“设备故障登记簿”。")
    handover = _tf("a/handover/true-false", "交班人员要把遗留问题口头提醒接班人员，并在交接班本上做好记录。")
    assert false_statement_changes(fault) == [("交接班本", "设备故障登记簿")]
    assert "交接班本" in clash(fault, handover)
    assert clash(fault, _tf("a/queue/true-false", "窗口拥挤时应做好安抚和说服工作。")) is None


def test_a_wording_the_blueprint_names_gives_away_the_false_statement_that_hides_the_other():
    from drill.exam.assemble import clash, with_wordings

    hides = _tf("a/basis/true-false", "以“岗位责任制”为原则，不得因任何理由推诿客户的要求。",
                "以“首问责任制”为原则，不得因任何理由推诿客户的要求。")
    prints = _tf("b/first-ask/true-false", "全面执行首问负责制，即“谁受理谁负责到底”的原则。")
    assert clash(hides, prints) is None  # 首问负责制 is two characters away: only the blueprint says they are one
    hides2, prints2 = with_wordings([hides, prints], [["首问责任制", "首问负责制"]])
    assert "首问负责制" in clash(hides2, prints2)
    item = build_item_of(hides2)
    assert item.accept == ()  # the 判断 key stays 正确/错误


def build_item_of(card):
    import random

    from drill.exam.assemble import make_item

    return make_item(card, 1, 1.0, random.Random(0))


def test_a_statement_that_tells_the_order_of_two_steps_gives_away_the_ordering_item():
    from drill.exam.assemble import clash

    steps = ["办理销号", "查询余额是否可退还", "请客户指定一个有效的手机号码", "告知客户余额将于次月转至该号码账户"]
    order = _card("a/refund/order", CardType.ORDERING, "请将「预付费客户销号余额退还流程」的步骤按正确顺序排列：",
                  [(t, False) for t in reversed(steps)], answer=" → ".join(steps))
    order = order.model_copy(update={"items": tuple(steps)})
    tells = _card("a/invoice/cloze/1", CardType.CLOZE, "销号后余额可退还的，可请客户在销号次月凭该号码的[…]到前台办理销号清款业务。",
                  answer="充值发票")
    assert "销号后" in clash(order, tells)
    assert "销号后" in clash(tells, order)
    # the same words without an order between them tell nothing
    silent = _card("a/close/cloze/1", CardType.CLOZE, "办理销号时应核对[…]，余额退还另行告知。", answer="证件")
    assert clash(order, silent) is None


def test_an_odd_one_out_whose_members_another_item_offers_leaves_its_key_to_guess():
    from drill.exam.assemble import clash

    posts = _card("a/posts/odd-one-out", CardType.MULTIPLE_CHOICE, "以下哪一项不属于「营销员按工作内容设置的岗位」？",
                  [("咨询服务岗", False), ("流动服务岗", False), ("综合业务受理岗", False), ("收银岗", True)])
    posts = posts.model_copy(update={"template": "odd-one-out"})
    whose = _card("a/manager/whose", CardType.MULTIPLE_CHOICE, "「及时报告日常工作」是哪个岗位的职责？",
                  [("值班经理", True), ("兼职培训师", False), ("流动服务岗", False), ("综合业务受理岗", False)])
    assert "流动服务岗" in clash(posts, whose)
    one = _card("a/report/whose", CardType.MULTIPLE_CHOICE, "「确保营业厅正常运作」是哪个岗位的职责？",
                [("值班经理", True), ("流动服务岗", False), ("兼职培训师", False), ("厅经理", False)])
    assert clash(posts, one) is None  # one member named: two and the key are still to weigh


def test_the_quick_test_of_a_pair_never_passes_a_pair_that_gives_an_answer_away():
    # assembly skips the full comparison of two items when their profiles say nothing of one is printed in the
    # other: across the shipped decks, every pair the full comparison catches must fail that quick test
    from drill import load_deck, make_cards
    from drill.exam.assemble import _apart, _away, _profile

    cards = [c for path in sorted((ROOT / "decks").glob("*.yaml")) for c in make_cards(load_deck(path))]
    profiles = [_profile(c) for c in cards]
    caught = 0
    for i, a in enumerate(profiles):
        for b in profiles[i + 1:i + 60]:
            if _away(a, b) or _away(b, a):
                caught += 1
                assert not _apart(a, b), (a.card_id, b.card_id)
    assert caught > 100


# -- accepted answers, paired keys, defined options, subjects and shared answers across items ----------------


def _blank(cid: str, prompt: str, answer: str, *accept: str) -> Card:
    return _card(cid, CardType.CLOZE, prompt, answer=answer).model_copy(update={"accept": accept})


GREET = ("a/greet/cloze/1", "营销员手上无业务处理时，客户从柜台前走过，营销员应[…]客户。", "主动招呼", "主动问候", "主动打招呼")


@pytest.mark.parametrize(("printed", "clash_expected"), [
    ("情境：客户走到你面前，还没有开口，你应主动向客户问候", True),   # 主动…问候, three characters between
    ("客户进门后营销员应主动上前招呼。", True),                          # 主动…招呼, two between
    ("营销员应主动打招呼。", True),                                       # the wording itself (printed whole)
    ("营销员应主动了解客户的需求，然后再问候。", False),                  # more than three characters between
    ("主动服务客户，热情问候每一位来宾。", False),                        # 主动 and 问候 far apart
    ("营销员应热情接待客户。", False),                                    # only the common word 客户 in common
])
def test_an_accepted_answer_printed_with_a_few_characters_between_its_halves_gives_the_blank_away(
        printed, clash_expected):
    from drill.exam.assemble import clash
    from drill.exam.crossitem import answer_spread

    blank = _blank(*GREET)
    other = _card("b/greeting/respond", CardType.TYPED, printed, answer="您好！您需要什么帮助？")
    assert (clash(blank, other) is not None) is clash_expected
    assert (clash(other, blank) is not None) is clash_expected
    if clash_expected and "打招呼" not in printed:
        assert answer_spread(blank, other) is not None and "主动" in answer_spread(blank, other)


def test_a_blank_must_not_be_met_across_another_blank():
    from drill.exam.crossitem import answer_spread

    blank = _blank("a/sign/cloze/1", "离席时摆放“[…]”牌。", "暂停营业")
    # 暂停 and 营业 stand either side of another item's own blank: that item prints neither wording
    other = _blank("b/hours/cloze/1", "暂停[…]后，营业时间另行通知。", "服务")
    assert answer_spread(blank, other) is None


@pytest.mark.parametrize(("answer", "printed", "clash_expected"), [
    ("主动与被动", "与客户沟通时，营销员不是被动的服务提供者，而是主动的意见贡献者。", True),
    ("热情和周到", "服务要热情，接待要周到。", True),
    ("热情、周到、耐心", "服务要热情，接待要周到，解答要耐心。", True),
    ("主动/被动", "营销员要做主动的意见贡献者，不做被动的服务提供者。", True),
    ("主动与被动", "营销员应主动向客户问好。", False),                    # one part only
    ("强烈与淡漠", "客户服务是营业厅的首要工作。", False),
])
def test_a_key_made_of_parts_all_printed_in_another_item_is_given_away(answer, printed, clash_expected):
    from drill.exam.assemble import clash
    from drill.exam.crossitem import parts_told

    blank = _blank("a/degrees/cloze/2", "服务意识有强烈与淡漠之分，有[…]之分，这是认识程度的问题。", answer)
    if answer == "强烈与淡漠":
        blank = blank.model_copy(update={"prompt": "服务意识有[…]之分。"})
    statement = _tf("b/contributor/true-false", printed)
    assert (parts_told(blank, statement) is not None) is clash_expected
    assert (clash(statement, blank) is not None) is clash_expected


PRINCIPLES = [("高效原则", False), ("差别原则", True), ("主动原则", False), ("合宜原则", False)]


def _identify() -> Card:
    card = _card("a/principles/identify/4", CardType.MULTIPLE_CHOICE,
                 "营业厅服务原则中，哪一项是指：对VIP/品牌客户提供区别于一般客户的更高效、快捷、优质的服务？", PRINCIPLES)
    return card.model_copy(update={"kind": "category", "template": "identify"})


@pytest.mark.parametrize(("other", "clash_expected"), [
    (_tf("b/fitness/true-false", "服务项目与服务对象的多样性，要求营业人员坚持因时、因事、因人的合宜原则。"), True),
    (_blank("c/retention/cloze/2", "主动原则既包括主动推荐移动业务，也包括对需要销号、[…]的客户主动挽留。", "取消业务"), True),
    (_tf("d/both/true-false", "合宜原则与主动原则都是营业厅服务原则。"), False),    # lists two, defines none
    (_tf("e/plain/true-false", "营业员应为客户提供优质的服务。"), False),              # 客户, 服务: common words only
])
def test_an_item_saying_what_one_option_of_a_definition_item_is_rules_that_option_out(other, clash_expected):
    from drill.exam.assemble import clash
    from drill.exam.crossitem import option_defined

    identify = _identify()
    assert (option_defined(identify, other) is not None) is clash_expected
    assert (clash(other, identify) is not None) is clash_expected


def test_an_option_is_not_read_across_another_items_blank():
    from drill.exam.crossitem import option_defined

    five = _card("a/etiquette/identify/1", CardType.MULTIPLE_CHOICE, "礼仪的五项原则中，哪一项是指：平等看待他人的人格？",
                 [("自律原则", False), ("尊重原则", True), ("互动原则", False), ("遵守原则", False)])
    five = five.model_copy(update={"kind": "category"})
    # 遵守 […] 原则 prints no 遵守原则; the same words without the blank do
    assert option_defined(five, _blank("b/rule/cloze/1", "营业员须严格遵守“[…]”原则。", "每诉必录")) is None
    assert option_defined(five, _tf("c/rule/true-false", "遵守原则要求人人自觉遵守礼仪规范。")) is not None


def test_options_of_a_question_that_is_no_definition_are_not_held_to_the_term_rule():
    from drill.exam.crossitem import option_defined

    whose = _card("a/duty/whose/1", CardType.MULTIPLE_CHOICE, "「及时报告日常工作」是哪个岗位的职责？",
                  [("值班经理", True), ("兼职培训师", False), ("流动服务岗", False)])
    whose = whose.model_copy(update={"kind": "duty", "template": "whose"})
    assert option_defined(whose, _tf("b/fault/true-false", "设备故障时，由当班值班经理填写登记簿。")) is None


def _roaming_duties() -> Card:
    card = _card("a/duty-roaming/select-all", CardType.MULTIPLE_SELECT, "以下哪些是「流动服务岗」的岗位职责？",
                 [("在咨询台提供咨询解答、业务推荐、投诉处理等服务", False), ("推荐终端产品及相关业务和套餐", False),
                  ("对新业务体验区的客户主动推荐新业务", True), ("客户进厅后目视、微笑、点头示意问候", True)])
    return card.model_copy(update={"kind": "duty", "template": "select-all"})


@pytest.mark.parametrize(("other", "clash_expected"), [
    (_tf("b/roaming-extra/true-false", "流动服务岗兼做投诉回访和新业务服务推荐。"), True),
    (_blank("c/roaming-extra/cloze/1", "[…]兼做新业务服务推荐。", "流动服务岗"), True),   # its answer: printed by _away
    (_card("d/posts/select-all", CardType.MULTIPLE_SELECT, "以下哪些属于「营业厅的岗位」？",
           [("流动服务岗负责引导分流", True), ("收银岗", False)]), True),                  # an option saying something
    (_card("e/report/whose", CardType.MULTIPLE_CHOICE, "「确保营业厅正常运作」是哪个岗位的职责？",
           [("值班经理", True), ("流动服务岗", False), ("厅经理", False)]).model_copy(update={"kind": "duty"}),
     False),                                                                           # the bare name offered
    (_tf("f/service/true-false", "营业厅的服务岗位应为客户提供服务。"), False),
])
def test_two_items_about_one_subject_do_not_share_a_paper(other, clash_expected):
    from drill.exam.assemble import clash

    assert (clash(_roaming_duties(), other) is not None) is clash_expected
    assert (clash(other, _roaming_duties()) is not None) is clash_expected


def test_the_subject_rule_names_what_the_stem_asks_about():
    from drill.exam.crossitem import subject, subject_named

    duties = _roaming_duties()
    assert subject(duties) == "流动服务岗"
    told = _tf("b/roaming-extra/true-false", "流动服务岗兼做投诉回访和新业务服务推荐。")
    assert "流动服务岗" in subject_named(duties, told)
    assert subject(told) == ""  # a statement asks about nothing


@pytest.mark.parametrize(("first", "second", "clash_expected"), [
    (("a/leave/cloze/1", "营销员离席时，首先要摆放“[…]”牌，并在离席登记表上做好登记。", "暂停营业", "暂停服务"),
     ("b/ahead/cloze/2", "营销员下班时，应提前10至15分钟将“[…]”提示牌放于工作台前。", "暂停服务", "暂停营业"), True),
    (("a/leave/cloze/1", "营销员离席时，首先要摆放“[…]”牌。", "暂停营业"),
     ("b/ahead/cloze/2", "下班前应将“[…]”提示牌放于工作台前。", "停止营业", "暂停服务"), False),
    (("a/leave/cloze/1", "营销员离席时，首先要摆放“[…]”牌。", "暂停营业"),
     ("b/ahead/cloze/2", "下班前应将“[…]”提示牌放于工作台前。", "营业暂停"), False),
])
def test_two_items_that_accept_one_answer_do_not_share_a_paper(first, second, clash_expected):
    from drill.exam.assemble import clash
    from drill.exam.crossitem import same_answer

    a, b = _blank(*first), _blank(*second)
    assert (same_answer(a, b) is not None) is clash_expected
    assert (clash(a, b) is not None) is clash_expected and (clash(b, a) is not None) is clash_expected


@settings(max_examples=60, deadline=None)
@given(key=HANZI, others=st.lists(HANZI, min_size=0, max_size=2), extra=st.lists(HANZI, min_size=0, max_size=2),
       data=st.data())
def test_two_written_items_sharing_any_accepted_wording_always_clash(key, others, extra, data):
    from drill.exam.assemble import clash

    shared = data.draw(st.sampled_from([key, *others]))
    a = _blank("a/one/cloze/1", "第一句[…]。", key, *others)
    b = _blank("b/two/cloze/1", "第二句[…]。", *extra, shared) if extra else _blank("b/two/cloze/1", "第二句[…]。", shared)
    assert clash(a, b) is not None and clash(b, a) is not None


def test_the_give_aways_of_the_certification_paper_are_refused_between_the_shipped_cards():
    from drill.exam.assemble import clash, with_wordings

    bp, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    by_id = {c.id: c for c in with_wordings(cards, bp.wordings)}
    sales = "cmcc-hubei-sales/"
    pairs = [("after-sales-etiquette/greeting/respond", sales + "greet-passing-customer/cloze/1"),
             (sales + "active-contributor/true-false", sales + "awareness-degrees/cloze/2"),
             # (the paper's 单选 on 差别原则 and the 主动原则 blank beside it are withdrawn; the same rule on what
             # stays: a statement naming 合宜原则 beside the item that offers it)
             (sales + "fitness-principle/true-false", sales + "service-principles/identify/2"),
             (sales + "duty-roaming-service/select-all", sales + "roaming-post-extra/true-false"),
             (sales + "counter-leave-seat/cloze/1", sales + "pause-sign-ahead/cloze/2")]
    for a, b in pairs:
        assert clash(by_id[a], by_id[b]) is not None, (a, b)
        assert clash(by_id[b], by_id[a]) is not None, (a, b)


@pytest.mark.parametrize(("other", "told"), [
    # both halves of the blank's key, apart and in the other order: the candidate joins them
    ("现场不能直接处理的投诉，应及时录入工单，通过投诉电子流系统流转至相关部门处理。", True),
    ("投诉须经电子流系统提交，并生成工单编号。", True),
    # one half only, or the key printed whole (the leak rule's case), or a statement about something else
    ("投诉须通过电子流系统提交。", False),
    ("五星级营业厅的投诉以电子流工单形式留档。", False),
    ("营业员应主动问候客户。", False),
])
def test_both_halves_of_a_key_printed_apart_in_another_item_give_it_away(other, told):
    from drill.exam.crossitem import halves_printed

    blank = _blank("a/green/cloze/2", "可由前台直接处理的投诉，由前台直接处理回复，并以[…]形式留档。", "电子流工单")
    statement = _card("b/route/true-false", CardType.TRUE_FALSE, other, [("正确", True), ("错误", False)])
    assert (halves_printed(blank, statement) is not None) is told
    if told:
        assert conflict(blank, statement) is not None and conflict(statement, blank) is not None


def test_halves_that_are_everyday_service_words_are_not_looked_for():
    from drill.exam.crossitem import halves_printed

    blank = _blank("a/thanks/cloze/1", "办理完毕后应向[…]致意。", "客户谢谢")
    statement = _card("b/s/true-false", CardType.TRUE_FALSE, "谢谢每一位来厅的客户。", [("正确", True), ("错误", False)])
    assert halves_printed(blank, statement) is None
    # two words of two characters far apart are everyday language (主动…问候 in different clauses)
    greet = _blank("a/greet/cloze/1", "营销员应[…]客户。", "主动问候")
    apart = _card("b/a/true-false", CardType.TRUE_FALSE, "主动服务客户，热情问候每一位来宾。", [("正确", True), ("错误", False)])
    assert halves_printed(greet, apart) is None


def _select(cid: str, title: str, right: list[str], wrong: list[str]) -> Card:
    return _card(cid, CardType.MULTIPLE_SELECT, f"以下哪些属于「{title}」？",
                 [(t, True) for t in right] + [(t, False) for t in wrong])


@pytest.mark.parametrize(("wrong_b", "clash"), [
    # the 基础技能 offered as wrong in both: in each, the options not shared are the keys
    (["了解简单的记账规则和报表计算填写知识", "至少熟练掌握一种中文输入法"], True),
    (["了解简单的记账规则和报表计算填写知识", "能熟练操作计算机"], False),
])
def test_two_multi_selects_sharing_wrong_options_never_share_a_paper(wrong_b, clash):
    from drill.exam.crossitem import shared_wrong

    a = _select("a/sales-skills/select-all", "营销员的营销服务技能", ["具有主动营销能力", "具有亲和力和客户沟通能力"],
                ["了解简单的记账规则和报表计算填写知识", "至少熟练掌握一种中文输入法", "熟悉移动业务处理流程"])
    b = _select("a/pro-skills/select-all", "营销员的专业技能", ["了解移动技术知识", "熟悉移动业务处理流程"], wrong_b)
    assert (shared_wrong(a, b) is not None) is clash
    if clash:
        assert conflict(a, b) is not None and conflict(b, a) is not None


def test_a_duty_the_deck_says_other_posts_share_is_no_wrong_option_of_a_posts_multi_select():
    from drill.catalog import shipped_decks
    from drill.exam.multiselect import select_all_cards
    from drill.loader import load_deck

    cards = select_all_cards(load_deck(p) for p in shipped_decks().values())
    roaming = [c for c in cards if "「流动服务岗」" in c.prompt]
    assert roaming
    for card in cards:
        if "岗位职责" in card.prompt:
            # 「感谢客户的支持与关心」: the consultation post's 「哪个岗位」 card is sent back, the 投诉处理岗 thanks too
            assert "感谢客户的支持与关心" not in [o.text for o in card.options if not o.correct], card.id


def test_a_term_half_printed_with_a_word_inside_it_still_gives_the_key_away():
    from drill.exam.crossitem import halves_printed

    blank = _blank("a/green/cloze/2", "可由前台直接处理的投诉，由前台直接处理回复，并以[…]形式留档。", "电子流工单")
    route = _card("b/route/true-false", CardType.TRUE_FALSE,
                  "营业厅受理的投诉须在24小时内通过BOSS系统进入“电子工作流”系统提交投诉工单。", [("正确", True), ("错误", False)])
    far = _card("b/far/true-false", CardType.TRUE_FALSE, "电话、子女、流量卡的工单均须登记。", [("正确", True), ("错误", False)])
    assert halves_printed(blank, route) is not None and conflict(blank, route) is not None
    assert halves_printed(blank, far) is None  # 电…子…流 spread across words is no term


def test_a_multi_select_whose_key_another_item_asks_about_never_shares_its_paper():
    from drill.exam.crossitem import key_asked_about

    posts = _select("a/counter-posts/select-all", "营销员按工作内容设置的岗位", ["咨询服务岗", "流动服务岗"],
                    ["收银岗", "终端维修岗", "大堂保安岗"])
    duties = _select("a/duty-consultation/select-all", "咨询服务岗的岗位职责", ["感谢客户的支持与关心", "主动询问客户是否还有其他问题"],
                     ["及时报告日常工作", "负责营业厅的全面管理工作"]).model_copy(
        update={"prompt": "以下哪些是「咨询服务岗」的岗位职责？"})
    cashier = duties.model_copy(update={"id": "a/duty-cashier/select-all", "fact": "duty-cashier",
                                        "prompt": "以下哪些是「收银岗」的岗位职责？"})
    assert key_asked_about(posts, duties) is not None and conflict(duties, posts) is not None
    assert key_asked_about(posts, cashier) is None  # asking about a wrong option tells nothing of the keys
