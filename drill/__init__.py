"""drill: turn service-staff handbooks into typed flashcards, FSRS review, exams and exports.

The library is the product; the ``drill`` command is a thin shell over it::

    from drill import judge, load_deck, make_cards
    deck = load_deck("cmcc-hubei-sales")          # a shipped deck's id, or a deck file
    cards = make_cards(deck)
    judge(cards[0], "b").correct                  # any card type, the answer as typed

Every public name is imported on first use (PEP 562), so ``import drill`` is
cheap and ``drill review`` does not pay for pydantic models it does not need.
Every error the library raises on purpose is a :class:`DrillError`; messages
are English unless a function is given ``language="zh-CN"``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module, imported on first attribute access
_LAZY = {
    "Card": "drill.card",
    "CardContent": "drill.card",
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
    "weak_paper": "drill.exam.weak",
    "ExamPaper": "drill.exam.paper",
    "retrievability_by_card": "drill.recall",
    "Verdict": "drill.judge",
    "Grade": "drill.grading",
    "grade": "drill.grading",
    "judge": "drill.grading",
    "SessionSummary": "drill.session",
    "ReviewCard": "drill.session",
}

#: package attributes that share their name with a submodule: importing ``drill.judge`` (the
#: module) must not replace ``drill.judge`` (the function), whatever the order of imports
_NOT_SUBMODULES = frozenset({"judge"})


class _Package(ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _NOT_SUBMODULES and isinstance(value, ModuleType):
            return  # the import system binding the submodule; sys.modules still has it
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:
    from .card import Card, CardContent, CardType, Option
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
    from .session import ReviewCard, ReviewSession, SessionSummary
    from .days import LearnerDay
    from .store import Store, sync_decks
    from .judge import Verdict
    from .grading import Grade, grade, judge
    from .recall import retrievability_by_card
    from .exam import Blueprint, build_exam, load_blueprint
    from .exam.paper import ExamPaper
    from .exam.weak import weak_paper


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
    "CardContent",
    "CardType",
    "Deck",
    "DeckError",
    "DeckSource",
    "DrillError",
    "ExamPaper",
    "Grade",
    "InputError",
    "LearnerDay",
    "NotFoundError",
    "Option",
    "OutputError",
    "PluginError",
    "Problem",
    "Rating",
    "ReviewCard",
    "ReviewSession",
    "SessionSummary",
    "Settings",
    "Store",
    "StoreError",
    "Verdict",
    "__version__",
    "build_exam",
    "deck_schema",
    "filter_cards",
    "grade",
    "judge",
    "lint_file",
    "load_blueprint",
    "load_deck",
    "make_cards",
    "normalize",
    "replay",
    "replay_one",
    "resolve_deck",
    "retrievability_by_card",
    "schedule",
    "shipped_decks",
    "sync_decks",
    "weak_paper",
]
