"""Exporter plugin discovery: first-party exporters load, broken plugins are reported, never raised."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.plugins import contract_problems, discover_plugins, get_exporter
from tests.conftest import ROOT, SAMPLE_DECK

FIRST_PARTY = {"anki", "csv", "json", "markdown"}
PUBLIC_API = {"drill", "drill.exporting", "drill.card", "drill.deck", "drill.errors", "drill.text",
              "drill.exam.paper", "drill.exam.printform", "drill.atomic"}


def make_dist_info(site: Path, dist: str, version: str, entry_points: dict[str, str], modules: dict[str, str],
                   group: str = "drill.exporters") -> None:
    """A package 'installed' the way an installer leaves it: module files + NAME-VERSION.dist-info."""
    for name, source in modules.items():
        (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    eps = "\n".join(f"{k} = {v}" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{group}]\n{eps}\n", encoding="utf-8")
    (info / "RECORD").write_text("", encoding="utf-8")


GOOD_PLUGIN = '''
from pathlib import Path

class LinesExporter:
    name = "lines"
    description = "one card id per line"
    suffix = ".txt"
    accepts = frozenset({"deck"})

    def export(self, bundle, path, options):
        Path(path).write_text("".join(c.id + "\\n" for c in bundle.cards), encoding="utf-8")
        return [Path(path)]
'''


@pytest.fixture
def plugin_site(tmp_path, monkeypatch):
    """A site dir on sys.path holding one good and three broken third-party plugins."""
    site = tmp_path / "site"
    site.mkdir()
    make_dist_info(site, "drill-lines-demo", "1.2.0", {"lines": "lines_plugin:LinesExporter"},
                   {"lines_plugin": GOOD_PLUGIN})
    make_dist_info(site, "broken-import", "0.1", {"boom": "boom_plugin:exporter"},
                   {"boom_plugin": "import module_that_does_not_exist\n"})
    make_dist_info(site, "wrong-type", "0.2", {"wrong": "wrong_plugin:exporter"},
                   {"wrong_plugin": "exporter = 42\n"})
    make_dist_info(site, "half-done", "0.3", {"half": "half_plugin:Half"},
                   {"half_plugin": "class Half:\n    name = 'half'\n    accepts = {'deck', 'quiz'}\n"})
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    return site


def test_first_party_exporters_are_found_through_entry_points():
    found = {p.name: p for p in discover_plugins()}
    assert FIRST_PARTY <= set(found)
    for name in FIRST_PARTY:
        p = found[name]
        assert p.status == "ok", p.error
        assert p.first_party and p.distribution == f"drill-{name}" and p.version
    assert found["markdown"].accepts == {"deck", "exam"}
    assert found["anki"].accepts == {"deck"}


def test_broken_plugins_are_recorded_with_their_error_and_good_ones_still_load(plugin_site):
    found = {p.entry_point: p for p in discover_plugins()}
    assert found["lines"].status == "ok" and found["lines"].version == "1.2.0"
    assert found["lines"].distribution == "drill-lines-demo" and not found["lines"].first_party
    assert found["boom"].status == "error" and "ModuleNotFoundError" in found["boom"].error
    assert found["wrong"].status == "error" and "`name` must be a non-empty string" in found["wrong"].error
    half = found["half"].error
    assert "`description`" in half and "'quiz'" in half and "`export`" in half
    assert get_exporter("lines").name == "lines"
    for name in FIRST_PARTY:
        assert found[name].status == "ok"


def test_autoload_switch_keeps_first_party_and_skips_third_party(plugin_site, monkeypatch):
    monkeypatch.setenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", "1")
    found = {p.entry_point: p for p in discover_plugins()}
    assert {found[n].status for n in ("lines", "boom", "wrong", "half")} == {"skipped"}
    assert all(found[n].status == "ok" for n in FIRST_PARTY)
    assert "boom_plugin" not in sys.modules


def test_contract_checks_every_attribute():
    class Good:
        name, description, suffix, accepts = "x", "d", ".x", frozenset({"exam"})

        def export(self, bundle, path, options):
            return []

    assert contract_problems(Good()) == []
    bad = Good()
    bad.suffix = "x"
    bad.accepts = "deck"
    assert len(contract_problems(bad)) == 2
    bad2 = Good()
    bad2.contract_version = "2.0"
    assert "contract 2.0" in contract_problems(bad2)[0]


def test_plugins_command_lists_status_distribution_and_errors(plugin_site):
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["entry_point"].split(" =")[0]: r for r in json.loads(result.output)}
    assert rows["anki"]["status"] == "ok" and rows["anki"]["distribution"] == "drill-anki"
    assert rows["lines"]["accepts"] == ["deck"] and rows["lines"]["version"] == "1.2.0"
    assert rows["boom"]["status"] == "error" and "module_that_does_not_exist" in rows["boom"]["error"]
    table = CliRunner().invoke(cli, ["plugins"])
    assert table.exit_code == 0 and "boom" in table.output and "error" in table.output


def test_export_warns_about_broken_plugins_and_still_works(plugin_site, tmp_path):
    out = tmp_path / "ids.txt"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "--format", "lines", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning: exporter plugin 'boom'" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0] == "sample-counter-basics/store-types/describe/1"


def test_unknown_format_lists_the_available_ones_and_writes_nothing(tmp_path):
    out = tmp_path / "x.out"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "--format", "nope", "--out", str(out)])
    assert result.exit_code == 2
    assert "no export format 'nope'" in result.stderr
    for name in FIRST_PARTY:
        assert name in result.stderr
    assert not out.exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            # `from drill import x` reaches drill.x when x is a submodule
            if node.module == "drill":
                names.update(f"drill.{a.name}" for a in node.names if (ROOT / "drill" / a.name).exists()
                             or (ROOT / "drill" / f"{a.name}.py").exists())
    return names


@pytest.mark.parametrize("package", ["anki/drill_anki", "csv/drill_csv", "json/drill_json",
                                     "markdown/drill_markdown"])
def test_first_party_exporters_import_only_drill_public_api(package):
    files = sorted((ROOT / "exporters" / package).rglob("*.py"))
    assert files
    for f in files:
        used = {m for m in _imports(f) if m == "drill" or m.startswith("drill.")}
        assert used <= PUBLIC_API, f"{f.relative_to(ROOT)} imports private drill modules: {used - PUBLIC_API}"


THIRD_PARTY_PYPROJECT = '''
[project]
name = "drill-shout"
version = "0.3.1"
description = "Example third-party exporter: every prompt in capitals"
requires-python = ">=3.11"

[project.entry-points."drill.exporters"]
shout = "drill_shout:ShoutExporter"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["drill_shout"]
'''

THIRD_PARTY_MODULE = '''
"""Example exporter: one upper-cased prompt per line."""
from pathlib import Path

from drill.exporting import DeckBundle


class ShoutExporter:
    name = "shout"
    description = "every prompt, upper-cased"
    suffix = ".txt"
    accepts = frozenset({"deck"})

    def export(self, bundle: DeckBundle, path: Path, options) -> list[Path]:
        text = "".join(" ".join(c.prompt.split()).upper() + "\\n" for c in bundle.cards)
        Path(path).write_text(text, encoding="utf-8")
        return [Path(path)]
'''


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("uv") is None, reason="installs the plugin with uv")
def test_a_third_party_plugin_installed_for_real_is_used_by_drill_export(tmp_path):
    project = tmp_path / "drill-shout"
    (project / "drill_shout").mkdir(parents=True)
    (project / "pyproject.toml").write_text(THIRD_PARTY_PYPROJECT, encoding="utf-8")
    (project / "drill_shout" / "__init__.py").write_text(THIRD_PARTY_MODULE, encoding="utf-8")
    site = tmp_path / "site"
    # --offline: the build backend (hatchling) is already in uv's cache from building drill itself
    built = subprocess.run(["uv", "pip", "install", "--offline", "--no-deps", "--python", sys.executable,
                            "--target", str(site), str(project)], capture_output=True, text=True)
    if built.returncode != 0:  # no cached backend: install what an installer would have left
        site.mkdir(exist_ok=True)
        shutil.copytree(project / "drill_shout", site / "drill_shout")
        make_dist_info(site, "drill-shout", "0.3.1", {"shout": "drill_shout:ShoutExporter"}, {})
    assert list(site.glob("drill_shout-0.3.1.dist-info/entry_points.txt"))

    env = {k: v for k, v in os.environ.items() if k != "DRILL_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = str(site)
    out = tmp_path / "shout.txt"
    run = subprocess.run([sys.executable, "-m", "drill", "export", str(SAMPLE_DECK), "--format", "shout",
                          "--out", str(out), "--type", "typed"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    from drill import load_deck, make_cards

    typed = [c for c in make_cards(load_deck(SAMPLE_DECK)) if c.type.value == "typed"]
    assert len(lines) == len(typed) >= 2  # one line per selected card
    assert lines[0].startswith("【中国移动湖北公司】「我不知道")  # the deck says whose rules they are

    listed = subprocess.run([sys.executable, "-m", "drill", "plugins", "--json"], capture_output=True,
                            text=True, env=env)
    row = next(r for r in json.loads(listed.stdout) if r["name"] == "shout")
    assert (row["distribution"], row["version"], row["status"]) == ("drill-shout", "0.3.1", "ok")

    env["DRILL_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    off = subprocess.run([sys.executable, "-m", "drill", "export", str(SAMPLE_DECK), "--format", "shout",
                          "--out", str(tmp_path / "off.txt")], capture_output=True, text=True, env=env)
    assert off.returncode == 2 and "no export format 'shout'" in off.stderr
