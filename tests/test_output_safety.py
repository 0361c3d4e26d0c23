"""Every file drill writes: atomic, never over a device or its own input, errors located (exit 2)."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from tests.conftest import ROOT, SAMPLE_DECK

MINI_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _clean(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info


def _manifest(tmp_path: Path) -> Path:
    items = [{"number": 1, "id": "d/f1/t", "deck": "d", "fact": "f1", "type": "multiple_choice", "section": "一",
              "points": 1, "key": "A", "answer": "甲", "options": ["甲", "乙"]}]
    manifest = {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 50,
                "duration_minutes": None,
                "variants": {"A": {"total_points": 1, "pass_mark": 50, "files": [], "items": items}}}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return path


def _responses(tmp_path: Path, text: str = "candidate,variant,1\nc1,A,A\n") -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. export to devices and symlinks -------------------------------------------------------

@pytest.mark.parametrize("fmt", ["anki", "csv", "json", "markdown"])
def test_export_to_dev_null_writes_through_and_leaves_the_device(fmt: str, char_devices: dict[str, Path]) -> None:
    null = char_devices["null"]
    result = run("export", str(SAMPLE_DECK), "--format", fmt, "--out", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in null.parent.iterdir()) == ["dev-full", "dev-null"]


@pytest.mark.parametrize("fmt", ["anki", "csv", "json", "markdown"])
def test_export_to_dev_full_is_a_clear_error_exit_2(fmt: str, char_devices: dict[str, Path]) -> None:
    full = char_devices["full"]
    result = run("export", str(SAMPLE_DECK), "--format", fmt, "--out", str(full))
    assert result.exit_code == 2, result.output
    assert str(full) in result.stderr and "no space left" in result.stderr
    _clean(result)
    assert stat.S_ISCHR(full.stat().st_mode)


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.apkg"
    real.write_bytes(b"old")
    link = tmp_path / "deck.apkg"
    link.symlink_to(real)
    result = run("export", str(SAMPLE_DECK), "--format", "anki", "--out", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("fmt", ["anki", "csv", "json", "markdown"])
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 fmt: str) -> None:
    out = tmp_path / "deck.out"
    out.write_bytes(b"previous export")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # the disk fills as the file is flushed
    result = run("export", str(SAMPLE_DECK), "--format", fmt, "--out", str(out))
    assert result.exit_code == 2 and "no space left" in result.stderr
    _clean(result)
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.out"]


# -- 7. own inputs, stray folders ------------------------------------------------------------

def test_export_refuses_to_overwrite_its_own_deck(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_bytes(SAMPLE_DECK.read_bytes())
    result = run("export", str(deck), "--format", "markdown", "--out", str(deck))
    assert result.exit_code == 2 and "input file" in result.stderr
    assert deck.read_bytes() == SAMPLE_DECK.read_bytes()


def test_grade_refuses_to_write_scores_over_the_responses(tmp_path: Path) -> None:
    manifest, responses = _manifest(tmp_path), _responses(tmp_path)
    before = responses.read_bytes()
    result = run("exam", "grade", str(manifest), str(responses), "--out-csv", str(responses))
    assert result.exit_code == 2 and "input file" in result.stderr
    assert responses.read_bytes() == before


def test_grade_refuses_to_write_the_report_over_the_manifest(tmp_path: Path) -> None:
    manifest, responses = _manifest(tmp_path), _responses(tmp_path)
    before = manifest.read_bytes()
    result = run("exam", "grade", str(manifest), str(responses), "--report", str(manifest))
    assert result.exit_code == 2 and "input file" in result.stderr
    assert manifest.read_bytes() == before


def test_exam_build_out_with_dot_dot_makes_no_stray_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("exam", "build", str(MINI_BLUEPRINT), "--seed", "1", "--out", "a/../b")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "keys" / "manifest.json").is_file()
    assert not (tmp_path / "a").exists()


# -- 10. output errors are messages, not tracebacks -------------------------------------------

def test_grade_out_csv_to_dev_full_is_exit_2(tmp_path: Path, char_devices: dict[str, Path]) -> None:
    full = char_devices["full"]
    result = run("exam", "grade", str(_manifest(tmp_path)), str(_responses(tmp_path)), "--out-csv", str(full))
    assert result.exit_code == 2 and str(full) in result.stderr
    _clean(result)
    assert stat.S_ISCHR(full.stat().st_mode)


def test_grade_report_into_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    result = run("exam", "grade", str(_manifest(tmp_path)), str(_responses(tmp_path)),
                 "--report", "/no/such/dir/r.html")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    _clean(result)


def test_exam_build_under_a_device_is_exit_2() -> None:
    result = run("exam", "build", str(MINI_BLUEPRINT), "--seed", "1", "--out", "/dev/null/x")
    assert result.exit_code == 2 and "/dev/null/x" in result.stderr
    _clean(result)


def test_schema_to_dev_full_is_exit_2(char_devices: dict[str, Path]) -> None:
    result = run("schema", "-o", str(char_devices["full"]))
    assert result.exit_code == 2 and "no space left" in result.stderr
    _clean(result)
    assert stat.S_ISCHR(char_devices["full"].stat().st_mode)


def test_exam_build_manifest_is_not_left_truncated_on_a_full_disk(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "papers"
    (out / "keys").mkdir(parents=True)
    (out / "keys" / "manifest.json").write_text('{"previous": true}', encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("exam", "build", str(MINI_BLUEPRINT), "--seed", "1", "--out", str(out))
    assert result.exit_code == 2 and "no space left" in result.stderr
    _clean(result)
    assert json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8")) == {"previous": True}
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


# -- 5. formula injection ---------------------------------------------------------------------

def test_grade_out_csv_neutralises_formulas_in_candidate_ids(tmp_path: Path) -> None:
    import csv

    responses = _responses(tmp_path, 'candidate,variant,1\n"=HYPERLINK(""http://x"",""y"")",A,A\n+1,A,B\n'
                                     "@SUM(A1),A,A\n-2,A,A\n")
    scores = tmp_path / "scores.csv"
    result = run("exam", "grade", str(_manifest(tmp_path)), str(responses), "--out-csv", str(scores))
    assert result.exit_code == 0, result.output
    with scores.open(encoding="utf-8", newline="") as fh:
        candidates = [row[0] for row in csv.reader(fh)][1:]
    assert candidates == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'@SUM(A1)", "'-2"]
