"""The documentation site builds with warnings as errors, API reference included, and says what it should."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import docs_pages
from tests.conftest import ROOT

MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.mark.skipif(not MKDOCS.exists() and shutil.which("mkdocs") is None, reason="mkdocs is in the dev group")
def test_docs_build_strict_with_the_api_reference(tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("drill.load_deck", "drill.grading.judge", "drill.weak_paper", "drill.retrievability_by_card",
                 "drill.errors.DrillError", "drill.i18n.speaking"):
        assert f'id="{name}"' in api, f"{name} is missing from the API reference"
    assert (site / "zh" / "quickstart" / "index.html").exists()


def test_readme_is_short_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    assert "\n    uv run drill review cmcc-hubei-sales\n" in readme
    assert "\n    uv run --group dev pytest\n" in readme


def test_every_docs_page_is_in_the_site_nav():
    listed = {p.resolve() for p in docs_pages.pages()}
    on_disk = {p.resolve() for p in (ROOT / "docs").rglob("*.md")}
    assert on_disk <= listed, f"pages not in mkdocs.yml's nav: {sorted(map(str, on_disk - listed))}"


def test_chinese_quick_start_explains_quitting_and_the_language_file():
    page = (ROOT / "docs" / "zh" / "quickstart.md").read_text(encoding="utf-8")
    assert ":q" in page and "~/.config/drill/language" in page and 'export PATH="$HOME/uv/bin:$PATH"' in page


def test_the_language_file_is_where_the_docs_say(tmp_path, monkeypatch):
    from drill.language_choice import language_file

    monkeypatch.delenv("DRILL_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    if sys.platform.startswith("linux"):
        assert language_file() == tmp_path / "config" / "drill" / "language"
    monkeypatch.setenv("DRILL_HOME", str(tmp_path / "home"))
    assert language_file() == tmp_path / "home" / "language"
    assert "`$DRILL_HOME/language`" in (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
