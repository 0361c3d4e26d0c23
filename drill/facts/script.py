"""``script``: the standard thing to say in a situation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..card import Card, CardType
from ..itemrules import response_echo
from ..text import PLACEHOLDER
from ..i18n import _
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
        if self.wants("respond") and PLACEHOLDER.search(self.response) and not getattr(self, "points", None):
            # a model answer with blanks (××) cannot be typed word for word; it is judged by key points
            # or not asked
            ctx.warn(self, "respond", _("no card: the model answer has placeholders (××) but the fact lists "
                                       "no key points to judge a typed answer by; add `points` or exclude "
                                       "the card"), "placeholder-no-points")
            return
        echo = response_echo(self.situation, self.response) if self.wants("respond") else None
        if echo:
            ctx.warn(self, "respond", _("no card: the situation prints {words!r}, which is nearly all of the "
                                       "standard phrase; describe the situation without the phrase's words or "
                                       "exclude the card").format(words=echo), "script-echo")
            return
        if self.wants("respond"):
            yield ctx.card(
                self, "respond", CardType.TYPED, f"情境：{self.situation}\n标准用语是？", self.response,
                accept=self.accept, points=self.points,
            )
