"""The interface speaks Simplified Chinese or English, from gettext catalogs kept complete."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
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


_UPDATE_IN_COPY = """
import shutil, sys
from pathlib import Path
sys.path.insert(0, {root!r})
import importlib.util
spec = importlib.util.spec_from_file_location("i18n_tool", {tool!r})
tool = importlib.util.module_from_spec(spec); spec.loader.exec_module(tool)
copy = Path({copy!r})
tool.update(copy)
print(len(tool.missing("zh_CN", locale_dir=copy)))
"""


def test_i18n_update_extracts_english_under_a_chinese_locale_and_refreshes_line_references(tmp_path):
    from babel.messages.pofile import read_po

    copy = tmp_path / "locale"
    shutil.copytree(ROOT / "drill" / "locale", copy)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "language").write_text("zh-CN\n", encoding="utf-8")  # a saved choice too
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env.update(LANG="zh_CN.UTF-8", LANGUAGE="zh_CN", DRILL_HOME=str(tmp_path / "home"))
    code = _UPDATE_IN_COPY.format(root=str(ROOT), tool=str(ROOT / "tools" / "i18n.py"), copy=str(copy))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                         env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "0"          # nothing untranslated: the msgids are English
    with (copy / "zh_CN" / "LC_MESSAGES" / "drill.po").open("rb") as fh:
        updated = read_po(fh)
    ids = [m.id for m in updated if m.id]
    assert "Flashcards, spaced review and exams from service-staff handbooks." in ids  # the command's help
    assert not any(isinstance(i, str) and i.startswith(("用法", "选项", "显示")) for i in ids)
    # every reference names the line where the message is in the code now
    checked = 0
    for message in updated:
        for filename, line in message.locations:
            if not filename.startswith("drill/") or not line or not isinstance(message.id, str):
                continue
            source = (ROOT / filename).read_text(encoding="utf-8").splitlines()
            window = "".join(s.strip().strip('"') for s in source[line - 1:line + 6])
            assert message.id[:12] in window, (filename, line, message.id)
            checked += 1
    assert checked > 500


# -- one word per concept, and no English left in the Chinese interface ---------------------------------

GLOSSARY = ROOT / "drill" / "locale" / "zh_CN" / "glossary.tsv"
PO = ROOT / "drill" / "locale" / "zh_CN" / "LC_MESSAGES" / "drill.po"


def _glossary() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("concept\t"):
            continue
        concept, word, avoid = line.split("\t")
        rows.append((concept, word, [w for w in avoid.split(",") if w]))
    return rows


def _translations() -> list[str]:
    """Every msgstr of the Chinese catalog, continuation lines joined."""
    out: list[str] = []
    current: list[str] | None = None
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1].strip('"')]
            out.append("")
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            current = None
        if current is not None:
            out[-1] = "".join(current)
    return [t for t in out if t]


def test_the_catalog_uses_one_word_per_concept():
    translations = _translations()
    assert len(translations) > 500
    used = "\n".join(translations)
    for concept, word, avoid in _glossary():
        assert word in used, f"{concept}: the glossary's word {word} is not used at all"
        for other in avoid:
            offending = [t for t in translations if other in t]
            assert not offending, f"{concept} is {word} in the glossary, not {other}: {offending[:3]}"


_HELP_OF_EVERY_COMMAND = """
import click
from drill.cli import COMMANDS, cli, main
paths = [[]]
for name in sorted(COMMANDS):
    cmd = cli.get_command(None, name)
    if cmd is None:
        continue
    paths.append([name])
    if isinstance(cmd, click.Group):
        paths.extend([name, sub] for sub in sorted(cmd.commands))
for path in paths:
    print("@@@", " ".join(path), flush=True)
    try:
        main([*path, "--help"])
    except SystemExit:
        pass
"""

#: names and forms that stay as they are in Chinese text: formats and file kinds, products, key names, values
#: a user types (on/off, leech actions, column and command words), SQLite's check names
ALLOWED = {
    "FSRS", "SQLite", "Anki", "AnkiDroid", "AnkiMobile", "Excel", "Markdown", "Schema", "Unicode", "JSON", "CSV",
    "YAML", "HTML", "Ctrl", "on", "off", "id", "ids", "zh", "en", "db", "drill", "ext", "quick_check",
    "integrity_check", "anki", "csv", "json", "markdown", "docx", "html", "gift", "moodle", "txt", "xlsx",
    "apkg", "colpkg", "yaml", "deck", "fact", "template", "part", "timestamp", "suspend", "tag", "candidate",
    "variant", "skip", "submit", "language", "basic", "multiple_choice", "true_false", "cloze", "list_recall",
    "ordering", "typed", "manifest.json", "drill.db", "subdecks", "history", "notetypes", "schema", "indent",
    "keys",  # the folder a build keeps its answer keys in
}
#: placeholders click makes from a type: these must come from the catalog
CLICK_WORDS = {"TEXT", "INTEGER", "RANGE", "OPTIONS", "COMMAND", "ARGS", "FLOAT", "BOOLEAN", "Usage", "Options",
               "Commands", "Show", "required", "default", "Error", "Try"}


def english_words(text: str, names: set[str]) -> set[str]:
    """Latin words in ``text`` that are neither names (commands, options, settings, placeholders) nor allowed."""
    found = set()
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("drill ", "printf ", "@@@")):  # examples are commands, written as typed
            continue
        s = re.sub(r"`[^`]*`", "", s)  # commands quoted in the text
        s = re.sub(r"--?[a-zA-Z][\w-]*", "", s)  # options
        s = re.sub(r"\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", "", s)  # environment variables and placeholders
        s = re.sub(r"\b[\w.-]+/[\w./*-]+", "", s)  # ids and paths
        for word in re.findall(r"[A-Za-z][A-Za-z_.\-]*[A-Za-z]", s):
            if word in CLICK_WORDS or (word not in names and word not in ALLOWED and not word.isupper()):
                found.add(word)
    return found


def _names() -> set[str]:
    from drill.cli import COMMANDS, cli
    from drill.store import SETTING_KEYS

    names = set(COMMANDS) | set(SETTING_KEYS)
    for name in COMMANDS:
        cmd = cli.get_command(None, name)  # type: ignore[arg-type]
        names |= set(getattr(cmd, "commands", {}) or {})
    return names


def test_no_english_word_in_the_chinese_help_of_any_command():
    base = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    base.update(LANG="zh_CN.UTF-8", COLUMNS="100")
    out = subprocess.run([sys.executable, "-c", _HELP_OF_EVERY_COMMAND], capture_output=True, text=True,
                         encoding="utf-8", env=base, cwd=ROOT).stdout
    helps = out.split("@@@")
    assert len(helps) > 25 and all("用法：" in h for h in helps[1:])
    names = _names()
    left = {h.splitlines()[0].strip() or "(drill)": english_words(h, names) for h in helps[1:]}
    assert {k: v for k, v in left.items() if v} == {}


def test_the_english_word_check_can_fail():
    names = _names()
    assert english_words("用法： drill review [OPTIONS]\n  --limit INTEGER RANGE  [required]", names) == {
        "OPTIONS", "INTEGER", "RANGE", "required"}
    assert english_words("快速检查：ok", names) == {"ok"}
    assert english_words("drill review --topic 投诉  (an example line)", names) == set()
    assert english_words("desired_retention 0.9 · FSRS · on", names) == set()


def test_no_english_word_on_the_chinese_review_screens(tmp_path):
    db = str(tmp_path / "s.db")
    mini = str(ROOT / "tests" / "data" / "review-mini.yaml")
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    review = subprocess.run([sys.executable, "-m", "drill", "review", mini, "--db", db],
                            input="\n3\nd\n\n请稍\n\nq\n", capture_output=True, text=True, encoding="utf-8",
                            env={**env, "LANG": "zh_CN.UTF-8", "COLUMNS": "100"})
    screens = {"review": review.stdout + review.stderr}
    for args in (["stats"], ["doctor"], ["config"], ["preset", "list"], ["card", "list"],
                 ["config", "learning_steps", "1e300"], ["config", "new_per_day", "十几"],
                 ["preset", "set", "p", "new_per_day", "十二"], ["review", "--topic", "没有"]):
        screens[" ".join(args)] = _drill([*args, "--db", db], LANG="zh_CN.UTF-8")
    assert "作答 3 次" in screens["review"] and "快速检查：正常" in screens["doctor"]
    names = _names() | {"review-mini", "service-awareness", "define", "first-contact", "name", "dont-know",
                        "rephrase", "p"}
    left = {k: english_words(v, names) for k, v in screens.items()}
    assert {k: v for k, v in left.items() if v} == {}


def _zh(args: list[str]) -> str:
    """What a command prints under a Chinese locale, wide enough that no card id is folded."""
    env = {k: v for k, v in os.environ.items() if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    run = subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True, encoding="utf-8",
                         env={**env, "LANG": "zh_CN.UTF-8", "COLUMNS": "250"}, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout + run.stderr


def test_no_english_word_in_the_chinese_card_tables_card_pages_and_plugin_list(tmp_path):
    deck = "sample-counter-basics"
    listed = subprocess.run([sys.executable, "-m", "drill", "cards", deck, "--json"], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, env={**os.environ, "LANG": "C"})
    one_per_type = {c["type"]: c["id"] for c in reversed(json.loads(listed.stdout))}
    assert len(one_per_type) >= 5, one_per_type
    db = str(tmp_path / "s.db")
    mini = str(ROOT / "tests" / "data" / "review-mini.yaml")
    subprocess.run([sys.executable, "-m", "drill", "review", mini, "--db", db], input="\n3\nd\n\n请稍\n\nq\n",
                   capture_output=True, text=True, encoding="utf-8", env={**os.environ, "LANG": "zh_CN.UTF-8"})
    screens = {"cards": _zh(["cards", deck]), "plugins": _zh(["plugins"])}
    for card_type, card_id in one_per_type.items():
        screens[f"show {card_type}"] = _zh(["show", card_id])
    for card_id in ("review-mini/first-contact/name", "review-mini/dont-know/rephrase"):
        screens[f"show {card_id}"] = _zh(["show", card_id, "--deck", mini, "--db", db])
    assert "题型" in screens["cards"] and "复习记录" in screens["show review-mini/dont-know/rephrase"]
    assert "题库" in screens["plugins"] and "卡组" in screens["plugins"]
    # product and format names, file headers and an API name stay as they are in a plugin's description
    names = _names() | {"Moodle", "Word", "pdf", "pypdf", "xlsm", "guid", "notetype", "tags", "key.md",
                        "drill_json.load_export"}
    left = {k: english_words(v, names) for k, v in screens.items()}
    assert {k: v for k, v in left.items() if v} == {}


def test_a_third_party_plugins_description_is_shown_as_written():
    from drill.i18n import speaking
    from drill.plugin_descriptions import FIRST_PARTY, shown_description

    distribution, text = sorted(FIRST_PARTY)[0]
    with speaking("zh-CN"):
        assert shown_description(distribution, text) != text
        assert shown_description("someone-elses-exporter", text) == text
        assert shown_description(None, None) == ""
