"""``term``: a named concept and its definition."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..card import Card, CardType
from ..i18n import N_, _
from ..itemrules import echoes_term
from .base import FactBase, GenContext, Text


class TermFact(FactBase):
    kind: Literal["term"]
    term: Text
    definition: Text

    TEMPLATES = ("define", "name")

    def texts(self) -> list[str]:
        return [self.term + "：" + self.definition]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("define"):
            yield ctx.card(self, "define", CardType.BASIC, f"什么是「{self.term}」？", self.definition)
        if self.wants("name"):
            tiers = ctx.tiers(self, "term", "term", lambda f: [f.term])
            card = ctx.multiple_choice(
                self, "name", f"{self.definition}\n——这说的是哪个概念？", self.term, tiers, what=N_("sibling terms")
            )
            if card:
                others = [o.text for o in card.options if not o.correct]
                echo = echoes_term(self.definition, self.term, others)
                if echo:
                    ctx.warn(self, "name", _("no card: the definition prints {echo!r}, the term {term!r} short of one "
                                             "character, so the term is read off it; reword the definition or "
                                             "exclude the card").format(echo=echo, term=self.term),
                             "definition-echoes-term")
                    return
                yield card
