"""The interface speaks Simplified Chinese or English, from gettext catalogs kept complete."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from drill.cli.help_format import wrap
from drill.cli.wrap import CLOSING as NO_LINE_START
from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
i18n_tool = importlib.util.module_from_spec(spec)
assert spec.loader is not None
spec.loader.exec_module(i18n_tool)


def test_every_message_has_a_chinese_translation():
    # fails when a command, option or message is added or reworded without its translation
    assert i18n_tool.missing("zh_CN") == []


def test_compiled_catalog_matches_the_po_file():
    mo = ROOT / "drill" / "locale" / "zh_CN" / "LC_MESSAGES" / "drill.mo"
    assert mo.read_bytes() == i18n_tool.mo_bytes("zh_CN"), "run: uv run --group dev python tools/i18n.py compile"


def _drill(args: list[str], **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    base.update(env, COLUMNS="100")
    run = subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True,
                         encoding="utf-8", env=base)
    return run.stdout + run.stderr


@pytest.mark.parametrize("args", [["--help"], ["review", "--help"], ["exam", "build", "--help"]])
def test_help_is_chinese_under_a_chinese_locale_and_english_under_c(args):
    zh = _drill(args, LANG="zh_CN.UTF-8")
    assert "用法：" in zh and "选项：" in zh
    assert "Usage:" not in zh and "Options:" not in zh and "Show this message" not in zh
    en = _drill(args, LANG="C.UTF-8")
    assert "Usage:" in en and "Options:" in en and "用法" not in en


def test_language_variable_order_follows_gettext():
    # LANGUAGE wins over LANG, as in every gettext program
    assert "用法：" in _drill(["--help"], LANG="C.UTF-8", LANGUAGE="zh_CN")
    assert "Usage:" in _drill(["--help"], LANG="zh_CN.UTF-8", LC_ALL="C.UTF-8")


def test_configured_language_overrides_the_locale(tmp_path):
    (tmp_path / "language").write_text("zh-CN\n", encoding="utf-8")
    out = _drill(["--help"], LANG="C.UTF-8", DRILL_HOME=str(tmp_path))
    assert "用法：" in out


def test_usage_errors_are_translated():
    out = _drill(["nosuch"], LANG="zh_CN.UTF-8")
    assert "没有命令 'nosuch'" in out and "错误：" in out


TEXT = st.text(alphabet=st.sampled_from(list("营业厅服务规范投诉处理，。、；：）") + list("abc de") + [" "]),
               max_size=120)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(min_value=12, max_value=60))
def test_wrapped_lines_fit_never_start_with_closing_punctuation_and_keep_the_text(text, width):
    lines = wrap(text, width)
    for line in lines:
        # only closing punctuation kept off the next line's start, or one over-long word, may overhang
        body = line.rstrip("".join(NO_LINE_START) + " ")
        longest_word = max((cell_len(t) for t in line.split()), default=0)
        assert cell_len(body) <= width or longest_word > width - 2
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START
    assert "".join("".join(lines).split()) == "".join(text.split())
