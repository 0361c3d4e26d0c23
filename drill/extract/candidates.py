"""What an extractor hands back: drafted facts and the statements it left out, each with its lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .substitutions import Substitution


@dataclass
class Citation:
    """Where a drafted fact's words stand: file, heading path, lines and the quoted sentence."""

    file: str
    headings: tuple[str, ...]
    first: int
    last: int
    quote: str
    repairs: tuple[Substitution, ...] = ()

    def lines(self) -> str:
        return f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class DraftedFact:
    """A fact proposed from a handbook: its kind, its fields (as in a deck file) and where it came from."""

    kind: str
    fields: dict[str, Any]
    citation: Citation
    topic: str | None = None
    #: the extractor that proposed it (``rules`` for the built-in one)
    extractor: str = "rules"
    #: what the id is derived from: the statement, so an unchanged statement keeps its id
    identity: str = ""
    #: words of the handbook that name what a statement pointing back (此类信息…) applies to:
    #: the term defined in the sentence before it; the screen takes it as the statement's topic
    context: str | None = None


@dataclass
class LeftOut:
    """A sentence that looked like a fact but was not drafted, and why."""

    citation: Citation
    reason: str
    extractor: str = "rules"


@dataclass
class Extraction:
    facts: list[DraftedFact] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
