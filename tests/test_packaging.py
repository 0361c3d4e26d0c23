"""The wheel installs on its own: shipped decks inside, no unrelated distribution pulled in,
and the README's plugin example installs beside it with plain pip."""

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(["uv", "build", "--wheel", "--out-dir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("*.whl")
    return built


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
    """Write the README's drill-shout example (both files) exactly as printed there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n# drill-shout/pyproject.toml\n(.*?)```", readme, re.S)
    code = re.search(r"```python\n# drill-shout/drill_shout/__init__.py\n(.*?)```", readme, re.S)
    assert toml and code, "the README's plugin example has moved; update this test"
    project = dest / "drill-shout"
    (project / "drill_shout").mkdir(parents=True)
    (project / "pyproject.toml").write_text(toml.group(1), encoding="utf-8")
    (project / "drill_shout" / "__init__.py").write_text(code.group(1), encoding="utf-8")
    return project


@pytest.mark.slow
def test_wheel_and_readme_plugin_install_into_a_fresh_venv_with_plain_pip(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bindir / "python"), "-m", "pip", "--disable-pip-version-check"]
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    subprocess.run([*pip, "install", str(wheel)], check=True, capture_output=True, env=env, timeout=600)
    dists = _installed(pip, env)
    assert "drill-cards" in dists
    assert "drill" not in dists                      # the unrelated XML library stays out
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
