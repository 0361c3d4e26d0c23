"""The exporter plugin contract (version :data:`CONTRACT_VERSION`).

An exporter is any object with the attributes and method of :class:`Exporter`,
published under the entry point group ``drill.exporters``::

    # pyproject.toml of a plugin
    [project.entry-points."drill.exporters"]
    flashdeck = "drill_flashdeck:exporter"

The entry point names an exporter instance (or a class / zero-argument
factory that returns one). An exporter declares what it ``accepts``:
``"deck"`` — a :class:`DeckBundle` (deck metadata plus cards), written to one
file at ``path``; ``"exam"`` — one :class:`~drill.exam.paper.ExamPaper`
variant, written as a student paper at ``path`` plus a separate answer key
beside it. ``export`` returns every file it wrote.

An exporter may also carry ``contract_version`` (the :data:`CONTRACT_VERSION`
it was written for); discovery refuses one whose major version differs.
Options come from ``--option key=value``; an exporter should refuse keys it
does not know with :func:`check_options` before writing anything.
An exporter writes its files with :mod:`drill.atomic` (``write_text``,
``write_bytes``, ``atomic_path``) so a failure never leaves a half-written
file and a device or symlink given as ``path`` is never replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from .card import Card
from .text import stable_hash
from .deck import Deck
from .errors import InputError, Problem

if TYPE_CHECKING:
    from .exam.paper import ExamPaper

#: Bumped on any incompatible change to the contract; plugins may check it.
CONTRACT_VERSION = "1.0"
ENTRY_POINT_GROUP = "drill.exporters"

Accepts = Literal["deck", "exam"]


@dataclass(frozen=True)
class DeckBundle:
    """What a deck exporter gets: the decks (metadata and facts) and the cards to write.

    ``cards`` may be a filtered subset of what the decks make (``--topic``,
    ``--type``); exporters write exactly these.
    """

    decks: tuple[Deck, ...]
    cards: tuple[Card, ...]

    def deck(self, deck_id: str) -> Deck:
        return next(d for d in self.decks if d.deck == deck_id)


@runtime_checkable
class Exporter(Protocol):
    """The plugin contract. Attributes are read once at discovery."""

    name: str  # short, unique: used as --format NAME
    description: str  # one line for `drill plugins`
    suffix: str  # file suffix with the dot, e.g. ".apkg"
    accepts: frozenset[Accepts]  # {"deck"}, {"exam"} or both

    def export(self, bundle: DeckBundle | ExamPaper, path: Path, options: Mapping[str, str]) -> list[Path]:
        """Write ``bundle`` to ``path`` (and, for exam papers, the answer key beside it); return the files."""
        ...


def check_options(exporter: str, options: Mapping[str, str], known: Mapping[str, str]) -> None:
    """Raise :class:`~drill.errors.InputError` for every option key not in ``known`` (key → help)."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        listed = "; ".join(f"{k}: {v}" for k, v in known.items()) or "none"
        raise InputError(
            [Problem(f"unknown option {k!r} for format {exporter!r} (options: {listed})", file=f"--option {k}")
             for k in unknown]
        )


def note_guid(key: str) -> str:
    """A stable note GUID for ``key`` (``deck/fact/template[/part]``), the same in every format.

    Derived from drill's ids only, never from wording, so a re-import after an
    edit updates the note instead of duplicating it.
    """
    return "drill:" + stable_hash("anki-note/" + key, 20)


def html_text(text: str | None) -> str:
    """Deck text as HTML content: escaped (text is never markup), line breaks kept."""
    if not text:
        return ""
    import html

    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")
