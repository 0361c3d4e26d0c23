"""Shared fixtures: every test runs with its own DRILL_HOME and no third-party plugins."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"
SAMPLE_DECK = DECKS / "sample-counter-basics.yaml"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("drill-home")
    monkeypatch.setenv("DRILL_HOME", str(home))
    monkeypatch.setenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", "1")  # only drill's own exporters
    return home


@pytest.fixture
def sample_deck_path() -> Path:
    return SAMPLE_DECK


@pytest.fixture
def write_deck(tmp_path: Path):
    """Write YAML text to a deck file and return its path."""

    def _write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
