"""GIFT banks read back with a GIFT parser (pygiftparser): every question parses, carries its points,
and deck text is escaped HTML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pygiftparser import parser as gift

from drill import CardType, build_exam
from drill.exam import load_blueprint_cards
from drill_exam_formats.banks import gift_exporter, is_phrase

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = [ROOT / "tests" / "data" / "counter-staff-mini.yaml", ROOT / "exams" / "counter-staff-cert.yaml"]
ANSWER_KIND = {CardType.MULTIPLE_CHOICE: gift.SelectSet, CardType.ORDERING: gift.MatchingSet,
               CardType.TRUE_FALSE: gift.TrueFalseSet, CardType.CLOZE: gift.ShortSet, CardType.TYPED: gift.ShortSet,
               CardType.MULTIPLE_SELECT: gift.MultipleChoicesSet}


def unescape(text: str) -> str:
    """GIFT's backslash escapes undone (the parser keeps them in question text)."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text)


def parse(path: Path) -> list:
    return gift.parseFile(io.StringIO(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("seed", [1, 8])
def test_every_gift_file_parses_and_every_question_carries_its_points(blueprint, seed, tmp_path):
    bp, cards = load_blueprint_cards(blueprint)
    paper = build_exam(bp, cards, seed, 2)[1]
    student, key = gift_exporter.export(paper, tmp_path / "bank.gift", {})
    questions = parse(key)
    raw = key.read_text(encoding="utf-8")
    assert len(questions) == len(paper.items)
    sections = {i.number: s for s in paper.sections for i in s.items}
    for item, q in zip(paper.items, questions):
        assert q.valid, q.full
        assert q.title == f"{paper.exam}-{paper.variant}-{item.number:02d}"
        # a standard phrase is judged by key points, which GIFT cannot do: an essay with marking notes
        kind = gift.Essay if is_phrase(item) else ANSWER_KIND[item.type]
        assert isinstance(q.answers, kind), (item.type, q.full)
        assert f"// points: {item.points:g};" in q.full
        category = f"$CATEGORY: $course$/drill/{paper.exam}/{paper.variant}/{sections[item.number].title}"
        before = raw[: raw.index(q.full.strip())]
        assert before[before.rindex("$CATEGORY:"):].splitlines()[0] == f"{category}（每题 {item.points:g} 分）"
        if item.type is CardType.MULTIPLE_CHOICE:
            fractions = [a.fraction for a in q.answers.answers]
            assert sorted(fractions) == [0] * (len(item.options) - 1) + [100]
            right = unescape(next(a.answer for a in q.answers.answers if a.fraction == 100))
            assert right == item.answer.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    described = parse(student)
    assert len(described) == len(paper.items)
    assert all(isinstance(q.answers, gift.Description) for q in described)


def test_gift_escapes_html_and_gift_controls_in_deck_text(tmp_path):
    bp, cards = load_blueprint_cards(BLUEPRINTS[0])
    paper = build_exam(bp, cards, 3)[0]
    mc = next(i for i in paper.items if i.type is CardType.MULTIPLE_CHOICE)
    options = tuple(o.model_copy(update={"text": f"<script>alert({n})</script>{{=~#}}"}) if n == ord(mc.key) - 65
                    else o for n, o in enumerate(mc.options))
    evil = mc.model_copy(update={"prompt": "<img src=x onerror=alert(1)> 营业厅 {=A} 选哪个？", "options": options})
    paper = paper.model_copy(update={"sections": (paper.sections[0].model_copy(update={"items": (evil,)}),)})
    _, key = gift_exporter.export(paper, tmp_path / "evil.gift", {})
    raw = key.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw and not re.search(r"(?<!\\)\{=A", raw)
    # pygiftparser ends an answer at an escaped \\}, so this file is read with Moodle's own rule:
    # escaped characters stand aside first, then the one {…} is split at = and ~.
    (block,) = [b for b in raw.split("\n\n") if "{" in b.replace("\\{", "")]
    held = re.sub(r"\\([~=#{}:\\])", lambda m: f"\x00{ord(m.group(1))}\x00", block)
    assert held.count("{") == 1 and held.count("}") == 1
    stem, answers = held.split("{")
    # an item with an explanation ends its answers with Moodle's general feedback (####…)
    choices = re.findall(r"([=~])([^=~}]*)", answers.rstrip().rstrip("}").split("####")[0])
    restore = lambda t: re.sub(r"\x00(\d+)\x00", lambda m: chr(int(m.group(1))), t).strip()  # noqa: E731
    assert "&lt;img src=x onerror=alert(1)&gt; 营业厅 {=A} 选哪个？" in restore(stem)
    assert [restore(t) for sign, t in choices if sign == "="] == [
        f"&lt;script&gt;alert({ord(mc.key) - 65})&lt;/script&gt;{{=~#}}"]
    assert len(choices) == len(mc.options)
