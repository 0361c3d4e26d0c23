"""The wheels install on their own: shipped decks inside, the first-party exporters brought in
by drill-cards itself (plain pip, `uv tool install`), no unrelated distribution pulled in, the
source distribution limited to tracked sources, and the plugin example of docs/plugins.md installs beside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest

from drill.catalog import shipped_decks
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to build the wheel")


WORKSPACE_PLUGIN_FOLDERS = ("exporters", "readers")


def _workspace_plugins() -> dict[str, Path]:
    """distribution name -> folder, for every plugin project of the workspace."""
    import tomllib

    found = {}
    for folder in WORKSPACE_PLUGIN_FOLDERS:
        for project in sorted((ROOT / folder).glob("*/pyproject.toml")):
            found[tomllib.loads(project.read_text(encoding="utf-8"))["project"]["name"]] = project.parent
    return found


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> Path:
    """A folder with the wheels of every workspace distribution, built as a release would."""
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(["uv", "build", "--all-packages", "--wheel", "--out-dir", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def wheel(wheels) -> Path:
    [built] = wheels.glob("drill_cards-*.whl")
    return built


def test_drill_cards_requires_every_workspace_plugin():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    required = {re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in project["project"]["dependencies"]}
    sources = project["tool"]["uv"]["sources"]
    plugins = _workspace_plugins()
    assert {"drill-anki", "drill-csv", "drill-exam-formats"} <= set(plugins)
    for name in plugins:
        assert name in required, f"{name} is in the workspace but `pip install drill-cards` would not bring it"
        assert sources.get(name) == {"workspace": True}, f"{name} needs `{{ workspace = true }}` in tool.uv.sources"


def test_first_party_plugins_are_the_ones_drill_cards_requires():
    from drill.plugins import FIRST_PARTY_DISTRIBUTIONS

    assert FIRST_PARTY_DISTRIBUTIONS == {"drill-cards", *_workspace_plugins()}


def test_sdist_leaves_out_what_a_reader_wrote_in_the_clone(tmp_path):
    clone = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    # what the README has a reader save or write at the top of a clone
    strays = ["my-counter.yaml", "my-exam.yaml", "responses.csv", "roster.csv", "scores.csv",
              "scores.xlsx", "counter.apkg", "my-counter.txt", "drill.db", "papers/keys/manifest.json",
              "keys/counter-staff-cert-A-key.html", "my-papers/keys/manifest.json", "report.html",
              "decks/my-own.db", "weak/keys/manifest.json"]
    for name in strays:
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_text("written by a reader\n", encoding="utf-8")
    out = tmp_path / "dist"
    subprocess.run(["uv", "build", "--sdist", "--out-dir", str(out), str(clone)], check=True,
                   capture_output=True)
    [sdist] = out.glob("drill_cards-*.tar.gz")
    import tarfile

    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert "drill/__init__.py" in names and "decks/sample-counter-basics.yaml" in names
    assert "pyproject.toml" in names and "tests/conftest.py" in names
    assert not names & set(strays), sorted(names & set(strays))


def test_distribution_is_drill_cards_not_the_unrelated_drill(wheel):
    # "drill" on the package index is an unrelated XML library; ours is drill-cards.
    assert wheel.name.startswith("drill_cards-")


def test_wheel_contains_shipped_decks_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "drill/py.typed" in names
    assert "drill/locale/zh_CN/LC_MESSAGES/drill.mo" in names  # the Chinese interface
    for path in shipped_decks().values():
        assert f"drill/_decks/{path.name}" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def _installed(pip: list[str], env: dict[str, str]) -> set[str]:
    listed = subprocess.run([*pip, "list", "--format=freeze"], check=True, capture_output=True,
                            text=True, env=env).stdout
    return {line.split("==")[0].lower() for line in listed.splitlines() if "==" in line}


def _readme_plugin(dest: Path) -> Path:
    """Write the drill-shout example of docs/plugins.md (both files) exactly as printed there."""
    readme = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n# drill-shout/pyproject.toml\n(.*?)```", readme, re.S)
    code = re.search(r"```python\n# drill-shout/drill_shout/__init__.py\n(.*?)```", readme, re.S)
    assert toml and code, "the plugin example of docs/plugins.md has moved; update this test"
    project = dest / "drill-shout"
    (project / "drill_shout").mkdir(parents=True)
    (project / "pyproject.toml").write_text(toml.group(1), encoding="utf-8")
    (project / "drill_shout" / "__init__.py").write_text(code.group(1), encoding="utf-8")
    return project


def _check_exports(drill: Path, work: Path, env: dict[str, str]) -> None:
    """The installed drill exports a shipped deck to anki and csv and a paper to docx and xlsx."""
    import csv

    import docx
    import openpyxl
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from drill import load_deck, make_cards

    work.mkdir()
    env = {**env, "DRILL_HOME": str(work / "home")}
    expected = len(make_cards(load_deck(ROOT / "decks" / "sample-counter-basics.yaml")))
    for fmt, out in (("anki", "counter.apkg"), ("csv", "counter.txt")):
        subprocess.run([str(drill), "export", "sample-counter-basics", "--format", fmt, "--out", out],
                       cwd=work, check=True, capture_output=True, env=env, timeout=300)
    col = Collection(str(work / "check.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(work / "counter.apkg"),
                                                         options=ImportAnkiPackageOptions()))
        assert col.card_count() == expected
    finally:
        col.close()
    rows = [r for r in csv.reader((work / "counter.txt").open(encoding="utf-8"), delimiter="\t")
            if r and not r[0].startswith("#")]
    assert len(rows) > 0 and len(rows) <= expected      # one line per note (a cloze note holds several cards)
    blueprint = ROOT / "exams" / "counter-staff-cert.yaml"
    for fmt in ("docx", "xlsx"):
        subprocess.run([str(drill), "exam", "build", str(blueprint), "--format", fmt, "--seed", "3",
                        "--out", f"paper-{fmt}/"], cwd=work, check=True, capture_output=True, env=env,
                       timeout=300)
    paper = docx.Document(str(work / "paper-docx" / "counter-staff-cert-A.docx"))
    assert sum(len(p.text) for p in paper.paragraphs) > 1000
    sheet = openpyxl.load_workbook(work / "paper-xlsx" / "counter-staff-cert-A.xlsx").active
    assert sheet is not None
    assert len([row for row in sheet.iter_rows(values_only=True) if any(row)]) > 40  # one row per question


@pytest.mark.slow
def test_wheel_and_readme_plugin_install_into_a_fresh_venv_with_plain_pip(wheel, wheels, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bindir / "python"), "-m", "pip", "--disable-pip-version-check"]
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env.pop("DRILL_DISABLE_PLUGIN_AUTOLOAD", None)
    # drill-cards alone on the command line: its sibling wheels come in as its dependencies
    subprocess.run([*pip, "install", "--find-links", str(wheels), str(wheel)], check=True,
                   capture_output=True, env=env, timeout=600)
    dists = _installed(pip, env)
    assert {"drill-cards", *_workspace_plugins()} <= dists
    assert "drill" not in dists                      # the unrelated XML library stays out
    _check_exports(bindir / "drill", tmp_path / "exports", env)
    version = subprocess.run([str(bindir / "drill"), "--version"], check=True, capture_output=True,
                             text=True, env=env).stdout
    assert "0." in version
    zh = subprocess.run([str(bindir / "drill"), "--help"], check=True, capture_output=True, text=True,
                        env={**env, "LANG": "zh_CN.UTF-8", "LANGUAGE": ""}).stdout
    assert "用法：" in zh                              # the installed wheel speaks Chinese too

    project = _readme_plugin(tmp_path)
    subprocess.run([*pip, "install", str(project)], check=True, capture_output=True, env=env, timeout=600)
    dists = _installed(pip, env)
    assert "drill-shout" in dists and "drill" not in dists
    plugins = subprocess.run([str(bindir / "drill"), "plugins", "--json"], check=True,
                             capture_output=True, text=True, env=env).stdout
    assert '"shout"' in plugins and '"drill-shout"' in plugins


@pytest.mark.slow
@pytest.mark.parametrize("source", ["wheel", "editable clone"])
def test_uv_tool_install_gives_a_drill_with_every_first_party_exporter(source, wheel, wheels, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env.pop("DRILL_DISABLE_PLUGIN_AUTOLOAD", None)
    env.update(UV_TOOL_DIR=str(tmp_path / "tools"), UV_TOOL_BIN_DIR=str(tmp_path / "bin"))
    args = ["--find-links", str(wheels), str(wheel)] if source == "wheel" else ["--editable", str(ROOT)]
    subprocess.run(["uv", "tool", "install", *args], check=True, capture_output=True, env=env, timeout=600)
    listed = subprocess.run([str(tmp_path / "bin" / "drill"), "plugins", "--json"], check=True,
                            capture_output=True, text=True, env=env).stdout
    import json

    plugins = {p["name"]: p for p in json.loads(listed)}
    assert {"anki", "csv", "json", "markdown", "docx", "xlsx", "html"} <= set(plugins)
    assert all(p["status"] == "ok" and p["first_party"] for p in plugins.values())
