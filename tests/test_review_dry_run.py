"""`drill review --dry-run` shows the first card and writes nothing: no store, no folder, no sync."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _drill(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DRILL_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


def test_dry_run_without_a_store_creates_neither_store_nor_folder(tmp_path):
    home = tmp_path / "home"
    run = _drill(["review", "sample-counter-basics", "--dry-run"], home)
    assert run.returncode == 0, run.stderr
    assert "sample-counter-basics" in run.stdout          # the first card of the deck is shown
    assert not home.exists()
    custom = tmp_path / "elsewhere" / "mine.db"
    assert _drill(["review", "hall-quality-plan", "--dry-run", "--db", str(custom)], home).returncode == 0
    assert not custom.parent.exists()


def test_dry_run_leaves_an_existing_store_as_it_was(tmp_path):
    home = tmp_path / "home"
    assert _drill(["add", "decks/sample-counter-basics.yaml"], home).returncode == 0
    store = home / "drill.db"
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    run = _drill(["review", "hall-quality-plan", "--dry-run"], home)
    assert run.returncode == 0, run.stderr
    assert "hall-quality-plan" in run.stdout               # a deck not in the store: shown from a scratch copy
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    plain = _drill(["review", "--dry-run"], home)       # nothing to sync: the store itself, read only
    assert plain.returncode == 0 and "sample-counter-basics" in plain.stdout, plain.stderr
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    decks = _drill(["card", "list", "--deck", "hall-quality-plan", "--json"], home)
    assert decks.stdout.strip() in ("[]", "") or "hall-quality-plan/" not in decks.stdout
