"""The deck, export and import commands speak Chinese under a Chinese locale and English under C.

Each command runs in its own process (the language is fixed per process), once
under ``LANG=zh_CN.UTF-8`` and once under ``LANG=C.UTF-8``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_DECK

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C.UTF-8"}

#: three or more English words in a row: an interface sentence left in English
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

#: a deck with every kind of problem the loader reports, and no Chinese of its own
BAD_DECK = """\
deck: bad-deck
title: Bad deck
facts:
  - id: f1
    kind: term
    term: alpha
    definition: the first letter
    bogus: 1
  - id: f2
    kind: rule
    text: within {{}} hours
  - id: f3
    kind: nosuch
  - id: f4
    kind: list
    name: three things
    items: one
  - id: f4
    kind: sequence
    name: steps
    steps: [a, a]
"""


def drill(args: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    base.update(env, COLUMNS="120", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True,
                          encoding="utf-8", env=base, cwd=cwd)


def out(run: subprocess.CompletedProcess[str]) -> str:
    return run.stdout + run.stderr


def assert_chinese(text: str, *words: str) -> None:
    for word in words:
        assert word in text, (word, text)
    prose = re.sub(r"`[^`]*`", "", text)  # commands quoted in a message stay as typed
    assert not ENGLISH_SENTENCE.search(prose), ENGLISH_SENTENCE.search(prose)


@pytest.fixture
def bad_deck(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_DECK, encoding="utf-8")
    return path


def test_lint_reports_problems_in_chinese_and_english(bad_deck):
    zh = drill(["lint", str(bad_deck)], ZH)
    assert zh.returncode == 2
    assert_chinese(out(zh), "错误：事实 f1：bogus：未知的键", "挖空 {{}} 为空", "未知的 kind 'nosuch'",
                   "必须是列表", "重复", "1 个文件：", "个错误")
    en = drill(["lint", str(bad_deck)], EN)
    assert en.returncode == 2
    assert "error: fact f1: bogus: unknown key (not part of the format)" in out(en)
    assert "1 file: " in out(en) and "must be a list" in out(en)
    assert not CJK.search(out(en)), out(en)


def test_lint_summary_and_warnings_of_a_good_deck():
    zh = out(drill(["lint", str(SAMPLE_DECK)], ZH))
    assert_chinese(zh, "1 个文件：0 个错误，0 个警告；", "条事实", "张卡片")
    en = out(drill(["lint", str(SAMPLE_DECK)], EN))
    assert re.search(r"1 file: 0 errors, 0 warnings; \d+ facts, \d+ cards", en), en
    assert not CJK.search(en)


def test_lint_warnings_are_chinese(tmp_path):
    deck = tmp_path / "warn.yaml"
    deck.write_text("deck: warn-deck\ntitle: W\nfacts:\n  - id: t1\n    kind: term\n    term: alpha\n"
                    "    definition: the first letter of the alphabet\n", encoding="utf-8")
    zh = out(drill(["lint", str(deck)], ZH))
    assert_chinese(zh, "警告：事实 t1：topic：没有主题", "没有出处")
    en = out(drill(["lint", str(deck)], EN))
    assert "warning: fact t1: topic: no topic" in en and not CJK.search(en)


def test_cards_filter_message_and_count():
    zh = out(drill(["cards", str(SAMPLE_DECK), "--topic", "nosuch"], ZH))
    assert_chinese(zh, "没有卡片符合 --topic nosuch；现有主题：", "0 张卡片", "题型", "题面", "答案")
    en = out(drill(["cards", str(SAMPLE_DECK), "--topic", "nosuch"], EN))
    assert "no cards match --topic nosuch; topics: " in en and "0 cards" in en
    assert "题面" not in en and "张卡片" not in en


def test_show_labels_and_verdicts():
    card = "sample-counter-basics/complaint-ticket/cloze/1"
    zh = out(drill(["show", card, "--try", "二十四小时", "--try", "1小时"], ZH))
    assert_chinese(zh, "题面", "答案", "出处", "试答", "判定", "✓ 正确", "✗ 错误")
    en = out(drill(["show", card, "--try", "二十四小时"], EN))
    assert "prompt" in en and "verdict" in en and "✓ right" in en
    for word in ("题面", "判定", "试答", "正确 "):
        assert word not in en
    missing = out(drill(["show", "sample-counter-basics/no-such/card"], ZH))
    assert_chinese(missing, "错误：没有卡片 'sample-counter-basics/no-such/card'")


def test_show_review_rows_are_chinese(tmp_path):
    home = {"DRILL_HOME": str(tmp_path)}
    assert drill(["add", str(SAMPLE_DECK)], {**EN, **home}).returncode == 0
    card = "sample-counter-basics/complaint-ticket/cloze/1"
    zh = out(drill(["show", card], {**ZH, **home}))
    assert_chinese(zh, "状态", "新卡片", "到期", "当前记忆率", "复习次数", "标记")
    en = out(drill(["show", card], {**EN, **home}))
    assert "recall now" in en and "新卡片" not in en and "当前记忆率" not in en


def test_schema_and_decks(tmp_path):
    target = tmp_path / "deck.schema.json"
    zh = out(drill(["schema", "-o", str(target)], ZH))
    assert_chinese(zh, "已写入")
    en = out(drill(["schema", "-o", str(target)], EN))
    assert "wrote " in en and not CJK.search(en.replace(str(target), ""))
    zh = out(drill(["decks"], ZH))
    assert "标题" in zh and "事实" in zh and "卡片" in zh
    en = out(drill(["decks"], EN))
    assert "title" in en and "标题" not in en


def test_export_messages(tmp_path):
    apkg = tmp_path / "deck.apkg"
    zh = drill(["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(apkg)], ZH)
    assert zh.returncode == 0
    assert_chinese(zh.stderr, "已从 1 个卡组导出", "张卡片，格式为 anki")
    en = drill(["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(apkg)], EN)
    assert re.search(r"\d+ cards from 1 deck exported as anki", en.stderr) and not CJK.search(en.stderr)
    zh = out(drill(["export", str(SAMPLE_DECK), "-f", "nosuch", "-o", str(apkg)], ZH))
    assert "错误：没有导出格式 'nosuch'" in zh and "见 `drill plugins`" in zh
    zh = out(drill(["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(apkg), "--option", "bogus"], ZH))
    assert_chinese(zh, "应为 key=value 形式", "1 处问题；未写入任何内容。")
    zh = out(drill(["export", str(SAMPLE_DECK), "-f", "html", "-o", str(tmp_path / "x.html")], ZH))
    assert_chinese(zh, "用于输出考卷，不能导出卡组")
    en = out(drill(["export", str(SAMPLE_DECK), "-f", "html", "-o", str(tmp_path / "x.html")], EN))
    assert "writes exam papers, not decks" in en and not CJK.search(en)


def test_plugins_table():
    zh = out(drill(["plugins"], ZH))
    for word in ("格式", "接受", "说明", "来源", "状态"):
        assert word in zh
    en = out(drill(["plugins"], EN))
    assert "description" in en and "status" in en
    for word in ("格式", "接受", "说明", "来源", "状态"):
        assert word not in en


def test_import_report(tmp_path):
    home = {"DRILL_HOME": str(tmp_path / "home")}
    apkg = tmp_path / "deck.apkg"
    assert drill(["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(apkg)], EN).returncode == 0
    assert drill(["add", str(SAMPLE_DECK)], {**EN, **home}).returncode == 0
    zh = out(drill(["import", str(apkg)], {**ZH, **home}))
    assert_chinese(zh.replace(str(apkg), "deck.apkg"), "条笔记，其中", "新增复习记录 0 条", "文件中没有 drill 卡片的复习记录")
    en = out(drill(["import", str(apkg)], {**EN, **home}))
    assert "reviews added 0" in en and "the file holds no reviews of drill's cards" in en
    assert not re.search(r"[\u4e00-\u9fff]", en.replace("“", "").replace("”", ""))
    zh = out(drill(["import", str(tmp_path / "missing.colpkg")], {**ZH, **home}))
    assert_chinese(zh.replace(str(tmp_path), ""), "错误：文件不存在", "1 处问题；未写入任何内容。")
    garbage = tmp_path / "garbage.colpkg"
    garbage.write_bytes(b"not a zip")
    zh = out(drill(["import", str(garbage)], {**ZH, **home}))
    assert_chinese(zh.replace(str(tmp_path), ""), "不是 Anki 包")


@pytest.mark.parametrize("command", ["lint", "cards", "show", "schema", "decks", "export", "plugins", "import"])
def test_help_of_each_command_is_chinese(command):
    zh = out(drill([command, "--help"], ZH))
    assert "用法：" in zh and "选项：" in zh and "Examples:" not in zh
    en = out(drill([command, "--help"], EN))
    assert "Usage:" in en and "用法" not in en


def test_pydantic_errors_are_translated_by_type_with_english_for_rare_ones():
    code = (
        "from typing import Literal\n"
        "from pydantic import BaseModel, Field, ValidationError\n"
        "import sys\n"
        "from drill.i18n import speaking\n"
        "from drill.loader import _friendly\n"
        "class M(BaseModel):\n"
        "    a: Literal['x', 'y', 'z']\n"
        "    b: int\n"
        "    c: list[str]\n"
        "    d: float = 0\n"
        "    e: int = Field(default=5, multiple_of=5)\n"
        "try:\n"
        "    M(a='q', b='z', c='s', d=float('nan').__class__, e=3)\n"
        "except ValidationError as e:\n"
        "    with speaking(sys.argv[1]):\n"
        "        print('\\n'.join(_friendly(err) for err in e.errors()))\n"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}

    def run(language: str) -> list[str]:
        # the library speaks the language it is asked for, whatever the locale
        done = subprocess.run([sys.executable, "-c", code, language], capture_output=True, text=True,
                              encoding="utf-8", env={**base, **EN, "PYTHONPATH": str(ROOT)}, check=True)
        return done.stdout.splitlines()

    zh = run("zh-CN")
    assert zh[:3] == ["必须是 'x', 'y' 或 'z'", "必须是整数", "必须是列表"]
    assert zh[3] == "必须是数字"
    assert zh[4] == "Input should be a multiple of 5"  # a type drill's decks never meet keeps pydantic's words
    assert run("en")[:3] == ["must be 'x', 'y' or 'z'", "must be a whole number", "must be a list"]


def test_yaml_syntax_errors_are_chinese(tmp_path):
    deck = tmp_path / "broken.yaml"
    deck.write_text("deck: x\ntitle: [a, b\n", encoding="utf-8")
    zh = out(drill(["lint", str(deck)], ZH))
    assert_chinese(zh.replace(str(tmp_path), ""), "错误：", "找不到应有的")


def test_json_output_stays_english_for_scripts(bad_deck):
    import json

    report = json.loads(drill(["lint", "--json", str(bad_deck)], ZH).stdout)
    messages = [p["message"] for f in report["files"] for p in f["problems"]]
    assert "unknown key (not part of the format)" in messages
    assert not any(CJK.search(m) for m in messages)
