"""`drill review` in a real terminal: tmux runs it, sends keys, and reads the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from drill.store import Store
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
TMUX = shutil.which("tmux")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str], width: int = 120, height: int = 40):
        self.socket = f"drill-test-{uuid.uuid4().hex[:8]}"
        self.session = "review"
        exports = " ".join(f"{k}={v!s}" for k, v in env.items())
        # the test runner's COLUMNS/LINES would override the real window size
        shell = f"env -u COLUMNS -u LINES {exports} {' '.join(command)}"
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), shell)
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, cwd=ROOT).stdout  # type: ignore[list-item]

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, "-S", "-200")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal_factory(tmp_path):
    made: list[Terminal] = []

    def make(*args: str) -> Terminal:
        drill = Path(sys.executable).with_name("drill")
        env = {"DRILL_HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "xterm-256color",
               "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
        t = Terminal([str(drill), "review", *args], env)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


def test_review_in_a_real_terminal(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI))
    screen = term.wait_for("什么是「服务意识」？")
    assert "0 done · 3 left" in screen

    term.keys("Space")
    screen = term.wait_for("4 Easy")
    assert "answer: 发自内心地主动做好服务工作的观念和愿望" in screen
    assert "1 Again 1m" in screen and "3 Good 10m" in screen

    term.keys("3")
    term.wait_for("这说的是哪个概念")
    screen = term.wait_for("d) 首问负责制")  # the options are drawn after the prompt
    assert "1 done" in screen

    term.keys("d")
    term.wait_for("✓ 正确")
    screen = term.wait_for("4 Easy")
    assert "不得推诿客户" in screen  # the note, shown after the answer

    term.keys("Enter")  # accept the suggested Good
    term.wait_for("应该怎么说")
    term.wait_for("›")
    term.type("请稍候 我帮您查一下")  # other words, every key point: right, and the reason says so
    term.keys("Enter")
    term.wait_for("要点齐全")
    screen = term.wait_for("4 Easy")
    assert "✓ 正确" in screen and "请稍等，我帮您确认一下。" in screen

    term.keys("Enter")  # accept Good; the learning card comes back early
    term.wait_for("3 done")
    term.keys("u")  # take back the typed answer
    screen = term.wait_for("undone: review-mini/dont-know/rephrase")
    assert "应该怎么说" in screen

    term.wait_for("›")
    term.type(":q")
    term.keys("Enter")
    screen = term.wait_for("summary")
    screen = term.wait_for("due tomorrow")
    assert "reviewed 2 cards" in screen
    assert "accuracy 100% (1/1 graded)" in screen

    with Store(tmp_path / "drill.db") as store:
        rows = store.conn.execute("SELECT card_id, rating, correct FROM reviews ORDER BY id").fetchall()
    assert rows == [("review-mini/service-awareness/define", 3, None), ("review-mini/first-contact/name", 3, 1)]


def test_wrong_typed_answer_shows_a_diff_in_the_terminal(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI), "--new", "3")
    term.wait_for("什么是「服务意识」？")
    term.keys("Space")
    term.wait_for("answer:")
    term.keys("1")
    term.wait_for("这说的是哪个概念")
    term.wait_for("d) ")
    term.keys("a")
    term.wait_for("✗ 错误")
    screen = term.wait_for("4 Easy")
    assert "your answer: 静音服务" in screen
    term.keys("Enter")  # accept Again
    term.wait_for("›")
    term.type("我不知道")
    term.keys("Enter")
    term.wait_for("expected:")
    screen = term.wait_for("4 Easy")
    assert "yours:    我不知道" in screen
    assert "expected: 请稍等，我帮您确认一下。" in screen
    term.keys("q")
    term.wait_for("due tomorrow")
    with Store(tmp_path / "drill.db") as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2
