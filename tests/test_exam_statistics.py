"""Test statistics (mean, SD, KR-20, SEM, sections) checked against hand computations."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from drill.cli import cli
from drill.exam.analysis import (
    MIN_CANDIDATES_PER_ITEM,
    CandidateResult,
    ItemResponse,
    kr20,
    score_summary,
)

from .test_grade_input import manifest

# A Guttman pattern: six candidates, five 1-point items.
#          I1 I2 I3 I4 I5  total
#   c1      1  1  1  1  1   5
#   c2      1  1  1  1  0   4
#   c3      1  1  1  0  0   3
#   c4      1  1  0  0  0   2
#   c5      1  0  0  0  0   1
#   c6      0  0  0  0  0   0
# p = 5/6 4/6 3/6 2/6 1/6; Σpq = (5·1 + 4·2 + 3·3 + 2·4 + 1·5)/36 = 35/36
# totals: mean 2.5, population variance (2·6.25 + 2·2.25 + 2·0.25)/6 = 35/12
# KR-20 = 5/4 · (1 − (35/36)/(35/12)) = 5/4 · 2/3 = 5/6
# SD = √(35/12); SEM = SD·√(1 − 5/6) = √(35/72)
GUTTMAN = [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]]


def test_kr20_matches_the_hand_computation():
    assert kr20(GUTTMAN) == pytest.approx(5 / 6)
    # the four-item sheet of test_grade_analysis: Σpq = .16 + 3·.24 = .88, σ² = .4 → 4/3·(1 − 2.2) = −1.6
    assert kr20([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1], [0, 0, 0, 1]]) == pytest.approx(-1.6)


def test_kr20_is_undefined_without_spread():
    assert kr20([[1, 1], [1, 1]]) is None
    assert kr20([[1, 0]]) is None


def test_grade_prints_mean_sd_kr20_sem_and_sections(tmp_path):
    man = manifest("ABCDA", sections="一一一二二")
    rows = ["candidate,variant,1,2,3,4,5"]
    for n, pattern in enumerate(GUTTMAN, start=1):
        keys = "ABCDA"
        rows.append(f"c{n},A," + ",".join(k if right else ("B" if k == "A" else "A") for k, right in zip(keys, pattern)))
    (tmp_path / "m.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    (form,) = summary["forms"]
    assert form["reliability_method"] == "KR-20"
    assert form["reliability"] == pytest.approx(5 / 6)
    assert form["mean"] == pytest.approx(2.5)
    assert form["sd"] == pytest.approx(math.sqrt(35 / 12))
    assert form["sem"] == pytest.approx(math.sqrt(35 / 72))
    assert (form["min"], form["max"]) == (0, 5)
    # percent: totals 5..0 of 5 → mean 50 %, SD 100·√(35/12)/5
    assert summary["mean_percent"] == pytest.approx(50)
    assert summary["sd_percent"] == pytest.approx(20 * math.sqrt(35 / 12), abs=1e-3)
    # section 一 (items 1–3): 3+3+3+2+1+0 = 12 / 6 = 2; section 二 (items 4–5): 2+1+0+0+0+0 = 3 / 6 = .5
    assert summary["sections"] == [{"title": "一", "candidates": 6, "points": 3, "mean": 2.0},
                                   {"title": "二", "candidates": 6, "points": 2, "mean": 0.5}]
    assert summary["passed"] == 3  # 60 %: 5, 4, 3 of 5
    report = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv")])
    assert "KR-20 0.83" in report.output and "standard error of measurement 0.70" in report.output


def test_item_analysis_on_few_candidates_is_marked_rough(tmp_path):
    man = manifest("AB")
    (tmp_path / "m.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")

    def run(n: int) -> dict:
        rows = ["candidate,variant,1,2"] + [f"c{i},A,{'A' if i % 2 else 'B'},{'B' if i % 3 else 'A'}" for i in range(n)]
        (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv"),
                                          "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    few = run(MIN_CANDIDATES_PER_ITEM - 1)
    assert few["summary"]["fewest_candidates_per_item"] == MIN_CANDIDATES_PER_ITEM - 1
    assert len(few["warnings"]) == 1 and "fewer than 30" in few["warnings"][0]
    assert run(MIN_CANDIDATES_PER_ITEM)["warnings"] == []


def _results(matrix: list[list[int]]) -> list[CandidateResult]:
    return [
        CandidateResult(f"c{i}", "A", tuple(ItemResponse(f"i{j}", bool(x), 1.0, "", "一", j + 1)
                                            for j, x in enumerate(row)), 60.0)
        for i, row in enumerate(matrix)
    ]


@given(st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), min_size=2, max_size=12))
def test_kr20_never_exceeds_one_and_sem_never_exceeds_sd(matrix):
    (form,) = score_summary(_results(matrix)).forms
    if form.reliability is not None:
        assert form.reliability <= 1 + 1e-9
    if form.sem is not None:
        assert 0 <= form.sem <= form.sd + 1e-9


def test_forms_with_different_items_get_their_own_reliability():
    a = _results(GUTTMAN)
    b = [CandidateResult(f"b{i}", "B", tuple(ItemResponse(f"j{j}", bool(x), 1.0, "") for j, x in enumerate(row)),
                         60.0) for i, row in enumerate(GUTTMAN[:4])]
    forms = score_summary(a + b).forms
    assert [f.variants for f in forms] == [("A",), ("B",)]
    assert [f.candidates for f in forms] == [6, 4]
    assert forms[0].reliability == pytest.approx(5 / 6)


def test_report_speaks_the_interface_language_with_question_text_and_the_statistics(tmp_path):
    man = manifest("ABCD")
    (tmp_path / "m.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    rows = ["candidate,variant,1,2,3,4", "c1,A,A,B,C,D", "c2,A,A,B,C,A", "c3,A,A,C,D,A", "c4,A,B,C,D,A"]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    # Chinese: a drill of its own (the language is chosen once per process)
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    zh = subprocess.run([sys.executable, "-m", "drill", "exam", "grade", str(tmp_path / "m.json"),
                         str(tmp_path / "r.csv"), "--report", str(report)], capture_output=True, text=True,
                        encoding="utf-8", env={**env, "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 0, zh.stderr
    html = report.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert all(f"第{n}题的题干" in html for n in range(1, 5))  # question text, not card ids only
    for words in ("成绩与试题分析", "试题分析", "考生成绩", "信度 KR-20", "测量标准误", "各部分得分", "少于 30 人"):
        assert words in html
    for english in ("Candidates", "too easy", "too hard", "negative discrimination", "candidate(s)", "passed",
                    "failed", "Difficulty"):
        assert english not in html
    # English (this process)
    result = CliRunner().invoke(cli, ["exam", "grade", str(tmp_path / "m.json"), str(tmp_path / "r.csv"),
                                      "--report", str(report)])
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and all(f"第{n}题的题干" in html for n in range(1, 5))
    for words in ("scores and item analysis", "Item analysis", "Candidates' scores", "reliability KR-20",
                  "standard error of measurement", "Scores by section", "fewer than 30"):
        assert words.replace("'", "&#x27;") in html
    for chinese in ("成绩与试题分析", "考生成绩", "信度", "各部分得分", "通过", "难度", "答案：", "作答："):
        assert chinese not in html
    # KR-20 of this sheet by hand: items 1 .75/.1875, 2 .5/.25, 3 .5/.25, 4 .25/.1875 → Σpq = .875;
    # totals 4, 3, 1, 0 → mean 2, variance (4 + 1 + 1 + 4)/4 = 2.5; 4/3 · (1 − .875/2.5) = 0.8667
    assert "KR-20 0.87" in html
