"""多选题: made from list, category and duty facts, scored as the blueprint says, in every format."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from drill_exam_formats.banks import gift_exporter, moodle_exporter
from drill_exam_formats.common import SELECT_SLOT
from drill_exam_formats.docx_format import exporter as docx_exporter
from drill_exam_formats.html import exporter as html_exporter
from drill_exam_formats.text_bank import exporter as txt_exporter
from drill_exam_formats.xlsx_bank import exporter as xlsx_exporter
from pygiftparser import parser as gift

from drill import CardType, build_exam, load_deck
from drill.cli import cli
from drill.exam import load_blueprint_cards
from drill.exam.multiselect import (names_own_work, opposite_pair, same_family, select_all_cards, select_credit,
                                    select_giveaway)
from drill.itemrules import overlaps
from drill.text import normalize

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = ROOT / "tests" / "data" / "multi-select-mini.yaml"
#: the fractions Moodle's question editor offers (and its importer accepts)
MOODLE_FRACTIONS = {"100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
                    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"}

# (key, picked, scoring) → share of the points
CREDIT = [
    ("ACD", "ACD", "all-or-nothing", 1.0),
    ("ACD", "DCA", "all-or-nothing", 1.0),  # order does not matter
    ("ACD", "AC", "all-or-nothing", 0.0),   # 少选
    ("ACD", "AC", "half", 0.5),
    ("ACD", "A", "half", 0.5),
    ("ACD", "AC", "proportional", 2 / 3),
    ("ACD", "ACB", "half", 0.0),            # 错选: any wrong pick scores 0
    ("ACD", "ACDB", "proportional", 0.0),
    ("ACD", "", "half", 0.0),               # 未答
    ("BE", "be", "all-or-nothing", 1.0),
]


@pytest.mark.parametrize(("key", "picked", "scoring", "share"), CREDIT)
def test_multi_select_credit_follows_the_rule(key, picked, scoring, share):
    assert select_credit(key, picked, scoring) == pytest.approx(share)


def _fact_items(fact) -> list[str]:
    if fact.kind == "list":
        return list(fact.items)
    if fact.kind == "category":
        return [m.name for m in fact.members]
    return list(fact.duties)


def test_every_shipped_deck_gives_sound_multi_select_cards():
    decks = [load_deck(p) for p in sorted((ROOT / "decks").glob("*.yaml"))]
    cards = select_all_cards(decks)
    # lists whose wrong options are sent back (ending with 等, no like and certainly wrong intruder) give none
    assert len(cards) >= 20
    facts = {(d.deck, f.id): f for d in decks for f in d.facts}
    contexts = {d.deck: d.context for d in decks}
    for card in cards:
        fact = facts[(card.deck, card.fact)]
        own = {normalize(i) for i in _fact_items(fact)}
        right = [o.text for o in card.options if o.correct]
        wrong = [o.text for o in card.options if not o.correct]
        assert card.type is CardType.MULTIPLE_SELECT and card.kind in ("list", "category", "duty")
        assert 2 <= len(right) <= 4 and 1 <= len(wrong) and len(card.options) <= 5
        assert all(normalize(t) in own for t in right)
        assert not any(normalize(t) in own for t in wrong), card.id  # a wrong option is never one of its own
        assert not any(overlaps(t, list(own)) for t in wrong), card.id  # nor part of one (账单和清单, 集团账单和清单)
        assert len({normalize(o.text) for o in card.options}) == len(card.options)
        assert re.sub(r"^【[^】]*】", "", card.prompt).startswith("以下哪些")
        # whom the list is about, as on the deck's other items
        assert card.prompt.startswith(f"【{contexts[card.deck]}】") if contexts[card.deck] else card.prompt.startswith("以下")
        assert select_giveaway(re.sub(r"^【[^】]*】", "", card.prompt), right, wrong) is None, card.id
        # each wrong option is the fact's own distractor or an item of a list of its family and audience
        title = "role" if fact.kind == "duty" else "name"
        deck = next(d for d in decks if d.deck == card.deck)
        kin = {normalize(i) for f in deck.facts if f is not fact and getattr(f, "kind", None) == fact.kind
               and same_family(fact, f, title) for i in _fact_items(f)}
        assert all(normalize(t) in kin or t in fact.distractors for t in wrong), card.id
        assert not deck.is_excluded(f"{card.deck}/{card.fact}/odd-one-out"), card.id
    # made only for papers: the review deck does not change
    from drill import make_cards

    assert not any(c.type is CardType.MULTIPLE_SELECT for d in decks for c in make_cards(d))


@pytest.fixture(scope="module")
def paper():
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    return build_exam(blueprint, cards, 4)[0]


def test_paper_items_carry_sorted_keys_and_the_blueprint_scoring(paper):
    items = [i for i in paper.items if i.type is CardType.MULTIPLE_SELECT]
    assert len(items) == 4
    for item in items:
        assert item.key == "".join(sorted(item.key)) and len(item.key) >= 2
        assert [item.options[ord(ch) - 65].correct for ch in item.key] == [True] * len(item.key)
        assert sum(o.correct for o in item.options) == len(item.key)
        assert item.scoring == "half"


def test_moodle_multi_select_fractions_sum_to_100(paper, tmp_path):
    _, key = moodle_exporter.export(paper, tmp_path / "bank.xml", {})
    questions = [q for q in ET.parse(key).getroot() if q.get("type") == "multichoice" and q.findtext("single") == "false"]
    assert len(questions) == 4
    for q in questions:
        fractions = [a.get("fraction") for a in q.findall("answer")]
        positive = [float(f) for f in fractions if float(f) > 0]
        assert abs(sum(positive) - 100) < 0.001
        assert all(f in MOODLE_FRACTIONS or f == "-100" for f in fractions)
        assert fractions.count("-100") == len(fractions) - len(positive) >= 1


def test_gift_multi_select_parses_with_weights_summing_to_100(paper, tmp_path):
    _, key = gift_exporter.export(paper, tmp_path / "bank.gift", {})
    questions = gift.parseFile(io.StringIO(key.read_text(encoding="utf-8")))
    multi = [q for q in questions if isinstance(q.answers, gift.MultipleChoicesSet)]
    assert len(multi) == 4
    for q in multi:
        assert q.valid
        weights = [float(a.fraction) for a in q.answers.answers]
        assert abs(sum(w for w in weights if w > 0) - 100) < 0.001
        assert all(w == -100 for w in weights if w <= 0)


def test_banks_html_and_docx_show_multi_select_items(paper, tmp_path):
    items = [i for i in paper.items if i.type is CardType.MULTIPLE_SELECT]
    _, key = xlsx_exporter.export(paper, tmp_path / "bank.xlsx", {})
    rows = list(openpyxl.load_workbook(key).active.iter_rows(values_only=True))
    header = rows[0]
    by_prompt = {r[1]: dict(zip(header, r)) for r in rows[1:]}
    for item in items:
        row = by_prompt[item.prompt]
        assert row["题型"] == "多选题" and row["正确答案"] == item.key
        assert [row[f"选项{ch}"] for ch in item.key] == [o.text for o in item.options if o.correct]
    _, text_key = txt_exporter.export(paper, tmp_path / "bank.txt", {})
    assert all(f"答案：{i.key}" in text_key.read_text(encoding="utf-8") for i in items)
    student, html_key = html_exporter.export(paper, tmp_path / "p.html", {})
    html = student.read_text(encoding="utf-8")
    assert html.count(SELECT_SLOT) == 4 and "少选且所选均正确得该题一半分" in html  # the scoring rule is stated
    assert all(f"{i.key}（" in html_key.read_text(encoding="utf-8") for i in items)
    import docx

    student, _ = docx_exporter.export(paper, tmp_path / "p.docx", {})
    paragraphs = [p.text for p in docx.Document(str(student)).paragraphs]
    assert sum(SELECT_SLOT in p for p in paragraphs) == 4
    assert any("少选且所选均正确得该题一半分" in p for p in paragraphs)


def test_grade_scores_multi_select_with_half_credit(tmp_path):
    out = tmp_path / "papers"
    runner = CliRunner()
    assert runner.invoke(cli, ["exam", "build", str(BLUEPRINT), "--seed", "4", "--out", str(out)]).exit_code == 0
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    items = manifest["variants"]["A"]["items"]
    multi = [i for i in items if i["type"] == "multiple_select"]
    assert all(i["scoring"] == "half" for i in multi)
    wrong_letter = {i["number"]: next(ch for ch in "ABCDE"[: len(i["options"])] if ch not in i["key"]) for i in multi}

    def sheet(answer) -> str:
        return ",".join(answer(i) for i in items)

    rows = ["candidate,variant," + ",".join(str(i["number"]) for i in items),
            "all-right,A," + sheet(lambda i: i["key"][::-1]),                       # any order
            "missing-one,A," + sheet(lambda i: i["key"][1:] if i["type"] == "multiple_select" else i["key"]),
            "one-wrong,A," + sheet(lambda i: i["key"] + wrong_letter[i["number"]] if i["type"] == "multiple_select"
                                   else i["key"])]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["exam", "grade", str(out / "keys" / "manifest.json"), str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    scores = {c["candidate"]: c["score"] for c in json.loads(result.output)["candidates"]}
    # two 1-point single-choice items right for everyone; four 2-point 多选题: all, half each, none
    assert scores == {"all-right": 2 + 8, "missing-one": 2 + 4, "one-wrong": 2}
    summary = json.loads(result.output)["summary"]
    assert summary["forms"][0]["reliability_method"] == "alpha"  # partial credit: not a 0/1 test


def test_grade_refuses_a_letter_twice_or_outside_the_options(tmp_path):
    out = tmp_path / "papers"
    assert CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINT), "--seed", "4", "--out", str(out)]).exit_code == 0
    items = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))["variants"]["A"]["items"]
    first_multi = next(i for i in items if i["type"] == "multiple_select")
    answers = [i["key"] for i in items]
    answers[first_multi["number"] - 1] = "AAC"
    rows = ["candidate,variant," + ",".join(str(i["number"]) for i in items), "c1,A," + ",".join(answers)]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(out / "keys" / "manifest.json"), str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert f":2:{first_multi['number'] + 2}:" in result.output and "names an option twice" in result.output


def test_take_marks_multi_select_in_any_order(tmp_path):
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    paper = build_exam(blueprint, cards, 4)[0]
    answers = [item.key[::-1].lower() for item in paper.items]
    env = {**os.environ, "DRILL_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "drill", "exam", "take", str(BLUEPRINT), "--seed", "4", "--json"],
                            input="\n".join(answers) + "\n", capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == paper.total_points
    assert "(select all that apply)" in " ".join(result.stderr.split())  # the terminal may wrap the line


@pytest.mark.parametrize(("name", "asked"), [
    ("服务承诺落实事项（第六至第九项）", False),  # which commitments are numbers 6–9 is numbering, not knowledge
    ("营业厅服务举措（一至十）", False),           # the first ten of a chapter's measures
    ("营业厅功能区域（手册所列）", True),
])
def test_a_numbered_stretch_of_a_list_is_not_asked_as_multi_select(name, asked, tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(f"deck: d\ntitle: 测\nfacts:\n  - {{id: l, kind: list, topic: 甲, source: 一, name: '{name}', "
                    "items: [当场办结, 限时答复, 全程跟踪], distractors: [推诿了事, 拖延处理]}\n", encoding="utf-8")
    assert bool(select_all_cards([load_deck(deck)])) is asked


@pytest.mark.parametrize(("right", "wrong", "flawed"), [
    # the right options share a phrasing the wrong ones lack (…上不…), or the wrong ones one the right lack (…适度)
    (["行动上不出格", "仪态上不失态"], ["感情适度", "谈吐适度", "举止适度"], True),
    (["行动上不出格", "仪态上不失态"], ["言语要文雅", "举止要端庄", "衣着整洁"], True),
    (["服务热情", "举止大方"], ["感情适度", "谈吐适度"], True),
    # one right option and one wrong one say opposite things about one subject: one of the two must be right
    (["化妆要自然，力求“妆成有却无”", "化妆应避人"], ["化妆可在客户面前进行", "着装整洁"], True),
    # only the right options are sentences with commas of their own
    (["多用询问式，少用否认式", "控制好情绪，保持微笑"], ["尽量使用免提", "对方说完立即挂断"], True),
    # the right options alone begin alike, beside three wrong options that do not
    (["有以公司为家的精神", "有展现个人才华的观念"], ["比客户更了解客户", "情绪低落时自我调整", "认识深刻"], True),
    # every right option a prohibition and the wrong one a permission
    (["前部头发不遮住眉毛", "侧部头发不盖住耳朵", "不留过长、过厚的鬓角"], ["发色可按个人喜好挑染"], True),
    (["业务受理", "公话服务", "终端维修"], ["排队叫号服务", "客户分流引导"], False),
    (["侧部头发不盖住耳朵", "前部头发不遮住眉毛"], ["发色可按个人喜好挑染", "鬓角可留至下颌"], True),  # 不… / 可…
    (["侧部头发不盖住耳朵", "前部头发不遮住眉毛"], ["后部头发不宜过短", "鬓角头发不留长"], False),
    # every right option ends in 厅 or 店, the lone wrong one does not (a handbook's list of 厅店)
    (["各类示范厅", "动感地带品牌店", "小区体验店", "G3体验厅"], ["社会代理网点"], True),
    (["各类示范厅", "动感地带品牌店", "小区体验店", "G3体验厅"], ["全球通品牌店"], False),
    # every right option opens with a verb of knowing (了解, 熟悉, 熟练, 掌握), the lone wrong one is 「具有…能力」
    (["熟练操作主要的移动业务支撑系统", "了解移动技术知识", "熟悉移动业务处理流程", "掌握并能熟练处理客户异议"],
     ["具有主动营销能力"], True),
    (["了解技术知识", "熟悉业务处理流程"], ["熟练操作计费系统", "具有主动营销能力", "掌握财务审计方法"], False),
    # the right options long and specific, the wrong ones terse
    (["正式高级场合不光腿", "不穿无领、无袖、领口较低或太紧身的衣服"], ["不配丝巾", "不系腰带", "不穿浅色套裙"], True),
    (["正式高级场合不光腿", "不穿黑色皮裙"], ["不配丝巾", "不系腰带", "不穿浅色套裙"], False),
    # two of three right options share the phrasing 较…, no wrong one has it: those two are picked by their look
    (["投诉处理技巧", "较全面的业务知识", "较高的业务处理能力"], ["财务审计能力", "终端维修技能"], True),
    (["投诉处理技巧", "较全面的业务知识"], ["财务审计能力", "终端维修技能", "较强的记账能力"], False),
    # two right options begin with the same two characters, no wrong one does
    (["客户进厅后目视问候", "客户离开时提醒带好物品", "主动推荐新业务"], ["核对排队号码", "整理宣传资料"], True),
    # a subject both groups share is no cue
    (["客户进厅后目视问候", "主动推荐新业务"], ["客户离开时提醒带好物品", "整理宣传资料"], False),
])
def test_right_options_that_stand_out_by_form_are_flagged(right, wrong, flawed):
    assert (select_giveaway("以下哪些属于「某项要求」？", right, wrong) is not None) is flawed


def test_an_option_and_its_opposite_are_found():
    assert opposite_pair(["化妆应避人"], ["化妆可在客户面前进行"]) == ("化妆应避人", "化妆可在客户面前进行")
    assert opposite_pair(["化妆应避人"], ["着装整洁"]) is None


_LISTS = """deck: d
title: 测
{excluded}facts:
  - {{id: makeup, kind: list, topic: 着装礼仪, source: 一, name: 女士化妆的要求,
      items: [淡妆上岗, 妆容自然, 及时补妆, 口红颜色适中]}}
  - {{id: makeup-more, kind: list, topic: 着装礼仪, source: 一, name: 女士化妆的禁忌,
      items: [当众化妆, 借用他人化妆品, 浓妆艳抹]}}
  - {{id: hair, kind: list, topic: 着装礼仪, source: 一, name: 男士发型发式的要求,
      items: [侧部头发不盖住耳朵, 前部头发不遮住眉毛, 后部头发不超过衬衣领子]}}
  - {{id: skirt, kind: list, topic: 着装礼仪, source: 一, name: 套裙的穿着要求,
      items: [正式场合不光腿, 裙长及膝, 不穿黑色皮裙]}}
"""


@pytest.mark.parametrize(("excluded", "made"), [
    ("", True),
    ("excluded: [makeup/select-all]\n", False),   # the 多选 itself sent back
    ("excluded: [makeup]\n", False),              # the whole fact
    ("excluded: [makeup/odd-one-out]\n", False),  # its odd one out, which offers the same wrong options
])
def test_the_multi_select_maker_honours_the_decks_exclusions(excluded, made, tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(_LISTS.format(excluded=excluded), encoding="utf-8")
    cards = {c.fact: c for c in select_all_cards([load_deck(deck)])}
    assert ("makeup" in cards) is made


def test_wrong_options_come_from_lists_of_the_same_family_never_another_subject(tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(_LISTS.format(excluded=""), encoding="utf-8")
    cards = {c.fact: c for c in select_all_cards([load_deck(deck)])}
    wrong = {o.text for o in cards["makeup"].options if not o.correct}
    assert wrong and wrong <= {"当众化妆", "借用他人化妆品", "浓妆艳抹"}  # 化妆…, never a hair or skirt rule
    assert "hair" not in cards and "skirt" not in cards  # no list of their family: no wrong option to offer


def test_every_multi_select_card_offers_five_options_or_none(tmp_path):
    """A list with few wrong options at hand gets more right ones (A–E in full), never a four-option 多选."""
    deck = tmp_path / "d.yaml"
    deck.write_text("deck: d\ntitle: 测\nfacts:\n"
                    "  - {id: posts, kind: list, topic: 岗位, source: 一, name: 按工作内容设置的岗位,\n"
                    "      items: [咨询服务岗, 流动服务岗, 综合业务受理岗, 兼职培训师], distractors: [收银岗, 终端维修岗]}\n"
                    "  - {id: few, kind: list, topic: 岗位, source: 一, name: 营业厅的班次,\n"
                    "      items: [早班, 晚班], distractors: [夜班]}\n", encoding="utf-8")
    cards = {c.fact: c for c in select_all_cards([load_deck(deck)])}
    assert len(cards["posts"].options) == 5
    assert sum(o.correct for o in cards["posts"].options) >= 3  # two wrong options at hand
    assert "few" not in cards  # two right and one wrong: no fair five
    for path in sorted(Path("decks").glob("*.yaml")):
        for card in select_all_cards([load_deck(path)]):
            assert len(card.options) == 5, card.id


def test_a_post_whose_duties_are_left_open_gets_no_wrong_option_on_what_they_name(tmp_path):
    """咨询服务岗 「…投诉处理等服务」 also handles complaints: no complaint duty of another post is offered as wrong."""
    deck = tmp_path / "d.yaml"
    deck.write_text("""deck: d
title: 测
facts:
  - {id: ask, kind: duty, topic: 岗位, source: 一, role: 咨询服务岗,
     duties: [在咨询台提供咨询解答、业务推荐、投诉处理等服务, 主动询问客户是否还有其他问题, 感谢客户的支持与关心]}
  - {id: complain, kind: duty, topic: 岗位, source: 一, role: 投诉处理岗,
     duties: [接待并了解客户投诉内容，做好安抚, 跟踪投诉全过程，做好投诉分析和汇总, 判明投诉原因，尽快处理]}
  - {id: manager, kind: duty, topic: 岗位, source: 一, role: 值班经理,
     duties: [确保营业厅正常运作, 协调处理客户突发问题, 及时向客户通报系统故障, 检查营业员仪容仪表]}
""", encoding="utf-8")
    cards = {c.fact: c for c in select_all_cards([load_deck(deck)])}
    wrong = {o.text for o in cards["ask"].options if not o.correct}
    assert wrong and not any("投诉" in w for w in wrong)
    # the complaint post's own list is closed: the open duty of 咨询服务岗 may still be offered under it
    pool = {o.text for c in cards.values() for o in c.options}
    assert any("投诉" in t for t in pool)


@pytest.mark.parametrize(("option", "items", "names"), [
    # another post's open enumeration names complaints, which the 投诉处理岗's duties are about
    ("向客户提供证件预检、咨询解答、业务推荐、投诉处理等流动服务", ["跟踪投诉全过程，做好投诉分析和汇总"], True),
    ("在咨询台提供咨询解答、业务推荐、投诉处理等服务", ["推荐终端产品及相关业务和套餐"], True),
    # nothing in common with the post's work, or no open enumeration at all
    ("向客户提供证件预检、咨询解答、业务推荐、投诉处理等流动服务", ["负责营业厅的全面管理工作"], False),
    ("跟踪投诉全过程，做好投诉分析和汇总", ["接待并了解客户投诉内容"], False),
])
def test_an_open_enumeration_naming_the_posts_own_work_is_no_wrong_option(option, items, names):
    assert names_own_work(option, items) is names


def test_no_shipped_multi_select_offers_an_open_enumeration_of_its_own_work_as_wrong():
    from drill.catalog import shipped_decks
    from drill.loader import load_deck

    cards = select_all_cards(load_deck(p) for p in shipped_decks().values())
    assert any("岗位职责" in c.prompt for c in cards)
    for card in cards:
        for option in card.options:
            if not option.correct:
                assert not names_own_work(option.text, [o.text for o in card.options if o.correct]), card.id
