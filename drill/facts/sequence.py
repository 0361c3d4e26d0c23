"""``sequence``: named steps in a fixed order."""

from __future__ import annotations

import re

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, field_validator

from ..card import Card, CardType, Option
from ..text import normalize, seeded_rng
from ..i18n import _
from ..itemrules import ranked_steps
from .base import FactBase, GenContext, Text



#: Names of an order that is no procedure: a layout (摆放顺序), a ranking (由高到低), a text's order (按原文次序).
_ARRANGEMENT = re.compile(r"顺序|次序|层级|级别|由高到低|由低到高|从上至下|从上到下")
#: Names of a procedure, whose members are steps.
_PROCEDURE = re.compile(r"步骤|流程|环节|程序|过程")


def order_prompt(name: str) -> str:
    """The ordering question for a sequence called ``name``: steps only where the name says it is a procedure.

    >>> order_prompt("营业厅下班步骤")
    '请将「营业厅下班步骤」的各步按正确顺序排列：'
    >>> order_prompt("自助服务区设备摆放顺序")
    '请将下列各项按「自助服务区设备摆放顺序」排列：'
    >>> order_prompt("客户服务工作产品化的实现阶段")
    '请将「客户服务工作产品化的实现阶段」的各项按正确顺序排列：'
    """
    if _ARRANGEMENT.search(name):
        return f"请将下列各项按「{name}」排列："
    if _PROCEDURE.search(name):
        return f"请将「{name}」的各步按正确顺序排列："
    return f"请将「{name}」的各项按正确顺序排列："

class SequenceFact(FactBase):
    kind: Literal["sequence"]
    name: Text
    steps: list[Text] = Field(min_length=2)

    TEMPLATES = ("order", "next")

    @field_validator("steps")
    @classmethod
    def _distinct(cls, steps: list[str]) -> list[str]:
        if len({normalize(s) for s in steps}) != len(steps):
            raise ValueError(_("a step is listed twice"))
        return steps

    def texts(self) -> list[str]:
        return [self.name + "：" + "→".join(self.steps)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        ranks = ranked_steps(self.steps)
        if ranks:
            # 「中级」的下一步 is 「普通」 by its label, and a rank is no step: neither card is made
            for template in ("order", "next"):
                if self.wants(template):
                    ctx.warn(self, template, _("no card: the steps are ranks ({ranks}), whose labels give the order "
                                               "away; a hierarchy is no sequence of steps: exclude the card").format(
                        ranks=ranks), "ranked-steps")
            return
        if self.wants("order"):
            card_id = ctx.card_id(self, "order")
            shuffled = list(self.steps)
            rng = seeded_rng("order", card_id)
            while shuffled == self.steps:  # a shuffle that is already in order asks nothing
                rng.shuffle(shuffled)
            yield ctx.card(
                self, "order", CardType.ORDERING, order_prompt(self.name),
                " → ".join(self.steps), options=[Option(text=s) for s in shuffled], items=self.steps,
            )
        if self.wants("next"):
            for i, (step, following) in enumerate(zip(self.steps, self.steps[1:]), 1):
                yield ctx.card(
                    self, "next", CardType.BASIC, f"「{self.name}」中，「{step}」的下一步是什么？", following, part=i,
                )
