"""The deck: one handbook's facts, with metadata."""

from __future__ import annotations

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
    facts: list[Fact] = Field(min_length=1)

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)
