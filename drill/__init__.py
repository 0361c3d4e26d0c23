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
    "OutputError": "drill.errors",
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
    "Rating": "drill.scheduling",
    "Settings": "drill.scheduling",
    "replay": "drill.scheduling",
    "replay_one": "drill.scheduling",
    "schedule": "drill.scheduling",
    "ReviewSession": "drill.session",
    "LearnerDay": "drill.days",
    "Store": "drill.store",
    "sync_decks": "drill.store",
    "Blueprint": "drill.exam",
    "build_exam": "drill.exam",
    "load_blueprint": "drill.exam",
    "Verdict": "drill.judge",
    "judge": "drill.judge",
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
        OutputError,
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
    from .scheduling import Rating, Settings, replay, replay_one, schedule
    from .session import ReviewSession
    from .days import LearnerDay
    from .store import Store, sync_decks
    from .judge import Verdict, judge


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'drill' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Blueprint",
    "BlueprintError",
    "Card",
    "CardType",
    "Deck",
    "DeckError",
    "DeckSource",
    "DrillError",
    "InputError",
    "LearnerDay",
    "NotFoundError",
    "Option",
    "OutputError",
    "PluginError",
    "Problem",
    "Rating",
    "ReviewSession",
    "Settings",
    "Store",
    "StoreError",
    "Verdict",
    "__version__",
    "build_exam",
    "deck_schema",
    "filter_cards",
    "judge",
    "lint_file",
    "load_blueprint",
    "load_deck",
    "make_cards",
    "normalize",
    "replay",
    "replay_one",
    "resolve_deck",
    "schedule",
    "shipped_decks",
    "sync_decks",
]
