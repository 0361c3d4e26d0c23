"""The shipped decks, found by id or path."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .errors import NotFoundError
from .i18n import _


def shipped_decks_dir() -> Path | None:
    """Where the shipped decks are: inside the installed wheel, or the source tree's ``decks/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_decks", here.parent / "decks"):
        if candidate.is_dir():
            return candidate
    return None


@cache
def _index(root: Path | None) -> dict[str, Path]:
    if root is None:
        return {}
    import yaml  # only the top-level `deck:` line is needed; avoid a full load

    out: dict[str, Path] = {}
    for path in sorted(root.glob("*.y*ml")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("deck:"):
                    value = yaml.safe_load(line.partition(":")[2])
                    if isinstance(value, str):
                        out[value] = path
                    break
    return out


def shipped_decks() -> dict[str, Path]:
    """Shipped deck id → file."""
    return dict(_index(shipped_decks_dir()))


def deck_file(name: str | os.PathLike[str]) -> Path:
    """A deck argument → the file to read: a path that exists, else a shipped deck's id, else the path as given.

    Unlike :func:`resolve_deck` it never raises: reading a path that does not exist
    raises the loader's own :class:`~drill.errors.DeckError` (``no such file``).
    """
    path = Path(name)
    if path.exists():
        return path
    return _index(shipped_decks_dir()).get(os.fspath(name), path)


def resolve_deck(name: str | os.PathLike[str]) -> Path:
    """A deck argument (a path, or the id of a shipped deck) → its file."""
    path = Path(name)
    if path.exists():
        return path
    found = _index(shipped_decks_dir()).get(os.fspath(name))
    if found:
        return found
    known = ", ".join(sorted(_index(shipped_decks_dir())))
    if not known:
        raise NotFoundError(_("no deck file or shipped deck named {name!r} (no decks are shipped)").format(
            name=os.fspath(name)))
    raise NotFoundError(_("no deck file or shipped deck named {name!r} (shipped decks: {known})").format(
        name=os.fspath(name), known=known))
