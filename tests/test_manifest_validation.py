"""A damaged or hand-edited manifest is refused with every problem and its field, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli


def _manifest(**item_changes: object) -> dict:
    item = {"number": 1, "id": "d/f1/t", "deck": "d", "fact": "f1", "type": "multiple_choice", "section": "一",
            "points": 1, "key": "A", "answer": "甲", "options": ["甲", "乙"]}
    item.update(item_changes)
    return {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 50,
            "duration_minutes": None,
            "variants": {"A": {"total_points": 1, "pass_mark": 50, "files": [], "items": [item]}}}


def _grade(tmp_path: Path, manifest_text: str):
    path = tmp_path / "manifest.json"
    path.write_text(manifest_text, encoding="utf-8")
    responses = tmp_path / "r.csv"
    responses.write_text("candidate,variant,1\nc1,A,A\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["exam", "grade", str(path), str(responses)])


def _assert_refused(result, field: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "manifest.json" in result.output and field in result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"key": None}, "variants.A.items[0].key"),
     ({"key": 1}, "variants.A.items[0].key"),
     ({"points": "many"}, "variants.A.items[0].points"),
     ({"number": True}, "variants.A.items[0].number"),
     ({"options": "甲乙"}, "variants.A.items[0].options"),
     ({"type": "essay"}, "variants.A.items[0].type")],
)
def test_bad_item_fields_are_named(tmp_path: Path, changes: dict, field: str) -> None:
    _assert_refused(_grade(tmp_path, json.dumps(_manifest(**changes))), field)


def test_manifest_without_any_pass_mark_is_refused(tmp_path: Path) -> None:
    manifest = _manifest()
    del manifest["pass_mark"]
    del manifest["variants"]["A"]["pass_mark"]
    _assert_refused(_grade(tmp_path, json.dumps(manifest)), "variants.A.pass_mark")


def test_variant_pass_mark_falls_back_to_the_exam_pass_mark(tmp_path: Path) -> None:
    manifest = _manifest()
    del manifest["variants"]["A"]["pass_mark"]
    result = _grade(tmp_path, json.dumps(manifest))
    assert result.exit_code == 0, result.output


def test_deeply_nested_manifest_is_refused(tmp_path: Path) -> None:
    _assert_refused(_grade(tmp_path, "[" * 100_000 + "]" * 100_000), "nested too deeply")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = _grade(tmp_path, json.dumps(_manifest(key=None, points=-1)))
    assert "items[0].key" in result.output and "items[0].points" in result.output and "2 problems" in result.output


@pytest.mark.parametrize("points", ["1e308", "Infinity", "NaN", "-Infinity", "10001"])
def test_absurd_item_points_are_refused_with_their_field_not_printed_as_inf(tmp_path: Path, points: str) -> None:
    text = json.dumps(_manifest(points=12345)).replace("12345", points)  # json.dumps writes no Infinity itself
    result = _grade(tmp_path, text)
    _assert_refused(result, "variants.A.items[0].points")
    assert "inf" not in result.output.replace("Infinity", "") and "nan%" not in result.output


def test_two_items_worth_1e308_each_cannot_sum_to_inf(tmp_path: Path) -> None:
    manifest = _manifest(points=1e308)
    second = {**manifest["variants"]["A"]["items"][0], "number": 2, "id": "d/f2/t"}
    manifest["variants"]["A"]["items"].append(second)
    result = _grade(tmp_path, json.dumps(manifest))
    _assert_refused(result, "variants.A.items[1].points")


def test_a_non_finite_variant_total_is_refused(tmp_path: Path) -> None:
    manifest = _manifest()
    manifest["variants"]["A"]["total_points"] = "@@"
    text = json.dumps(manifest).replace('"@@"', "Infinity")
    _assert_refused(_grade(tmp_path, text), "variants.A.total_points")
