"""`drill exam build / take / grade` speak Simplified Chinese under a Chinese locale and English under C.

Each run is a drill of its own: the language is chosen once per process. Deck
text (prompts, section titles, judge reasons) is data and stays as written;
these tests look at the interface around it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drill import build_exam
from drill.exam import load_blueprint_cards

from .test_grade_input import manifest

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"
ZH, EN = "zh_CN.UTF-8", "C.UTF-8"


def _drill(args: list[str], lang: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env.update(LANG=lang, DRILL_HOME=str(home), COLUMNS="160", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "drill", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def _out(run: subprocess.CompletedProcess[str]) -> str:
    return run.stdout + run.stderr


def _absent(text: str, phrases: tuple[str, ...]) -> None:
    found = [p for p in phrases if p in text]
    assert not found, f"{found} in:\n{text}"


# -- build -----------------------------------------------------------------------------------

BUILD_EN = ("variant(s)", "items,", "points, seed", "manifest:")
BUILD_ZH = ("个卷别", "满分", "随机种子", "清单：")


def test_build_summary_is_chinese_under_a_chinese_locale(tmp_path):
    run = _drill(["exam", "build", str(BLUEPRINT), "--seed", "7", "--out", str(tmp_path / "p")], ZH, tmp_path)
    assert run.returncode == 0, run.stderr
    assert all(w in run.stdout for w in BUILD_ZH), run.stdout
    _absent(_out(run), BUILD_EN)


def test_build_summary_is_english_under_c(tmp_path):
    run = _drill(["exam", "build", str(BLUEPRINT), "--seed", "7", "--out", str(tmp_path / "p")], EN, tmp_path)
    assert run.returncode == 0, run.stderr
    assert all(w in run.stdout for w in BUILD_EN), run.stdout
    _absent(_out(run), BUILD_ZH)


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    (ZH, ("错误：", "没有考卷格式 'nosuch'", "能写考卷的格式："), ("error:", "no exam format", "formats that write")),
    (EN, ("error:", "no exam format 'nosuch'", "formats that write exam papers:"), ("错误", "没有考卷格式")),
])
def test_build_errors_speak_the_interface_language(tmp_path, lang, said, not_said):
    run = _drill(["exam", "build", str(BLUEPRINT), "--format", "nosuch", "--out", str(tmp_path / "p")], lang,
                 tmp_path)
    assert run.returncode == 2
    assert all(w in run.stderr for w in said), run.stderr
    _absent(run.stderr, not_said)


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    (ZH, ("文件夹中已有本次生成不会写入的文件", "请用 --force 先清空", "处问题"),
     ("already holds", "use --force", "nothing was written")),
    (EN, ("the folder already holds files this build does not write", "nothing was written"),
     ("文件夹", "清空", "问题")),
])
def test_a_refused_output_folder_is_explained_in_the_interface_language(tmp_path, lang, said, not_said):
    out = tmp_path / "p"
    out.mkdir()
    (out / "old-paper.html").write_text("x", encoding="utf-8")
    run = _drill(["exam", "build", str(BLUEPRINT), "--seed", "7", "--out", str(out)], lang, tmp_path)
    assert run.returncode == 2
    assert all(w in run.stderr for w in said), run.stderr
    _absent(run.stderr, not_said)


# -- take ------------------------------------------------------------------------------------

TAKE_EN = ("variant A", "items,", "pass mark", "time limit", "points each", " left]", "type one letter of A–",
           "Enter skips", "Paper handed in.", "Score ", "Your answer:", "Right answer:", "Verdict:", "(no answer)")
TAKE_ZH = ("A 卷", "题，满分", "及格", "，限时 ", "每题", "剩余", "请输入 A–", "回车跳过", "已交卷。", "得分",
           "你的答案：", "正确答案：", "判定：", "（未答）")


def _take(tmp_path: Path, lang: str) -> subprocess.CompletedProcess[str]:
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    paper = build_exam(blueprint, cards, 5, 1)[0]
    first = paper.items[0]
    wrong = next(chr(65 + i) for i in range(len(first.options)) if chr(65 + i) != first.key)
    # a letter the item lacks (asked again), a wrong answer, then submit at once: the rest unanswered
    stdin = "\n".join(["Q", wrong, "/submit"]) + "\n"
    run = _drill(["exam", "take", str(BLUEPRINT), "--seed", "5"], lang, tmp_path, stdin)
    assert run.returncode == 0, run.stderr
    return run


def test_take_is_chinese_under_a_chinese_locale(tmp_path):
    out = _out(_take(tmp_path, ZH))
    missing = [w for w in TAKE_ZH if w not in out]
    assert not missing, f"{missing} not in:\n{out}"
    _absent(out, TAKE_EN)


def test_take_is_english_under_c(tmp_path):
    out = _out(_take(tmp_path, EN))
    missing = [w for w in TAKE_EN if w not in out]
    assert not missing, f"{missing} not in:\n{out}"
    _absent(out, TAKE_ZH)


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    (ZH, ("卷别必须是 A–Z 中的一个字母，不能是 '12'",), ("must be a letter",)),
    (EN, ("variant must be a letter A–Z, not '12'",), ("卷别",)),
])
def test_take_refuses_a_bad_variant_in_the_interface_language(tmp_path, lang, said, not_said):
    run = _drill(["exam", "take", str(BLUEPRINT), "--variant", "12"], lang, tmp_path, "")
    assert run.returncode == 2
    assert all(w in run.stderr for w in said), run.stderr
    _absent(run.stderr, not_said)


# -- grade -----------------------------------------------------------------------------------

GRADE_EN = ("Candidates' scores", "Item analysis", "Candidate", "Difficulty", "passed", "failed", "absent",
            "candidates, ", "standard deviation", "reliability", "standard error of measurement", ": mean ",
            "handed in no answer sheet", "Note: some items", "too easy")
GRADE_ZH = ("考生成绩", "试题分析", "考生", "难度", "通过", "未通过", "缺考", "平均得分率", "标准差", "信度",
            "测量标准误", "：平均", "没有答题卡", "注意：", "过易")


def _grade(tmp_path: Path, lang: str, report: Path | None = None) -> subprocess.CompletedProcess[str]:
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(manifest(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("candidate,variant,1,2,3,4\nc1,A,A,B,C,D\nc2,A,A,C,D,A\nc3,A,A,B,C,A\n",
                                    encoding="utf-8")
    (tmp_path / "roster.csv").write_text("考号,姓名\nc1,张三\nc2,李四\nc3,王五\nc4,赵六\n", encoding="utf-8")
    extra = ["--report", str(report)] if report else []
    run = _drill(["exam", "grade", str(m), str(tmp_path / "r.csv"), "--roster", str(tmp_path / "roster.csv"),
                  *extra], lang, tmp_path)
    assert run.returncode == 0, run.stderr
    return run


def test_grade_is_chinese_under_a_chinese_locale(tmp_path):
    out = _out(_grade(tmp_path, ZH))
    missing = [w for w in GRADE_ZH if w not in out]
    assert not missing, f"{missing} not in:\n{out}"
    _absent(out, GRADE_EN)


def test_grade_is_english_under_c(tmp_path):
    out = _out(_grade(tmp_path, EN))
    missing = [w for w in GRADE_EN if w not in out]
    assert not missing, f"{missing} not in:\n{out}"
    _absent(out, GRADE_ZH)


def test_grade_json_stays_english_under_a_chinese_locale(tmp_path):
    # scripts read --json: its keys and values do not change with the language
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(manifest(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("candidate,variant,1,2,3,4\nc1,A,A,B,C,D\n", encoding="utf-8")
    zh = json.loads(_drill(["exam", "grade", str(m), str(tmp_path / "r.csv"), "--json"], ZH, tmp_path).stdout)
    en = json.loads(_drill(["exam", "grade", str(m), str(tmp_path / "r.csv"), "--json"], EN, tmp_path).stdout)
    assert zh == en and "fewer than 30" in zh["warnings"][0]


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    (ZH, ("'E' 不在选项 A–D 之中", "（第 2 题）", "考生 'c1' 已在第 2 行出现", "2 处问题；未写入任何内容。"),
     ("is not among", "already on row", "problems; nothing")),
    (EN, ("'E' is not among the options A–D", "(item 2)", "candidate 'c1' already on row 2",
          "2 problems; nothing was written."), ("不在选项", "已在第", "处问题")),
])
def test_a_damaged_sheet_is_explained_in_the_interface_language(tmp_path, lang, said, not_said):
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(manifest(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("candidate,variant,1,2,3,4\nc1,A,A,E,C,D\nc1,A,A,B,C,D\n", encoding="utf-8")
    run = _drill(["exam", "grade", str(m), str(tmp_path / "r.csv")], lang, tmp_path)
    assert run.returncode == 2
    assert all(w in run.stderr for w in said), run.stderr
    _absent(run.stderr, not_said)


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    (ZH, ("不会覆盖输入文件",), ("refusing to write",)),
    (EN, ("refusing to write over the input file",), ("不会覆盖",)),
])
def test_writing_over_an_input_is_refused_in_the_interface_language(tmp_path, lang, said, not_said):
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(manifest(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("candidate,variant,1,2,3,4\nc1,A,A,B,C,D\n", encoding="utf-8")
    run = _drill(["exam", "grade", str(m), str(tmp_path / "r.csv"), "--report", str(m)], lang, tmp_path)
    assert run.returncode == 2
    assert all(w in run.stderr for w in said), run.stderr
    _absent(run.stderr, not_said)


@pytest.mark.parametrize("command", ["build", "take", "grade"])
def test_exam_help_is_chinese_under_a_chinese_locale(tmp_path, command):
    zh = _out(_drill(["exam", command, "--help"], ZH, tmp_path))
    assert "用法：" in zh and "示例：" in zh
    _absent(zh, ("Usage:", "Examples:", "Print ", "Write ", "Seed ", "Folder for"))
    en = _out(_drill(["exam", command, "--help"], EN, tmp_path))
    assert "Usage:" in en and "Examples:" in en and "示例" not in en
