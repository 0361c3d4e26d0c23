"""The answer judge: one table of Chinese answers, marked the same way by review and by exams."""

from __future__ import annotations

import json
import random
import string

import pytest
from click.testing import CliRunner
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from drill.card import Card, CardType
from drill.cli import cli
from drill.exam.assemble import make_item
from drill.exam.manifest import paper_manifest
from drill.exam.paper import ExamPaper, ExamSection
from drill.exam.scoring import judge_item
from drill.grading import grade_typed
from drill.judge import canon, judge, negations, numbers
from drill.scheduling import Rating

R, W, S = True, False, None  # right, wrong, self-rated (not judged)


def _card(type_: str, answer: str, *, kind: str = "rule", accept=(), points=(), items=()) -> Card:
    return Card(id=f"t/f/{type_}", deck="t", fact="f", kind=kind, template="x", type=CardType(type_),
                prompt="？", answer=answer, accept=tuple(accept), points=tuple(points), items=tuple(items))


def cloze(answer, **kw):
    return _card("cloze", answer, **kw)


def script(answer, points=(), accept=()):
    return _card("typed", answer, kind="script", points=points, accept=accept)


def rephrase(answer, points=(), accept=()):
    return _card("typed", answer, kind="prohibited_phrase", points=points, accept=accept)


def recall(*items, kind="list"):
    return _card("list_recall", "、".join(items), kind=kind, items=items)


PROSE = "营销员下班前应提前将暂停服务提示牌放于工作台前"
FEEDBACK = "您反映的问题我已向公司做了反馈，公司将尽快处理并给您答复。"
FEEDBACK_POINTS = ["反馈|反映", "尽快处理|尽快解决|马上处理", "答复|回复"]
APOLOGY = "对不起，由于我们的失误，给您带来了麻烦，非常抱歉。"
APOLOGY_POINTS = ["对不起|抱歉|道歉", "我们的失误|我们的过失", "麻烦|不便"]
CLOSING = "××先生／小姐，请问还有什么电信业务需要咨询吗？（等待用户回应）感谢您的来电，祝您××。"

#: (card, answer, verdict): every rule of the judge, in both directions
TABLE = [
    # numbers compare by value, whatever the similarity
    (cloze("10分钟"), "1分钟", W),
    (cloze("10分钟"), "100分钟", W),
    (cloze("10分钟"), "十分钟", R),
    (cloze("5万元"), "50万元", W),
    (cloze("5万元"), "五万元", R),
    (cloze("5万元"), "50000元", R),
    (cloze("180平方米"), "1800平方米", W),
    (cloze("180平方米"), "180㎡", R),
    (cloze("180平方米"), "一百八十平米", R),
    (cloze("5年"), "五年", R),
    (cloze("5年"), "6年", W),
    (cloze("8个"), "八个", R),
    (cloze("24小时"), "二十四小时", R),
    (cloze("24小时"), "２４小时", R),
    (cloze("24小时"), "24h", R),
    (cloze("24小时"), "12小时", W),
    (cloze("2个工作日"), "两个工作日", R),
    (cloze("2个工作日"), "3个工作日", W),
    (cloze("10至15分钟"), "10-15分钟", R),
    (cloze("10至15分钟"), "10～15分钟", R),
    (cloze("10至15分钟"), "十到十五分钟", R),
    (cloze("10至15分钟"), "10至20分钟", W),
    (cloze("80%"), "百分之八十", R),
    (cloze("80%"), "百分之十八", W),
    (cloze("3次"), "三次", R),
    (cloze("7:30"), "七点半", R),
    (cloze("7:30"), "8:30", W),
    (cloze("20:00至21:00"), "20点到21点", R),
    (cloze("客户投诉须在24小时内立单，并在2个工作日内给出处理意见"), "客户投诉须在24小时内立单，并在3个工作日内给出处理意见", W),
    # short keys: exactly, after normalisation, or an accepted alternative
    (cloze("由于我们的失误"), "由于您的失误", W),
    (cloze("由于我们的失误"), "由于我们的失误。", R),
    (cloze("暂停服务", accept=["暂停营业"]), "暂停营业", R),
    (cloze("暂停服务", accept=["暂停营业"]), "暂停服务", R),
    (cloze("暂停服务", accept=["暂停营业"]), "暂停", W),
    (cloze("暂停服务"), "暂停营业", W),
    (cloze("仔细阅读", accept=["仔细看一遍"]), "仔细看一遍", R),
    (cloze("仔细阅读", accept=["仔细看一遍"]), "仔细看两遍", W),
    (cloze("首问负责制"), "首问责任制", W),
    (cloze("BOSS"), "boss", R),
    (cloze("BOSS"), "ＢＯＳＳ系统", W),
    # negation: adding or dropping one is wrong
    (cloze("请您稍等，我马上为您办理相关业务"), "请您稍等，我马上不为您办理相关业务", W),
    (cloze("不得擅自离岗，离席时须摆放暂停营业牌"), "可以擅自离岗，离席时须摆放暂停营业牌", W),
    (cloze("未经客户同意不得泄露客户资料"), "经客户同意不得泄露客户资料", W),
    (cloze("严禁对不知道的问题随便答复"), "严禁对知道的问题随便答复", W),
    # longer prose may differ a little in wording
    (cloze(PROSE), "营销员下班前应提前将暂停服务的提示牌放在工作台前", R),
    (cloze(PROSE), "营销员下班前把牌子收起来", W),
    (cloze(PROSE), "营销员下班前不应提前将暂停服务提示牌放于工作台前", W),
    # enumerations: sets, order free; a sequence in order; list recall n of m
    (cloze("嘲笑、责备"), "责备、嘲笑", R),
    (cloze("嘲笑、责备"), "责备", W),
    (cloze("嘲笑、责备"), "责备、嘲笑、挖苦", W),
    (recall("标杆型", "销售型", "战略型"), "战略型 标杆型 销售型", R),
    (recall("标杆型", "销售型", "战略型"), "战略型，标杆型", W),
    (recall("标杆型", "销售型", "战略型"), "", W),
    (recall("听", "问", "办", kind="sequence"), "听、问、办", R),
    (recall("听", "问", "办", kind="sequence"), "问、听、办", W),
    (recall("标杆型", "销售型", "战略型"), "标杆型销售型战略型", R),
    (recall("协调者（CO）", "监督／评估者（ME）", "专家（SP）"), "专家、评估者、协调者", R),
    (recall("协调者（CO）", "监督／评估者（ME）", "专家（SP）"), "协调者 专家 监督 评估者 挖苦", W),
    # standard phrases: key points (with synonyms), placeholders, stage directions
    (rephrase(FEEDBACK, FEEDBACK_POINTS), "您反映的问题我没向公司做反馈，公司不会尽快处理并给您答复。", W),
    (rephrase(FEEDBACK, FEEDBACK_POINTS), "您的问题我已经反馈给公司，会尽快处理并回复您", R),
    (rephrase(FEEDBACK, FEEDBACK_POINTS), "我已经反馈了", W),
    (rephrase(FEEDBACK, FEEDBACK_POINTS), FEEDBACK, R),
    (script(APOLOGY, APOLOGY_POINTS), "对不起，由于您的失误，给您带来了麻烦，非常抱歉。", W),
    (script(APOLOGY, APOLOGY_POINTS), "非常抱歉，是我们的失误，给您添麻烦了", R),
    (script(APOLOGY, APOLOGY_POINTS), "不好意思，由于我们的过失给您带来不便，很抱歉", R),
    (rephrase("请您稍等，我为您办理完再下班。", ["稍等|稍候", "办理完|办完"]), "请您稍等，我不为您办理完再下班", W),
    (rephrase("请您稍等，我为您办理完再下班。", ["稍等|稍候", "办理完|办完"]), "请稍候，我给您办完再下班", R),
    (script("我很喜欢您的领带！／您穿的毛衣很好看。", ["领带|毛衣|衣服|穿", "喜欢|好看|精神"]), "您这身衣服穿着真精神", R),
    (script(CLOSING), "王先生，请问还有什么电信业务需要咨询吗？感谢您的来电，祝您生活愉快。", R),
    (script(CLOSING), "李小姐，请问还有什么电信业务需要咨询吗？（等待用户回应）感谢您的来电，祝您周末愉快！", R),
    (script(CLOSING), "请问还有什么需要吗", S),
    (script("您好，中国电信客服中心。"), "中国电信，你好", S),
    (script("您好，中国电信客服中心。"), "您好，中国电信客服中心", R),
    # an empty answer is always wrong
    (script("您好，中国电信客服中心。"), "", W),
    (script("您好，中国电信客服中心。"), "  。 ", W),
    (cloze("24小时"), "", W),
    (rephrase(FEEDBACK, FEEDBACK_POINTS), "（等待用户回应）", W),
]


def _exam_verdicts(card: Card, answer: str):
    """The exam path: the card as a paper item, judged as built and as read back from the manifest."""
    item = make_item(card, 1, 1.0, random.Random(0))
    paper = ExamPaper(exam="t", title="t", variant="A", seed=0, pass_mark=60,
                      sections=(ExamSection(title="s", points_each=1.0, items=(item,)),))
    manifest = json.loads(json.dumps(paper_manifest([paper], {}, "json"), ensure_ascii=False))
    return judge_item(item, answer), judge_item(manifest["variants"]["A"]["items"][0], answer)


def test_the_table_covers_every_rule_with_enough_cases():
    assert len(TABLE) >= 60
    assert {R, W, S} <= {v for _, _, v in TABLE}


@pytest.mark.parametrize(("card", "answer", "expected"), TABLE, ids=[f"{c.answer[:10]}|{a[:12]}" for c, a, _ in TABLE])
def test_review_and_exam_give_the_same_verdict(card, answer, expected):
    review = grade_typed(card.model_dump(mode="json"), answer)
    built, from_manifest = _exam_verdicts(card, answer)
    assert review.correct is expected, review.reason
    assert built.correct is expected and from_manifest.correct is expected
    assert review.reason == built.reason == from_manifest.reason
    assert review.reason  # a learner always gets a reason


@pytest.mark.parametrize(("key", "answer", "reason"), [
    ("10分钟", "1分钟", "数字不同：应为 10，你写的是 1"),
    ("5万元", "50万元", "数字不同：应为 5万，你写的是 50万"),
    ("24小时", "小时", "缺少数字：应为 24"),
    ("请您稍等，我马上为您办理相关业务", "请您稍等，我马上不为您办理相关业务", "意思相反：答案没有这个否定，你写了「不」"),
    ("未经客户同意不得泄露客户资料", "经客户同意不得泄露客户资料", "意思相反：答案有否定「未」，你的回答没有"),
])
def test_reasons_say_what_differs(key, answer, reason):
    assert judge({"type": "cloze", "answer": key}, answer).reason == reason


def test_list_recall_scores_item_by_item_and_names_the_missing():
    v = judge(recall("标杆型", "销售型", "战略型").model_dump(), "战略型、标杆型")
    assert (v.correct, v.got, v.total, v.missing) == (False, 2, 3, ("销售型",))
    assert "销售型" in v.reason and "2/3" in v.reason
    g = grade_typed(recall("标杆型", "销售型", "战略型").model_dump(), "战略型、标杆型")
    assert g.suggested is Rating.HARD  # most of the list: nearly right


def test_key_points_score_n_of_m_and_name_the_missing():
    v = judge(rephrase(FEEDBACK, FEEDBACK_POINTS).model_dump(), "我已经反馈了")
    assert (v.correct, v.got, v.total, v.missing) == (False, 1, 3, ("尽快处理", "答复"))


def test_a_phrase_without_key_points_is_left_to_the_learner():
    g = grade_typed(script("您好，中国电信客服中心。").model_dump(), "中国电信，你好")
    assert g.correct is None and g.suggested is None and "自评" in g.reason


def test_equivalent_answers_are_marked_as_such_identical_ones_not():
    card = cloze("24小时").model_dump()
    assert judge(card, "24 小时。").identical and not judge(card, "24 小时。").equivalent
    assert judge(card, "二十四小时").equivalent


def test_number_and_negation_readers():
    assert numbers("1～3天，百分之二十，5万元，一百八十平米") == ("1至3", "20%", "5万", "180")
    assert numbers("统一一下，十分抱歉") == ()
    assert negations("不好意思，您是不是要办理？别着急") == ()
    assert negations("我没向公司反馈，公司不会处理，禁止拍照") == ("没", "不", "禁止")


# -- properties ----------------------------------------------------------------------------------

UNITS = ["分钟", "小时", "天", "个工作日", "元", "万元", "平方米", "%", "年", "次", "个"]
PROSE_WITH_NUMBER = ["客户投诉须在{}内立单并跟进处理结果", "营业厅的租赁期限不少于{}并须签订正式合同",
                     "收费差错须在{}内退还给客户并向客户致歉说明"]


@st.composite
def numeric_keys(draw):
    number = str(draw(st.integers(min_value=1, max_value=99999)))
    if draw(st.booleans()):
        number += "." + str(draw(st.integers(min_value=1, max_value=9)))
    quantity = number + draw(st.sampled_from(UNITS))
    if draw(st.booleans()):
        return quantity
    return draw(st.sampled_from(PROSE_WITH_NUMBER)).format(quantity)


@given(numeric_keys(), st.data())
@example("10分钟", None)
@settings(max_examples=300, deadline=None)
def test_changing_any_digit_of_a_numeric_key_makes_the_answer_wrong(key, data):
    digits = [i for i, ch in enumerate(key) if ch.isdigit()]
    i = digits[0] if data is None else data.draw(st.sampled_from(digits))
    new = "2" if data is None else data.draw(st.sampled_from([d for d in string.digits if d != key[i]]))
    changed = key[:i] + new + key[i + 1:]
    leading = i == 0 or not key[i - 1].isdigit()
    assume(not (leading and new == "0" and i + 1 < len(key) and key[i + 1].isdigit()))  # 05分钟 is 5分钟
    card = {"type": "cloze", "answer": key}
    assert judge(card, key).correct is True
    verdict = judge(card, changed)
    assert verdict.correct is False and "数字" in verdict.reason


#: prose keys with ^ before each verb
VERBED = [
    "营业员应^提前将暂停服务提示牌^放于工作台前",
    "我们已经^向公司^反馈了您的问题，公司会尽快^处理",
    "营销员离席时首先要^摆放暂停营业牌并^做好登记",
    "对客户提出的建议应认真^记录并及时^转交相关部门",
    "接过名片后应^仔细阅读，有不懂之处要^请教对方",
]


@given(st.sampled_from(VERBED), st.data(), st.sampled_from(["cloze", "phrase"]))
@settings(max_examples=200, deadline=None)
def test_inserting_bu_before_a_verb_makes_a_prose_answer_wrong(marked, data, how):
    key = marked.replace("^", "")
    spots = [i for i, ch in enumerate(marked) if ch == "^"]
    spot = data.draw(st.sampled_from(spots))
    answer = (marked[:spot] + "不" + marked[spot + 1:]).replace("^", "")
    card = ({"type": "cloze", "answer": key} if how == "cloze"
            else {"type": "typed", "kind": "script", "answer": key, "points": [key[:4], key[-4:]]})
    assert judge(card, key).correct is True
    verdict = judge(card, answer)
    assert verdict.correct is False and "否定" in verdict.reason


#: brackets are left out: what stands in brackets is a stage direction, never expected
PUNCTUATION = list("，。、；：？！ 　,.!?;:「」“”") + ["\t", "  "]


def _noisy(text: str, data) -> str:
    """``text`` with punctuation and spaces added and removed, but never inside a number (1.5, 1-3, 7:30)."""
    chars = list(text)
    out: list[str] = []
    for i, ch in enumerate(chars):
        inside_number = 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()
        if ch in PUNCTUATION and not inside_number and data.draw(st.booleans()):
            continue  # removed
        out.append(ch)
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        in_number = (ch.isdigit() or ch in ".:-") and (nxt.isdigit() or nxt in ".:-")
        if not in_number and data.draw(st.integers(0, 3)) == 0:
            out.append(data.draw(st.sampled_from(PUNCTUATION)))
    return "".join(out)


NOISE_CASES = [(c, a, v) for c, a, v in TABLE if "（" not in a]


@given(st.sampled_from(NOISE_CASES), st.data())
@settings(max_examples=300, deadline=None)
def test_punctuation_and_spaces_never_change_a_verdict(case, data):
    card, answer, expected = case
    noisy = _noisy(answer, data)
    assume(noisy.strip())
    assert judge(card.model_dump(), noisy).correct is expected


@given(st.text(max_size=60), st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_the_judge_never_fails_on_any_text(key, answer):
    assume(key.strip())
    verdict = judge({"type": "cloze", "answer": key}, answer)
    assert verdict.correct in (True, False) and verdict.reason
    assert canon(canon(answer)) == canon(answer)  # canonical form is a fixed point


# -- where verdicts show -------------------------------------------------------------------------


def test_show_try_prints_verdict_and_reason():
    runner = CliRunner()
    card = "sample-counter-basics/complaint-ticket/cloze/1"
    result = runner.invoke(cli, ["show", card, "--try", "二十四小时", "--try", "1小时"])
    assert result.exit_code == 0, result.output
    assert "✓ right" in result.output and "数字不同：应为 24，你写的是 1" in result.output
    result = runner.invoke(cli, ["show", card, "--try", "1小时", "--json"])
    tries = json.loads(result.output)["tries"]
    assert tries == [{"answer": "1小时", **judge({"type": "cloze", "answer": "24小时"}, "1小时").to_dict()}]


def test_show_try_with_a_bad_option_letter_is_a_usage_error():
    result = CliRunner().invoke(cli, ["show", "sample-counter-basics/dont-know/spot", "--try", "Z"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_exam_grade_lists_answers_accepted_as_equivalent(tmp_path):
    cards = [cloze("24小时"), cloze("暂停服务", accept=["暂停营业"]), script("您好，中国电信客服中心。")]
    cards = [c.model_copy(update={"id": f"t/f{i}/cloze"}) for i, c in enumerate(cards)]
    items = tuple(make_item(c, n, 1.0, random.Random(0)) for n, c in enumerate(cards, 1))
    paper = ExamPaper(exam="t", title="t", variant="A", seed=0, pass_mark=60,
                      sections=(ExamSection(title="s", points_each=1.0, items=items),))
    (tmp_path / "m.json").write_text(json.dumps(paper_manifest([paper], {}, "json"), ensure_ascii=False),
                                     encoding="utf-8")
    (tmp_path / "r.csv").write_text("candidate,variant,1,2,3\n张三,A,二十四小时,暂停营业,中国电信你好\n"
                                    "李四,A,24小时,暂停服务,您好，中国电信客服中心\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(e["candidate"], e["item"], e["given"]) for e in data["accepted_equivalents"]] == [
        ("张三", 1, "二十四小时"), ("张三", 2, "暂停营业")]
    assert [(e["candidate"], e["item"]) for e in data["mark_by_hand"]] == [("张三", 3)]
    assert [c["correct"] for c in data["candidates"]] == [["t/f0/cloze", "t/f1/cloze"], [c.id for c in cards]]
    text = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv")])
    assert "Accepted as equivalent" in text.output and "二十四小时" in text.output


def test_the_reason_is_kept_with_the_review(tmp_path):
    from drill.store import Store
    from tests.conftest import ROOT

    db = tmp_path / "drill.db"
    # basic: reveal, Good · multiple choice: right letter · typed: other words with every key point · quit
    keys = "\n3\nd\n\n请稍候 我帮您查一下\n\nq\n"
    result = CliRunner().invoke(cli, ["review", str(ROOT / "tests" / "data" / "review-mini.yaml"), "--db", str(db)],
                                input=keys, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "✓ right  要点齐全（2/2）" in result.output  # the mark says right once; the log keeps the reason whole
    with Store(db) as store:
        rows = store.conn.execute("SELECT answer, correct, reason FROM reviews ORDER BY id").fetchall()
        logged = store.reviews_for("review-mini/dont-know/rephrase")
    assert rows[-1] == ("请稍候 我帮您查一下", 1, "正确：要点齐全（2/2）")
    assert logged[-1].extra["reason"] == "正确：要点齐全（2/2）"


BAD_FORMS = """\
deck: bad-forms
title: 不能匹配的答案
facts:
  - id: sign
    kind: rule
    topic: 离席
    source: 第三章
    text: 离席时摆放“{{暂停营业|暂停服务|暂停营业}}”牌，并在{{24小时|二十四小时}}内登记。
  - id: wait
    kind: script
    topic: 用语
    source: 第三章
    situation: 客户等待
    response: 请稍等，我帮您确认一下。
    accept: [请稍等 我帮您确认一下]
    points: [稍等|稍候|, 确认|核实, 核实, 道歉]
  - id: empty-alt
    kind: rule
    topic: 离席
    source: 第三章
    text: 离席须{{登记|}}。
"""


def test_lint_errors_for_alternatives_and_key_points_that_cannot_match(tmp_path):
    from drill.lint import lint_file

    path = tmp_path / "bad.yaml"
    path.write_text(BAD_FORMS, encoding="utf-8")
    result = lint_file(path)  # the empty alternative stops loading: reported first, on its own
    assert [(p.line, p.fact, p.severity) for p in result.errors] == [(21, "empty-alt", "error")]
    assert "empty alternative" in result.errors[0].message
    path.write_text(BAD_FORMS.split("  - id: empty-alt")[0], encoding="utf-8")
    found = {(p.line, p.column, p.fact, p.field): p.message for p in lint_file(path).errors}
    assert set(found) == {
        (8, 17, "sign", "text"), (8, 40, "sign", "text"), (15, 14, "wait", "accept.0"),
        (16, 14, "wait", "points.0"), (16, 29, "wait", "points.2"),
    }
    assert "'二十四小时' is the same as '24小时'" in found[(8, 40, "sign", "text")]
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert result.exit_code != 0 and f"{path}:16:29: error: fact wait: points.2:" in result.output
    # with the other points fixed, a point the model answer itself lacks is reported
    path.write_text(BAD_FORMS.split("  - id: empty-alt")[0].replace("稍等|稍候|, 确认|核实, 核实, 道歉", "稍等, 道歉"),
                    encoding="utf-8")
    assert any("'道歉' is not in the answer itself" in p.message for p in lint_file(path).errors)


def test_moodle_and_gift_keys_carry_every_accepted_form():
    import xml.etree.ElementTree as ET

    from drill_exam_formats.banks import key_gift, key_xml

    cards = [cloze("暂停服务", accept=["暂停营业"]), cloze("嘲笑、责备"),
             rephrase(FEEDBACK, FEEDBACK_POINTS)]
    cards = [c.model_copy(update={"id": f"t/f{i}/x"}) for i, c in enumerate(cards)]
    items = tuple(make_item(c, n, 1.0, random.Random(0)) for n, c in enumerate(cards, 1))
    paper = ExamPaper(exam="t", title="t", variant="A", seed=0, pass_mark=60,
                      sections=(ExamSection(title="s", points_each=1.0, items=items),))
    questions = [q for q in ET.fromstring(key_xml(paper)).findall("question") if q.get("type") != "category"]
    forms = [[a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100"] for q in questions]
    assert forms[:2] == [["暂停服务", "暂停营业"], ["嘲笑、责备", "责备、嘲笑"]]
    assert questions[2].get("type") == "essay" and "尽快处理／尽快解决" in questions[2].find("graderinfo").findtext("text")
    gift = key_gift(paper)
    assert "{=暂停服务 =暂停营业}" in gift and "{=嘲笑、责备 =责备、嘲笑}" in gift
    for card, item in zip(cards[:2], items[:2]):  # every form a bank accepts, drill accepts too
        for form in forms[items.index(item)]:
            assert judge_item(item, form).correct is True


def test_every_shipped_card_accepts_its_own_answer_and_alternatives():
    from drill.catalog import shipped_decks
    from drill.generate import make_cards
    from drill.loader import load_deck

    rejected = []
    for path in shipped_decks().values():
        for card in make_cards(load_deck(path)):
            if card.type not in (CardType.CLOZE, CardType.TYPED, CardType.LIST_RECALL):
                continue
            answers = [card.answer, *card.accept]
            if card.items:  # typed back in another order and with other separators
                answers += [" ".join(reversed(card.items)), "，".join(card.items)]
            content = card.model_dump(mode="json")
            rejected += [(card.id, a, v.reason) for a in answers if (v := judge(content, a)).correct is not True]
    assert rejected == []


def test_list_recall_is_typed_in_review_and_scored_n_of_m(tmp_path):
    from drill.store import Store

    deck = tmp_path / "lists.yaml"
    deck.write_text("deck: lists\ntitle: 列表\nfacts:\n  - id: store-types\n    kind: list\n    topic: 营业厅\n"
                    "    name: 自办营业厅渠道类型\n    items: [标杆型, 销售型, 战略型]\n    cards: [recall]\n"
                    "    source: 第一章\n", encoding="utf-8")
    db = tmp_path / "drill.db"
    result = CliRunner().invoke(cli, ["review", str(deck), "--db", str(db)], input="战略型 标杆型\n\nq\n",
                                catch_exceptions=False)
    assert "type the items" in result.output and "答对 2/3 项；缺少：销售型" in result.output
    assert "2 Hard" in result.output  # most of the list: Hard is suggested, and Enter accepts it
    with Store(db) as store:
        assert store.conn.execute("SELECT rating, correct, reason FROM reviews").fetchall() == [
            (2, 0, "答对 2/3 项；缺少：销售型")]


def test_an_empty_line_in_review_is_a_wrong_answer_with_again_suggested(tmp_path):
    from drill.store import Store
    from tests.conftest import ROOT

    db = tmp_path / "drill.db"
    # basic: reveal, Good · multiple choice: right letter · typed: an empty line, then Enter (the suggestion)
    result = CliRunner().invoke(cli, ["review", str(ROOT / "tests" / "data" / "review-mini.yaml"), "--db", str(db)],
                                input="\n3\nd\n\n\n\nq\n", catch_exceptions=False)
    assert "没有作答" in result.output and "请稍等，我帮您确认一下。" in result.output
    with Store(db) as store:
        assert store.conn.execute("SELECT rating, answer, correct, reason FROM reviews ORDER BY id").fetchall()[-1] \
            == (1, "", 0, "没有作答：空白的回答算错")
