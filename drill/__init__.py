"""drill: turn service-staff handbooks into typed flashcards, FSRS review, exams and exports.

The library is the product; the ``drill`` command is a thin shell over it::

    from drill import load_deck, make_cards
    deck = load_deck("decks/cmcc-hubei-sales.yaml")
    cards = make_cards(deck)

Every public name is imported on first use (PEP 562), so ``import drill`` is
cheap and ``drill review`` does not pay for pydantic models it does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module, imported on first attribute access
_LAZY = {
    "Card": "drill.card",
    "CardType": "drill.card",
    "Option": "drill.card",
    "Deck": "drill.deck",
    "DeckSource": "drill.deck",
    "BlueprintError": "drill.errors",
    "DeckError": "drill.errors",
    "DrillError": "drill.errors",
    "InputError": "drill.errors",
    "NotFoundError": "drill.errors",
    "PluginError": "drill.errors",
    "Problem": "drill.errors",
    "StoreError": "drill.errors",
    "filter_cards": "drill.generate",
    "make_cards": "drill.generate",
    "load_deck": "drill.loader",
    "lint_file": "drill.lint",
    "resolve_deck": "drill.catalog",
    "shipped_decks": "drill.catalog",
    "deck_schema": "drill.schema",
    "normalize": "drill.text",
}

if TYPE_CHECKING:
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
