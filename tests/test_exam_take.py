"""Taking a paper in the terminal with piped input: scoring, the stored result, time running out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from drill import build_exam
from drill.exam import load_blueprint_cards

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"


def _run(args, stdin, home, timeout=60):
    env = {**os.environ, "DRILL_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "drill", "exam", "take", str(SAMPLE_BLUEPRINT), *args],
                          input=stdin, capture_output=True, text=True, env=env, timeout=timeout)


def test_piped_answers_are_scored_and_the_result_stored(tmp_path):
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    paper = build_exam(blueprint, cards, 21, 2)[1]
    answers = [item.key for item in paper.items]
    first = paper.items[0]
    answers[0] = next(chr(65 + i) for i in range(len(first.options)) if chr(65 + i) != first.key)  # one wrong
    typed = next(i for i in paper.items if i.type.value in ("cloze", "typed"))
    answers[typed.number - 1] = typed.key.lower() + " "  # folded text still counts
    result = _run(["--variant", "B", "--seed", "21", "--json"], "\n".join(answers) + "\n", tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == paper.total_points - paper.items[0].points
    assert data["passed"] is (100 * data["score"] / paper.total_points >= paper.pass_mark)
    assert [r["correct"] for r in data["items"]].count(False) == 1
    assert "Right answer:" in result.stderr  # the wrong item is explained
    from drill.store import Store

    with Store(tmp_path / "drill.db") as store:
        [stored] = store.exam_results("counter-staff-cert")
    assert stored["variant"] == "B" and stored["score"] == data["score"] and stored["seed"] == 21
    assert [r["given"] for r in stored["items"]] == [r["given"] for r in data["items"]]


def test_time_up_submits_the_paper(tmp_path):
    env = {**os.environ, "DRILL_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "drill", "exam", "take", str(SAMPLE_BLUEPRINT), "--seed", "3",
                             "--time-limit", "1.5", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    started = time.monotonic()
    proc.stdin.write(b"A\n")  # one answer, then silence with the input still open
    proc.stdin.flush()
    stdout = proc.stdout.read()  # returns when the command exits: time ran out, input still open
    elapsed = time.monotonic() - started
    proc.wait(timeout=30)
    proc.stdin.close()
    proc.stderr.close()
    data = json.loads(stdout.decode("utf-8"))
    assert data["timed_out"] is True
    assert sum(1 for r in data["items"] if r["given"]) == 1
    assert 1.0 < elapsed < 20


def test_a_store_that_cannot_be_written_is_refused_before_the_first_question(tmp_path):
    import sqlite3

    from drill.store import SCHEMA_VERSION, Store

    with Store(tmp_path / "drill.db"):
        pass
    raw = sqlite3.connect(tmp_path / "drill.db")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    result = _run(["--seed", "3"], "A\nB\n", tmp_path)
    assert result.returncode == 1
    assert "newer drill" in result.stderr
    assert "1. " not in result.stdout and "Score" not in result.stdout  # no question asked, no answer lost


def test_a_store_failing_at_the_end_keeps_the_sitting_in_a_file(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from drill.cli import cli
    from drill.errors import StoreError
    from drill.store import Store

    def disk_full(self, result):  # the disk fills while the candidate answers
        raise StoreError("database or disk is full")

    monkeypatch.setattr(Store, "record_exam_result", disk_full)
    monkeypatch.chdir(tmp_path)
    answers = "A\nB\nC\nA\nB\nA\nB\n"
    result = CliRunner().invoke(cli, ["exam", "take", str(SAMPLE_BLUEPRINT), "--seed", "3",
                                      "--db", str(tmp_path / "drill.db")], input=answers)
    assert result.exit_code == 1, result.output
    assert "Score" in result.stdout and "disk is full" in result.stderr
    [saved] = tmp_path.glob("drill-exam-*.json")
    assert str(saved.name) in result.stderr
    sitting = json.loads(saved.read_text(encoding="utf-8"))
    assert [r["given"] for r in sitting["items"]][:7] == answers.split()
def test_a_letter_the_item_lacks_is_asked_again_not_taken_as_an_answer(tmp_path):
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    paper = build_exam(blueprint, cards, 5, 1)[0]
    answers = [item.key for item in paper.items]
    # "q", "Z" and "AB" are not answers to a four-option single-choice item: asked again, then the key
    stdin = "\n".join(["q", "Z", "AB"] + answers) + "\n"
    result = _run(["--seed", "5", "--json"], stdin, tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == paper.total_points
    assert result.stderr.count("type one letter of A–") >= 3


def test_ctrl_d_submits_at_once_and_prints_no_more_items(tmp_path):
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    paper = build_exam(blueprint, cards, 5, 1)[0]
    result = _run(["--seed", "5", "--json"], paper.items[0].key + "\n", tmp_path)  # then end of input
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == paper.items[0].points
    assert "Paper handed in." in result.stderr
    # item 2 was on screen when input ended; nothing after it is shown
    assert "\n2. " in result.stderr and "\n3. " not in result.stderr
    assert sum(1 for r in data["items"] if r["given"]) == 1


def test_submit_word_ends_the_paper_early(tmp_path):
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    paper = build_exam(blueprint, cards, 5, 1)[0]
    stdin = "\n".join([paper.items[0].key, "", "/交卷", paper.items[3].key]) + "\n"
    result = _run(["--seed", "5", "--json"], stdin, tmp_path)
    data = json.loads(result.stdout)
    assert [r["given"] for r in data["items"][:4]] == [paper.items[0].key, "", "", ""]
    assert data["score"] == paper.items[0].points
