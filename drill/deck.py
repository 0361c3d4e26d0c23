"""The deck: one handbook's facts, with metadata."""

from __future__ import annotations

from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field

from .facts import Fact
from .facts.base import Slug, Text


class DeckSource(BaseModel):
    """The handbook a deck was written from."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: Text
    publisher: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: Text | None = None


class Deck(BaseModel):
    """A deck file: id, title, source and facts.

    >>> from drill import load_deck
    >>> deck = load_deck("decks/sample-counter-basics.yaml")  # doctest: +SKIP
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    deck: Slug = Field(description="stable deck id")
    title: Text
    language: Text = "zh-CN"
    version: Text | None = None
    description: Text | None = None
    source: DeckSource | None = None
    context: Text | None = Field(
        default=None,
        description="whom the deck's rules apply to (中国电信, 中国移动湖北公司 …); printed with questions whose "
        "answer depends on it",
    )
    reviewed: list[Text] = Field(
        default_factory=list,
        description="cards a trainer has read and signed: card ids (fact/template[/part]) or glob patterns; "
        "a blueprint with reviewed_only: true draws only these",
    )
    excluded: list[Text] = Field(
        default_factory=list,
        description="cards never made (not reviewed, exported or printed): card ids (fact/template[/part]) "
        "or glob patterns",
    )
    facts: list[Fact] = Field(min_length=1)

    def is_excluded(self, card_id: str) -> bool:
        """Whether ``card_id`` (``deck/fact/template[/part]``) is listed under ``excluded``."""
        return matches_any(self.deck, card_id, self.excluded)

    def is_reviewed(self, card_id: str) -> bool:
        """Whether ``card_id`` is listed under ``reviewed``."""
        return matches_any(self.deck, card_id, self.reviewed)

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)


def matches_any(deck: str, card_id: str, patterns: list[str]) -> bool:
    """Whether ``card_id`` is named by one of ``patterns``.

    A pattern is a card id with or without the deck (``fact/template/part``),
    a prefix of one (``fact/template`` names every part, ``fact`` every card of
    the fact), or a glob (``*/whose/*``).

    >>> matches_any("d", "d/roles/whose/3", ["roles/whose"])
    True
    >>> matches_any("d", "d/roles/whose/3", ["*/duties"])
    False
    """
    local = card_id.removeprefix(f"{deck}/")
    for pattern in patterns:
        p = pattern.removeprefix(f"{deck}/")
        if local == p or local.startswith(p + "/") or fnmatchcase(local, p) or fnmatchcase(local, p + "/*"):
            return True
    return False
