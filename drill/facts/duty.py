"""``duty``: a post (role) and its duties."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ..card import Card, CardType
from ..i18n import N_, _
from ..itemrules import fair_recall, overlaps, recall_fits
from ..text import normalize
from .base import FactBase, GenContext, Text


class DutyFact(FactBase):
    kind: Literal["duty"]
    role: Text
    duties: list[Text] = Field(min_length=1)

    TEMPLATES = ("duties", "whose")

    def texts(self) -> list[str]:
        return [self.role + "：" + "；".join(self.duties)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("duties") and recall_fits(self.duties) and fair_recall(ctx, self, "duties", self.duties):
            yield ctx.card(
                self, "duties", CardType.LIST_RECALL, f"「{self.role}」的岗位职责有哪些？（共{len(self.duties)}项）",
                "\n".join(self.duties), items=self.duties,
            )
        if self.wants("whose"):
            tiers = ctx.tiers(self, "duty", "role", lambda f: [f.role])
            same_words = ctx.cached(("duty", "roles-by-duty"), lambda: _roles_by_duty(ctx.facts_of("duty")))
            # other posts of this topic, whose duties may say the same in other words
            neighbours = [
                d for f in ctx.cached(("duty", "by-topic"), lambda: _by_topic(ctx.facts_of("duty"))).get(self.topic, [])
                if f.id != self.id for d in f.duties
            ]
            unit = "部门" if self.role.endswith(("部门", "部")) else "岗位"  # 客服部门 is no post
            for i, duty in enumerate(self.duties, 1):
                # a duty another post also has has two right answers: no card
                if same_words[normalize(duty)] - {normalize(self.role)}:
                    continue
                if overlaps(duty, neighbours):
                    continue
                # a duty that names another post (与信息化部门共同评估…) is that post's too: two right answers
                roles = ctx.cached(("duty", "roles"), lambda: [(f.role, normalize(f.role)) for f in ctx.facts_of("duty")])
                plain = normalize(duty)
                partner = next((r for r, nr in roles
                                if r != self.role and nr in plain and _names_partner(plain, nr)), None)
                if partner:
                    ctx.warn(self, f"whose/{i}", _("no card: the duty {duty!r} names {partner!r} too, so it has two "
                                                  "right answers; write it under both posts in the same words or "
                                                  "exclude the card").format(duty=duty, partner=partner), "shared-duty")
                    continue
                card = ctx.multiple_choice(
                    self, "whose", f"「{duty}」是哪个{unit}的职责？", self.role, tiers,
                    part=i, what=N_("other duty facts (roles)"),
                )
                if card:
                    yield card


def _names_partner(duty: str, role: str) -> bool:
    """Whether ``duty`` names ``role`` as a post sharing it (与信息化部门共同…, 移动部门和…), not as a recipient.

    Both are normalised text (:func:`drill.text.normalize`); the caller checks first that ``role`` is in ``duty`` at
    all, so a deck of many posts does not compile a pattern per pair.
    """
    r = re.escape(role)
    return len(role) >= 2 and re.search(rf"(?:与|和|同|会同|协同|及){r}|{r}(?:和|与|及|共同)", duty) is not None


def _roles_by_duty(facts: list[DutyFact]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for f in facts:
        for d in f.duties:
            index.setdefault(normalize(d), set()).add(normalize(f.role))
    return index


def _by_topic(facts: list[DutyFact]) -> dict[str | None, list[DutyFact]]:
    out: dict[str | None, list[DutyFact]] = {}
    for f in facts:
        out.setdefault(f.topic, []).append(f)
    return out
