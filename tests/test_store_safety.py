"""Store files that are not what they should be get their own message, and never a raw sqlite3 error."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.errors import StoreError
from drill.store import SCHEMA_VERSION, Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def _store_with_cards(path: Path) -> None:
    with Store(path) as s:
        sync_decks(s, [SAMPLE_DECK], NOW)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_zero_byte_file_is_not_silently_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "drill.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="empty file"):
        Store(path)
    assert path.read_bytes() == b""


def test_truncated_store_is_called_truncated(tmp_path: Path) -> None:
    path = tmp_path / "drill.db"
    _store_with_cards(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="truncated") as info:
        Store(path)
    assert "damaged" not in str(info.value)
    result = CliRunner().invoke(cli, ["doctor", "--db", str(path)])
    assert result.exit_code == 1 and "truncated" in result.output and "Traceback" not in result.output


def test_store_symlinked_to_a_device_is_refused_and_no_journal_is_made(tmp_path: Path,
                                                                        char_devices: dict[str, Path]) -> None:
    link = tmp_path / "drill.db"
    link.symlink_to(char_devices["null"])
    with pytest.raises(StoreError, match="not a regular file"):
        Store(link)
    assert not Path(f"{char_devices['null']}-journal").exists()
    assert not Path(f"{link}-journal").exists() and not Path(f"{link}-wal").exists()


def test_store_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_drill_home_that_cannot_be_created_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRILL_HOME", str(blocker / "home"))
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 1 and "cannot create the folder" in result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info


@pytest.mark.parametrize("command", [["review"], ["stats"], ["add", str(SAMPLE_DECK)]])
def test_in_memory_db_is_refused(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--db", ":memory:"])
    assert result.exit_code == 2 and "in-memory" in result.output


def test_newer_schema_in_the_journal_does_not_claim_the_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "drill.db"
    with Store(path):
        pass
    writer = sqlite3.connect(path)  # stays open: its write sits in the WAL, not yet in the file
    try:
        writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
        writer.commit()
        with pytest.raises(StoreError, match="newer drill") as info:
            Store(path)
        assert "not changed" not in str(info.value)
    finally:
        writer.close()


def test_a_full_store_raises_store_error_not_sqlite3(tmp_path: Path) -> None:
    path = tmp_path / "drill.db"
    with Store(path) as s:
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
        s.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the disk is full after one more page
        with pytest.raises(StoreError, match="could not be written"):
            sync_decks(s, [ROOT / "decks" / "cmcc-hubei-sales.yaml"], NOW)
        assert s.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0


def _run_as_nobody(code: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as an unprivileged user")
    def run(source: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                               source], capture_output=True, text=True, timeout=60, cwd=ROOT,
                              env={**os.environ, "HOME": "/nonexistent", "DRILL_HOME": "/nonexistent"})

    probe = run("import drill.store")
    if probe.returncode != 0:
        pytest.skip(f"the unprivileged user cannot run this Python: {probe.stderr.strip()[-200:]}")
    return run(code)


def test_read_only_folder_gets_its_own_message() -> None:
    folder = Path(tempfile.mkdtemp(prefix="drill-ro-"))
    try:
        folder.chmod(0o755)  # readable by everyone, writable only by its owner (root)
        _store_with_cards(folder / "drill.db")
        (folder / "drill.db").chmod(0o644)
        proc = _run_as_nobody(
            "from drill.store import Store\n"
            "from drill.errors import StoreError\n"
            "try:\n"
            f"    Store({str(folder / 'drill.db')!r})\n"
            "except StoreError as exc:\n"
            "    print('StoreError:', exc)\n")
        assert "StoreError:" in proc.stdout, proc.stderr
        assert "read-only" in proc.stdout and "damaged" not in proc.stdout
    finally:
        shutil.rmtree(folder)


def _copy_deck(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE_DECK.read_bytes())
    return path


def test_two_files_with_one_deck_id_in_one_add_are_refused(tmp_path: Path) -> None:
    a, b = _copy_deck(tmp_path, "a.yaml"), _copy_deck(tmp_path, "b.yaml")
    result = CliRunner().invoke(cli, ["add", str(a), str(b), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "b.yaml" in result.output and "a.yaml" in result.output
    with Store(tmp_path / "d.db") as s:
        assert s.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0


def test_a_second_file_with_a_deck_id_already_in_the_store_is_refused(tmp_path: Path) -> None:
    a, b = _copy_deck(tmp_path, "a.yaml"), _copy_deck(tmp_path, "b.yaml")
    b.write_text(b.read_text(encoding="utf-8").replace("term: ", "term: 新", 1), encoding="utf-8")
    db = tmp_path / "d.db"
    with Store(db) as s:
        sync_decks(s, [a], NOW)
        with pytest.raises(Exception, match="also the id of"):
            sync_decks(s, [b], NOW)
        assert s.conn.execute("SELECT count(*) FROM cards WHERE orphaned = 1").fetchone()[0] == 0


def test_a_moved_deck_file_is_not_a_conflict(tmp_path: Path) -> None:
    a = _copy_deck(tmp_path, "a.yaml")
    db = tmp_path / "d.db"
    with Store(db) as s:
        sync_decks(s, [a], NOW)
        moved = tmp_path / "moved.yaml"
        a.rename(moved)
        [report] = sync_decks(s, [moved], NOW)
        assert report.orphaned == [] and s.conn.execute(
            "SELECT count(*) FROM cards WHERE orphaned = 1").fetchone()[0] == 0
