"""Grading answer sheets and item analysis, checked against values worked out by hand."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.exam.analysis import item_flags

OPTIONS = ["甲", "乙", "丙", "丁"]


def _manifest() -> dict:
    # one variant, four 1-point multiple-choice items; keys A, B, C, D
    items = [
        {"number": n, "id": f"d/f{n}/t", "deck": "d", "fact": f"f{n}", "type": "multiple_choice", "section": "一",
         "points": 1, "key": key, "answer": OPTIONS[ord(key) - 65], "options": OPTIONS}
        for n, key in zip(range(1, 5), "ABCD")
    ]
    return {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 50,
            "duration_minutes": None,
            "variants": {"A": {"total_points": 4, "pass_mark": 50, "files": [], "items": items}}}


# right (1) / wrong (0) per item, and the letters that give it:
#            I1 I2 I3 I4   total
#   c1        1  1  1  0   3      answers A B C A
#   c2        1  1  0  0   2      answers A B A B
#   c3        1  0  1  0   2      answers A C C (blank)
#   c4        1  0  0  1   2      answers A A B D
#   c5        0  0  0  1   1      answers B C A D
CSV = "candidate,variant,1,2,3,4\nc1,A,A,B,C,A\nc2,A,a,B,A,B\nc3,A,A,C,C,\nc4,A,Ａ,A,B,D\nc5,A,B,C,A,D\n"


@pytest.fixture
def graded(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(_manifest(), ensure_ascii=False), encoding="utf-8")
    responses = tmp_path / "responses.csv"
    responses.write_text(CSV, encoding="utf-8")
    report, scores = tmp_path / "report.html", tmp_path / "scores.csv"
    result = CliRunner().invoke(cli, ["exam", "grade", str(manifest), str(responses), "--json",
                                      "--report", str(report), "--out-csv", str(scores)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output), report, scores


def test_scores_and_pass_fail_match_the_hand_count(graded):
    data, _, scores = graded
    got = {c["candidate"]: (c["score"], c["percent"], c["passed"]) for c in data["candidates"]}
    # pass mark 50%: 2 of 4 passes, 1 of 4 does not
    assert got == {"c1": (3, 75.0, True), "c2": (2, 50.0, True), "c3": (2, 50.0, True),
                   "c4": (2, 50.0, True), "c5": (1, 25.0, False)}
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "考生,试卷,得分,满分,得分率(%),结果,一,第1题,第2题,第3题,第4题"
    assert lines[5] == "c5,A,1,4,25,未通过,1,0,0,0,1"


def test_difficulty_and_discrimination_match_the_hand_computation(graded):
    data, _, _ = graded
    items = {i["id"]: i for i in data["items"]}
    # difficulty = right / 5
    assert [items[f"d/f{n}/t"]["difficulty"] for n in range(1, 5)] == [0.8, 0.4, 0.4, 0.4]

    # corrected point-biserial: r(item 0/1, total minus the item)
    # I1: x = 1 1 1 1 0, rest = 2 1 1 1 1; means .8 and 1.2
    #     Sxy = .2*.8 + 3*(.2*-.2) + (-.8*-.2) = .16 - .12 + .16 = .2; Sxx = .8; Syy = .8  → r = .2/.8
    assert items["d/f1/t"]["point_biserial"] == pytest.approx(0.25)
    # I2: x = 1 1 0 0 0, rest = 2 1 2 2 1; means .4 and 1.6
    #     Sxy = .6*.4 + .6*-.6 + 2*(-.4*.4) + (-.4*-.6) = .24 - .36 - .32 + .24 = -.2; Sxx = Syy = 1.2
    assert items["d/f2/t"]["point_biserial"] == pytest.approx(-0.2 / 1.2)
    # I3: x = 1 0 1 0 0, rest = 2 2 1 2 1 → same sums as I2
    assert items["d/f3/t"]["point_biserial"] == pytest.approx(-0.2 / 1.2)
    # I4: x = 0 0 0 1 1, rest = 3 2 2 1 0; means .4 and 1.6
    #     Sxy = -.4*1.4 - .4*.4 - .4*.4 + .6*-.6 + .6*-1.6 = -.56 - .16 - .16 - .36 - .96 = -2.2
    #     Sxx = 3*.16 + 2*.36 = 1.2; Syy = 1.96 + .16 + .16 + .36 + 2.56 = 5.2
    assert items["d/f4/t"]["point_biserial"] == pytest.approx(-2.2 / math.sqrt(1.2 * 5.2))

    # upper-lower 27%: round(.27 * 5) = 1 per group; top = c1 (3), bottom = c5 (1)
    assert [items[f"d/f{n}/t"]["upper_lower"] for n in range(1, 5)] == [1.0, 1.0, 1.0, -1.0]
    assert items["d/f1/t"]["flags"] == []
    assert all(items[f"d/f{n}/t"]["flags"] == ["negative discrimination"] for n in (2, 3, 4))


def test_option_counts_show_which_distractors_were_chosen(graded):
    data, report, _ = graded
    items = {i["id"]: i for i in data["items"]}
    # item 2 (key B = 乙): B, B, C, A, C
    assert items["d/f2/t"]["choices"] == {"乙": 2, "丙": 2, "甲": 1}
    # item 4 (key D = 丁): A, B, blank, D, D
    assert items["d/f4/t"]["choices"] == {"甲": 1, "乙": 1, "(blank)": 1, "丁": 2}
    html = report.read_text(encoding="utf-8")
    assert "negative discrimination" in html and "c5" in html


def test_flag_thresholds():
    assert item_flags(0.95, 0.3) == ("too easy",)
    assert item_flags(0.1, -0.2) == ("too hard", "negative discrimination")
    assert item_flags(0.5, 0.3) == ()


def test_unknown_variant_is_reported_with_its_line(tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps(_manifest()), encoding="utf-8")
    responses = tmp_path / "r.csv"
    responses.write_text("candidate,variant,1,2,3,4\nc1,A,A,B,C,D\nc2,Q,A,B,C,D\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(manifest), str(responses)])
    assert result.exit_code == 2
    assert f"{responses}:3:2" in result.output and "unknown variant 'Q'" in result.output


def test_build_then_grade_end_to_end(tmp_path):
    from pathlib import Path

    blueprint = Path(__file__).resolve().parent / "data" / "counter-staff-mini.yaml"
    out = tmp_path / "papers"
    runner = CliRunner()
    assert runner.invoke(cli, ["exam", "build", str(blueprint), "--variants", "2", "--seed", "4",
                               "--out", str(out)]).exit_code == 0
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    rows = ["candidate,variant," + ",".join(str(i["number"]) for i in manifest["variants"]["A"]["items"])]
    for variant in ("A", "B"):
        rows.append(f"perfect-{variant},{variant}," + ",".join(i["key"] for i in manifest["variants"][variant]["items"]))
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["exam", "grade", str(out / "keys" / "manifest.json"), str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["percent"] for c in data["candidates"]] == [100.0, 100.0]
