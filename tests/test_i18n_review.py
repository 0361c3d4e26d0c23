"""The review side speaks one language: Chinese under a Chinese locale, English under C.

`drill review` in a real terminal (tmux), and review, add, stats, optimize, config,
doctor, card and preset as commands. The decks are Chinese, so an English run is
checked against drill's own Chinese interface texts (from the catalog), not against
every Chinese character; a Chinese run must show no English word at all on the review
screen, and none of the English messages of each command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REVIEW_SEED, ROOT
from tests.test_tmux_review import MINI, TMUX, Terminal

PO = ROOT / "drill" / "locale" / "zh_CN" / "LC_MESSAGES" / "drill.po"
#: the files whose messages are checked here
SOURCES = ("drill/cli/review_cmds.py", "drill/cli/review_screen.py", "drill/cli/card_cmds.py",
           "drill/cli/preset_cmds.py", "drill/session.py", "drill/scheduling.py", "drill/optimize.py",
           "drill/days.py", "drill/store/")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def interface_chinese() -> set[str]:
    """Runs of Chinese characters in the translations of the review side's messages.

    Runs that a test deck also holds are left out: they could be the deck's words.
    """
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN", domain="drill")
    decks = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "data").glob("review-*.yaml"))
    runs: set[str] = set()
    for message in catalog:
        if not message.id or not any(loc.startswith(SOURCES) for loc, _line in message.locations):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            runs.update(run for run in CJK_RUN.findall(text or "") if run not in decks)
    return runs


def test_the_interface_chinese_is_found():
    runs = interface_chinese()
    assert {"显示答案", "重来", "良好", "小结", "正确率", "记录库"} <= runs


def assert_no_interface_chinese(text: str) -> None:
    found = sorted(run for run in interface_chinese() if run in text)
    assert not found, f"Chinese interface text in an English run: {found}\n{text}"


def english_words(screen: str, *data: str) -> list[str]:
    """Latin words of two letters or more, once the deck's ids and other data are taken out."""
    for item in data:
        screen = screen.replace(item, "")
    return re.findall(r"[A-Za-z]{2,}", screen)


# -- the review screen in a terminal -----------------------------------------------------------


@pytest.fixture
def review_terminal(tmp_path):
    made: list[Terminal] = []

    def make(lang: str, width: int = 120) -> Terminal:
        drill = Path(sys.executable).with_name("drill")
        env = {"DRILL_HOME": str(tmp_path), "DRILL_SEED": REVIEW_SEED, "LANG": lang, "TERM": "xterm-256color",
               "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
        t = Terminal(["env", "-u", "LANGUAGE", "-u", "LC_ALL", "-u", "LC_MESSAGES", str(drill), "review",
                      str(MINI)], env, width=width)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


@pytest.mark.slow
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_a_narrow_chinese_screen_never_parts_a_key_from_its_label_or_a_count_from_its_name(review_terminal):
    term = review_terminal("zh_CN.UTF-8", width=40)
    screen = term.wait_for("显示答案")
    assert "已答 0 · 新卡片 3 · 学习中 0 · 复习中 0" in screen  # the counts on a line of their own
    for line in screen.splitlines():
        stripped = line.strip()
        # every hint item is "key label": a line never starts with a bare label
        assert not re.match(r"^(显示答案|撤销|搁置|暂停|出处|退出)", stripped), screen
        assert not re.search(r"(^| )(u|-|@|n|q)$", stripped), screen


def test_review_screen_in_chinese_shows_no_english(review_terminal):
    term = review_terminal("zh_CN.UTF-8")
    term.wait_for("什么是「服务意识」？")
    screen = term.wait_for("显示答案")  # the key hint
    assert "已答 0 · 新卡片 3 · 学习中 0 · 复习中 0" in screen and "问答" in screen
    assert english_words(screen, "review-mini") == []

    term.keys("Space")  # the reveal and the rating line
    screen = term.wait_for("4 简单")
    assert "答案：发自内心地主动做好服务工作的观念和愿望" in screen
    assert "1 重来 <1分钟" in screen and "3 良好 <10分钟" in screen and "（回车 采用建议" not in screen
    assert "（回车 良好 · u 撤销" in screen
    assert english_words(screen, "review-mini") == []

    term.keys("3")
    term.wait_for("d) 首问负责制")
    term.keys("d")
    term.wait_for("✓ 正确")
    screen = term.wait_for("4 简单")
    flat = "".join(screen.split())  # the rating line may wrap
    assert "（回车采用建议·u撤销·-搁置·@暂停·n备注·q退出）" in flat
    assert english_words(screen, "review-mini") == []

    term.keys("Enter")
    term.wait_for("›")
    term.type(":q")
    term.keys("Enter")
    term.wait_for("小结")
    screen = term.wait_for("明天到期")
    assert "作答 2 次" in screen and "正确率 100%（判分 1 张，答对 1 张）" in screen
    assert "评分：重来 0 · 困难 0 · 良好 2 · 简单 0" in screen
    assert english_words(screen, "review-mini") == []


@pytest.mark.slow
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_review_screen_in_english_shows_no_chinese_interface_text(review_terminal):
    term = review_terminal("C.UTF-8")
    term.wait_for("什么是「服务意识」？")
    screen = term.wait_for("show the answer")
    assert "0 done · 3 new · 0 learning · 0 review" in screen and "basic" in screen
    assert_no_interface_chinese(screen)

    term.keys("Space")
    screen = term.wait_for("4 Easy")
    assert "answer: 发自内心地主动做好服务工作的观念和愿望" in screen and "1 Again <1m" in screen
    assert_no_interface_chinese(screen)

    term.keys("3")
    term.wait_for("d) 首问负责制")
    term.keys("d")
    term.wait_for("✓ right")
    screen = term.wait_for("4 Easy")
    assert_no_interface_chinese(screen)

    term.keys("Enter")
    term.wait_for("›")
    term.type(":q")
    term.keys("Enter")
    term.wait_for("summary")
    screen = term.wait_for("due tomorrow")
    assert "reviewed 2 cards" in screen and "accuracy 100% (1/1 graded)" in screen
    assert_no_interface_chinese(screen)


# -- the commands ------------------------------------------------------------------------------

def drill(args: list[str], lang: str, home: Path, stdin: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env.update(LANG=lang, DRILL_HOME=str(home), COLUMNS="200")
    run = subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True,
                         encoding="utf-8", env=env, input=stdin, cwd=ROOT)
    return run.stdout + run.stderr


@pytest.fixture
def reviewed_home(tmp_path) -> Path:
    """A store with the mini deck, two cards answered (one of them a leech-free multiple choice)."""
    home = tmp_path / "home"
    drill(["review", str(MINI)], "C.UTF-8", home, stdin=" \n3\nd\n\n:q\n")
    return home


#: command -> (Chinese the Chinese run shows, English the Chinese run must not show, English the English run shows)
COMMANDS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "review-dry-run": (["review", "--dry-run"], ["已答 0", "学习中", "复习中"],
                       ["done", "learning", "review ·"], ["0 done ·"]),
    "add": (["add", str(MINI)], ["自上次同步以来没有变化"], ["unchanged since"], ["unchanged since the last sync"]),
    "stats": (["stats"], ["卡片 3：", "今日复习", "实际保持率", "今日到期", "最薄弱的主题", "当前记忆率"],
              ["cards 3", "reviews today", "retention", "due today", "weakest", "recall now", "suspended"],
              ["reviews today 2", "weakest topics"]),
    "optimize": (["optimize"], ["次复习", "保留当前参数"], ["reviews so far", "parameters stay", "training items"],
                 ["2 reviews so far"]),
    "config": (["config"], ["来自区域设置"], ["from the locale"], ["(from the locale; not saved)"]),
    "doctor": (["doctor"], ["记录库", "快速检查", "个卡组", "每张卡片的状态都与其复习记录一致"],
               ["store ", "quick check", "decks", "matches its review log"],
               ["quick check: ok", "every card state matches its review log"]),
    "card-list": (["card", "list"], ["学习中", "到期", "3 张卡片"], ["learning", "due ", "3 cards"],
                  ["3 cards"]),
    "card-suspend": (["card", "suspend", "review-mini/first-contact/name"], ["匹配的 1 张卡片中暂停了 1 张"],
                     ["suspended", "matching"], ["suspended 1 of 1 matching card"]),
    "card-unknown": (["card", "suspend", "no/such/card"], ["记录库里没有卡片"], ["no card", "shows the ids"],
                     ["no card 'no/such/card' in the store"]),
    "preset-set": (["preset", "set", "exam-week", "new_per_day", "abc"], ["无法把 exam-week 的 new_per_day 设为"],
                   ["cannot set"], ["cannot set new_per_day of exam-week"]),
    "preset-list": (["preset", "list"], ["默认：", "卡组："], ["default:", "decks:"], ["default: ", "  decks: review-mini"]),
    "preset-use-unknown": (["preset", "use", "exam-week", "review-mini"], ["没有预设", "创建"],
                           ["no preset", "make it first"], ["no preset 'exam-week'"]),
    "preset-delete-unknown": (["preset", "delete", "exam-week"], ["没有预设"], ["no preset", "shows them"],
                              ["no preset 'exam-week'"]),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_speaks_chinese_under_a_chinese_locale_and_english_under_c(name, reviewed_home, tmp_path):
    args, chinese, english_absent, english = COMMANDS[name]
    zh_home = tmp_path / "zh"
    en_home = tmp_path / "en"
    for home in (zh_home, en_home):
        shutil.copytree(reviewed_home, home)
    zh = drill(args, "zh_CN.UTF-8", zh_home)
    for text in chinese:
        assert text in zh, f"{text!r} missing from:\n{zh}"
    for text in english_absent:
        assert text not in zh, f"{text!r} in the Chinese run:\n{zh}"
    en = drill(args, "C.UTF-8", en_home)
    for text in english:
        assert text in en, f"{text!r} missing from:\n{en}"
    assert_no_interface_chinese(en)


def test_nothing_due_in_both_languages(reviewed_home):
    drill(["card", "suspend", "--deck", "review-mini", "--not-new"], "C.UTF-8", reviewed_home)
    zh = drill(["review", "--new", "0"], "zh_CN.UTF-8", reviewed_home)
    assert "现在没有到期的卡片。" in zh and "1 张新卡片在等待；`--new N` 可现在引入其中最多 N 张。" in zh
    assert "Nothing is due" not in zh and "wait" not in zh
    en = drill(["review", "--new", "0"], "C.UTF-8", reviewed_home)
    assert "Nothing is due now." in en and "1 new card waits; `--new N` introduces it now." in en
    assert_no_interface_chinese(en)


def test_review_of_an_empty_store_in_both_languages(tmp_path):
    zh = drill(["review"], "zh_CN.UTF-8", tmp_path)
    assert "记录库里还没有卡片" in zh and "drill review sample-counter-basics" in zh and "Start with" not in zh
    en = drill(["review"], "C.UTF-8", tmp_path)
    assert "The store has no cards yet" in en
    assert_no_interface_chinese(en)


def test_store_errors_are_translated(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a store, some notes" * 20, encoding="utf-8")
    zh = drill(["stats", "--db", str(notes)], "zh_CN.UTF-8", tmp_path)
    assert "不是 drill 记录库（不是 SQLite 数据库）" in zh and "not a drill store" not in zh
    en = drill(["stats", "--db", str(notes)], "C.UTF-8", tmp_path)
    assert "is not a drill store (not an SQLite database)" in en
    assert_no_interface_chinese(en)


def test_setting_errors_from_the_scheduler_are_translated(tmp_path):
    zh = drill(["config", "desired_retention", "7"], "zh_CN.UTF-8", tmp_path)
    assert "desired_retention 必须在 0.5 到 0.99" in zh and "must be between" not in zh
    en = drill(["config", "desired_retention", "7"], "C.UTF-8", tmp_path)
    assert "desired_retention must be between 0.5 and 0.99" in en
    assert_no_interface_chinese(en)


# -- drill config language -----------------------------------------------------------------------

def test_config_language_is_saved_shown_and_forgotten(tmp_path, monkeypatch):
    from drill.i18n import configured_language, language_file

    assert "en (from the locale; not saved)" in drill(["config", "language"], "C.UTF-8", tmp_path)
    assert "zh-CN（来自区域设置，未保存）" in drill(["config", "language"], "zh_CN.UTF-8", tmp_path)

    assert drill(["config", "language", "zh-CN"], "C.UTF-8", tmp_path).strip() == "zh-CN"
    assert (tmp_path / "language").read_text(encoding="utf-8").strip() == "zh-CN"
    monkeypatch.setenv("DRILL_HOME", str(tmp_path))  # the file drill.i18n reads and writes
    assert language_file() == tmp_path / "language" and configured_language() == "zh-CN"
    # the saved choice wins over the locale, for messages and for help
    assert "记录库里还没有卡片" in drill(["review"], "C.UTF-8", tmp_path)
    assert "用法：" in drill(["config", "--help"], "C.UTF-8", tmp_path)
    listing = drill(["config"], "C.UTF-8", tmp_path)
    assert re.search(r"^language\s+zh-CN$", listing, re.MULTILINE), listing
    assert '"language": "zh-CN"' in drill(["config", "language", "--json"], "C.UTF-8", tmp_path)

    assert drill(["config", "language", "en"], "zh_CN.UTF-8", tmp_path).strip() == "en"
    assert "The store has no cards yet" in drill(["review"], "zh_CN.UTF-8", tmp_path)

    out = drill(["config", "language", "--unset"], "zh_CN.UTF-8", tmp_path)
    assert "forgotten" in out  # said in the language of that run: the saved English
    assert not (tmp_path / "language").exists()
    assert "记录库里还没有卡片" in drill(["review"], "zh_CN.UTF-8", tmp_path)


def test_config_language_refuses_an_unknown_language_and_unset_elsewhere(tmp_path):
    out = drill(["config", "language", "fr"], "C.UTF-8", tmp_path)
    assert "unknown language 'fr'; use one of: zh-CN, en" in out
    assert not (tmp_path / "language").exists()
    assert "--unset only forgets the interface language" in drill(["config", "fuzz", "--unset"], "C.UTF-8", tmp_path)


def test_config_help_lists_language(tmp_path):
    en = drill(["config", "--help"], "C.UTF-8", tmp_path)
    assert "drill config language zh-CN" in en and "--unset" in en
    zh = drill(["config", "--help"], "zh_CN.UTF-8", tmp_path)
    assert "language（zh-CN 或 en）是界面语言" in zh and "drill config language zh-CN" in zh
