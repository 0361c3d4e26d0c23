"""``drill lint``: load a deck and report errors and warnings, all located."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .card import Card
from .deck import Deck
from .errors import DeckError, InputError, Problem
from .generate import generate
from .loader import read_file, validate
from .text import normalize


#: deck id → the store's cloze cards of that deck: card id → (answer as synced, reviews)
SyncedAnswers = Callable[[str], Mapping[str, tuple[str, int]]]


@dataclass
class LintResult:
    """What linting one file found."""

    file: str
    deck: Deck | None = None
    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def deck_files(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """Expand directories to the ``*.yaml``/``*.yml`` files inside them (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.suffix in {".yaml", ".yml"} and x.is_file()))
        else:
            out.append(p)
    return out


def lint_file(path: str | os.PathLike[str], synced: SyncedAnswers | None = None) -> LintResult:
    """Load ``path``, make its cards, and collect every error and warning.

    ``synced(deck_id)``, when given, returns the store's cloze cards of that deck
    (card id → (answer, reviews)), so an edit that would move review history is warned about.
    """
    result = LintResult(file=os.fspath(path))
    try:
        doc = read_file(path)
        deck = validate(doc, Deck, DeckError, "facts")
    except InputError as exc:
        result.problems = exc.problems
        return result
    result.deck = deck
    cards, warnings = generate(deck)
    result.cards = cards
    index = {f.id: i for i, f in enumerate(deck.facts)}

    def warn(fact_id: str, fld: str | None, message: str, code: str) -> None:
        where = doc.locate(("facts", index[fact_id], "id"))
        result.problems.append(
            Problem(message, file=result.file, line=where[0] if where else None,
                    column=where[1] if where else None, fact=fact_id, field=fld,
                    severity="warning", code=code)
        )

    for card in cards:
        if card.template == "cloze" and len(card.answer) >= 2 and card.answer in card.prompt:
            warn(card.fact, f"cloze/{card.part}", f"the answer {card.answer!r} also stands in the rest of the "
                 "rule, which gives the blank away", "cloze-giveaway")
    for w in warnings:
        warn(w.fact, w.template, w.message, "too-few-siblings")
    if synced is not None:
        from .history_moves import cloze_moves

        for move in cloze_moves(cards, synced(deck.deck)):
            warn(move.fact, "text", move.message(), "history-moves")
    seen: dict[str, str] = {}
    for fact in deck.facts:
        for text in fact.texts():
            key = normalize(text)
            if key in seen and seen[key] != fact.id:
                warn(fact.id, None, f"states the same thing as fact {seen[key]}", "duplicate-fact")
            seen.setdefault(key, fact.id)
        if not fact.topic:
            warn(fact.id, "topic", "no topic: the fact gets no same-topic siblings and no subdeck", "no-topic")
        if not fact.source:
            warn(fact.id, "source", "no source: say where in the handbook this comes from", "no-source")
    by_id: dict[str, int] = defaultdict(int)
    for card in cards:
        by_id[card.id] += 1
    for card_id, n in by_id.items():
        if n > 1:  # pragma: no cover - a template bug, never a deck problem
            raise AssertionError(f"card id {card_id} made {n} times")
    result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return result
