"""``script``: the standard thing to say in a situation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..card import Card, CardType
from .base import FactBase, GenContext, Text, accept_field, points_field


class ScriptFact(FactBase):
    kind: Literal["script"]
    situation: Text
    response: Text
    accept: list[Text] = accept_field()
    points: list[Text] = points_field()

    TEMPLATES = ("respond",)

    def texts(self) -> list[str]:
        return [self.situation + "：" + self.response]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("respond"):
            yield ctx.card(
                self, "respond", CardType.TYPED, f"情境：{self.situation}\n标准用语是？", self.response,
                accept=self.accept, points=self.points,
            )
