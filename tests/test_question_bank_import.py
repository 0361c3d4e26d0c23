"""A trainer's own question bank (题库) comes in: .xlsx, the text form and .docx, read into question facts.

The banks here are written by hand in each test (openpyxl / python-docx / plain
text), never by drill's own bank writer, so the reader is checked against the
files trainers actually have.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from drill import build_exam, load_deck, make_cards
from drill.card import CardType, Option, shuffle_options
from drill.cli import cli
from drill.errors import DeckError
from drill.exam import load_blueprint_cards

HEADER = ["试题类型", "题目", "A", "B", "C", "D", "答案", "答案解析", "分数", "难易度", "考点"]
GOOD_ROWS = [
    ["单选题", "首问负责制要求谁负责到底？", "第一位接待的员工", "值班经理", "客户经理", "以上都不对", "A", "见规范第一章", 2, "易",
     "首问责任制"],
    ["多选题", "以下哪些属于营业厅服务举措？", "微笑服务", "首问负责", "推诿客户", "一次告知", "A、B、D", "", 3, "中", "服务举措"],
    ["判断题", "客户投诉须在24小时内回复。", "", "", "", "", "对", "", 1, "", "投诉处理"],
    ["填空题", "营业厅的营业时间为____。", "", "", "", "", "9:00—18:00", "", 2, "", "营业规范"],
    ["单项选择题", "客户排队超过几人须增开窗口？", "3人", "5人", "8人", "10人", "b", "", 2, "", "营业规范"],
]


def write_bank(path: Path, rows: list[list[object]], *, title: bool = True, header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "题库"
    if title:
        ws.append(["营业厅服务题库（2024版）"])  # a title row above the header, as many templates have
    ws.append(header)
    for row in rows:
        ws.append(row)
    notes = wb.create_sheet("说明")  # a sheet of instructions: no header, skipped
    notes.append(["请勿修改表头"])
    wb.save(path)
    return path


def by_stem(deck) -> dict:
    return {f.stem: f for f in deck.facts}


def test_xlsx_bank_with_trainers_header_names_loads_with_the_right_keys(tmp_path):
    deck = load_deck(write_bank(tmp_path / "题库.xlsx", GOOD_ROWS))
    facts = by_stem(deck)
    assert len(facts) == 5
    first = facts["首问负责制要求谁负责到底？"]
    assert (first.type, first.key, first.topic, first.score, first.difficulty) == ("单选", "A", "首问责任制", 2, "易")
    assert first.explanation == "见规范第一章" and first.source.endswith("工作表「题库」第3行")
    assert facts["以下哪些属于营业厅服务举措？"].key == "ABD"
    assert facts["客户投诉须在24小时内回复。"].key == "正确"
    assert facts["营业厅的营业时间为____。"].key == "9:00—18:00"
    assert facts["客户排队超过几人须增开窗口？"].key == "B"
    cards = {c.prompt: c for c in make_cards(deck)}
    mc = cards["首问负责制要求谁负责到底？"]
    assert mc.type is CardType.MULTIPLE_CHOICE
    assert [o.text for o in mc.options] == ["第一位接待的员工", "值班经理", "客户经理", "以上都不对"]  # the trainer's order
    assert [o.correct for o in mc.options] == [True, False, False, False]
    assert mc.options[3].fixed and not mc.options[0].fixed
    select = cards["以下哪些属于营业厅服务举措？"]
    assert select.type is CardType.MULTIPLE_SELECT and [o.correct for o in select.options] == [True, True, False, True]
    assert cards["客户投诉须在24小时内回复。"].answer == "正确"
    assert cards["营业厅的营业时间为____。"].type is CardType.TYPED


def test_drills_own_xlsx_profile_is_read_as_a_bank(tmp_path):
    header = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H", "正确答案", "解析",
              "分值", "难度", "知识点"]
    rows = [["单选题", "营业员离岗时应摆放什么？", "暂停服务牌", "价目表", "宣传单", "", "", "", "", "", "A", "", 1, "",
             "柜台礼仪"]]
    deck = load_deck(write_bank(tmp_path / "bank.xlsx", rows, title=False, header=header))
    assert deck.facts[0].key == "A" and deck.facts[0].options == ["暂停服务牌", "价目表", "宣传单"]


def test_ids_come_from_the_id_column_else_from_the_stem_so_reordering_keeps_them(tmp_path):
    a = load_deck(write_bank(tmp_path / "a.xlsx", GOOD_ROWS))
    b = load_deck(write_bank(tmp_path / "b.xlsx", list(reversed(GOOD_ROWS))))
    assert {f.stem: f.id for f in a.facts} == {f.stem: f.id for f in b.facts}
    edited = [list(r) for r in GOOD_ROWS]
    edited[0][1] = "首问负责制要求哪位员工负责到底？"
    c = load_deck(write_bank(tmp_path / "c.xlsx", edited))
    assert a.facts[0].id != c.facts[0].id  # editing a stem is a new item
    with_ids = [["编号", *HEADER]] + [[f"Q-{i:03d}", *r] for i, r in enumerate(GOOD_ROWS, start=1)]
    d = load_deck(write_bank(tmp_path / "d.xlsx", with_ids[1:], header=with_ids[0]))
    assert [f.id for f in d.facts] == ["q-001", "q-002", "q-003", "q-004", "q-005"]


TEXT_BANK = """营业厅服务知识题库

一、单选题
1. 首问负责制要求谁负责到底？
A. 第一位接待的员工
B. 值班经理
C. 客户经理
D. 以上都不对
答案：A
解析：见规范第一章，
第一位接待的员工负责到底。

2．客户排队超过几人须增开窗口？
A．3人  B．5人  C．8人  D．10人
答案：B
知识点：营业规范

二、多选题
3. 以下哪些属于营业厅服务举措？
A、微笑服务
B、首问负责
C、推诿客户
D、一次告知
正确答案：ABD

三、判断题
4. 客户投诉须在24小时内回复。
答案：×

四、填空题
5. 营业厅的营业时间为____。
答案：9:00—18:00
可接受答案：9点到18点|九点至十八点
"""


def test_text_bank_loads_with_sections_inline_options_and_multiline_explanations(tmp_path):
    path = tmp_path / "bank.txt"
    path.write_text(TEXT_BANK, encoding="gb18030")  # as Notepad on a Chinese Windows saves it
    deck = load_deck(path)
    facts = by_stem(deck)
    first = facts["首问负责制要求谁负责到底？"]
    assert first.type == "单选" and first.key == "A" and first.explanation == "见规范第一章，\n第一位接待的员工负责到底。"
    assert first.source.endswith("第4行")
    second = facts["客户排队超过几人须增开窗口？"]
    assert second.options == ["3人", "5人", "8人", "10人"] and second.key == "B" and second.topic == "营业规范"
    assert facts["以下哪些属于营业厅服务举措？"].type == "多选" and facts["以下哪些属于营业厅服务举措？"].key == "ABD"
    assert facts["客户投诉须在24小时内回复。"].key == "错误"
    fill = facts["营业厅的营业时间为____。"]
    assert fill.type == "填空" and fill.accept == ["9点到18点", "九点至十八点"]


def test_docx_bank_in_the_text_form_loads_like_the_text_bank(tmp_path):
    import docx  # python-docx: imported by the test that needs it, not at collection

    doc = docx.Document()
    for line in TEXT_BANK.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "bank.docx"
    doc.save(path)
    text = tmp_path / "bank.txt"
    text.write_text(TEXT_BANK, encoding="utf-8")
    assert [(f.stem, f.key, f.options) for f in load_deck(path).facts] == \
        [(f.stem, f.key, f.options) for f in load_deck(text).facts]


BROKEN = [
    ("单选题", "缺答案的题？", "甲", "乙", "丙", "丁", "", "no key"),
    ("单选题", "答案字母不在选项中？", "甲", "乙", "丙", "", "E", "not among the options"),
    ("单选题", "单选给了两个答案？", "甲", "乙", "丙", "丁", "AB", "gives 2 letters"),
    ("论述题X", "未知题型？", "", "", "", "", "略", "unknown question type"),
    ("单选题", "首问负责制要求谁负责到底？", "甲", "乙", "丙", "丁", "A", "duplicate question"),
]


def test_every_broken_row_is_an_error_located_by_sheet_row_and_column_and_nothing_is_written(tmp_path):
    rows = [GOOD_ROWS[0]] + [[*r[:7], "", 1, "", "x"] for r in BROKEN]
    path = write_bank(tmp_path / "broken.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["题库"]
    ws.append(["单选题", "公式答案的题？", "甲", "乙", "丙", "丁", "=CHAR(65)", "", 1, "", "x"])  # no cached value
    ws.append(["单选题", "合并单元格的题？", "甲", "乙", "丙", "丁", "A", "", 1, "", "x"])
    ws.merge_cells("J10:K10")
    wb.save(path)
    out = tmp_path / "bank.yaml"
    result = CliRunner().invoke(cli, ["import-bank", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = result.output
    expected = [  # (row, cell, what): every problem at once, each at its place
        (4, "题库!G4 答案", "no key"), (5, "题库!G5 答案", "not among the options"),
        (6, "题库!G6 答案", "gives 2 letters"), (7, "题库!A7 试题类型", "unknown question type"),
        (8, "题库!B8 题目", "duplicate question"), (9, "题库!G9", "formula with no calculated value"),
        (10, "题库!J10:K10", "merged cells"),
    ]
    for row, cell, what in expected:
        line = next((ln for ln in text.splitlines() if cell in ln), None)
        assert line is not None, f"{cell} not reported:\n{text}"
        assert f"broken.xlsx:{row}:" in line and what in line, line
    assert "Traceback" not in text
    lint = CliRunner().invoke(cli, ["lint", str(path)])
    assert lint.exit_code == 2 and "题库!G5" in lint.output


def test_text_bank_errors_name_the_line(tmp_path):
    path = tmp_path / "bank.txt"
    path.write_text("1. 缺答案？\nA. 甲\nB. 乙\n\n2. 单选两个答案？\nA. 甲\nB. 乙\n答案：AB\n题型：单选\n", encoding="utf-8")
    with pytest.raises(DeckError) as refused:
        load_deck(path)
    problems = refused.value.problems
    assert [(p.line, p.message.split(" ")[0]) for p in problems][:1] == [(1, "no")]
    assert problems[1].line == 5 and "gives 2 letters" in problems[1].message


def test_import_bank_writes_a_deck_file_that_loads_with_the_source_row_of_every_item(tmp_path):
    bank = write_bank(tmp_path / "题库.xlsx", GOOD_ROWS)
    out = tmp_path / "bank.yaml"
    result = CliRunner().invoke(cli, ["import-bank", str(bank), "--out", str(out), "--deck", "counter-bank"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["deck"] == "counter-bank" and len(data["facts"]) == 5
    assert [f["source"] for f in data["facts"]] == [f"题库.xlsx · 工作表「题库」第{r}行" for r in range(3, 8)]
    assert data["facts"][0]["options"][3] == {"text": "以上都不对", "fixed": True}
    reloaded = load_deck(out)
    assert [f.key for f in reloaded.facts] == [f.key for f in load_deck(bank).facts]
    lint = CliRunner().invoke(cli, ["lint", str(out)])
    assert lint.exit_code == 0, lint.output


def test_the_audit_may_warn_about_a_trainers_item_but_never_rewrites_it(tmp_path):
    bank = write_bank(tmp_path / "题库.xlsx", GOOD_ROWS)
    lint = CliRunner().invoke(cli, ["lint", str(bank)])
    assert lint.exit_code == 0, lint.output
    assert "warning" in lint.output and "题库!3" in lint.output  # 的 only in the right option: said, at its row
    card = next(c for c in make_cards(load_deck(bank)) if c.prompt == "首问负责制要求谁负责到底？")
    assert card.answer == "第一位接待的员工"  # still asked exactly as written


def test_fixed_options_keep_their_place_when_a_paper_shuffles(tmp_path):
    options = (Option(text="甲"), Option(text="乙", correct=True), Option(text="丙"), Option(text="以上都不对", fixed=True))
    seen = set()
    for seed in range(40):
        shuffled = shuffle_options(options, random.Random(seed))
        assert shuffled[3].text == "以上都不对"
        seen.add(tuple(o.text for o in shuffled[:3]))
    assert len(seen) > 1  # the others do move


def test_bank_items_draw_into_a_paper_from_a_blueprint(tmp_path):
    write_bank(tmp_path / "题库.xlsx", GOOD_ROWS)
    blueprint = tmp_path / "paper.yaml"
    blueprint.write_text(
        "exam: bank-paper\ntitle: 题库抽题卷\ndecks: [题库.xlsx]\npass_mark: 60\nsections:\n"
        "  - {title: 一、单选题, types: [multiple_choice], count: 2, points: 2}\n"
        "  - {title: 二、多选题, types: [multiple_select], count: 1, points: 3}\n"
        "  - {title: 三、判断题, types: [true_false], count: 1, points: 1}\n", encoding="utf-8")
    bp, cards = load_blueprint_cards(blueprint)
    bank_cards = [c for c in cards if c.kind == "question"]
    for seed in range(6):
        paper = build_exam(bp, bank_cards, seed=seed)[0]
        by_prompt = {i.prompt: i for i in paper.items}
        assert len(paper.items) == 4
        first = by_prompt["首问负责制要求谁负责到底？"]
        assert first.options[3].text == "以上都不对"  # fixed in place
        assert first.options[ord(first.key) - 65].text == "第一位接待的员工"
        select = by_prompt["以下哪些属于营业厅服务举措？"]
        assert {select.options[ord(k) - 65].text for k in select.key} == {"微笑服务", "首问负责", "一次告知"}
    result = CliRunner().invoke(cli, ["exam", "build", str(blueprint), "--seed", "3", "--format", "txt",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


RENDER_IN_ANKI = """
import json, re, sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
try:
    col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1], options=ImportAnkiPackageOptions()))
    shown = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        shown[re.sub(r"<[^>]+>", "", card.question())] = re.sub(r"<[^>]+>", "", card.answer())
finally:
    col.close()
print(json.dumps(shown, ensure_ascii=False))
"""


def test_bank_exports_to_anki_and_every_card_renders(tmp_path):
    pytest.importorskip("anki.collection")
    import json
    import subprocess

    bank = write_bank(tmp_path / "题库.xlsx", GOOD_ROWS)
    apkg = tmp_path / "bank.apkg"
    result = CliRunner().invoke(cli, ["export", str(bank), "--format", "anki", "--out", str(apkg)])
    assert result.exit_code == 0, result.output
    # the official anki package, in a child process (its collection would swell this test process)
    rendered = subprocess.run([sys.executable, "-c", RENDER_IN_ANKI, str(apkg), str(tmp_path / "c.anki2")],
                              capture_output=True, text=True, check=True)
    shown = json.loads(rendered.stdout)
    assert len(shown) == 5
    question = next(q for q in shown if "服务举措" in q)
    for option in ("微笑服务", "首问负责", "推诿客户", "一次告知"):
        assert option in question  # a 多选 shows its options on the front
    answer = shown[question]
    assert "A. 微笑服务" in answer and "D. 一次告知" in answer
    mc = next(q for q in shown if "首问负责制" in q)
    assert "以上都不对" in mc and "A. 第一位接待的员工" in shown[mc]


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="tmux is not installed")
def test_bank_items_review_in_a_real_terminal(tmp_path):
    from tests.conftest import ROOT
    from tests.test_tmux_review import Terminal

    bank = tmp_path / "bank.txt"
    bank.write_text(TEXT_BANK, encoding="utf-8")
    env = {"DRILL_HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path)}
    term = Terminal([str(Path(sys.executable).with_name("drill")), "review", str(bank)], env)
    try:
        screen = term.wait_for("d) 以上都不对")  # the trainer's options; 「以上都不对」 keeps its place when shuffled
        assert "首问负责制要求谁负责到底？" in screen
        right = re.search(r"([a-c])\) 第一位接待的员工", screen)
        assert right, screen
        term.keys(right.group(1))
        screen = term.wait_for("✓ right")
        assert "见规范第一章" in term.wait_for("4 Easy")  # the 解析, after the answer
        term.keys("Enter")
        screen = term.wait_for("客户排队超过几人须增开窗口？")
        screen = term.wait_for("d) ")
        wrong = re.search(r"([a-d])\) (?:3人|8人|10人)", screen)
        assert wrong, screen
        term.keys(wrong.group(1))
        term.wait_for("✗ wrong")
    finally:
        term.close()


def test_a_failed_add_leaves_no_store_file_behind(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: bad\ntitle: 坏\nfacts:\n  - {kind: term, id: x}\n", encoding="utf-8")
    db = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["add", str(bad), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]
    good = write_bank(tmp_path / "题库.xlsx", GOOD_ROWS)
    result = CliRunner().invoke(cli, ["add", str(good), "--db", str(db)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, ["add", str(bad), "--db", str(db)])
    assert again.exit_code == 2 and db.exists()  # an existing store is kept, unchanged


def test_a_text_bank_written_by_drill_carries_accepted_wordings_and_reads_back(tmp_path):
    from drill.exam import ExamItem, ExamPaper, ExamSection
    from drill_exam_formats.text_bank import bank_text

    item = ExamItem(number=1, card_id="d/f/t", deck="d", fact="f", type=CardType.TYPED, prompt="营业厅几点开门？",
                    key="7:30", answer="7:30", points=2, accept=("七点半", "7点30分"))
    paper = ExamPaper(exam="e", title="t", variant="A", seed=1, pass_mark=60,
                      sections=(ExamSection(title="一、填空题", points_each=2, items=(item,)),))
    text = bank_text(paper, True)
    assert "可接受答案：七点半|7点30分" in text
    path = tmp_path / "back.txt"
    path.write_text(text, encoding="utf-8")
    fact = load_deck(path).facts[0]
    assert fact.key == "7:30" and fact.accept == ["七点半", "7点30分"]


#: (header of the accepted column, the cell as a trainer writes it, the accepted wordings read)
ACCEPTED_CELLS = [
    ("可接受答案", "9点到18点|九点至十八点", ["9点到18点", "九点至十八点"]),
    ("其他答案", "早九晚六；9:00-18:00", ["早九晚六", "9:00-18:00"]),
    ("同义答案", "9点至18点\n九点到六点", ["9点至18点", "九点到六点"]),
    ("可接受答案", None, []),
]


@pytest.mark.parametrize(("column", "cell", "accepted"), ACCEPTED_CELLS)
def test_an_xlsx_bank_written_by_hand_gives_its_accepted_answers_to_the_grader(tmp_path, column, cell, accepted):
    header = ["题型", "题干", "答案", column, "知识点"]
    path = write_bank(tmp_path / "题库.xlsx", [["填空题", "营业厅的营业时间为____。", "9:00—18:00", cell, "营业规范"]],
                      header=header)
    fact = load_deck(path).facts[0]
    assert fact.key == "9:00—18:00" and fact.accept == accepted
    card = make_cards(load_deck(path))[0]
    from drill import judge

    for wording in accepted:
        assert judge(card, wording).correct is True, wording
    assert judge(card, "8:00—17:00").correct is False


def test_an_xlsx_bank_written_by_drill_carries_accepted_wordings_and_reads_back(tmp_path):
    from drill.exam import ExamItem, ExamPaper, ExamSection
    from drill_exam_formats.xlsx_bank import bank_xlsx

    fill = ExamItem(number=1, card_id="d/f/t", deck="d", fact="f", type=CardType.TYPED, prompt="营业厅几点开门？",
                    key="7:30", answer="7:30", points=2, accept=("七点半", "7点30分"))
    choice = ExamItem(number=2, card_id="d/g/t", deck="d", fact="g", type=CardType.MULTIPLE_CHOICE,
                      prompt="离岗时应摆放什么？", key="A", answer="暂停服务牌", points=1,
                      options=(Option(text="暂停服务牌", correct=True), Option(text="价目表", correct=False)))
    paper = ExamPaper(exam="e", title="t", variant="A", seed=1, pass_mark=60,
                      sections=(ExamSection(title="一、填空题", points_each=2, items=(fill, choice)),))
    path = tmp_path / "back.xlsx"
    path.write_bytes(bank_xlsx(paper, True))
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][-1] == "可接受答案" and rows[1][-1] == "七点半|7点30分" and not rows[2][-1]
    facts = {f.stem: f for f in load_deck(path).facts}
    assert facts["营业厅几点开门？"].key == "7:30" and facts["营业厅几点开门？"].accept == ["七点半", "7点30分"]
    assert facts["离岗时应摆放什么？"].accept == [] and facts["离岗时应摆放什么？"].key == "A"
    student = tmp_path / "student.xlsx"
    student.write_bytes(bank_xlsx(paper, False))
    header = next(openpyxl.load_workbook(student).active.iter_rows(values_only=True))
    assert "可接受答案" not in header and "正确答案" not in header  # the candidates' copy gives no answer away
