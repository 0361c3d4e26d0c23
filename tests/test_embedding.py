"""drill as a library: the embedder's script in tests/embedder/ runs, gets what it asks for, and is typed.

The script uses only public names (shipped decks by id, its own clock, the judge
on every card type, the weak-spot paper as data, errors as DrillError) and sets
its own gettext domain, which drill must leave alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "embedder" / "chat_backend.py"
CJK = r"[\u4e00-\u9fff]"


@pytest.fixture(scope="module")
def result() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env["LANG"] = "zh_CN.UTF-8"  # the host's locale: the library still speaks what each call asks for
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, encoding="utf-8",
                         env=env, cwd=ROOT / "tests", timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_hosts_gettext_domain_is_untouched(result):
    assert result["textdomain"] == "chat-backend"


def test_replies_of_every_card_type_are_judged_in_the_language_asked_for(result):
    import re

    replies = result["replies"]
    for kind in ("letter", "digits", "true_false"):           # asked for English: English framing
        assert replies[kind] == "✓ correct" or replies[kind].startswith("✗ the answer is "), replies[kind]
    assert replies["text"][0] in "✓✗" and re.search(CJK, replies["text"][2:])   # asked for zh-CN
    assert replies["nonsense"].startswith("? ") and "a–c" in replies["nonsense"]
    # the same wrong text in both languages: the judge's reason follows language=, not the host's zh_CN locale
    assert re.match(r"✗ [a-z]", replies["wrong_text_en"]), replies["wrong_text_en"]
    assert re.match(rf"✗ {CJK}", replies["wrong_text_zh"]), replies["wrong_text_zh"]
    assert "错误" in replies["nonsense"] and "answer with" not in replies["nonsense"]


def test_the_review_loop_runs_on_the_embedders_clock(result):
    judged = result["judged"]
    assert judged["right"] > 0 and judged["wrong"] > 0 and judged["unreadable"] > 0
    # every answer moved the fake clock 20 s; no wall-clock time leaks into the summary
    assert result["seconds"] > 0 and result["seconds"] % 20 == 0


def test_retrievability_and_the_weak_paper_come_back_as_data(result):
    assert result["recall"] > 8 and 0 < result["weakest"] < 1
    paper = result["paper"]
    items = [item for section in paper["sections"] for item in section["items"]]
    assert len(items) == 8
    assert paper["title"].endswith("（薄弱项）")                            # asked for zh-CN
    assert len({(i["deck"], i["fact"]) for i in items}) == len(items)    # one item per fact


def test_errors_arrive_as_drill_errors_without_command_line_advice(result):
    errors = result["errors"]
    assert errors["missing deck"].startswith("DeckError: ") and "no such file" in errors["missing deck"]
    assert errors["bad store"].startswith("StoreError: ")
    assert errors["bad deck"].startswith("DeckError: ") and "bad.yaml:" in errors["bad deck"]
    assert "未知" in errors["bad deck"]                                  # asked for zh-CN
    for message in errors.values():
        assert "--db" not in message and "`drill" not in message and "<input>" not in message


def test_bad_settings_and_presets_are_refused_as_input_errors_without_command_line_advice():
    run = subprocess.run([sys.executable, str(SCRIPT), "refusals"], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT / "tests", timeout=600)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    refused = result["refused"]
    assert set(refused) == {"retention", "negative", "unknown", "leech", "parameters", "default preset",
                            "preset bounds"}
    for message in refused.values():
        assert message.startswith("InputError: "), message
        assert "--" not in message and "drill " not in message and "`" not in message, message
    assert result["kept_new_per_day"] == 20                              # nothing refused was stored


@pytest.mark.skipif(shutil.which("mypy", path=os.path.dirname(sys.executable)) is None,
                    reason="mypy is in the dev group")
def test_the_embedders_script_passes_mypy_strict(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), str(SCRIPT)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(shutil.which("mypy", path=os.path.dirname(sys.executable)) is None,
                    reason="mypy is in the dev group")
def test_the_package_passes_mypy_strict():
    # the project's .mypy_cache: a second run reads what the first checked (the configuration is pyproject's)
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "drill"], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout


_ANY_ORDER = """
import importlib, random, sys, types
random.seed(int(sys.argv[1]))
import drill
names = list(drill.__all__)
random.shuffle(names)
for module in random.sample(["drill.judge", "drill.grading", "drill.exam", "drill.session"], 2):
    importlib.import_module(module)          # submodules first, in some order
for name in names:
    value = getattr(importlib.import_module("drill"), name)
    assert not isinstance(value, types.ModuleType), name
exec("from drill import Verdict, judge")
assert judge.__module__ == "drill.grading", judge
exec("import drill.judge")
assert callable(drill.judge) and drill.judge.__module__ == "drill.grading"
from drill.judge import canon                # the module is still there for its own names
print("ok")
"""


@pytest.mark.parametrize("seed", range(4))
def test_every_public_name_is_what_it_says_in_any_import_order(seed):
    run = subprocess.run([sys.executable, "-c", _ANY_ORDER, str(seed)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


_REVEAL = """
from drill import Blueprint, Verdict, build_exam, judge, load_blueprint, weak_paper, retrievability_by_card
reveal_type(judge)
reveal_type(Verdict)
reveal_type(Blueprint)
reveal_type(build_exam)
reveal_type(load_blueprint)
reveal_type(weak_paper)
reveal_type(retrievability_by_card)
"""


@pytest.mark.skipif(shutil.which("mypy", path=os.path.dirname(sys.executable)) is None,
                    reason="mypy is in the dev group")
def test_public_names_are_typed_for_a_type_checker(tmp_path):
    script = tmp_path / "reveal.py"
    script.write_text(_REVEAL, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--cache-dir",
                          str(tmp_path / "cache"), str(script)], capture_output=True, text=True, cwd=ROOT,
                         timeout=600)
    revealed = [line.split("Revealed type is ", 1)[1] for line in run.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 7 and '"Any"' not in revealed, run.stdout
    judge, _verdict, _blueprint, build_exam, load_blueprint, weak_paper, recall = revealed
    assert judge.startswith('"def (card: drill.card.Card') and judge.endswith('-> drill.judge.Verdict"'), judge
    assert build_exam.endswith('-> list[drill.exam.paper.ExamPaper]"') or \
        build_exam.endswith('-> builtins.list[drill.exam.paper.ExamPaper]"'), build_exam
    assert load_blueprint.endswith('-> drill.exam.blueprint.Blueprint"'), load_blueprint
    assert weak_paper.endswith('-> drill.exam.paper.ExamPaper"') and recall.endswith('-> dict[str, float]"')
