"""An answer given while another process holds the store's write lock (an import) waits and is kept."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.errors import StoreError
from drill.store import Store
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "drill.db"
    result = CliRunner().invoke(cli, ["add", str(MINI), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def _hold_write_lock(db: Path, seconds: float, held: threading.Event) -> None:
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE settings SET value = value WHERE 0")
    held.set()
    time.sleep(seconds)
    other.execute("COMMIT")
    other.close()


def test_an_answer_waits_for_the_write_lock_and_is_kept_when_told_to(store_path):
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(store_path, 2.0, held))
    holder.start()
    held.wait()
    waits: list[float] = []
    with Store(store_path, timeout=0.2) as store:
        store.on_busy = waits.append
        card = store.known_card_ids()[0]
        started = time.monotonic()
        store.answer(card, 3, datetime.now(UTC))
        assert time.monotonic() - started >= 1.0  # it waited for the other writer
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
    holder.join()
    assert waits and waits[0] < 1.0  # told early, not after the whole busy timeout


def test_without_a_waiter_a_busy_store_still_fails_after_its_timeout(store_path):
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(store_path, 1.5, held))
    holder.start()
    held.wait()
    with Store(store_path, timeout=0.2) as store, pytest.raises(StoreError, match="busy"):
        store.answer(store.known_card_ids()[0], 3, datetime.now(UTC))
    holder.join()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_review_in_a_terminal_keeps_an_answer_given_while_an_import_writes(tmp_path):
    from tests.test_tmux_review import Terminal

    drill = Path(sys.executable).with_name("drill")
    env = {"DRILL_HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path), "LANGUAGE": "en"}
    term = Terminal([str(drill), "review", str(MINI)], env)
    try:
        term.wait_for("什么是「服务意识」？")
        holder = subprocess.Popen([sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(tmp_path / 'drill.db')!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(4); c.execute('COMMIT')\n")],
            stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline() == "held\n"
        term.keys("Space")
        term.wait_for("4 Easy")
        term.keys("3")
        term.wait_for("the store is busy")
        holder.wait(timeout=30)
        term.wait_for("这说的是哪个概念", timeout=30)  # the session went on
        with Store(tmp_path / "drill.db") as store:
            rows = store.conn.execute("SELECT card_id, rating FROM reviews").fetchall()
        assert rows == [("review-mini/service-awareness/define", 3)]
    finally:
        term.close()
