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
from tests.conftest import REVIEW_SEED, ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
TMUX = shutil.which("tmux")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str], width: int = 120, height: int = 40):
        self.width = width
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

    def make(*args: str, width: int = 120) -> Terminal:
        drill = Path(sys.executable).with_name("drill")
        env = {"DRILL_HOME": str(tmp_path), "DRILL_SEED": REVIEW_SEED, "LANG": "C.UTF-8",
               "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
        t = Terminal([str(drill), "review", *args], env, width=width)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


def test_review_in_a_real_terminal(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI))
    screen = term.wait_for("什么是「服务意识」？")
    assert "0 done · 3 new · 0 learning · 0 review" in screen

    term.keys("Space")
    screen = term.wait_for("4 Easy")
    assert "answer: 发自内心地主动做好服务工作的观念和愿望" in screen
    assert "1 Again <1m" in screen and "3 Good <10m" in screen

    term.keys("3")
    term.wait_for("这说的是哪个概念")
    screen = term.wait_for("d) 首问负责制")  # the options are drawn after the prompt
    assert "1 done" in screen

    term.keys("d")
    term.wait_for("✓ right")
    screen = term.wait_for("4 Easy")
    assert "不得推诿客户" in screen  # the note, shown after the answer

    term.keys("Enter")  # accept the suggested Good
    term.wait_for("应该怎么说")
    term.wait_for("›")
    term.type("请稍候 我帮您查一下")  # other words, every key point: right, and the reason says so
    term.keys("Enter")
    term.wait_for("every key point")
    screen = term.wait_for("4 Easy")
    assert "✓ right" in screen and "请稍等，我帮您确认一下。" in screen

    term.keys("Enter")  # accept Good; the learning card comes back early
    term.wait_for("3 done")
    term.keys("u")  # take back the typed answer
    screen = term.wait_for("undone: 「")  # the question, not the card id
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
    term.wait_for("✗ wrong")
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
    term.keys("q")  # quitting after a judged answer keeps it, with the suggested rating
    screen = term.wait_for("due tomorrow")
    assert "kept your answer as Again" in screen and "reviewed 3 cards" in screen
    with Store(tmp_path / "drill.db") as store:
        assert store.conn.execute("SELECT answer, rating, correct FROM reviews ORDER BY id DESC").fetchone() == (
            "我不知道", 1, 0)


KEYS_DECK = ROOT / "tests" / "data" / "review-keys.yaml"
NARROW_DECK = ROOT / "tests" / "data" / "review-narrow.yaml"


def test_full_width_keys_and_chinese_true_false_answer_cards(terminal_factory, tmp_path):
    term = terminal_factory(str(KEYS_DECK), "--new", "1")
    screen = term.wait_for("对/错")
    term.type("错")  # as an input method commits it: three UTF-8 bytes at once
    term.wait_for("✓ right")
    screen = term.wait_for("4 Easy")
    assert "正确说法" in screen  # the note comes with the answer
    term.type("４")  # a full-width digit rates Easy
    term.wait_for("summary")
    term.wait_for("due tomorrow")
    with Store(tmp_path / "drill.db") as store:
        rows = store.conn.execute("SELECT card_id, rating, correct FROM reviews").fetchall()
    assert rows == [("review-keys/store-lease/true-false", 4, 1)]


def test_full_width_option_letter_answers_a_multiple_choice_card(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI))
    term.wait_for("什么是「服务意识」？")
    term.keys("Space")
    term.wait_for("4 Easy")
    term.type("３")
    term.wait_for("d) 首问负责制")
    term.type("ｄ")
    term.wait_for("✓ right")
    term.wait_for("4 Easy")
    term.keys("Enter")
    term.wait_for("›")
    term.type(":q")
    term.keys("Enter")
    term.wait_for("due tomorrow")
    with Store(tmp_path / "drill.db") as store:
        rows = store.conn.execute("SELECT card_id, rating, correct FROM reviews ORDER BY id").fetchall()
    assert rows == [("review-mini/service-awareness/define", 3, None), ("review-mini/first-contact/name", 3, 1)]


def test_ctrl_c_on_a_line_input_card_ends_with_the_summary(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI))
    term.wait_for("什么是「服务意识」？")
    term.keys("Space")
    term.wait_for("4 Easy")
    term.keys("3")
    term.wait_for("d) 首问负责制")
    term.keys("d")
    term.wait_for("4 Easy")
    term.keys("Enter")
    term.wait_for("›")  # the typed card waits for a line
    term.type("请稍")
    term.keys("C-c")
    screen = term.wait_for("due tomorrow")
    assert "summary" in screen and "reviewed 2 cards" in screen
    assert "Aborted" not in screen and "Traceback" not in screen
    with Store(tmp_path / "drill.db") as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2


def test_ctrl_c_while_waiting_for_a_key_ends_with_the_summary(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI))
    term.wait_for("什么是「服务意识」？")
    term.keys("C-c")
    screen = term.wait_for("due tomorrow")
    assert "reviewed 0 cards" in screen and "Traceback" not in screen


def test_a_50_column_pane_wraps_options_with_hanging_indents(terminal_factory):
    term = terminal_factory(str(NARROW_DECK), width=50)
    screen = term.wait_for("d) ")
    term.wait_for("以下哪一句是服务禁语")
    screen = term.screen()
    lines = screen.splitlines()
    starts = [i for i, line in enumerate(lines) if line[:5] in ("  a) ", "  b) ", "  c) ", "  d) ")]
    assert len(starts) == 4
    for i in starts:
        # each option is wrapped: its label stays with text, continuation lines hang under the text
        assert lines[i][5:].strip(), lines[i]
        assert lines[i + 1].startswith("     ") and lines[i + 1][5] != " ", lines[i + 1]
    from rich.cells import cell_len

    from drill.cli.wrap import CLOSING

    for line in lines:
        text = line.strip()
        assert not text or text[0] not in CLOSING, f"a line starts with closing punctuation: {line!r}"
        assert cell_len(line.rstrip()) <= 50, f"drawn past the pane's 50 columns: {line!r}"


def test_resizing_the_pane_redraws_the_card(terminal_factory):
    term = terminal_factory(str(NARROW_DECK), width=50)
    term.wait_for("d) ")
    term.tmux("resize-window", "-t", term.session, "-x", "100")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = term.tmux("capture-pane", "-p", "-t", term.session).splitlines()  # the visible screen
        options = [line for line in lines if line[:5] in ("  a) ", "  b) ", "  c) ", "  d) ")]
        # at 100 columns every option fits on its one line
        if len(options) == 4 and all(line.rstrip().endswith("。") for line in options):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the card was not drawn again at the new width:\n" + term.screen())


def test_unknown_keys_do_nothing_visible(terminal_factory):
    term = terminal_factory(str(MINI))
    term.wait_for("什么是「服务意识」？")
    before = term.screen()
    term.keys("z", "x", "9")
    time.sleep(0.5)
    assert term.screen() == before


def test_resizing_while_typing_redraws_and_keeps_what_was_typed(terminal_factory, tmp_path):
    term = terminal_factory(str(MINI), "--new", "3", width=60)
    term.wait_for("什么是「服务意识」？")
    term.keys("Space")
    term.wait_for("4 Easy")
    term.keys("3")
    term.wait_for("d) 首问负责制")
    term.keys("d")
    term.wait_for("4 Easy")
    term.keys("Enter")
    term.wait_for("›")  # the typed card waits for a line
    term.type("请稍等 我帮您")
    term.wait_for("› 请稍等 我帮您")  # the text is on the line (not still in the terminal's buffer) before the resize
    term.tmux("resize-window", "-t", term.session, "-x", "110")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        visible = term.tmux("capture-pane", "-p", "-t", term.session)
        # drawn again from the top at the new width (the rule spans it), the typed text still on the line
        if "─" * 100 in visible and "› 请稍等 我帮您" in visible:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("not drawn again while typing:\n" + term.screen())
    term.type("确认一下")
    term.keys("Enter")
    screen = term.wait_for("4 Easy")
    assert "✓ right" in screen
    term.keys("Enter")
    term.wait_for("3 done")
    term.keys("q")
    term.wait_for("summary")
    with Store(tmp_path / "drill.db") as store:
        assert store.conn.execute("SELECT answer FROM reviews ORDER BY id DESC").fetchone()[0] == "请稍等 我帮您确认一下"
