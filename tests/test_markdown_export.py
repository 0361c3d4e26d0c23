"""The Markdown exporter: a study sheet for decks, and a student paper + separate answer key for exams."""

from __future__ import annotations

import re

from click.testing import CliRunner
from drill_markdown import exporter, key_path, md

from drill import load_deck, make_cards
from drill.card import CardType
from drill.cli import cli
from drill.exam.paper import ExamItem, ExamPaper, ExamSection
from tests.conftest import SAMPLE_DECK


def test_study_sheet_groups_every_card_by_topic(tmp_path):
    out = tmp_path / "sheet.md"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "-f", "markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    deck = load_deck(SAMPLE_DECK)
    cards = make_cards(deck)
    assert text.startswith(f"# {deck.title}\n")
    topics = re.findall(r"^## (.+)$", text, re.M)
    assert topics == list(dict.fromkeys(c.topic for c in cards))
    assert text.count("**问：**") == len(cards) and text.count("**答：**") == len(cards)
    for c in cards:
        assert md(c.prompt) in text


def test_markup_in_deck_text_is_escaped():
    assert md("<script>alert(1)</script> *x* [a](b)") == r"\<script\>alert(1)\</script\> \*x\* \[a\](b)"


def _paper() -> ExamPaper:
    cards = make_cards(load_deck(SAMPLE_DECK))

    def item(n, c, points):
        letters = "".join(chr(65 + i) for i, o in enumerate(c.options) if o.correct)
        if c.type == CardType.ORDERING:
            letters = "".join(chr(65 + [o.text for o in c.options].index(s)) for s in c.items)
        return ExamItem(number=n, card_id=c.id, deck=c.deck, fact=c.fact, type=c.type, prompt=c.prompt,
                        options=c.options, key=letters or c.answer, answer=c.answer, points=points,
                        explanation=c.explanation, topic=c.topic, source=c.source)

    used: set[str] = set()

    def pick(t, n):  # at most one item per fact, as on a real paper
        out = []
        for c in cards:
            if c.type == t and c.fact not in used and len(out) < n:
                used.add(c.fact)
                out.append(c)
        return out

    cloze, order, typed, tf, mc = (pick(CardType.CLOZE, 2), pick(CardType.ORDERING, 1), pick(CardType.TYPED, 2),
                                   pick(CardType.TRUE_FALSE, 2), pick(CardType.MULTIPLE_CHOICE, 3))
    assert len(cloze) == 2 and len(typed) == 2 and len(mc) == 3
    sections, n = [], 0
    for title, group, pts in (("一、单项选择题", mc, 2), ("二、判断题", tf, 1), ("三、填空题", cloze, 2),
                              ("四、排序题", order, 5), ("五、简答题", typed, 3)):
        items = []
        for c in group:
            n += 1
            items.append(item(n, c, pts))
        sections.append(ExamSection(title=title, points_each=pts, items=tuple(items)))
    return ExamPaper(exam="counter-cert", title="营业员上岗认证", variant="A", seed=7, duration_minutes=60,
                     pass_mark=80, instructions="请独立作答。", sections=tuple(sections))


def _body(student: str) -> str:
    """The paper after its 考试说明 (which names 正确答案 in its rules) and score table."""
    return student[student.index("## 一、"):]


def test_exam_paper_has_no_answer_and_the_key_has_every_answer(tmp_path):
    paper = _paper()
    path = tmp_path / "paper-A.md"
    written = exporter.export(paper, path, {})
    assert written == [path, tmp_path / "paper-A.key.md"] == [path, key_path(path)]
    student = path.read_text(encoding="utf-8")
    key = written[1].read_text(encoding="utf-8")
    for item in paper.items:
        assert f"**{item.number}.** " in student
        assert f"| {item.number} |" in key
        assert md(item.answer) in key
        if not item.options:  # text answers must not leak into the student paper
            assert md(item.answer) not in student, item.card_id
        if item.explanation:
            assert md(item.explanation).split("<br>")[0] not in student
        assert item.card_id not in student and item.fact not in student
    for leak in ("✓", "答案", "正确答案", "correct", "key", "说明"):
        assert leak not in _body(student)
    # the answer is written on a line of its own only for ordering and 简答; choices, 判断 and blanks on the item line
    answer_lines = [line for line in student.splitlines() if line.startswith("答：")]
    assert len(answer_lines) == sum(i.type in (CardType.ORDERING, CardType.TYPED) for i in paper.items)
    assert "营业员上岗认证（A 卷）参考答案及评分标准" in key


def test_exam_paper_is_printed_in_the_training_centre_form():
    """Cover block, 考试说明 (time, total, pass mark in points and percent, a rule per item type), the 题号/得分
    table, section headings with their totals and a 得分/评卷人 box, blanks as underlines, slots on the item line."""
    from drill_markdown import render_student_paper

    paper = _paper()
    student = render_student_paper(paper)
    lines = student.splitlines()
    assert "单位：＿＿＿＿＿＿＿＿　　姓名：＿＿＿＿＿＿＿＿　　准考证号：＿＿＿＿＿＿＿＿" in lines
    rules = student[student.index("## 考试说明"):student.index("| 题号 |")]
    total, passing = paper.total_points, round(paper.total_points * 0.8, 2)
    assert f"考试时间 60 分钟，满分 {total:g} 分，{passing:g} 分（80%）及格" in rules
    for kind in ("单项选择题：每题只有一个正确答案", "判断题：正确的在题后括号内画“√”", "填空题：请在横线上填写答案",
                 "排序题：请按正确顺序", "简答题：请写出规范的服务用语", "请独立作答。"):
        assert kind in rules, kind
    assert "| 题号 | 一 | 二 | 三 | 四 | 五 | 总分 |" in lines
    assert "| 满分 | " + " | ".join(f"{s.points:g}" for s in paper.sections) + f" | {total:g} |" in lines
    assert "| 得分 |  |  |  |  |  |  |" in lines
    headings = [line for line in lines if line.startswith("## ") and line != "## 考试说明"]
    mc = paper.sections[0]
    assert headings[0] == f"## 一、单项选择题（共 {len(mc.items)} 题，每题 2 分，共 {mc.points:g} 分）"
    assert len(headings) == 5 and all("分）" in h for h in headings)
    assert student.count("| 得分 | 评卷人 |") == 5
    for item in paper.items:
        line = next(line for line in lines if line.startswith(f"**{item.number}.** "))
        if item.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
            assert "（　　）" in line, line  # the slot on the item line
        if item.type is CardType.CLOZE:
            assert "＿＿＿＿＿＿＿＿" in line and "[" not in line
        if item.type is CardType.TRUE_FALSE:
            assert line.endswith("（　　）")  # no options: √ or × in the slot


def test_a_question_asking_for_what_is_not_so_prints_the_negation_bold():
    from drill_markdown import render_student_paper

    paper = _paper()
    first = paper.sections[0]
    items = list(first.items)
    items[0] = items[0].model_copy(update={"prompt": "以下说法错误的是？"})
    items[1] = items[1].model_copy(update={"prompt": "以下哪一项不属于「不得使用的服务用语」？"})
    paper = paper.model_copy(update={"sections": (first.model_copy(update={"items": tuple(items)}),
                                                 *paper.sections[1:])})
    student = render_student_paper(paper)
    assert "**1.** 以下说法**错误的是**？（　　）" in student
    # a word inside a quoted name is that name, not the question's negation
    assert "**2.** 以下哪一项**不属于**「不得使用的服务用语」？（　　）" in student


def test_exam_paper_export_is_deterministic(tmp_path):
    paper = _paper()
    a = exporter.export(paper, tmp_path / "a.md", {})
    b = exporter.export(paper, tmp_path / "b.md", {})
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
