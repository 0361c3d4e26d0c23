"""The Markdown exporter: a study sheet for decks, and a student paper + separate answer key for exams."""

from __future__ import annotations

import re

from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.card import CardType
from drill.cli import cli
from drill.exam.paper import ExamItem, ExamPaper, ExamSection
from drill_markdown import exporter, key_path, md
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


def test_exam_paper_has_no_answer_and_the_key_has_every_answer(tmp_path):
    paper = _paper()
    path = tmp_path / "paper-A.md"
    written = exporter.export(paper, path, {})
    assert written == [path, tmp_path / "paper-A.key.md"] == [path, key_path(path)]
    student = path.read_text(encoding="utf-8")
    key = written[1].read_text(encoding="utf-8")
    for item in paper.items:
        assert f"**{item.number}.** {md(item.prompt)}" in student
        assert f"| {item.number} |" in key
        assert md(item.key) in key
        if not item.options:  # text answers must not leak into the student paper
            assert md(item.answer) not in student, item.card_id
        if item.explanation:
            assert md(item.explanation).split("<br>")[0] not in student
        assert item.card_id not in student and item.fact not in student
    for leak in ("✓", "答案", "正确答案", "correct", "key"):
        assert leak not in student
    answer_lines = [line for line in student.splitlines() if line.startswith("答")]
    assert len(answer_lines) == sum(i.type not in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE)
                                    for i in paper.items)
    assert "营业员上岗认证（A卷）参考答案及评分标准" in key


def test_exam_paper_export_is_deterministic(tmp_path):
    paper = _paper()
    a = exporter.export(paper, tmp_path / "a.md", {})
    b = exporter.export(paper, tmp_path / "b.md", {})
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
