"""One hostile plugin cannot break `drill plugins`, other formats or `exam build`, nor fake a success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.plugins import discover_plugins
from tests.conftest import ROOT, SAMPLE_DECK
from tests.test_plugins import make_dist_info

MINI_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"

RAISING_NAME = '''
class Exporter:
    description = "name raises"
    suffix = ".txt"
    accepts = frozenset({"deck", "exam"})

    @property
    def name(self):
        raise RuntimeError("no name today")

    def export(self, bundle, path, options):
        return []

exporter = Exporter()
'''

EXITING = '''
import sys
from pathlib import Path

class Exporter:
    name = "quitter"
    description = "exits instead of writing\\x1b]2;pwned\\x07"
    suffix = ".txt"
    accepts = frozenset({"deck", "exam"})

    def export(self, bundle, path, options):
        sys.exit(0)

exporter = Exporter()
'''


@pytest.fixture
def hostile_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    make_dist_info(site, "raising-name", "0.1", {"raising": "raising_plugin:exporter"},
                   {"raising_plugin": RAISING_NAME})
    make_dist_info(site, "interrupting", "0.1", {"interrupt": "interrupt_plugin:exporter"},
                   {"interrupt_plugin": "raise KeyboardInterrupt\n"})
    make_dist_info(site, "exiting-import", "0.1", {"exitimport": "exitimport_plugin:exporter"},
                   {"exitimport_plugin": "import sys\nsys.exit(3)\n"})
    make_dist_info(site, "quitter", "0.1", {"quitter": "quitter_plugin:exporter"}, {"quitter_plugin": EXITING})
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    return site


def test_a_raising_name_or_an_interrupt_at_import_is_recorded_not_raised(hostile_site: Path) -> None:
    found = {p.entry_point: p for p in discover_plugins()}
    assert found["raising"].status == "error" and "no name today" in found["raising"].error
    assert found["interrupt"].status == "error" and "KeyboardInterrupt" in found["interrupt"].error
    assert found["exitimport"].status == "error" and "SystemExit" in found["exitimport"].error
    assert found["anki"].status == "ok" and found["quitter"].status == "ok"


def test_plugins_command_still_lists_everything(hostile_site: Path) -> None:
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "anki" in result.output and "raising" in result.output and "\x1b]" not in result.output
    listed = json.loads(CliRunner().invoke(cli, ["plugins", "--json"]).output)
    assert {p["name"] for p in listed} >= {"anki", "csv", "raising", "interrupt", "quitter"}


def test_other_formats_still_export(hostile_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.txt"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("#separator:tab")


def test_exam_build_still_works(hostile_site: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["exam", "build", str(MINI_BLUEPRINT), "--seed", "1",
                                      "--out", str(tmp_path / "papers")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "papers" / "keys" / "manifest.json").is_file()


def test_sys_exit_inside_export_is_a_failure_not_success(hostile_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "--format", "quitter", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "quitter" in result.stderr and "SystemExit" in result.stderr
    result = CliRunner().invoke(cli, ["exam", "build", str(MINI_BLUEPRINT), "--seed", "1", "--format", "quitter",
                                      "--out", str(tmp_path / "papers")])
    assert result.exit_code == 1, result.output
    assert "SystemExit" in result.stderr
    assert not (tmp_path / "papers" / "keys" / "manifest.json").exists()
