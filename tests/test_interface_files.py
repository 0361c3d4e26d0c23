"""The language file and the message catalogs: read only when small regular files; a bad catalog means English.

A FIFO at the language file must not hang any command; a device or a huge file
there is not read; a truncated or garbage catalog, or a translation with a
wrong placeholder, gives English with one warning, and `--help` always works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drill import i18n

ROOT = Path(__file__).resolve().parent.parent


def _drill(*args: str, home: Path, pythonpath: Path | None = None, language: str = "zh_CN",
           timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(DRILL_HOME=str(home), LANGUAGE=language, PYTHONIOENCODING="utf-8")
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    # run from the home folder: `python -m` puts the working folder first on the path
    return subprocess.run([sys.executable, "-m", "drill", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=home)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_at_the_language_file_hangs_no_command(tmp_path):
    os.mkfifo(tmp_path / "language")
    for args in (("--help",), ("config", "language"), ("preset", "list")):
        result = _drill(*args, home=tmp_path, language="en", timeout=30)  # a hang would time out
        assert result.returncode == 0, (args, result.stderr)
    # setting the language does not write into the pipe (nor hang on it): it says so
    result = _drill("config", "language", "en", home=tmp_path, language="en", timeout=30)
    assert result.returncode == 2, result.stderr
    assert "language" in result.stderr and "pipe" in result.stderr and "Traceback" not in result.stderr


def test_a_device_at_the_language_file_is_not_read(tmp_path, monkeypatch):
    (tmp_path / "language").symlink_to("/dev/zero")  # reading it would never end
    monkeypatch.setenv("DRILL_HOME", str(tmp_path))
    started = time.monotonic()
    assert i18n.configured_language() is None
    assert time.monotonic() - started < 5


def test_a_500_mb_language_file_is_not_read(tmp_path, monkeypatch):
    with open(tmp_path / "language", "wb") as fh:
        fh.write(b"en")
        fh.truncate(500 << 20)  # sparse: no disk used
    monkeypatch.setenv("DRILL_HOME", str(tmp_path))
    assert i18n.configured_language() is None
    (tmp_path / "language").write_text("zh-CN\n", encoding="utf-8")
    assert i18n.configured_language() == "zh-CN"  # a real one is still read


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the drill package whose catalog a test may damage (the real one is never touched)."""
    target = tmp_path / "pkg"
    shutil.copytree(ROOT / "drill", target / "drill", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _catalog(package: Path) -> Path:
    return package / "drill" / "locale" / "zh_CN" / "LC_MESSAGES" / "drill.mo"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "huge-header"])
def test_a_damaged_catalog_under_a_chinese_locale_falls_back_to_english_with_one_warning(tmp_path, package_copy,
                                                                                         damage):
    mo = _catalog(package_copy)
    data = mo.read_bytes()
    mo.write_bytes({
        "truncated": data[: len(data) // 3],
        "garbage": b"\xde\x12\x04\x95" + os.urandom(5000),
        "empty": b"",
        "huge-header": data[:8] + (0xFFFFFFF).to_bytes(4, "little") + data[12:],
    }[damage])
    result = _drill("--help", home=tmp_path, pythonpath=package_copy)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "Traceback" not in result.stderr
    assert result.stderr.count("warning: the message catalog") == 1
    result = _drill("preset", "delete", "nope", home=tmp_path, pythonpath=package_copy)
    assert result.returncode == 2 and "error: no preset 'nope'" in result.stderr  # English, not a crash


def test_a_translation_with_a_wrong_placeholder_is_shown_in_english_with_one_warning(tmp_path, package_copy):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="zh_CN", domain="drill")
    catalog.add("error: {message}", "错误：{0}")  # .format(message=…) would raise IndexError
    catalog.add("no preset {name} (`drill preset list` shows them)", "没有预设 {name}（{nombre}）")  # KeyError
    catalog.add("Show the version and exit.", "显示版本并退出。")  # a good one stays Chinese
    with open(_catalog(package_copy), "wb") as fh:
        write_mo(fh, catalog)
    result = _drill("preset", "delete", "nope", home=tmp_path, pythonpath=package_copy)
    assert result.returncode == 2, result.stderr
    assert "error: no preset 'nope' (`drill preset list` shows them)" in result.stderr
    assert result.stderr.count("wrong placeholder") == 1 and "Traceback" not in result.stderr
    assert "显示版本并退出" in _drill("--help", home=tmp_path, pythonpath=package_copy).stdout


def test_the_shipped_catalog_has_no_wrong_placeholder():
    catalog = i18n._load_catalog("zh_CN")
    assert isinstance(catalog, i18n._CheckedTranslations)
    entries = catalog._catalog  # type: ignore[attr-defined]
    plural_ids = {key[0] for key in entries if isinstance(key, tuple)}
    bad = [key for key, text in entries.items()
           if isinstance(key, str) and key and key not in plural_ids and not i18n._same_fields(text, (key,))]
    assert len(entries) > 100 and bad == []
