"""Writing files so that a failure never leaves a damaged or half-written one.

Every file drill writes goes through this module:

* a **regular file** (or a path that does not exist yet) is written to a
  temporary file in the same folder, flushed and ``fsync``-ed, then renamed over
  the target, and the folder is ``fsync``-ed. A reader sees the old file or the
  new one, never a mix; on any failure the temporary file is removed and the
  old file is left as it was. An existing file keeps its permission bits.
* a **symbolic link** is followed: its target is written atomically as above
  and the link stays a link.
* a **character device or FIFO** (``/dev/null``, ``/dev/stdout``, a pipe) is
  written through: it is opened and written, never replaced by a regular file.
  A write error there (``/dev/full``: no space left) is an :class:`OutputError`.
* a **directory, block device or socket** is refused.
* inside a **scratch folder** (:func:`scratch_folder`: a build assembled before it is moved into
  place) files are written without syncing; the mover syncs them all at once (:func:`sync_files`)
  before any is moved into its destination.
* a target that is one of the command's own input files (``inputs=``), or a
  file the user may not write (read-only), is refused before anything is written.

Errors are :class:`OutputError` (an :class:`~drill.errors.InputError`, so the
CLI reports the path and exits with code 2), never a raw ``OSError``.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_text(folder / "a.txt", "你好\\n")
>>> (folder / "a.txt").read_text(encoding="utf-8")
'你好\\n'
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .i18n import _

__all__ = [
    "OutputError",
    "atomic_open",
    "atomic_path",
    "check_not_input",
    "formula_safe",
    "scratch_folder",
    "sync_files",
    "sync_folders",
    "write_bytes",
    "write_text",
]

PathLike = str | os.PathLike[str]

# Cells a spreadsheet reads as a formula (or, for tab/CR, as a cell break that
# hides one): = + - @ start formulas in Excel, LibreOffice and Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: object) -> str:
    """``cell`` as text a spreadsheet shows as text, never runs as a formula.

    A value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (the OWASP advice for CSV injection);
    everything else is returned unchanged.

    >>> formula_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> formula_safe("24小时")
    '24小时'
    """
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return _("no space left on the device")
    if exc.errno == errno.EDQUOT:
        return _("disk quota exceeded")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if exc.errno == errno.EROFS:
        return _("the file system is read-only")
    if exc.errno == errno.ENOENT:
        return _("the folder does not exist")
    if exc.errno == errno.ENOTDIR:
        return _("a part of the path is not a folder")
    if exc.errno == errno.EISDIR:
        return _("it is a folder")
    return exc.strerror or str(exc)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_not_input(path: PathLike, inputs: Iterable[PathLike]) -> None:
    """Raise :class:`OutputError` if ``path`` is (a link to, or the same file as) one of ``inputs``."""
    try:
        target = os.stat(path)
    except OSError:
        return
    for given in inputs:
        try:
            if _same_file(target, os.stat(given)):
                raise OutputError(os.fspath(path), _("refusing to write over the input file {path}").format(
                    path=repr(os.fspath(given))))
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


#: Folders whose files are not synced one by one (see :func:`scratch_folder`).
_SCRATCH: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("drill_scratch_folders", default=())


@contextlib.contextmanager
def scratch_folder(folder: PathLike) -> Iterator[None]:
    """Within the block, files written below ``folder`` are not synced (nor, when new, written under another name).

    For a private folder whose files are moved into their destination later
    (``drill exam build`` writes a build there): the mover syncs them once, all
    together, with :func:`sync_files`, rather than each write waiting for the
    disk twice. Files written anywhere else are synced as always.
    """
    token = _SCRATCH.set((*_SCRATCH.get(), os.path.realpath(folder)))
    try:
        yield
    finally:
        _SCRATCH.reset(token)


def _in_scratch(folder: str) -> bool:
    return any(folder == s or folder.startswith(s + os.sep) for s in _SCRATCH.get())


def _fsync_path(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(path, _("cannot write: {reason}").format(reason=_describe(exc))) from None


def sync_files(paths: Iterable[PathLike]) -> None:
    """``fsync`` the files ``paths``, several at once (the file system commits them together)."""
    names = [os.fspath(p) for p in paths]
    if len(names) <= 1:
        for name in names:
            _fsync_path(name)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(16, len(names))) as pool:
        for _done in pool.map(_fsync_path, names):
            pass


def sync_folders(folders: Iterable[PathLike]) -> None:
    """``fsync`` the folders, so the names moved into them last."""
    for folder in dict.fromkeys(os.fspath(f) for f in folders):
        _fsync_folder(folder)


def _write_through(tmp: str, target: str) -> None:
    """Copy ``tmp`` into the device or FIFO ``target`` without replacing it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISFIFO(os.stat(target).st_mode):
        flags |= os.O_NONBLOCK  # no reader: refuse instead of hanging
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(str(target), _("cannot write: nothing is reading from this pipe")) from None
        raise
    try:
        if flags & os.O_NONBLOCK:
            os.set_blocking(fd, True)
        with open(tmp, "rb") as src:
            while chunk := src.read(1 << 16):
                view = memoryview(chunk)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: PathLike, *, inputs: Iterable[PathLike] = ()) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``path`` (see the module docs).

    For writers that need a file name (zip, docx, sqlite). Nothing reaches
    ``path`` if the ``with`` body raises.

    >>> import tempfile, pathlib, zipfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.zip"
    >>> with atomic_path(out) as tmp:
    ...     zipfile.ZipFile(tmp, "w").close()
    >>> zipfile.is_zipfile(out)
    True
    """
    given = os.fspath(path)
    inputs = list(inputs)
    check_not_input(given, inputs)
    target = os.path.realpath(given)  # a symlink's target is written; the link stays
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(given, _("cannot write: {reason}").format(reason=_describe(exc))) from None
    device = False
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            device = True
        elif stat.S_ISDIR(st.st_mode):
            raise OutputError(given, _("cannot write: it is a folder"))
        else:
            raise OutputError(given, _("refusing to write: not a regular file (block device or socket)"))
    if st is not None and not device and not os.access(target, os.W_OK):
        # a rename could replace it, but a file the user made read-only is not drill's to overwrite
        raise OutputError(given, _("cannot write: the file is read-only"))
    folder = tempfile.gettempdir() if device else (os.path.dirname(target) or ".")
    if not device and not os.path.isdir(folder):
        raise OutputError(given, _("cannot write: the folder {folder} does not exist").format(
            folder=repr(os.path.dirname(given) or ".")))
    if not device and st is None and _in_scratch(os.path.realpath(folder)):
        # a new file in a private scratch folder: nobody reads it before the build is moved in
        try:
            yield Path(target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".tmp")
    except OSError as exc:
        raise OutputError(given, _("cannot write: {reason}").format(reason=_describe(exc))) from None
    os.close(fd)
    try:
        yield Path(tmp)
        if device:
            _write_through(tmp, target)
        else:
            mode = stat.S_IMODE(st.st_mode) if st is not None else (0o666 & ~_umask())
            os.chmod(tmp, mode)
            scratch = _in_scratch(os.path.realpath(folder))
            if not scratch:
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
            if not scratch:
                _fsync_folder(folder)
    except OSError as exc:
        raise OutputError(given, _("cannot write: {reason}").format(reason=_describe(exc))) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


@contextlib.contextmanager
def atomic_open(
    path: PathLike,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    inputs: Iterable[PathLike] = (),
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing (``"w"`` or ``"wb"``) atomically; the file appears when the block ends.

    >>> import tempfile, pathlib, csv
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> with atomic_open(out, newline="") as fh:
    ...     _ = csv.writer(fh).writerow(["id", "答案"])
    >>> out.read_bytes().decode("utf-8")
    'id,答案\\r\\n'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes whole files: mode must be 'w' or 'wb', not {mode!r}")
    with atomic_path(path, inputs=inputs) as tmp:
        try:
            if mode == "wb":
                fh: IO[Any] = open(tmp, "wb")  # noqa: SIM115
            else:
                fh = open(tmp, "w", encoding=encoding, newline=newline)  # noqa: SIM115
            with fh:
                yield fh
        except OSError as exc:
            raise OutputError(os.fspath(path), _("cannot write: {reason}").format(reason=_describe(exc))) from None


def write_bytes(path: PathLike, data: bytes, *, inputs: Iterable[PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` atomically; return ``Path(path)``."""
    with atomic_open(path, "wb", inputs=inputs) as fh:
        fh.write(data)
    return Path(path)


def write_text(
    path: PathLike,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    inputs: Iterable[PathLike] = (),
) -> Path:
    """Write ``text`` to ``path`` atomically; return ``Path(path)``."""
    with atomic_open(path, "w", encoding=encoding, newline=newline, inputs=inputs) as fh:
        fh.write(text)
    return Path(path)


def copy_file(source: PathLike, path: PathLike, *, inputs: Iterable[PathLike] = ()) -> Path:
    """Copy ``source`` to ``path`` atomically (used to publish a file built elsewhere)."""
    with atomic_open(path, "wb", inputs=inputs) as fh, open(source, "rb") as src:
        shutil.copyfileobj(src, fh)
    return Path(path)
