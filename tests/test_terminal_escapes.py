"""No escape sequence from a deck, blueprint, manifest, plugin or argument reaches the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli

OSC = "\x1b]2;pwned\x07\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J all checks passed"
RAW = ("\x1b", "\x07", "\x9b")


def _no_escapes(output: str) -> None:
    for ch in RAW:
        assert ch not in output, repr(output)


def _deck(tmp_path: Path, fid: str) -> Path:
    path = tmp_path / "evil.yaml"
    escaped = fid.replace("\x1b", "\\e").replace("\x07", "\\a")
    path.write_text(f'deck: evil\ntitle: 恶意\nfacts:\n  - id: "{escaped}"\n    kind: term\n    term: 开户\n'
                    "    definition: 须本人办理\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["lint"], ["cards"], ["add"], ["export", "--format", "csv", "--out", "x.txt"],
                                     ["review"]])
def test_a_hostile_fact_id_is_refused_and_not_echoed(tmp_path: Path, command: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    deck = _deck(tmp_path, OSC)
    args = [command[0], str(deck), *command[1:]]
    if command[0] in {"add", "review"}:
        args += ["--db", str(tmp_path / "d.db")]
    result = CliRunner().invoke(cli, args, input="q\n")
    assert result.exit_code == 2, result.output
    assert "evil.yaml:4:" in result.output
    _no_escapes(result.output)
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize("args", [["show", OSC], ["export", OSC, "--format", "csv", "--out", "x.txt"],
                                  ["review", OSC], ["exam", "take", OSC]])
def test_a_hostile_name_on_the_command_line_is_not_echoed_raw(tmp_path: Path, args: list[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*args, "--db", str(tmp_path / "d.db")] if args[0] == "review" else args)
    assert result.exit_code == 2, result.output
    _no_escapes(result.output)


def test_exam_take_refuses_a_blueprint_with_escapes_in_titles(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    text = (ROOT / "tests" / "data" / "counter-staff-mini.yaml").read_text(encoding="utf-8")
    text = text.replace("title: 营业员上岗认证模拟考试", 'title: "营业员\\e]2;pwned\\a考试"')
    text = text.replace("title: 一、单项选择题", 'title: "一、\\e[2J单项选择题"')
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "take", str(blueprint), "--seed", "1", "--db", str(tmp_path / "d.db")],
                                input="A\n")
    assert result.exit_code == 2, result.output
    assert "bp.yaml:" in result.output and "U+001B" in result.output
    _no_escapes(result.output)


def test_exam_grade_prints_manifest_item_ids_and_variants_without_escapes(tmp_path: Path) -> None:
    items = [{"number": 1, "id": "d/f1\x1b]2;pwned\x07/t", "deck": "d", "fact": "f1", "type": "multiple_choice",
              "section": "一", "points": 1, "key": "A", "answer": "甲", "options": ["甲", "乙"]}]
    manifest = {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 50,
                "duration_minutes": None,
                "variants": {"A": {"total_points": 1, "pass_mark": 50, "files": [], "items": items}}}
    mpath = tmp_path / "manifest.json"
    mpath.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    responses = tmp_path / "r.csv"
    responses.write_text("candidate,variant,1\n\x1b[2Jc1,A,A\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", "grade", str(mpath), str(responses)])
    assert result.exit_code == 0, result.output
    assert "d/f1" in result.output
    _no_escapes(result.output)
