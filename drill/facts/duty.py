"""``duty``: a post (role) and its duties."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ..card import Card, CardType
from ..itemrules import overlaps, recall_fits, similar
from .base import FactBase, GenContext, Text


class DutyFact(FactBase):
    kind: Literal["duty"]
    role: Text
    duties: list[Text] = Field(min_length=1)

    TEMPLATES = ("duties", "whose")

    def texts(self) -> list[str]:
        return [self.role + "：" + "；".join(self.duties)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("duties") and recall_fits(self.duties):
            yield ctx.card(
                self, "duties", CardType.LIST_RECALL, f"「{self.role}」的岗位职责有哪些？（共{len(self.duties)}项）",
                "\n".join(self.duties), items=self.duties,
            )
        if self.wants("whose"):
            tiers = ctx.tiers(self, "duty", "role", lambda f: [f.role])
            others = [(f.role, d) for f in ctx.facts_of("duty") if f.id != self.id for d in f.duties]
            for i, duty in enumerate(self.duties, 1):
                # a duty another post also has (in the same or like words) has two right answers
                shared = [role for role, d in others if similar(duty, d) or overlaps(duty, [d])]
                if shared:
                    continue
                card = ctx.multiple_choice(
                    self, "whose", f"「{duty}」是哪个岗位的职责？", self.role, tiers,
                    part=i, what="other duty facts (roles)",
                )
                if card:
                    yield card
