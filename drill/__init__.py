"""drill: turn service-staff handbooks into typed flashcards, FSRS review, exams and exports.

The library is the product; the ``drill`` command is a thin shell over it::

    from drill import load_deck, make_cards
    deck = load_deck("decks/cmcc-hubei-sales.yaml")
    cards = make_cards(deck)

Heavier parts (the store, exams, exporters) are imported on first use so that
``import drill`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .card import Card, CardType, Option
from .deck import Deck, DeckSource
from .errors import (
    BlueprintError,
    DeckError,
    DrillError,
    InputError,
    NotFoundError,
    PluginError,
    Problem,
    StoreError,
)
from .generate import filter_cards, make_cards
from .loader import load_deck

__version__ = "0.1.0"

# name -> module, imported on first attribute access
_LAZY = {
    "lint_file": "drill.lint",
    "resolve_deck": "drill.catalog",
    "shipped_decks": "drill.catalog",
    "deck_schema": "drill.schema",
    "normalize": "drill.text",
}

if TYPE_CHECKING:
    from .catalog import resolve_deck, shipped_decks
    from .lint import lint_file
    from .schema import deck_schema
    from .text import normalize


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'drill' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "BlueprintError",
    "Card",
    "CardType",
    "Deck",
    "DeckError",
    "DeckSource",
    "DrillError",
    "InputError",
    "NotFoundError",
    "Option",
    "PluginError",
    "Problem",
    "StoreError",
    "__version__",
    "deck_schema",
    "filter_cards",
    "lint_file",
    "load_deck",
    "make_cards",
    "normalize",
    "resolve_deck",
    "shipped_decks",
]
