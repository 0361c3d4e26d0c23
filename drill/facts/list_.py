"""``list``: a named enumeration whose items have no order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, field_validator

from ..card import Card, CardType, Option
from ..text import normalize, seeded_rng
from .base import MAX_OPTIONS, FactBase, GenContext, Text


class ListFact(FactBase):
    kind: Literal["list"]
    name: Text
    items: list[Text] = Field(min_length=2)

    TEMPLATES = ("recall", "odd-one-out")

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: list[str]) -> list[str]:
        if len({normalize(i) for i in items}) != len(items):
            raise ValueError("an item is listed twice")
        return items

    def texts(self) -> list[str]:
        return [self.name + "：" + "、".join(self.items)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("recall"):
            yield ctx.card(
                self, "recall", CardType.LIST_RECALL, f"「{self.name}」有哪些？（共{len(self.items)}项）",
                "、".join(self.items), items=self.items,
            )
        if self.wants("odd-one-out"):
            card_id = ctx.card_id(self, "odd-one-out")
            tiers = ctx.tiers(self, "list", "items", lambda f: f.items)
            outsider = ctx.choose(card_id, "", [self.distractors, *tiers], owner=self.id, exclude=self.items, want=1)
            if not outsider:
                ctx.warn(self, "odd-one-out", "no item outside this list to use as the odd one out; "
                         "add another list fact in the deck or explicit `distractors`")
                return
            rng = seeded_rng("odd-one-out", card_id)
            inside = rng.sample(self.items, min(len(self.items), MAX_OPTIONS - 1))
            options = [Option(text=outsider[0], correct=True)] + [Option(text=i) for i in inside]
            seeded_rng("options", card_id).shuffle(options)
            yield ctx.card(
                self, "odd-one-out", CardType.MULTIPLE_CHOICE, f"以下哪一项不属于「{self.name}」？",
                outsider[0], options=options,
                explanation=f"「{self.name}」包括：" + "、".join(self.items),
            )
