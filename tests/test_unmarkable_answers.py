"""An answer the judge fails on never costs a sitting or the other candidates' grades."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill import build_exam
from drill.cli import cli
from drill.exam import load_blueprint_cards
from drill.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"
HOSTILE = "九" * 400  # a numeral run past float range


@pytest.fixture
def judge_fails_on_hostile(monkeypatch):
    """Fault injection: the judge raises on the hostile answer, as it once did (OverflowError)."""
    from drill.exam import scoring

    real = scoring.judge

    def judge(spec, given, *rest):
        if given == HOSTILE:
            raise OverflowError("int too large to convert to float")
        return real(spec, given, *rest)

    monkeypatch.setattr(scoring, "judge", judge)


def _paper_and_text_item():
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    paper = build_exam(blueprint, cards, 3, 1)[0]
    text_item = next(i for i in paper.items if i.type.value in ("cloze", "typed", "short_answer"))
    return paper, text_item


def test_take_keeps_the_sitting_and_marks_the_other_items_when_the_judge_fails_on_one(
        tmp_path, judge_fails_on_hostile):
    paper, text_item = _paper_and_text_item()
    answers = [HOSTILE if item is text_item else item.key for item in paper.items]
    result = CliRunner().invoke(cli, ["exam", "take", str(SAMPLE_BLUEPRINT), "--seed", "3", "--json",
                                      "--db", str(tmp_path / "drill.db")], input="\n".join(answers) + "\n")
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    assert f"item {text_item.number} could not be marked" in result.stderr
    with Store(tmp_path / "drill.db") as store:
        [stored] = store.exam_results("counter-staff-cert")
    assert [r["given"] for r in stored["items"]] == answers
    assert stored["score"] == paper.total_points - text_item.points  # every other item marked right
    assert stored["marked"] is False  # a person still has to mark one item
    [hostile] = [r for r in stored["items"] if r["number"] == text_item.number]
    assert hostile["awarded"] == 0 and hostile["judged"] is False


def test_take_keeps_the_sitting_in_a_file_when_marking_and_the_store_both_fail(tmp_path, monkeypatch):
    from drill.errors import StoreError
    from drill.exam import scoring

    def broken_marking(item, given):
        raise RuntimeError("marking broke")

    def disk_full(self, result):
        raise StoreError("database or disk is full")

    monkeypatch.setattr(scoring, "mark_item", broken_marking)
    monkeypatch.setattr(Store, "record_exam_result", disk_full)
    monkeypatch.chdir(tmp_path)
    paper, _ = _paper_and_text_item()
    answers = [item.key for item in paper.items]
    result = CliRunner().invoke(cli, ["exam", "take", str(SAMPLE_BLUEPRINT), "--seed", "3",
                                      "--db", str(tmp_path / "drill.db")], input="\n".join(answers) + "\n")
    assert result.exit_code == 1, result.output
    assert "could not be marked" in result.stderr and "disk is full" in result.stderr
    [saved] = tmp_path.glob("drill-exam-*.json")
    sitting = json.loads(saved.read_text(encoding="utf-8"))
    assert [r["given"] for r in sitting["items"]] == answers and sitting["marked"] is False


def test_take_with_a_400_digit_chinese_numeral_keeps_the_sitting(tmp_path):
    """The real hostile answer, with whatever judge is installed: no traceback, the sitting stored."""
    paper, text_item = _paper_and_text_item()
    answers = [HOSTILE if item is text_item else item.key for item in paper.items]
    result = CliRunner().invoke(cli, ["exam", "take", str(SAMPLE_BLUEPRINT), "--seed", "3", "--json",
                                      "--db", str(tmp_path / "drill.db")], input="\n".join(answers) + "\n")
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    with Store(tmp_path / "drill.db") as store:
        [stored] = store.exam_results("counter-staff-cert")
    assert [r["given"] for r in stored["items"]] == answers


def _cloze_manifest(tmp_path: Path) -> Path:
    item = {"number": 1, "id": "d/f1/t", "deck": "d", "fact": "f1", "type": "cloze", "section": "一",
            "points": 2, "key": "24小时", "answer": "24小时", "options": []}
    second = {"number": 2, "id": "d/f2/t", "deck": "d", "fact": "f2", "type": "multiple_choice", "section": "一",
              "points": 1, "key": "A", "answer": "甲", "options": ["甲", "乙"]}
    manifest = {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 50,
                "duration_minutes": None,
                "variants": {"A": {"total_points": 3, "pass_mark": 50, "files": [], "items": [item, second]}}}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return path


def test_grade_reports_the_unmarkable_answer_with_its_candidate_and_item_and_grades_the_others(
        tmp_path, judge_fails_on_hostile):
    manifest = _cloze_manifest(tmp_path)
    responses = tmp_path / "r.csv"
    responses.write_text(f"candidate,variant,1,2\nc1,A,{HOSTILE},A\nc2,A,24小时,A\nc3,A,二十四小时,B\n",
                         encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = CliRunner().invoke(cli, ["exam", "grade", str(manifest), str(responses), "--json",
                                      "--out-csv", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    # located by file, row and column, and by the cell as Excel names it
    assert "r.csv:2:3: error: C2 (candidate c1, variant A, item 1): the answer could not be marked" in result.stderr
    data = json.loads(result.stdout)
    scores = {c["candidate"]: c["score"] for c in data["candidates"]}
    assert scores == {"c1": 1, "c2": 3, "c3": 2}  # c1's other item and the other candidates graded
    assert [(e["candidate"], e["item"], e["cell"]) for e in data["unmarkable"]] == [("c1", 1, "C2")]
    assert "c2" in out.read_text(encoding="utf-8-sig")


def test_grade_with_a_400_digit_numeral_grades_everyone(tmp_path):
    manifest = _cloze_manifest(tmp_path)
    responses = tmp_path / "r.csv"
    responses.write_text(f"candidate,variant,1,2\nc1,A,{HOSTILE},A\nc2,A,24小时,A\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(manifest), str(responses), "--json"])
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    data = json.loads(result.stdout)
    assert {c["candidate"] for c in data["candidates"]} == {"c1", "c2"}


def test_grade_sheet_locates_a_really_unmarkable_answer_and_grades_the_rest(tmp_path):
    """A lone surrogate (text no file can carry, but a caller's rows can) really fails the judge."""
    from drill.exam.responses import grade_sheet
    from drill.exam.scoring import is_unmarkable
    from drill.exam.sheets import Sheet

    manifest = json.loads(_cloze_manifest(tmp_path).read_text(encoding="utf-8"))
    rows = iter([("candidate", "variant", "1", "2"), ("c1", "A", "24小时", "A"), ("c2", "A", "\ud800", "A"),
                 ("c3", "A", "二十四小时", "B")])
    grading = grade_sheet(Sheet("答题卡.csv", rows, "UTF-8", ragged=True), manifest)
    assert [(r.candidate, r.score) for r in grading.results] == [("c1", 3.0), ("c2", 1.0), ("c3", 2.0)]
    [(problem, details)] = grading.unmarkable()
    assert (problem.file, problem.line, problem.column) == ("答题卡.csv", 3, 3)
    assert str(problem).startswith("答题卡.csv:3:3: error: C3 (candidate c2, variant A, item 1): ")
    assert details["cell"] == "C3" and is_unmarkable(details["reason"])


def test_grade_never_aborts_when_marking_fails_outside_the_judge(tmp_path, monkeypatch):
    """Fault injection: reading one answer's option letters breaks (an internal failure, not the judge)."""
    from drill.exam import responses

    real = responses.choice_label

    def choice_label(item, given):
        if given == "B":
            raise RuntimeError("label broke")
        return real(item, given)

    monkeypatch.setattr(responses, "choice_label", choice_label)
    manifest = _cloze_manifest(tmp_path)
    sheet = tmp_path / "r.csv"
    sheet.write_text("考号,卷别,1,2\nc1,A,24小时,A\nc2,A,24小时,B\nc3,A,二十四小时,A\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(manifest), str(sheet), "--json"])
    assert result.exit_code == 1, result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    assert "r.csv:3:4: error: D3 (candidate c2, variant A, item 2): the answer could not be marked" in result.stderr
    data = json.loads(result.stdout)
    assert {c["candidate"]: c["score"] for c in data["candidates"]} == {"c1": 3, "c2": 2, "c3": 3}
