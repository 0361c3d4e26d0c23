"""Question banks for Chinese training platforms (.xlsx one row per question, plain text), read back."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from drill import CardType, build_exam
from drill.cli import cli
from drill.exam import ExamPaper, load_blueprint_cards
from drill_exam_formats.banks import order_choices
from drill_exam_formats.text_bank import bank_text
from drill_exam_formats.text_bank import exporter as txt_exporter
from drill_exam_formats.xlsx_bank import exporter as xlsx_exporter

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = [ROOT / "tests" / "data" / "counter-staff-mini.yaml", *sorted((ROOT / "exams").glob("*.yaml"))]
PROFILE = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H",
           "正确答案", "解析", "分值", "难度", "知识点"]
TYPE_NAMES = {CardType.MULTIPLE_CHOICE: "单选题", CardType.TRUE_FALSE: "判断题", CardType.ORDERING: "单选题",
              CardType.CLOZE: "填空题", CardType.TYPED: "简答题", CardType.MULTIPLE_SELECT: "多选题"}


def papers() -> list[ExamPaper]:
    out = []
    for path in BLUEPRINTS:
        blueprint, cards = load_blueprint_cards(path)
        out.append(build_exam(blueprint, cards, 11)[0])
    return out


def steps_order(paper: ExamPaper, item) -> str:
    """The right order of an ordering item as the banks print it: step numbers, 2 → 1 → 3."""
    return " → ".join(str(ord(ch) - 64) for ch in item.key)


@pytest.mark.parametrize("paper", papers(), ids=lambda p: p.exam)
def test_xlsx_bank_read_back_holds_the_profile_header_and_every_item_with_its_key(paper, tmp_path):
    student, key = xlsx_exporter.export(paper, tmp_path / "bank.xlsx", {})
    rows = list(openpyxl.load_workbook(key).active.iter_rows(values_only=True))
    assert list(rows[0]) == [*PROFILE, "可接受答案"]  # the profile's columns in place; the key adds one at the end
    assert len(rows) == 1 + len(paper.items)
    for item, row in zip(paper.items, rows[1:]):
        cells = dict(zip([*PROFILE, "可接受答案"], row))
        typed = item.type in (CardType.CLOZE, CardType.TYPED)
        # whole answers, as the text bank's 可接受答案 line has them (a list item's wordings written out)
        text_line = next((line for line in bank_text(paper, True).split("\n\n")[item.number - 1].splitlines()
                          if line.startswith("可接受答案：")), "可接受答案：")
        assert (cells["可接受答案"] or "") == (text_line.removeprefix("可接受答案：") if typed else "")
        assert not typed or all(a in text_line or "|" in a for a in item.accept)
        assert cells["题型"] == TYPE_NAMES[item.type]
        assert cells["题干"].startswith(item.prompt.lstrip("=+-@"))
        assert cells["分值"] == item.points
        assert cells["知识点"] == (item.topic or item.deck)
        assert cells["解析"] == item.explanation
        options = [cells[f"选项{chr(65 + i)}"] for i in range(8) if cells[f"选项{chr(65 + i)}"] is not None]
        answer = cells["正确答案"]
        if item.type is CardType.MULTIPLE_CHOICE:
            assert options == [o.text for o in item.options]
            assert options[ord(answer) - 65] == item.answer
        elif item.type is CardType.MULTIPLE_SELECT:
            assert options == [o.text for o in item.options]
            assert answer == item.key
        elif item.type is CardType.TRUE_FALSE:
            assert options == [] and answer == item.answer and answer in ("正确", "错误")
        elif item.type is CardType.ORDERING:
            assert len(options) == len(order_choices(paper, item))
            assert options[ord(answer) - 65] == steps_order(paper, item)
            assert all(f"{n}) {o.text}" in cells["题干"] for n, o in enumerate(item.options, start=1))
        else:
            assert options == [] and answer == item.answer
    student_rows = list(openpyxl.load_workbook(student).active.iter_rows(values_only=True))
    assert "正确答案" not in student_rows[0] and "解析" not in student_rows[0] and "可接受答案" not in student_rows[0]
    assert len(student_rows) == len(rows)


_BLOCK = re.compile(r"^(\d+)\. (.+?)\n((?:[A-H]\. .+\n)*)答案：(.+)\n(?:可接受答案：(?:.+)\n)?(?:解析：(.+)\n)?",
                    re.MULTILINE)


def read_text_bank(text: str) -> list[dict]:
    """A strict reader of the plain-text bank: every block must match, numbered 1, 2, …"""
    blocks = text.rstrip("\n").split("\n\n")
    out = []
    for n, block in enumerate(blocks, start=1):
        match = _BLOCK.fullmatch(block + "\n")
        assert match, f"block {n} is not in the 1. 题干 / A. … / 答案： / 解析： form:\n{block}"
        assert int(match.group(1)) == n
        options = [line[3:] for line in match.group(3).splitlines()]
        out.append({"stem": match.group(2), "options": options, "answer": match.group(4),
                    "explanation": match.group(5)})
    return out


@pytest.mark.parametrize("paper", papers(), ids=lambda p: p.exam)
def test_text_bank_read_back_gives_every_item_with_its_key(paper, tmp_path):
    student, key = txt_exporter.export(paper, tmp_path / "bank.txt", {})
    questions = read_text_bank(key.read_text(encoding="utf-8"))
    assert len(questions) == len(paper.items)
    for item, q in zip(paper.items, questions):
        assert q["stem"].startswith(" ".join(item.prompt.split()))
        assert q["explanation"] == (" ".join(item.explanation.split()) if item.explanation else None)
        if item.type is CardType.MULTIPLE_CHOICE:
            assert q["options"] == [o.text for o in item.options]
            assert q["options"][ord(q["answer"]) - 65] == item.answer
        elif item.type is CardType.MULTIPLE_SELECT:
            assert q["options"] == [o.text for o in item.options] and q["answer"] == item.key
        elif item.type is CardType.ORDERING:
            assert q["options"][ord(q["answer"]) - 65] == steps_order(paper, item)
        else:
            assert q["options"] == [] and q["answer"] == " ".join(item.answer.split())
    assert "答案：" not in student.read_text(encoding="utf-8")


def test_bank_cells_starting_a_formula_stay_text(tmp_path):
    blueprint, cards = load_blueprint_cards(BLUEPRINTS[0])
    paper = build_exam(blueprint, cards, 3)[0]
    first = paper.items[0]
    tricky = paper.model_copy(update={"sections": (paper.sections[0].model_copy(update={
        "items": (first.model_copy(update={"prompt": "=HYPERLINK(\"http://x\",\"点我\")"}),)}),)})
    _, key = xlsx_exporter.export(tricky, tmp_path / "b.xlsx", {})
    cell = openpyxl.load_workbook(key).active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_exam_build_writes_xlsx_and_text_banks(tmp_path):
    for fmt in ("xlsx", "txt"):
        out = tmp_path / fmt
        result = CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINTS[0]), "--format", fmt, "--seed", "2",
                                          "--variants", "2", "--out", str(out)])
        assert result.exit_code == 0, result.output
        names = ("counter-staff-cert-A", "counter-staff-cert-B")
        assert sorted(p.name for p in out.iterdir()) == sorted(["keys"] + [f"{n}.{fmt}" for n in names])
        assert sorted(p.name for p in (out / "keys").iterdir()) == sorted(
            ["manifest.json", "answer-sheet.csv"] + [f"{n}-key.{fmt}" for n in names])
