"""``prohibited_phrase``: something staff must not say, why, and what to say instead."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from ..card import Card, CardType
from ..text import normalize, seeded_rng
from ..i18n import N_
from .base import FactBase, GenContext, Text, Tier, accept_field, points_field


class ProhibitedPhraseFact(FactBase):
    kind: Literal["prohibited_phrase"]
    phrase: Text
    reason: Text | None = None
    instead: Text | None = None
    accept: list[Text] = accept_field()
    points: list[Text] = points_field()

    TEMPLATES = ("spot", "acceptable", "rephrase")

    def texts(self) -> list[str]:
        return [self.phrase]

    def _why(self) -> str | None:
        parts = []
        if self.reason:
            parts.append(f"原因：{self.reason}")
        if self.instead:
            parts.append(f"应说：{self.instead}")
        return "\n".join(parts) or None

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("spot"):
            own = [self.instead] if self.instead else []
            tiers: list[Tier | Sequence[str]] = [
                own,
                *ctx.tiers(self, "prohibited_phrase", "instead", lambda f: [f.instead] if f.instead else []),
                *ctx.tiers(self, "script", "response", lambda f: [f.response]),
            ]
            # another prohibited phrase is no acceptable option
            banned = ctx.cached(
                ("prohibited_phrase", "phrases"),
                lambda: frozenset(normalize(f.phrase) for f in ctx.facts_of("prohibited_phrase")),
            )
            card = ctx.multiple_choice(
                self, "spot", "以下哪一句是服务禁语，不应对客户说？", self.phrase, tiers,
                exclude_keys=banned, explanation=self._why(), what=N_("`instead` texts on sibling phrases or scripts"),
            )
            if card:
                yield card
        if self.wants("acceptable"):
            truth = bool(self.instead) and seeded_rng("acceptable", ctx.deck.deck, self.id).random() < 0.5
            said = self.instead if truth and self.instead else self.phrase
            # the banned phrase's reason explains a 错误, never the acceptable wording's 正确
            why = f"这是规范说法，用来代替服务禁语「{self.phrase}」。" if truth else self._why()
            yield ctx.true_false(self, "acceptable", f"判断：对客户说「{said}」是恰当的。", truth, explanation=why)
        if self.wants("rephrase") and self.instead:
            yield ctx.card(
                self, "rephrase", CardType.TYPED, f"「{self.phrase}」是服务禁语。应该怎么说？", self.instead,
                explanation=f"原因：{self.reason}" if self.reason else None,
                accept=self.accept, points=self.points,
            )
