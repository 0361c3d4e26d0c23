"""drill.atomic: whole files or nothing, devices written through, inputs never overwritten."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from drill.atomic import OutputError, atomic_open, atomic_path, formula_safe, write_bytes, write_text


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith((".part", ".tmp")))


def test_new_file_is_written_and_no_temp_left(tmp_path: Path) -> None:
    out = write_text(tmp_path / "卡片.txt", "开户须本人办理\n")
    assert out.read_text(encoding="utf-8") == "开户须本人办理\n"
    assert _leftovers(tmp_path) == []


def test_failure_inside_the_writer_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "deck.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("new, half")
        raise RuntimeError("disk pulled")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_existing_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_umask_permissions_not_private_temp_ones(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_dev_null_is_written_through_not_replaced(char_devices: dict[str, Path]) -> None:
    null = char_devices["null"]
    before = null.stat()
    write_bytes(null, b"x" * 100_000)
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)
    assert sorted(p.name for p in null.parent.iterdir()) == ["dev-full", "dev-null"]


def test_dev_full_is_a_clear_error_and_stays_a_device(char_devices: dict[str, Path]) -> None:
    full = char_devices["full"]
    with pytest.raises(OutputError, match="no space left"):
        write_bytes(full, b"x")
    assert stat.S_ISCHR(full.stat().st_mode)


def test_fifo_with_a_reader_gets_the_bytes(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text(fifo, "题目\n")
        assert os.read(reader, 1024) == "题目\n".encode()
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_fifo_without_a_reader_is_refused_not_hung(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="nothing is reading"):
        write_text(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="folder"):
        write_text(tmp_path, "x")


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist") as info:
        write_text(tmp_path / "no" / "such" / "r.html", "x")
    assert info.value.problems[0].file == str(tmp_path / "no" / "such" / "r.html")
    assert not (tmp_path / "no").exists()


def test_path_under_a_device_is_a_clear_error() -> None:
    with pytest.raises(OutputError):
        write_text("/dev/null/x", "x")


def test_own_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("deck: x\n", encoding="utf-8")
    link = tmp_path / "alias.yaml"
    link.symlink_to(deck)
    for target in (deck, link, tmp_path / "." / "deck.yaml"):
        with pytest.raises(OutputError, match="input file"):
            write_text(target, "# markdown", inputs=[deck])
    assert deck.read_text(encoding="utf-8") == "deck: x\n"


def test_atomic_path_publishes_a_file_written_by_name(tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "d.apkg"
    with atomic_path(out) as tmp:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("media", "{}")
    assert zipfile.is_zipfile(out)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 10086", "'+86 10086"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("开户须本人办理", "开户须本人办理"),
        ("A1 = B", "A1 = B"),
        ("", ""),
    ],
)
def test_formula_safe_neutralises_formula_starts_only(cell: str, expected: str) -> None:
    assert formula_safe(cell) == expected


def test_module_examples_run() -> None:
    import doctest

    import drill.atomic

    result = doctest.testmod(drill.atomic)
    assert result.attempted > 0 and result.failed == 0


def test_a_read_only_file_is_refused_not_replaced_by_rename(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys
    import tempfile

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as an unprivileged user (root may write any file)")
    folder = Path(tempfile.mkdtemp(prefix="drill-ro-file-"))
    try:
        folder.chmod(0o777)  # anyone may make files here (so a rename would work) ...
        target = folder / "paper.md"
        target.write_text("kept", encoding="utf-8")
        target.chmod(0o444)  # ... but this file is read-only
        code = ("from drill.atomic import write_text\nfrom drill.errors import OutputError\n"
                f"try:\n    write_text({str(target)!r}, 'new')\nexcept OutputError as exc:\n    print(exc)\n")
        proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                               code], capture_output=True, text=True, timeout=60,
                              cwd=Path(__file__).resolve().parent.parent)
        if proc.returncode != 0:
            pytest.skip(f"the unprivileged user cannot run this Python: {proc.stderr.strip()[-200:]}")
        assert "read-only" in proc.stdout
        assert target.read_text(encoding="utf-8") == "kept"
        assert sorted(p.name for p in folder.iterdir()) == ["paper.md"]
    finally:
        shutil.rmtree(folder)
