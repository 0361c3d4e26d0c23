"""``category``: a classification and its members, each with what it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..card import Card, CardType
from ..itemrules import fair_recall, joined, recall_fits
from ..text import normalize
from ..i18n import N_, _
from .base import FactBase, GenContext, Text


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text
    description: Text | None = None


class CategoryFact(FactBase):
    kind: Literal["category"]
    name: Text
    members: list[Member] = Field(min_length=2)

    TEMPLATES = ("describe", "identify", "members")

    @field_validator("members")
    @classmethod
    def _distinct(cls, members: list[Member]) -> list[Member]:
        seen: set[str] = set()
        for m in members:
            key = normalize(m.name)
            if key in seen:
                raise ValueError(_("member {name!r} is listed twice").format(name=m.name))
            seen.add(key)
        return members

    def texts(self) -> list[str]:
        return [self.name + "：" + "、".join(m.name for m in self.members)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        names = [m.name for m in self.members]
        for i, member in enumerate(self.members, 1):
            # a one-word slide bullet (博学) or a question is not a description to ask about
            if member.description is None or not _describes(member.description):
                continue
            if self.wants("describe"):
                yield ctx.card(
                    self, "describe", CardType.BASIC, f"{self.name}：「{member.name}」是指什么？",
                    member.description, part=i,
                )
            if self.wants("identify"):
                others = [n for n in names if n != member.name]
                # members of unrelated categories make silly options: same topic only
                same_topic = ctx.tiers(self, "category", "members", lambda f: [m.name for m in f.members])[0]
                card = ctx.multiple_choice(
                    self, "identify", f"{self.name}中，哪一项是指：{member.description}？", member.name, [same_topic],
                    part=i, what=N_("more members or sibling categories"), first=others,
                )
                if card:
                    yield card
        if self.wants("members") and recall_fits(names) and fair_recall(ctx, self, "members", names):
            yield ctx.card(
                self, "members", CardType.LIST_RECALL, f"「{self.name}」包括哪些？（共{len(names)}项）",
                joined(names), items=names,
            )


def _describes(text: str) -> bool:
    """Whether ``text`` reads as a description (a phrase of some length, not a question)."""
    return len(normalize(text)) >= 4 and not text.rstrip().endswith(("？", "?"))
