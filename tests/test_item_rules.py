"""Golden rules an item writer signs: form-matched options, honest false statements, no overlap, no echo."""

from __future__ import annotations

import random
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drill import CardType, load_deck, make_cards
from drill.facts.rule import _change_number
from drill.itemrules import fits_form, form_giveaway, overlaps, stem_echo
from drill.lint import lint_file

HEADER = "deck: golden\ntitle: 测试\nfacts:\n"


def deck_path(write_deck, facts_yaml: str, header: str = HEADER):
    return write_deck(header + textwrap.indent(textwrap.dedent(facts_yaml), "  "))


def cards_by_id(write_deck, facts_yaml: str, header: str = HEADER):
    return {c.id: c for c in make_cards(load_deck(deck_path(write_deck, facts_yaml, header)))}


# --- form giveaways --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "others", "gives_away"),
    [
        ("服务热情", ["说服法", "激励法", "反馈法"], True),  # only one without 法
        ("激励法", ["说服法", "榜样法", "反馈法"], False),
        ("热情待客", ["凡是客户的要求都要满足", "凡是承诺的都要兑现", "凡是规定的都要执行"], True),  # only one not 凡是…
        ("全球通专区专柜服务", ["禁止泄露客户信息", "禁止违规办理业务", "禁止乱收费"], True),  # only one not 禁止…
        ("禁止私自打折", ["禁止泄露客户信息", "禁止违规办理业务", "禁止乱收费"], False),
        ("对客户提出的问题应耐心细致地解答并做好记录和跟踪", ["微笑", "问候", "致谢"], True),  # one long sentence
        ("投诉处理岗", ["业务受理岗", "咨询服务岗", "流动服务岗"], False),
        ("值班经理", ["咨询服务岗", "引导岗"], False),  # two others may share an ending by chance
    ],
)
def test_an_option_that_stands_out_by_form_gives_the_answer_away(answer, others, gives_away):
    assert (form_giveaway(answer, others) is not None) is gives_away


@pytest.mark.parametrize(
    ("answer", "candidate", "fits"),
    [("投诉处理岗", "业务受理岗", True), ("博学", "对客户的需求和问题给予及时准确的解答", False),
     ("24小时", "48小时", True), ("首问责任制", "五声十字", True)],
)
def test_distractors_are_about_as_long_as_the_answer(answer, candidate, fits):
    assert fits_form(answer, candidate) is fits


@pytest.mark.parametrize(
    ("candidate", "members", "like"),
    [
        ("团队协作意识加强", ["团队协作意识", "服务技能提升"], "团队协作意识"),  # contains a member
        ("服务意识", ["增强服务意识", "提高业务技能"], "增强服务意识"),  # contained in a member
        ("客户满意度提升", ["客户满意度提高", "投诉量下降"], "客户满意度提高"),  # nearly the same words
        ("泄露客户信息", ["热情接待", "耐心解答"], None),
    ],
)
def test_an_intruder_like_a_member_is_not_certainly_wrong(candidate, members, like):
    assert overlaps(candidate, members) == like


@pytest.mark.parametrize(
    ("prompt", "answer", "others", "echo"),
    [
        ("「跟踪投诉处理进度，做好投诉分析」是哪个岗位的职责？", "投诉处理岗", ["业务受理岗", "咨询服务岗", "流动服务岗"], "投诉"),
        ("哪一项是指：控制情绪，保持冷静？", "情绪管理", ["倾听技巧", "表达技巧", "提问技巧"], "情绪"),
        ("为VIP客户提供一对一服务的是？", "VIP客户经理", ["集团客户经理", "社区经理"], "vi"),
        ("「受理业务」是哪个岗位的职责？", "业务受理岗", ["投诉受理岗", "业务咨询岗", "引导岗"], None),
    ],
)
def test_the_answers_key_word_printed_in_the_question_alone_is_a_stem_echo(prompt, answer, others, echo):
    assert stem_echo(prompt, answer, others) == echo


# --- honest false statements ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "before", "after", "allowed"),
    [
        ("24小时", "须在", "内立单", {"12小时", "48小时", "14小时", "34小时", "36小时"}),
        ("3声", "响铃不超过", "", {"4声", "5声", "2声"}),
        ("70%", "满意度不低于", "", {"35%", "80%", "60%", "100%"}),
        ("95", "满意率达到", "%以上", {"85", "47", "100"}),
        ("22", "晚上", "时后不发短信", {"20", "21", "23"}),
        ("三", "不超过", "声", {"二", "四", "五"}),
    ],
)
def test_a_changed_number_is_a_plausible_quantity(answer, before, after, allowed):
    seen = {_change_number(answer, random.Random(seed), before, after) for seed in range(40)}
    assert seen <= allowed and seen


@pytest.mark.parametrize(
    ("answer", "before", "after"),
    [
        ("10000", "拨打", "热线"),  # a number to dial
        ("1860", "", "热线"),
        ("2023", "", "年版"),  # a year
        ("2", "第", "章"),  # an ordinal
        ("5S", "", "管理"),  # a name
        ("0571", "区号", ""),
    ],
)
def test_numbers_that_are_not_quantities_are_never_changed(answer, before, after):
    assert _change_number(answer, random.Random(1), before, after) is None


def test_a_rule_whose_only_number_is_a_hotline_makes_no_true_false_card_and_warns(write_deck):
    path = deck_path(write_deck, """
        - {id: hotline, kind: rule, topic: 热线, text: '客户服务热线为{{1860}}。'}
    """)
    result = lint_file(path)
    assert "golden/hotline/true-false" not in {c.id for c in result.cards}
    assert any(w.fact == "hotline" and w.field == "true-false" for w in result.warnings)


def test_false_percentages_never_exceed_100(write_deck):
    facts = "".join(f"- {{id: r{i}, kind: rule, text: '客户满意率须达到{{{{{60 + i * 5}%}}}}以上。'}}\n" for i in range(9))
    cards = cards_by_id(write_deck, facts)
    for card in cards.values():
        if card.type is CardType.TRUE_FALSE and card.answer == "错误":
            value = int(card.prompt.split("达到")[1].split("%")[0])
            assert 0 < value <= 100


def test_a_term_rule_is_never_falsified_with_a_term_from_another_rule(write_deck):
    path = deck_path(write_deck, """
        - {id: a, kind: rule, topic: 投诉, text: '投诉须通过{{BOSS系统}}立单。'}
        - {id: b, kind: rule, topic: 投诉, text: '客户资料由{{营业厅经理}}保管。'}
        - {id: c, kind: rule, topic: 投诉, text: '工单须录入{{CRM系统}}。'}
    """)
    result = lint_file(path)
    # CRM系统 for BOSS系统 looks like the same kind, yet may be just as right: no false statement without
    # a quantity or the author's own wrong values
    assert not [c for c in result.cards if c.type is CardType.TRUE_FALSE]
    assert {w.fact for w in result.warnings if w.field == "true-false"} == {"a", "b", "c"}


def test_a_term_rule_is_falsified_only_with_the_authors_distractors(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: screen, kind: rule, topic: 离柜, text: '离开柜台时须把客户面前的{{显示屏}}关掉。', distractors: [POS机]}
        - {id: other, kind: rule, topic: 离柜, text: '离开柜台时须放置{{暂停服务}}提示牌。'}
    """)
    tf = cards["golden/screen/true-false"]
    statement = tf.prompt
    assert ("POS机" in statement) is (tf.answer == "错误")
    assert "暂停服务" not in statement and "golden/other/true-false" not in cards


# --- odd one out ------------------------------------------------------------------------------

def test_the_odd_one_out_matches_the_members_in_form_and_overlaps_none(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: methods, kind: list, topic: 激励, name: 自我激励的方法, items: [奖励法, 微笑法, 运动法, 学习法]}
        - {id: ethics, kind: list, topic: 激励, name: 职业道德要求, items: [热情服务, 诚实守信, 团结协作]}
        - {id: skills, kind: list, topic: 激励, name: 沟通方法, items: [倾听反馈法, 换位思考法]}
    """)
    odd = cards["golden/methods/odd-one-out"]
    assert odd.answer in {"倾听反馈法", "换位思考法"}  # ends in 法 like the members shown, not 热情服务


def test_an_odd_one_out_from_a_list_on_the_same_subject_is_refused(write_deck):
    path = deck_path(write_deck, """
        - {id: gains, kind: list, topic: 培训, name: 培训收获, items: [服务技能提升, 团队协作意识加强, 业务知识丰富]}
        - {id: eval, kind: list, topic: 培训, name: 培训评估内容, items: [团队协作意识加强, 服务态度转变, 业务差错减少]}
    """)
    result = lint_file(path)
    assert "golden/gains/odd-one-out" not in {c.id for c in result.cards}
    assert any(w.fact == "gains" and w.field == "odd-one-out" for w in result.warnings)


def test_explicit_intruders_stay_the_authors_choice(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: bans, kind: list, name: 五条禁令, items: [禁止泄露客户信息, 禁止违规办理业务, 禁止乱收费], distractors: [禁止擅自停机]}
    """)
    assert cards["golden/bans/odd-one-out"].answer == "禁止擅自停机"


# --- templates that do not fit ---------------------------------------------------------------

def test_no_whose_card_names_a_post_the_question_echoes(write_deck):
    path = deck_path(write_deck, """
        - {id: a, kind: duty, topic: 岗位, role: 投诉处理岗, duties: [跟踪投诉处理进度并做好投诉分析, 每日整理工单]}
        - {id: b, kind: duty, topic: 岗位, role: 业务受理岗, duties: [办理开户和缴费]}
        - {id: c, kind: duty, topic: 岗位, role: 咨询服务岗, duties: [解答客户疑问]}
        - {id: d, kind: duty, topic: 岗位, role: 流动服务岗, duties: [引导客户分流]}
    """)
    result = lint_file(path)
    ids = {c.id for c in result.cards}
    assert "golden/a/whose/1" not in ids and "golden/a/whose/2" in ids
    assert any(w.field == "whose/1" and "stem echo" in w.message for w in result.warnings)


def test_one_word_bullets_and_questions_get_no_describe_or_identify(write_deck):
    cards = cards_by_id(write_deck, """
        - id: experts
          kind: category
          name: 营销员的角色
          members:
            - {name: 专家（SP）, description: 博学}
            - {name: 顾问, description: 哪一类储蓄还是借贷？}
            - {name: 朋友, description: 真诚关心客户的需要与感受}
    """)
    assert not any(k.startswith(("golden/experts/describe/1", "golden/experts/describe/2")) for k in cards)
    assert not any(k.startswith(("golden/experts/identify/1", "golden/experts/identify/2")) for k in cards)
    assert "golden/experts/describe/3" in cards


def test_list_recall_of_many_or_long_items_is_not_made(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: many, kind: list, name: 八项, items: [一项, 二项, 三项, 四项, 五项, 六项, 七项, 八项]}
        - {id: long, kind: list, name: 长项, items: [对客户提出的问题耐心细致地解答并做好记录, 微笑]}
        - {id: fair, kind: list, name: 五声, items: [迎客声, 称呼声, 致谢声, 致歉声, 送客声]}
    """)
    assert "golden/many/recall" not in cards and "golden/long/recall" not in cards
    assert cards["golden/fair/recall"].items == ("迎客声", "称呼声", "致谢声", "致歉声", "送客声")


def test_a_cloze_whose_answer_stands_elsewhere_in_the_rule_is_not_made(write_deck):
    path = deck_path(write_deck, """
        - {id: am, kind: rule, text: '客户经理分为{{三类}}、三级，即三类客户经理各分三级。'}
    """)
    result = lint_file(path)
    assert "golden/am/cloze/1" not in {c.id for c in result.cards}
    assert any(w.code == "cloze-giveaway" and w.field == "cloze/1" for w in result.warnings)


# --- context, exclusions, review marks --------------------------------------------------------

def test_a_decks_context_is_printed_with_its_questions(write_deck):
    header = "deck: golden\ntitle: 测试\ncontext: 中国电信\nfacts:\n"
    cards = cards_by_id(write_deck, """
        - {id: greet, kind: script, situation: 接听电话时, response: 您好，中国电信客服中心。}
        - {id: r, kind: rule, text: '电话铃响不超过{{3声}}接听。'}
    """, header)
    assert cards["golden/greet/respond"].prompt.startswith("【中国电信】")
    cloze = cards["golden/r/cloze/1"]
    assert cloze.prompt.startswith("【中国电信】") and cloze.context.startswith("【中国电信】")


def test_excluded_cards_are_not_made_and_their_warnings_are_silenced(write_deck):
    header = "deck: golden\ntitle: 测试\nexcluded: [lonely/name, 's/next/*']\nfacts:\n"
    path = deck_path(write_deck, """
        - {id: lonely, kind: term, topic: 概念, source: 第一章, term: 孤词, definition: 没有兄弟}
        - {id: s, kind: sequence, topic: 概念, source: 第一章, name: 顺序, steps: [问候, 受理, 送别]}
    """, header)
    result = lint_file(path)
    assert sorted(c.id for c in result.cards) == ["golden/lonely/define", "golden/s/order"]
    assert result.warnings == []


def test_an_exclusion_that_names_no_card_is_reported(write_deck):
    header = "deck: golden\ntitle: 测试\nexcluded: [nothing/here]\nfacts:\n"
    path = deck_path(
        write_deck, "- {id: s, kind: sequence, topic: 概念, source: 第一章, name: 顺序, steps: [问候, 受理, 送别]}\n", header
    )
    [warning] = lint_file(path).warnings
    assert warning.code == "stale-mark" and "nothing/here" in warning.message
    assert (warning.line, warning.field) == (3, "excluded[0]")


def test_an_exclusion_of_a_lists_multi_select_is_no_stale_mark_but_of_a_sequences_is(write_deck):
    header = "deck: golden\ntitle: 测试\nexcluded: [l/select-all, s/select-all]\nfacts:\n"
    path = deck_path(write_deck, """
        - {id: l, kind: list, topic: 概念, source: 第一章, name: 三声, items: [来有迎声, 问有答声, 走有送声]}
        - {id: s, kind: sequence, topic: 概念, source: 第一章, name: 顺序, steps: [问候, 受理, 送别]}
    """, header)
    [warning] = [w for w in lint_file(path).warnings if w.code == "stale-mark"]
    assert "s/select-all" in warning.message and warning.field == "excluded[1]"


def test_a_model_answer_with_blanks_is_not_asked_as_a_typed_card_without_key_points(write_deck):
    path = deck_path(write_deck, """
        - {id: closing, kind: script, situation: 结束通话时, response: ××先生／小姐，请问还有什么需要咨询吗？}
        - {id: promise, kind: script, situation: 投诉受理完毕时, response: 我们会在×小时内给您答复。, points: [答复|回复]}
        - {id: thanks, kind: script, situation: 客户离开时, response: 请慢走，欢迎再次光临。}
    """)
    result = lint_file(path)
    assert sorted(c.id for c in result.cards) == ["golden/promise/respond", "golden/thanks/respond"]
    [warning] = [w for w in result.warnings if w.fact == "closing" and w.field == "respond"]
    assert "key points" in warning.message


@pytest.mark.parametrize(
    ("answer", "others", "gives_away"),
    [
        ("团队协作意识加强", ["实际操作评估", "问卷调查评估"], True),  # two share a word the answer lacks
        ("综合业务受理岗", ["咨询服务岗", "流动服务岗"], False),  # all end in 岗: no cue
    ],
)
def test_with_two_other_options_only_a_shared_word_is_a_cue(answer, others, gives_away):
    assert (form_giveaway(answer, others) is not None) is gives_away


def test_a_swapped_term_never_makes_a_sign_or_name_meaningless(write_deck):
    path = deck_path(write_deck, """
        - {id: sign, kind: rule, topic: 下班, text: '下班前应将“{{暂停服务}}”提示牌放于工作台前。'}
        - {id: alt, kind: rule, topic: 下班, text: '本厅未开办的业务应主动介绍{{替代性业务}}。'}
    """)
    result = lint_file(path)
    # 替代性业务 also ends in 务, but it is no sign: no honest false statement, so no card and a warning
    assert "golden/sign/true-false" not in {c.id for c in result.cards}
    assert any(w.fact == "sign" and w.field == "true-false" for w in result.warnings)



@given(value=st.integers(1, 100), seed=st.integers(0, 10_000))
def test_a_changed_percentage_stays_a_percentage(value, seed):
    changed = _change_number(f"{value}%", random.Random(seed), "满意率达到", "以上")
    if changed is not None:
        new = int(changed.rstrip("%"))
        assert 0 < new <= 100 and new != value


@given(hour=st.integers(0, 23), seed=st.integers(0, 10_000))
def test_a_changed_clock_hour_stays_an_hour_of_the_day(hour, seed):
    changed = _change_number(str(hour), random.Random(seed), "每日", "时至次日7时")
    if changed is not None:
        assert 0 <= int(changed) <= 23 and int(changed) != hour


@given(value=st.integers(1, 500), seed=st.integers(0, 10_000))
def test_a_changed_quantity_is_near_the_true_one(value, seed):
    changed = _change_number(f"{value}分钟", random.Random(seed))
    assert changed is not None and changed.endswith("分钟")
    new = int(changed.removesuffix("分钟"))
    assert new != value and 0 < new <= max(value * 2, value + 10)


def test_a_phrasing_all_other_options_share_is_a_cue():
    assert form_giveaway("举止适度", ["行动上不出格", "仪态上不失态", "言语上不失礼"]) is not None
    assert form_giveaway("仪表上不邋遢", ["行动上不出格", "仪态上不失态", "言语上不失礼"]) is None


def test_list_items_with_their_own_commas_are_answered_with_semicolons(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: manner, kind: list, name: 接电话的要求, items: [用语文明、礼貌, 态度热情、谦和、诚恳, 语调平和, 音量适中]}
    """)
    assert cards["golden/manner/recall"].answer == "用语文明、礼貌；态度热情、谦和、诚恳；语调平和；音量适中"


@pytest.mark.parametrize(
    ("answer", "others", "gives_away"),
    [
        ("诚信的服务", ["产品销售", "客户体验", "开展客户服务"], True),  # the only X的Y phrase
        ("外套、马甲不得敞怀", ["前发不附额", "后发不触领", "发鬓不过耳"], True),  # the only enumeration
        ("啊", ["您好", "再见", "对不起"], True),  # the only one-character option
        ("前发可遮额", ["前发不附额", "后发不触领", "发鬓不过耳"], True),  # the only option not a restriction (不…)
        ("接受用户的建议", ["接受用户的咨询", "接受用户的查询", "接受用户的投诉"], False),
        ("4G业务", ["宽带业务", "固话业务", "专线业务"], True),  # the only one with a digit
    ],
)
def test_an_option_alone_in_its_shape_marks_is_a_giveaway(answer, others, gives_away):
    assert (form_giveaway(answer, others) is not None) is gives_away


def test_a_sentence_with_commas_among_sentences_is_no_giveaway():
    others = ["刚才不是跟你说了吗？怎么又问？", "你问我，我问谁？", "不知道，你自己看。"]
    assert form_giveaway("请您稍等，我帮您查询一下。", others) is None


def test_a_department_is_asked_for_as_a_department(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: cs, kind: duty, topic: 分工, role: 客服部门, duties: [负责用户投诉的分析]}
        - {id: biz, kind: duty, topic: 分工, role: 业务部门, duties: [负责广告宣传和产品销售]}
        - {id: net, kind: duty, topic: 分工, role: 网络部门, duties: [负责网络优化和测试]}
    """)
    card = cards["golden/cs/whose/1"]
    assert "是哪个部门的职责" in card.prompt and card.answer == "客服部门"


def test_the_acceptable_wording_is_not_explained_with_the_banned_phrases_fault(write_deck):
    facts = "".join(
        f"- {{id: p{i}, kind: prohibited_phrase, phrase: 你问我我问谁{i}？, reason: 反问推诿, instead: 我帮您反馈{i}。}}\n"
        for i in range(12)
    )
    cards = cards_by_id(write_deck, facts)
    said_right = [c for c in cards.values() if c.template == "acceptable" and c.answer == "正确"]
    said_wrong = [c for c in cards.values() if c.template == "acceptable" and c.answer == "错误"]
    assert said_right and said_wrong
    assert all("反问推诿" not in (c.explanation or "") and "规范说法" in c.explanation for c in said_right)
    assert all("原因：反问推诿" in (c.explanation or "") for c in said_wrong)


def test_identify_offers_the_other_members_before_the_authors_distractors(write_deck):
    cards = cards_by_id(write_deck, """
        - id: providers
          kind: category
          name: 增值服务提供商
          distractors: [OEM, ODM, MVNO]
          members:
            - {name: SP, description: 业务提供商（提供移动增值业务）}
            - {name: CP, description: 内容提供商（提供信息内容）}
            - {name: SI, description: 业务集成商（集成系统与业务）}
    """)
    for part in (1, 2, 3):
        options = {o.text for o in cards[f"golden/providers/identify/{part}"].options}
        # the key is never the only real member among invented names
        assert {"SP", "CP", "SI"} <= options and len(options) == 4


def test_a_held_back_numbered_cloze_is_warned_about_by_its_own_card_id(write_deck):
    # c2's answer also stands in the rule: c2 is held back, c1 is made; the warning must name c2
    from drill import load_deck, make_cards
    from drill.lint import lint_file

    path = write_deck("""\
deck: numbered
title: 编号
facts:
  - id: id-card
    kind: rule
    text: 办理时须出示{{c2::身份证}}原件，身份证复印件须在{{c1::三天}}内交回。
""")
    ids = {c.id for c in make_cards(load_deck(path))}
    assert "numbered/id-card/cloze/1" in ids and "numbered/id-card/cloze/2" not in ids
    warned = [p for p in lint_file(path).problems if "gives the blank away" in p.message]
    assert warned and all("cloze/2" in str(p) for p in warned), [str(p) for p in warned]


def test_lint_names_each_kind_of_withheld_card_by_its_own_code(write_deck):
    from drill.lint import lint_file

    path = write_deck("""\
deck: codes
title: 代码
facts:
  - id: id-card
    kind: rule
    text: 办理时须出示{{身份证}}原件，身份证复印件须交回。
  - id: no-number
    kind: rule
    text: 营业员应主动{{微笑}}迎接客户。
  - id: blanks
    kind: script
    situation: 客户来电时
    response: 您好，××为您服务。
""")
    codes = {(w.fact, w.code) for w in lint_file(path).warnings}
    assert ("id-card", "cloze-giveaway") in codes
    assert ("no-number", "no-false-statement") in codes
    assert ("blanks", "placeholder-no-points") in codes


# --- patterns a fresh examiner found --------------------------------------------------------

@pytest.mark.parametrize(("candidate", "members", "opposite"), [
    ("音量宜大", ["用语文明、礼貌", "语调平和", "音量适中"], "音量适中"),
    ("刘海可遮眉", ["长发应挽起", "前发不过眉"], "前发不过眉"),
    ("长发可披肩", ["长发应挽起", "前发不过眉"], "长发应挽起"),
    ("发鬓可过耳", ["前发不附额", "后发不触领", "发鬓不过耳"], "发鬓不过耳"),
    ("语速越快越好", ["用语文明、礼貌", "语调平和", "音量适中"], None),
    ("服务提成", ["服务原则", "服务标准", "仪容仪表"], None),  # 服务 begins every member: the list's word
    ("禁止擅自停机", ["禁止泄露客户信息", "禁止违规办理业务", "禁止乱收费"], None),
])
def test_an_intruder_about_the_same_thing_as_a_member_shown_is_found(candidate, members, opposite):
    from drill.itemrules import opposite_member

    assert opposite_member(candidate, members) == opposite


def test_an_odd_one_out_never_stands_beside_the_member_it_contradicts(write_deck):
    path = deck_path(write_deck, """
        - {id: phone, kind: list, topic: 电话, name: 接电话的要求, items: [用语文明礼貌, 语调平和, 音量适中, 态度诚恳],
           distractors: [音量宜大, 语速越快越好]}
        - {id: hair, kind: list, topic: 仪容, name: 男营业员的发型要求, items: [前发不附额, 后发不触领, 发鬓不过耳],
           distractors: [发鬓可过耳, 后发可触领, 前发可遮额]}
    """)
    result = lint_file(path)
    cards = {c.id: c for c in result.cards}
    phone = cards["golden/phone/odd-one-out"]
    assert phone.answer == "语速越快越好" or "音量适中" not in [o.text for o in phone.options]
    assert "golden/hair/odd-one-out" not in cards
    hair = [(w.code, w.line, w.field) for w in result.warnings if w.fact == "hair" and w.field == "odd-one-out"]
    assert hair == [("intruder-opposite", 7, "odd-one-out")]


def test_a_two_member_list_makes_no_three_option_odd_one_out(write_deck):
    path = deck_path(write_deck, """
        - {id: hair, kind: list, topic: 仪容, name: 女营业员的发型要求, items: [长发应挽起, 前发不过眉], distractors: [胡须每日清理]}
    """)
    result = lint_file(path)
    assert "golden/hair/odd-one-out" not in {c.id for c in result.cards}
    assert [(w.code, w.line) for w in result.warnings if w.code != "no-source"] == [("odd-one-out-too-few", 5)]


@pytest.mark.parametrize(("statement", "absurd"), [
    ("服务中禁止使用侮辱性词语或带有感谢、赞美的口气。", True),
    ("服务中禁止使用侮辱性词语或带有关切、询问的口气。", True),
    ("敲门力度以尽量用力为宜，敲门频率要有规律。", True),
    ("敲门力度以越轻越好为宜，敲门频率要有规律。", True),
    ("接打电话时，语言要多用命令式，少用否定式。", True),
    ("接打电话时，语言要多用询问式，少用否定式。", False),
    ("敲门力度以客户听见为宜，敲门频率要有规律。", False),
    ("服务中禁止使用侮辱性词语或带有嘲笑、责备的口气。", False),
    ("营业员应以热情的态度接待客户。", False),
    ("使用自动扶梯应靠中间站，以便让着急的人从另一侧超过。", True),  # the middle has no other side
    ("使用自动扶梯应靠左侧站，以便让着急的人从另一侧超过。", False),
    ("引导时站在中间，手势指向另一件展品。", False),  # 另一件 is no side
    ("业务尚未开办时，应耐心解释并主动介绍其他运营商。", True),  # a clerk sending the customer to a competitor
    ("遇到携号转网的客户，应主动推荐竞争对手的套餐。", True),
    ("业务尚未开办时，应耐心解释并主动介绍替代性业务。", False),
    ("应向客户说明其他运营商的收费标准以本公司为准。", False),  # named, but nobody is sent there
])
def test_a_false_statement_common_sense_refutes_is_found(statement, absurd):
    from drill.itemrules import absurd_statement

    assert (absurd_statement(statement) is not None) is absurd


def test_no_true_false_card_is_made_from_an_absurd_false_statement(write_deck):
    path = deck_path(write_deck, """
        - {id: tone, kind: rule, topic: 用语, text: '服务中禁止带有{{嘲笑、责备}}的口气。', distractors: [感谢、赞美, 关切、询问]}
        - {id: knock, kind: rule, topic: 上门, text: '敲门力度以{{客户听见}}为宜。', distractors: [尽量用力, 连续急促]}
    """)
    result = lint_file(path)
    cards = {c.id: c for c in result.cards}
    assert "golden/tone/true-false" not in cards
    assert [(w.fact, w.code) for w in result.warnings if w.fact == "tone" and w.code != "no-source"] == [("tone", "absurd-false")]
    knock = cards["golden/knock/true-false"]
    assert "尽量用力" not in knock.prompt  # the honest wrong value is used, never the absurd one


def test_a_duty_two_posts_share_is_not_asked_as_one_posts(write_deck):
    path = deck_path(write_deck, """
        - {id: net, kind: duty, topic: 分工, role: 移动部门, duties: [与信息化部门共同评估产品方案, 负责网络维护]}
        - {id: it, kind: duty, topic: 分工, role: 信息化部门, duties: [负责用户资料的核实和分类管理, 测试营账系统数据]}
        - {id: cs, kind: duty, topic: 分工, role: 客服部门, duties: [推广期将用户意见反馈业务部门, 负责用户投诉的分析]}
        - {id: biz, kind: duty, topic: 分工, role: 业务部门, duties: [制订产品的初步设计方案]}
    """)
    result = lint_file(path)
    ids = {c.id for c in result.cards}
    assert "golden/net/whose/1" not in ids and "golden/net/whose/2" in ids
    assert "golden/cs/whose/1" in ids  # 业务部门 receives the feedback: it is no co-owner of the duty
    assert [(w.fact, w.field, w.code) for w in result.warnings if w.code != "no-source"] == [("net", "whose/1", "shared-duty")]


@pytest.mark.parametrize(("definition", "term", "others", "echo"), [
    ("自办营业厅必须树立“决不落下任何一张投诉单”的服务意识", "投诉“立单”", ["首问责任制", "投诉回访", "升级投诉"], "投诉单"),
    ("客户第一次询问的员工负责到底", "首问责任制", ["投诉立单", "限时办结制"], None),
    ("为客户提供移动增值业务的企业", "SP", ["CP", "SI"], None),
])
def test_a_definition_that_prints_the_term_is_found(definition, term, others, echo):
    from drill.itemrules import echoes_term

    assert echoes_term(definition, term, others) == echo


def test_no_name_card_reads_the_term_off_its_definition(write_deck):
    path = deck_path(write_deck, """
        - {id: ticket, kind: term, topic: 投诉, term: 投诉“立单”, definition: 必须树立“决不落下任何一张投诉单”的服务意识,
           distractors: [首问责任制, 投诉回访, 升级投诉]}
    """)
    result = lint_file(path)
    ids = {c.id for c in result.cards}
    assert "golden/ticket/name" not in ids and "golden/ticket/define" in ids
    assert [(w.code, w.field) for w in result.warnings if w.code != "no-source"] == [("definition-echoes-term", "name")]


def test_a_share_that_never_says_what_it_counts_is_linted_at_its_fact(write_deck):
    path = deck_path(write_deck, """
        - {id: stats, kind: rule, topic: 销售, text: '销售人员行为调研中，“彻底跟进”占{{78%}}。'}
        - {id: happy, kind: rule, topic: 销售, text: '被调查的客户中，满意的占{{95%}}。'}
    """)
    warnings = [(w.fact, w.code, w.line) for w in lint_file(path).warnings if w.code == "unmeasured-share"]
    assert warnings == [("stats", "unmeasured-share", 5)]


@pytest.mark.parametrize(("context", "publisher", "flagged"), [
    ("中国移动", None, True),
    ("中国移动", "中国电信", True),
    ("中国移动湖北公司", "中国移动湖北公司", False),
    ("中国电信", "中国电信", False),
    ("营业厅", None, False),
])
def test_a_company_label_needs_the_handbook_of_that_company(write_deck, context, publisher, flagged):
    source = f"source: {{title: 手册{', publisher: ' + publisher if publisher else ''}}}\n"
    header = f"deck: golden\ntitle: 测试\n{source}context: {context}\nfacts:\n"
    path = deck_path(write_deck, "- {id: r, kind: rule, topic: 礼仪, text: '电话铃响不超过{{3声}}接听。'}\n", header)
    found = [(w.code, w.line, w.field) for w in lint_file(path).warnings if w.code == "company-label"]
    assert found == ([("company-label", 4, "context")] if flagged else [])


def test_a_note_naming_one_cards_answer_is_shown_on_that_card_only(write_deck):
    cards = cards_by_id(write_deck, """
        - id: steps
          kind: sequence
          topic: 柜台
          name: 柜台服务流程
          steps: [问候客户, 了解需求, 解答问题, 结束服务]
          note: 结束服务时要确认客户是否满意，并表示感谢。
        - id: greet
          kind: rule
          topic: 柜台
          text: 客户离开时应说{{再见}}，并{{起身相送}}。
          note: 礼貌待客，有始有终。
    """)
    with_note = sorted(i for i, c in cards.items() if c.explanation and "结束服务时" in c.explanation)
    assert "golden/steps/order" in with_note and "golden/steps/next/3" in with_note
    assert not any(i in with_note for i in ("golden/steps/next/1", "golden/steps/next/2"))
    assert all("有始有终" in (cards[i].explanation or "") for i in cards if i.startswith("golden/greet/"))


def test_a_note_quoting_what_one_card_asks_is_shown_on_that_card_only(write_deck):
    cards = cards_by_id(write_deck, """
        - {id: a, kind: duty, topic: 分工, role: 客服部门, duties: [评估方案中的客户服务标准, 推广期监控评估产品质量和市场反应],
           note: 「推广期监控评估产品质量和市场反应」一项由客服部门负责。}
        - {id: b, kind: duty, topic: 分工, role: 业务部门, duties: [制订产品的初步设计方案]}
        - {id: c, kind: duty, topic: 分工, role: 移动部门, duties: [产品推向市场后负责网络维护]}
    """)
    assert "一项由客服部门负责" in (cards["golden/a/whose/2"].explanation or "")
    assert "一项由客服部门负责" not in (cards["golden/a/whose/1"].explanation or "")
    assert "一项由客服部门负责" in (cards["golden/a/duties"].explanation or "")  # the whole list covers it


# --- patterns a second fresh examiner found --------------------------------------------------

@pytest.mark.parametrize(("prompt", "answer", "half"), [
    ("引领客户上楼梯时应走在客户的[…]，下楼梯时应走在客户的前面。", "后面", "前面"),
    ("引领客户上楼梯时应走在客户的后面，下楼梯时应走在客户的[…]。", "前面", "后面"),
    ("领导要学会[…]，容人之短。", "用人之长", "容人之短"),
    ("收款时要[…]，唱付时当面点清。", "唱收", "唱付"),  # the pair's other half printed
    ("收款时先[…]，后付找零。", "唱收", None),  # 后付 changes both characters of a two-character answer
    ("使用自动扶梯应靠[…]站，右手扶扶梯。", "左侧", None),  # 右手 is no 右侧: a changed word beside the opposite
    ("引导客户出入房门时应[…]。", "后入后出", None),  # nothing printed to turn round
    ("递送名片时，应将名片正面朝向对方，[…]递上。", "双手", None),
])
def test_the_other_half_of_a_paired_rule_printed_is_found(prompt, answer, half):
    from drill.itemrules import paired_half

    assert paired_half(prompt, answer) == half


@pytest.mark.parametrize(("prompt", "answer", "negated"), [
    ("需暂时离开现场时，应向客户说明[…]；如不返回，应承诺修通时限。", "是否返回", "不返回"),
    ("移动客户物品时应事先[…]；未经同意不得使用客户家中设施。", "征得客户同意", "未经同意"),
    ("移动物品应事先[…]，未经客户同意不得移动。", "征得客户同意", "未经客户同意"),
    ("营业员不得在客户面前[…]。", "吸烟进食", None),  # the answer stands negated nowhere
    ("需暂时离开现场时，应向客户说明是否返回；如不返回，应承诺[…]。", "调通或修通时限", None),
    ("客户不满意时，应[…]。", "耐心解释", None),
    ("对不文明的客户也要[…]。", "不卑不亢", None),  # a negated answer is not looked for
])
def test_the_answer_printed_negated_beside_its_blank_is_found(prompt, answer, negated):
    from drill.itemrules import negation_printed

    assert negation_printed(prompt, answer) == negated


@pytest.mark.parametrize(("prompt", "answer", "others", "echo"), [
    ("礼节和仪式的总称。——这说的是哪个概念？", "礼仪", ["礼节", "礼貌", "服务意识"], "礼仪"),
    ("「评估方案中的客户服务标准和内容」是哪个部门的职责？", "客服部门", ["移动部门", "业务部门", "信息化部门"], "客服"),
    ("员工服务行为准则中，哪一项是指：维护客户和公司双方的合法权益？", "依法维权", ["主动热情", "积极负责", "尊重客户"], "法权"),
    ("把内心待人接物的尊敬之情，通过美好的仪表、仪式表达出来。", "礼仪", ["礼节", "礼貌", "仪表"], None),  # 礼 not in the stem
    ("哪一项是指：热情微笑服务，主动与客户建立友好关系？", "主动热情", ["客户第一", "尊重客户", "积极负责"], None),  # printed whole: a plain echo
    ("「受理客户的业务咨询」是哪个岗位的职责？", "咨询服务岗", ["业务受理岗", "引导岗", "投诉处理岗"], None),
])
def test_an_answer_word_the_stem_prints_spread_out_is_an_echo(prompt, answer, others, echo):
    from drill.itemrules import abbreviation_echo

    assert abbreviation_echo(prompt, answer, others) == echo


@pytest.mark.parametrize(("text", "answer", "saying"), [
    ("形体礼仪对站姿的要求是“站如松”。", "松", "站如松"),
    ("坐姿要求坐如钟。", "坐如钟", "坐如钟"),
    ("领导要学会用人之长，容人之短。", "用人之长", "用人之长"),
    ("女士站立时两脚尖张开距离为两拳。", "两拳", None),
    ("站立时挺胸收腹，如松一般挺拔。", "挺拔", None),  # a picture, not the saying
])
def test_a_blank_inside_a_common_saying_is_found(text, answer, saying):
    from drill.itemrules import common_saying

    assert common_saying(text, answer) == saying


@pytest.mark.parametrize(("steps", "ranked"), [
    (["高级客户经理", "客户经理（中级）", "客户经理（普通）"], True),
    (["一把手", "副总经理", "部门或分管经理", "一线员工（工程师、业务员、联络员等）"], True),
    (["省公司", "地市公司", "区县公司"], True),
    (["问候", "自我介绍", "询问需求", "结束通话"], False),
    (["编码", "通道", "解码", "反馈"], False),
    (["客户经理（普通）", "客户经理（中级）", "高级客户经理"], False),  # bottom up: a question the labels do not answer
    (["部门经理审核", "一线员工登记", "副总经理审批"], False),  # steps of a procedure, not in rank order
])
def test_steps_whose_labels_are_ranks_are_found(steps, ranked):
    from drill.itemrules import ranked_steps

    assert (ranked_steps(steps) is not None) is ranked


def test_lint_withholds_each_second_examiner_pattern_by_its_own_code(write_deck):
    path = deck_path(write_deck, """
        - {id: stairs, kind: rule, topic: 引领, text: '上楼梯时应走在客户的{{后面}}，下楼梯时应走在客户的{{前面}}。'}
        - {id: leave, kind: rule, topic: 上门, text: '离开时应向客户说明{{是否返回}}；如不返回，应承诺修通时限。', cards: [cloze]}
        - {id: pine, kind: rule, topic: 形体, text: '站姿的要求是“站如{{松}}”。', distractors: [钟, 风]}
        - {id: levels, kind: sequence, topic: 架构, name: 客户经理级别, steps: [高级客户经理, 客户经理（中级）, 客户经理（普通）]}
        - {id: etiquette, kind: term, topic: 礼仪, term: 礼仪, definition: 礼节和仪式的总称, distractors: [礼节, 礼貌, 服务意识], cards: [name]}
        - {id: upstairs, kind: rule, topic: 引领, text: '上楼梯时，服务人员应走在客户的{{后面}}。', cards: [cloze]}
    """)
    result = lint_file(path)
    codes = {(w.fact, w.code) for w in result.warnings if w.code != "no-source"}
    assert {("stairs", "cloze-paired-half"), ("leave", "cloze-negation-printed"), ("pine", "common-saying"),
            ("levels", "ranked-steps"), ("etiquette", "abbreviation-echo")} <= codes
    made = {c.id for c in result.cards}
    assert not {"golden/stairs/cloze/1", "golden/stairs/cloze/2", "golden/leave/cloze/1", "golden/pine/cloze/1",
                "golden/pine/true-false", "golden/levels/order"} & made
    assert not any(i.startswith("golden/levels/") for i in made)  # 「中级」的下一步 is read off the labels too
    assert "golden/upstairs/cloze/1" in made  # the near-miss still makes its card
    assert not any(w.fact == "upstairs" for w in result.warnings if w.code != "no-source")


# --- patterns a third fresh examiner found ----------------------------------------------------

@pytest.mark.parametrize(("prompt", "answer", "word"), [
    ("破损的宣传资料要及时[…]，已到期的要及时撤换，确保宣传内容的时效性。", "更换", "撤换"),
    ("破损的宣传资料要及时更换，已到期的要及时[…]，确保宣传内容的时效性。", "撤换", "更换"),
    ("柜台上的资料应[…]摆放，宣传架上的资料应整齐摆放。", "有序", None),  # 整齐 shares no character: no near-synonym
    ("对老年客户要耐心[…]，对初次办理的客户要耐心讲解。", "解释", None),  # 讲解/解释: the shared 解 is not in place
    ("对老年客户要耐心[…]，对初次办理的客户要耐心讲解。", "说解", "讲解"),
    ("[…]的宣传资料要及时更换，已到期的要及时撤换。", "破损", None),  # what is replaced: no parallel word
    ("违反五条禁令的员工予以[…]；造成严重后果的员工予以开除。", "解聘", None),  # a contrast the rule draws
    ("标杆型厅店是G3销售的[…]自有渠道，销售型厅店是G3销售的主体自有渠道。", "核心", None),
    ("外露袜子的颜色：女营业员为[…]的颜色，男营业员为深色。", "接近肤色", None),
    ("营业前要[…]柜台，营业后要清扫地面。", "擦拭", None),  # two characters of context only
])
def test_a_parallel_clause_printing_a_word_that_fills_the_blank_is_found(prompt, answer, word):
    from drill.itemrules import parallel_slot

    assert parallel_slot(prompt, answer) == word


@pytest.mark.parametrize(("items", "phrases"), [
    (["衣着干净整洁，雅观大方", "面部清洁，可着淡妆", "头发梳理整洁，风格庄重", "饰品佩戴以少为佳，彼此和谐"], 8),
    (["头发干净整洁，无怪异发型发色", "男士不留胡须", "不留过长指甲，指甲无污垢", "口腔内无异味"], None),  # 6
    (["必须着统一工装", "服装清洁、平整，纽扣齐全", "内衣不能从领、袖中露出", "外套、马甲不得敞怀"], None),  # 、 is inside a phrase
    (["问候；确认", "介绍；演示", "询问；记录", "道别"], None),  # 7: exactly the most a recall asks for
    (["问候；确认", "介绍；演示", "询问；记录", "道别；致谢"], 8),
])
def test_a_recall_counts_each_phrase_of_a_compound_item(items, phrases):
    from drill.itemrules import compound_recall, recall_phrases

    assert compound_recall(items) == phrases
    assert recall_phrases(items) >= len(items)


def test_lint_withholds_each_third_examiner_pattern_by_its_own_code(write_deck):
    path = deck_path(write_deck, """
        - {id: promo, kind: rule, topic: 现场, text: '破损的资料要及时{{更换|替换}}，已到期的要及时{{撤换}}。'}
        - {id: promo-fixed, kind: rule, topic: 现场, text: '{{破损|损坏}}的海报应当换新，{{已过期|过期}}的应当撤下。', cards: [cloze]}
        - id: looks
          kind: list
          topic: 仪表
          name: 服务人员的仪表要求
          items: [衣着干净整洁，雅观大方, 面部清洁，可着淡妆, 头发梳理整洁，风格庄重, 饰品佩戴以少为佳，彼此和谐]
          distractors: [服装颜色鲜艳，款式新潮]
        - {id: posts, kind: duty, topic: 分工, role: 引导岗, duties: [迎接客户，主动问候, 了解需求，分流引导, 维护秩序，疏导客流, 解答咨询，发放资料]}
        - {id: hygiene, kind: list, topic: 仪表, name: 个人卫生, items: [头发干净整洁，无怪异发型, 男士不留胡须, 口腔内无异味],
           cards: [recall]}
    """)
    result = lint_file(path)
    codes = {(w.fact, w.code) for w in result.warnings if w.code != "no-source"}
    assert {("promo", "cloze-parallel-slot"), ("looks", "recall-compound-items"),
            ("posts", "recall-compound-items")} <= codes
    made = {c.id for c in result.cards}
    assert not {"golden/promo/cloze/1", "golden/promo/cloze/2", "golden/looks/recall", "golden/posts/duties"} & made
    assert {"golden/promo-fixed/cloze/1", "golden/promo-fixed/cloze/2", "golden/hygiene/recall"} <= made
    assert not any(w.fact in ("promo-fixed", "hygiene") for w in result.warnings if w.code != "no-source")


@pytest.mark.parametrize(("items", "series"), [
    (["A级", "B级", "C级"], "A–C"),
    (["C级", "A级", "B级"], "A–C"),  # in any order
    (["一级客户经理", "二级客户经理", "三级客户经理", "四级客户经理"], "一–四"),
    (["1号窗口", "2号窗口"], "1–2"),
    (["A级", "B级", "D级"], None),  # not a run: which one is missing is worth asking
    (["高级客户经理", "中级客户经理", "初级客户经理"], None),  # words, not labels
    (["A类客户", "B类用户", "C类客户"], None),  # the items say more than their labels
    (["标杆型", "销售型", "战略型"], None),
])
def test_items_that_differ_only_by_a_serial_label_are_found(items, series):
    from drill.itemrules import serial_items

    assert serial_items(items) == series


def test_lint_withholds_a_recall_of_serial_labels_but_keeps_what_each_stands_for(write_deck):
    path = deck_path(write_deck, """
        - id: credit
          kind: category
          topic: 信用
          name: 客户信用等级
          members: [{name: A级, description: 信用好的客户}, {name: B级, description: 信用一般的客户}, {name: C级, description: 信用差的客户}]
        - {id: windows, kind: list, topic: 信用, name: 营业厅窗口, items: [1号窗口, 2号窗口, 3号窗口], cards: [recall]}
    """)
    result = lint_file(path)
    codes = {(w.fact, w.code) for w in result.warnings if w.code != "no-source"}
    assert {("credit", "recall-serial-items"), ("windows", "recall-serial-items")} <= codes
    made = {c.id for c in result.cards}
    assert "golden/credit/members" not in made and "golden/windows/recall" not in made
    assert {"golden/credit/describe/1", "golden/credit/identify/2"} <= made


# --- the seed 715263 read: uniform option lengths, scattered echoes, extremes, dated figures, two names -----

@pytest.mark.parametrize(("answer", "others", "gives_away"), [
    ("提合理化建议", ["任务分配", "进度把控", "质量检测"], True),  # six characters among three of four
    ("服务", ["任务分配", "进度把控", "质量检测"], True),  # two among three of four
    ("成本核算", ["任务分配", "进度把控", "质量检测"], False),
    ("成本核算等", ["任务分配", "进度把控", "质量检测"], False),  # one character off is no cue
    ("提合理化建议", ["任务分配", "进度把控", "质量检测提升"], False),  # the others differ among themselves
    ("提合理化建议", ["任务分配", "进度把控"], False),  # two others of one length may be chance
])
def test_an_answer_of_another_length_among_options_of_one_length_is_a_giveaway(answer, others, gives_away):
    assert (form_giveaway(answer, others) is not None) is gives_away


@pytest.mark.parametrize(("prompt", "answer", "others", "echo"), [
    ("服务的基本标准，用心倾听需求、细致解答问题", "耐心细心", ["客户至上", "礼貌待人"], "心细"),
    ("服务的基本标准，认真倾听客户需求、周到解答客户问题", "耐心细心", ["客户至上", "礼貌待人"], None),
    ("服务的基本标准，用心倾听需求", "耐心细心", ["客户至上", "礼貌待人"], None),  # one character is chance
    ("服务的基本标准，用心倾听需求、细致解答问题", "耐心细心", ["客户至上", "细心周到"], None),  # another has them
    ("对同事和客户都以尊重的态度相待", "礼貌待人", ["客户至上", "耐心细心"], None),
])
def test_answer_characters_the_stem_prints_in_other_words_are_an_echo(prompt, answer, others, echo):
    from drill.itemrules import character_echo

    assert character_echo(prompt, answer, others) == echo


@pytest.mark.parametrize(("candidate", "extreme"), [
    ("语速越快越好", "越快越好"),
    ("音量越大越好", "越大越好"),
    ("微笑时间越长越佳", "越长越佳"),
    ("尽量大声说话", "尽量大声"),
    ("音量宜大", None),  # a wrong norm, not an extreme: opposite_member's case
    ("选择适当时间", None),
    ("语速适中", None),
])
def test_an_intruder_asking_for_an_extreme_is_found(candidate, extreme):
    from drill.itemrules import absurd_intruder

    assert absurd_intruder(candidate) == extreme


@pytest.mark.parametrize(("text", "figure"), [
    ("全球通拥有{{90%}}的移动高端用户（高端用户以ARPU值{{200元}}为界）。", "拥有90%的移动高端用户"),
    ("该品牌目前拥有90%的移动高端用户。", "拥有90%的移动高端用户"),  # 目前: whose today?
    ("本省市场占有率达{{60%}}。", "占有率达60%"),
    ("在重塑全球通的案例中，全球通当时拥有{{90%}}的移动高端用户。", None),
    ("截至2008年底，全球通拥有90%的移动高端用户。", None),
    ("营业厅面积不小于{{180平方米}}。", None),
    ("投诉须在{{24小时}}内立单。", None),
])
def test_a_market_figure_without_its_year_or_study_is_found(text, figure):
    from drill.itemrules import undated_figure

    assert undated_figure(text) == figure


SENTENCE_000 = "确保在 24 小时内经过 BOSS 系统进入“电 子工作流”系统提交投诉工单"


@pytest.mark.parametrize(("sentence", "prompt", "answer", "other"), [
    (SENTENCE_000, "须在24小时内通过[…]系统立单。", "BOSS", "电子工作流"),
    (SENTENCE_000, "须在24小时内通过“[…]”系统提交投诉工单。", "电子工作流", "BOSS"),
    (SENTENCE_000, "须在24小时内经过BOSS系统进入“[…]”系统提交投诉工单。", "电子工作流", None),
    (SENTENCE_000, "须在24小时内经过[…]系统进入“电子工作流”系统提交投诉工单。", "BOSS", None),
    (SENTENCE_000, "须在[…]内经过BOSS系统立单。", "24小时", None),  # the blank is no system
    ("可拨打“10000”热线或登录“网上营业厅”平台查询", "可拨打[…]热线查询。", "10000", None),  # another kind
])
def test_a_second_name_of_the_blanks_kind_in_the_handbook_sentence_is_found(sentence, prompt, answer, other):
    from drill.itemrules import unprinted_same_kind

    assert unprinted_same_kind(sentence, prompt, answer) == other


def test_lint_warns_of_each_pattern_of_the_seed_715263_read_by_its_own_code(write_deck):
    path = deck_path(write_deck, """
        - id: manner
          kind: list
          topic: 电话礼仪
          name: 接电话时对用语、态度和语调的要求
          items: [用语文明、礼貌, 态度热情、谦和、诚恳, 语调平和, 音量适中]
          distractors: [语速越快越好]
        - id: manner-fixed
          kind: list
          topic: 电话礼仪
          name: 接电话的要求
          items: [用语文明、礼貌, 态度热情、谦和、诚恳, 语调平和, 音量适中]
          distractors: [语速越快越好, 选择适当时间]
          cards: [odd-one-out]
        - {id: share, kind: rule, topic: 案例, text: '全球通拥有{{90%}}的移动高端用户。'}
        - {id: share-dated, kind: rule, topic: 案例, text: '在重塑全球通的案例中，全球通当时拥有{{90%}}的移动高端用户。'}
        - id: ideas
          kind: category
          topic: 理念
          name: 营业员服务理念
          cards: [identify]
          members:
            - {name: 客户至上, description: 客户是公司的贵宾，一切工作以客户为中心}
            - {name: 礼貌待人, description: 对同事和客户都以尊重的态度相待}
            - {name: 耐心细心, description: 服务的基本标准，用心倾听需求、细致解答问题}
    """)
    result = lint_file(path)
    codes = {(w.fact, w.code) for w in result.warnings if w.code != "no-source"}
    assert {("manner", "intruder-absurd"), ("share", "undated-figure"), ("ideas", "character-echo")} <= codes
    assert not any(w.fact in ("manner-fixed", "share-dated") for w in result.warnings if w.code != "no-source")
    made = {c.id: c for c in result.cards}
    assert "golden/manner/odd-one-out" not in made
    assert made["golden/manner-fixed/odd-one-out"].answer == "选择适当时间"


def _handbook_sentences() -> list[str]:
    from pathlib import Path

    import re

    seeds = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
    return [s for f in sorted(seeds.glob("*.txt")) for s in re.split(r"[。；;\n]", f.read_text(encoding="utf-8"))]


def test_no_shipped_cloze_leaves_out_a_second_name_the_handbook_gives_for_its_blank():
    from pathlib import Path

    from drill.itemrules import KIND_NOUNS, unprinted_same_kind
    from drill.text import normalize

    sentences = [(s, normalize(s)) for s in _handbook_sentences()]
    assert sentences, "the handbooks are not found"
    checked, found = 0, []
    for path in sorted((Path(__file__).resolve().parents[1] / "decks").glob("*.yaml")):
        for card in make_cards(load_deck(path)):
            if card.type is not CardType.CLOZE or not any(k in card.prompt for k in KIND_NOUNS):
                continue
            for kind in KIND_NOUNS:
                key = normalize(card.answer + kind)
                for raw, folded in sentences:
                    if key in folded:
                        checked += 1
                        other = unprinted_same_kind(raw, card.prompt, card.answer)
                        if other:
                            found.append((card.id, other))
    assert checked, "no cloze before a system's name was checked against its handbook sentence"
    assert found == []


#: how far apart (normalised characters) a handbook prints a banned phrase and the wording it pairs with it
PAIRED_WITHIN = 300


def test_no_shipped_banned_phrase_is_paired_with_a_handbook_sentence_from_elsewhere():
    """A handbook sentence offered as the banned phrase's replacement must stand beside that phrase.

    「您反映的问题我已向公司做了反馈…」 is 首问负责制's (001), pages away from 「你问我，我问谁？」:
    a card saying it replaces that phrase cites a pairing the handbook never makes.
    """
    from pathlib import Path

    from drill.text import normalize

    root = Path(__file__).resolve().parents[1]
    handbooks = [normalize(p.read_text(encoding="utf-8")) for p in sorted((root / ".." / "shared" / "seeds").glob("*.txt"))]
    assert handbooks, "the handbooks are not found"
    far = []
    for path in sorted((root / "decks").glob("*.yaml")):
        for fact in load_deck(path).facts:
            if getattr(fact, "kind", None) != "prohibited_phrase" or not fact.instead:
                continue
            said, banned = normalize(fact.instead), normalize(fact.phrase)
            for text in handbooks:
                at = text.find(said)
                if at >= 0 and not any(abs(at - m) <= PAIRED_WITHIN for m in _starts(text, banned)):
                    far.append(fact.id)
    assert far == []


def _starts(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while word and at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


# --- the seed 934871 read: a role copied from its verb, quotes and a head word on the key alone, a typed key
# --- only one accepted phrase fits, a term asked outside its frame -------------------------------------------

@pytest.mark.parametrize(("prompt", "answer", "verb"), [
    ("摆出暂停服务牌后，并请[…]引导新到的客户去其他台席办理。", "引导员", "引导"),
    ("[…]负责跟踪投诉处理进度。", "投诉处理岗", "投诉处理"),
    ("由[…]接待来访客户并登记。", "接待人员", "接待"),
    ("[…]应当面检查客户的证件。", "检查者", "检查"),
    ("[…]应当面核对客户的证件。", "检查者", None),
    ("并请[…]帮助新到的客户去其他台席办理。", "引导员", None),  # the verb reworded: knowledge fills it
    ("营业厅应设[…]，疏导客流。", "值班经理", None),  # no role suffix
    ("交班人员要把遗留问题提醒[…]。", "接班人员", None),  # 交班 is another word
    ("由[…]负责。", "员", None),  # a suffix alone is no role of a verb
])
def test_a_role_named_after_a_verb_the_cloze_prints_is_found(prompt, answer, verb):
    from drill.itemrules import role_echo

    assert role_echo(prompt, answer) == verb


@pytest.mark.parametrize(("answer", "others", "gives_away"), [
    ("“免填单”服务", ["业务咨询", "终端维修", "业务受理"], True),  # quotes and 服务 on the key alone
    ("“免填单”", ["业务咨询", "终端维修", "业务受理"], True),  # quotes alone
    ("「一台清」", ["业务咨询", "终端维修", "业务受理"], True),
    ("免填单", ["“业务”咨询", "“终端”维修", "“业务”受理"], True),  # the only one without quotes
    ("一台清服务", ["业务咨询", "终端维修", "业务受理"], True),  # a head word of its own
    ("一台清服务", ["业务咨询", "公话服务", "业务受理"], False),  # another option ends with 服务 too
    ("客户保有", ["业务咨询", "终端维修", "业务受理"], False),
    ("自助服务", ["业务咨询", "终端维修", "业务受理"], False),  # the same length: 服务 is part of the term
    ("一台清服务", ["自助服务", "公话服务", "预约服务"], False),  # every option ends with 服务
    ("电子选号系统", ["业务咨询", "终端维修"], False),  # two others of one length may be chance
])
def test_quotes_or_a_head_word_on_the_key_alone_is_a_giveaway(answer, others, gives_away):
    assert (form_giveaway(answer, others) is not None) is gives_away


def test_lint_withholds_each_fourth_examiner_pattern_by_its_own_code(write_deck):
    path = deck_path(write_deck, """
        - {id: pause, kind: rule, topic: 接待, text: '摆出暂停服务牌后，并请{{引导员}}引导新到的客户去其他台席办理。', cards: [cloze]}
        - {id: pause-fixed, kind: rule, topic: 接待, text: '摆出暂停服务牌后，并请{{引导员}}帮助新到的客户去其他台席办理。', cards: [cloze]}
        - id: recorded
          kind: script
          topic: 投诉
          situation: 投诉受理完毕时
          response: 您反映的问题是××，是这样吗？好的，我们会在×小时／天内给您答复。
          accept: [您反映的问题是××，还有什么需要我了解的吗？]
          points: [您反映的问题, 是这样吗|对吗, 答复|回复]
        - id: recorded-fixed
          kind: script
          topic: 投诉
          situation: 投诉受理完毕时（另一说法）
          response: 您反映的问题是××，是这样吗？好的，我们会在×小时／天内给您答复。
          accept: [您反映的问题是××，对吗？我们会尽快答复您。]
          points: [您反映的问题, 是这样吗|对吗, 答复|回复]
        - {id: customer, kind: term, topic: 三户模型, frame: 在三户模型中, term: 客户, definition: 以产权关系界定的产品所有者}
        - {id: user, kind: term, topic: 三户模型, term: 用户, definition: 购买产品后建立的产品实例信息}
        - {id: account, kind: term, topic: 三户模型, term: 帐户, definition: 用于汇集费用信息的实体}
    """)
    result = lint_file(path)
    codes = {(w.fact, w.code, w.field) for w in result.warnings if w.code != "no-source"}
    assert ("pause", "cloze-role-echo", "cloze/1") in codes
    assert ("recorded", "accept-misses-points", "accept.0") in codes
    assert ("recorded-fixed", "accept-placeholder", "accept.0") in codes
    assert not any(w.fact == "pause-fixed" for w in result.warnings if w.code != "no-source")
    located = next(w for w in result.warnings if w.code == "accept-misses-points")
    assert located.line == 12 and "是这样吗" in located.message and "答复" in located.message
    made = {c.id: c for c in result.cards}
    assert "golden/pause/cloze/1" not in made and "golden/pause-fixed/cloze/1" in made
    assert made["golden/customer/define"].prompt == "在三户模型中，什么是「客户」？"
    assert made["golden/customer/name"].prompt.startswith("在三户模型中，以产权关系界定的")
    assert made["golden/user/define"].prompt == "什么是「用户」？"  # no frame, no lead


def test_shipped_typed_cards_are_keyed_by_points_every_accepted_phrase_carries():
    from drill.judge import judge

    card = next(c for c in make_cards(load_deck("decks/telecom-service-language.yaml"))
                if c.fact == "say-complaint-recorded")
    key = card.model_dump(mode="json")
    # the handbook's two standard phrases (001 l. 「14、投诉受理完毕时」), each in a learner's own words
    for said in ("您反映的问题是网速慢，还有什么需要我了解的吗？", "您反映的问题是网速慢，对吗？我们会在两天内给您回复。"):
        assert judge(key, said).correct is True, said
    assert judge(key, "好的，我们会尽快给您答复。").correct is False
    assert not [a for a in card.accept if "×" in a]


def test_shipped_three_household_terms_are_asked_in_their_frame():
    cards = {c.id: c for c in make_cards(load_deck("decks/telecom-service-etiquette.yaml"))}
    for term in ("customer", "user", "account"):
        assert "三户模型" in cards[f"telecom-service-etiquette/term-{term}/define"].prompt
    assert "三户模型" not in cards["telecom-service-etiquette/term-customer-definition/define"].prompt
# --- answers read off the stem, blanks several fills fit ----------------------------------------

@pytest.mark.parametrize(("text", "term", "near"), [
    ("投诉立单要求做到“有诉必录，每诉必查”。", "每诉必录", "有诉必录"),   # two wordings of one maxim
    ("不得在同一层级内相互推诿，应立即向[…]主管报告。", "上一层级", "同一层级"),  # the rule's own contrast
    ("营业厅受理的投诉须在24小时内提交投诉工单。", "12小时", None),        # two characters changed: another figure
    ("营业员与营业厅经理同时在岗。", "营业厅", None),                      # too short to judge by one character
    ("投诉立单要求做到“有诉必录，每诉必查”。", "每诉必录", "有诉必录"),
])
def test_a_term_printed_with_one_character_changed_is_found(text, term, near):
    from drill.itemrules import near_print

    assert near_print(text, term) == near


@given(st.text(alphabet="有每诉必录查立单", max_size=30), st.text(alphabet="有每诉必录查立单", min_size=4, max_size=8))
def test_a_near_print_is_the_first_window_one_character_away(text, term):
    """near_in looks only where half the term is printed whole; it finds what a scan of every window finds."""
    from drill.itemrules import near_in

    scanned = next((text[i:i + len(term)] for i in range(len(text) - len(term) + 1)
                    if sum(a != b for a, b in zip(text[i:i + len(term)], term)) == 1), None)
    assert near_in(text, term) == scanned


@pytest.mark.parametrize(("answer", "either"), [
    ("每周或每月", "每周 / 每月"),
    ("姓名或者工号", "姓名 / 工号"),
    ("隔离措施", None),
    ("有诉必录", None),
])
def test_an_answer_joining_alternatives_is_found(answer, either):
    from drill.itemrules import either_or

    assert either_or(answer) == either


@pytest.mark.parametrize(("situation", "response", "echo"), [
    ("新年期间客户来到柜台，营销员先怎样问候？", "新年好！", "新年"),
    ("客户离开时", "请慢走！", None),
    ("客户来到面前，主动向客户问候", "您好！您需要什么帮助？", None),
])
def test_a_standard_phrase_its_situation_prints_is_found(situation, response, echo):
    from drill.itemrules import response_echo

    assert response_echo(situation, response) == echo


def test_blanks_read_off_the_stem_or_filled_by_either_half_are_withheld_with_their_own_codes(write_deck):
    from drill.lint import lint_file

    path = write_deck("""\
deck: fills
title: 填空
facts:
  - id: escalate
    kind: rule
    text: 不得在同一层级内相互推诿，应立即向{{上一层级}}主管报告。
  - id: publish
    kind: rule
    text: 信息公开：{{每周或每月}}公布营业厅各项业务指标完成情况。
  - id: both-halves
    kind: rule
    text: 接听电话时应报出自己的{{姓名或工号|姓名|工号}}。
  - id: new-year
    kind: script
    situation: 新年期间客户来到柜台，营销员先怎样问候？
    response: 新年好！
  - id: fair
    kind: rule
    text: 对投诉争议较大的客户，应及时采取{{隔离措施}}。
""")
    result = lint_file(path)
    codes = {(w.fact, w.code) for w in result.warnings}
    assert ("escalate", "cloze-near-echo") in codes
    assert ("publish", "cloze-either-or") in codes
    assert ("new-year", "script-echo") in codes
    # each half accepted on its own: the blank is fair; an ordinary blank is too
    assert not any(f in ("both-halves", "fair") and c.startswith(("cloze-near", "cloze-either")) for f, c in codes)


def test_a_blank_asking_for_a_long_phrase_word_for_word_is_withheld(write_deck):
    from drill.lint import lint_file

    path = write_deck("""\
deck: fills
title: 填空
facts:
  - id: filming
    kind: rule
    text: 营业场所禁止拍摄，{{本单位和上级部门检查人员}}除外。
  - id: filming-short
    kind: rule
    text: 营业场所禁止拍摄，本单位和上级部门的{{检查人员}}除外。
  - id: filming-listed
    kind: rule
    text: 营业场所禁止拍摄，{{本单位和上级部门检查人员|上级检查人员}}除外。
""")
    result = lint_file(path)
    long = {w.fact for w in result.warnings if w.code == "cloze-long"}
    assert long == {"filming"}
    assert {c.fact for c in result.cards if c.template == "cloze"} >= {"filming-short", "filming-listed"}
