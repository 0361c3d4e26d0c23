"""The wheel carries the shipped decks, so an installed drill can name them by id."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from drill.catalog import shipped_decks
from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to build the wheel")
def test_wheel_contains_shipped_decks_and_py_typed(tmp_path):
    subprocess.run(["uv", "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = tmp_path.glob("drill-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "drill/py.typed" in names
    for path in shipped_decks().values():
        assert f"drill/_decks/{path.name}" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
