"""Shared fixtures: every test runs with its own DRILL_HOME, no third-party plugins, in English.

Messages are translated by the locale (drill.i18n); tests that check Chinese
set LANG/LANGUAGE for the drill they start themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"
SAMPLE_DECK = DECKS / "sample-counter-basics.yaml"
#: `drill review --seed` for tests (see _isolated_home)
REVIEW_SEED = "21"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("drill-home")
    monkeypatch.setenv("DRILL_HOME", str(home))
    monkeypatch.setenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", "1")  # only drill's own exporters
    # review shuffles multiple-choice options per showing; under this seed the first showing of
    # review-mini's choice card keeps the deck's order, so tests name its options by the deck's
    # letters (test_review_keys.py checks the shuffling itself)
    monkeypatch.setenv("DRILL_SEED", REVIEW_SEED)
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
    # English messages, whatever the machine's locale: in this process and in the drills it starts
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(var, None)
    os.environ["LANG"] = "C.UTF-8"
    from drill.i18n import setup

    setup("en")


@pytest.fixture
def char_devices(tmp_path: Path) -> dict[str, Path]:
    """Private copies of /dev/null and /dev/full (same device numbers) in tmp_path.

    Tests write to these, never to the real ones: a regression that replaced
    the target with a regular file would otherwise break the machine's /dev.
    """
    import stat

    made = {}
    for name, minor in (("null", 3), ("full", 7)):
        path = tmp_path / f"dev-{name}"
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        except (OSError, AttributeError):
            pytest.skip("making device nodes needs root on a file system that allows them")
        made[name] = path
    return made
