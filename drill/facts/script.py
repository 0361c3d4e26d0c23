"""``script``: the standard thing to say in a situation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..card import Card, CardType
from ..itemrules import response_echo
from ..text import PLACEHOLDER
from ..i18n import _
from .base import FactBase, GenContext, Text, accept_field, points_field


_END = "。！？；…!?;"


def respond_prompt(situation: str) -> str:
    """The question for a standard phrase: one question, the situation ended as a sentence.

    >>> respond_prompt("客户走到你面前，还没有开口，你应主动向客户问候")
    '情境：客户走到你面前，还没有开口，你应主动向客户问候。\\n标准用语是？'
    >>> respond_prompt("客户排队等了较长时间，你首先应对客户说什么？")
    '情境：客户排队等了较长时间，你首先应对客户说什么？\\n（请写出标准用语）'
    """
    text = situation.rstrip()
    if text.endswith(("？", "?")):
        return f"情境：{text}\n（请写出标准用语）"
    if not text.endswith(tuple(_END)):
        text += "。"
    return f"情境：{text}\n标准用语是？"

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
                self, "respond", CardType.TYPED, respond_prompt(self.situation), self.response,
                accept=self.accept, points=self.points,
            )
