"""Where a build's files go: papers in the output folder, keys and the manifest in a folder of their own.

What a candidate may be given (the papers) and what only the trainer keeps
(answer keys, manifest.json, the answer-sheet template) never share a folder:
the keys go to ``keys/`` inside the output folder, or wherever ``--key-out`` says.

A build is written to a hidden scratch folder beside its destination first,
then moved in file by file (each move atomic). The scratch files are not synced as
they are written but all together before the first is moved in, and the
destinations after the last (:func:`drill.atomic.scratch_folder`). A destination that already
holds files this build does not write — papers of an earlier build with more
variants, say — is refused, since a folder whose manifest lists A–C beside
stale papers D–J misleads whoever prints it; ``force`` removes those files
first. Only files are ever removed: a folder inside the destination is
refused even with ``force``.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import copy_file, scratch_folder, sync_files, sync_folders
from ..errors import InputError, Problem
from ..i18n import _, ngettext


@dataclass
class BuildFolders:
    """The destinations of one build and the files meant for each (name → scratch path)."""

    papers: Path
    keys: Path
    scratch: Path
    planned: dict[Path, dict[str, Path]] = field(default_factory=dict)

    def add(self, destination: Path, scratch_file: Path) -> Path:
        """Plan ``scratch_file`` for ``destination``; the path it will have there."""
        self.planned.setdefault(destination, {})[scratch_file.name] = scratch_file
        return destination / scratch_file.name


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise InputError(Problem(_("is a file, not a folder"), file=str(folder), code="io")) from None
    except OSError as exc:
        raise InputError(Problem(_("cannot read the folder: {reason}").format(reason=exc.strerror or exc),
                                 file=str(folder), code="io")) from None


def stale_entries(folders: BuildFolders) -> dict[Path, list[str]]:
    """Per destination, what it holds that this build will not write."""
    out: dict[Path, list[str]] = {}
    for destination in {folders.papers, folders.keys}:
        planned = folders.planned.get(destination, {})
        # the keys' own folder inside the papers' folder is this build's too
        own = {folders.keys.name} if folders.keys.parent == folders.papers else set()
        stale = [name for name in _listing(destination) if name not in planned and name not in own]
        if stale:
            out[destination] = stale
    return out


def publish(folders: BuildFolders, force: bool) -> None:
    """Move the planned files into place, after refusing (or, with ``force``, removing) stale ones."""
    stale = stale_entries(folders)
    problems = []
    for destination, names in stale.items():
        shown = ", ".join(names[:5])
        if len(names) > 5:
            shown = ngettext("{names} and {n} more", "{names} and {n} more", len(names) - 5).format(
                names=shown, n=len(names) - 5)
        if not force:
            problems.append(Problem(
                _("the folder already holds files this build does not write ({files})").format(files=shown),
                file=str(destination), code="exists"))
            continue
        folders_inside = [n for n in names if (destination / n).is_dir() and not (destination / n).is_symlink()]
        if folders_inside:
            problems.append(Problem(
                _("the folder holds folder(s) {folders}, which are never emptied").format(
                    folders=", ".join(folders_inside[:5])),
                file=str(destination), code="exists"))
    if problems:
        raise InputError(problems)
    for destination, names in stale.items():
        for name in names:
            (destination / name).unlink()
    # the scratch files were written unsynced (scratch_folder): they reach the disk here, all at once,
    # before any of them is moved into place
    sync_files(source for files in folders.planned.values() for source in files.values())
    moves = []
    for destination, files in folders.planned.items():
        destination.mkdir(parents=True, exist_ok=True)
        moves += [(source, destination / name) for name, source in files.items()]
    # each move is atomic on its own; several at once let the file system commit them (and free the files
    # they replace) together
    with ThreadPoolExecutor(max_workers=min(16, len(moves) or 1)) as pool:
        for _done in pool.map(_move, moves):
            pass
    sync_folders(folders.planned)


def _move(move: tuple[Path, Path]) -> None:
    source, target = move
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        copy_file(source, target)  # another file system: copied atomically


@contextmanager
def build_folders(papers: str | os.PathLike[str], keys: str | os.PathLike[str] | None = None
                  ) -> Iterator[BuildFolders]:
    """Scratch space for a build whose papers go to ``papers`` and keys (and manifest) to ``keys``."""
    papers_dir = Path(papers)
    keys_dir = Path(keys) if keys is not None else papers_dir
    for folder in {papers_dir, keys_dir}:
        _listing(folder)  # a file where a folder should be is an error before any work
        if folder == keys_dir and keys_dir.parent == papers_dir:
            continue  # made when the build is moved in: a failed build leaves no empty keys/ behind
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(Problem(_("cannot create the folder: {reason}").format(reason=exc.strerror or exc),
                                     file=str(folder), code="io")) from None
    scratch = Path(tempfile.mkdtemp(prefix=".drill-build-", dir=papers_dir.resolve().parent))
    try:
        with scratch_folder(scratch):
            yield BuildFolders(papers_dir, keys_dir, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
