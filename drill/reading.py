"""The reader plugin contract (version :data:`CONTRACT_VERSION`).

Files drill reads besides its own YAML — a trainer's question bank (.xlsx,
.docx …), a handbook for ``drill extract`` (.docx, .pdf …) — are read by
reader plugins, published under the entry point group ``drill.readers``::

    # pyproject.toml of a plugin
    [project.entry-points."drill.readers"]
    ods = "drill_ods:reader"

The entry point names a reader instance (or a class / zero-argument factory
that returns one). A reader declares the file ``suffixes`` it reads and what it
``reads``:

``"bank"``
    :meth:`Reader.read_bank` returns the bank's raw content — a
    :class:`BankTable` (cells of a spreadsheet, each with its sheet, row and
    column) or :class:`BankLines` (the plain-text bank form, one line each) —
    and drill turns it into items, so every reader gets the same header
    aliases, checks and located messages.
``"handbook"``
    :meth:`Reader.read_handbook` returns the document's text as lines:
    paragraphs and headings one per line, in the document's order.

A reader raises :class:`~drill.errors.InputError` with located
:class:`~drill.errors.Problem` records for a file it cannot read (damaged,
encrypted, too big), never anything else on purpose. Discovery lives in
:mod:`drill.plugins` (:func:`~drill.plugins.discover_readers`,
:func:`~drill.plugins.find_reader`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from .errors import Problem

#: Bumped on any incompatible change to the contract; plugins may check it.
CONTRACT_VERSION = "1.0"
ENTRY_POINT_GROUP = "drill.readers"

Reads = Literal["bank", "handbook"]
READABLE: frozenset[str] = frozenset({"bank", "handbook"})


@dataclass(frozen=True, slots=True)
class BankCell:
    """One non-empty cell of a bank spreadsheet, as the text it shows."""

    sheet: str
    row: int  # 1-based, as the spreadsheet numbers it
    column: str  # the column's letters, e.g. "C"
    text: str


@dataclass(frozen=True)
class BankTable:
    """A spreadsheet bank: per sheet, its rows of cells (header row included), in order.

    ``rows`` maps a sheet name to its rows; a row is ``(row_number, cells)``
    with the row's non-empty cells left to right. ``problems`` are cells the
    reader refused to read as text (a formula with no cached value, a merged
    range …), each located by sheet, row and column.
    """

    rows: dict[str, list[tuple[int, list[BankCell]]]]
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class BankLines:
    """A bank in the plain-text form (``1. 题干`` / ``A. …`` / ``答案：`` / ``解析：``), one line each."""

    lines: list[str]
    problems: list[Problem] = field(default_factory=list)


BankContent = BankTable | BankLines


@runtime_checkable
class Reader(Protocol):
    """The plugin contract. Attributes are read once at discovery."""

    name: str  # short, unique among readers, e.g. "xlsx"
    description: str  # one line for `drill plugins`
    suffixes: tuple[str, ...]  # lowercase file suffixes with the dot, e.g. (".xlsx", ".xlsm")
    reads: frozenset[Reads]  # {"bank"}, {"handbook"} or both

    def read_bank(self, path: Path) -> BankContent:
        """The bank at ``path`` as cells or lines (for readers that read ``"bank"``)."""
        ...

    def read_handbook(self, path: Path) -> list[str]:
        """The handbook at ``path`` as lines, paragraphs and headings one per line, in order."""
        ...


__all__ = [
    "BankCell",
    "BankContent",
    "BankLines",
    "BankTable",
    "CONTRACT_VERSION",
    "ENTRY_POINT_GROUP",
    "READABLE",
    "Reader",
    "Reads",
]
