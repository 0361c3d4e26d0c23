"""``list``: a named enumeration whose items have no order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from ..card import Card, CardType, Option
from ..i18n import _
from ..itemrules import (
    MIN_ODD_ONE_OUT_MEMBERS,
    absurd_intruder,
    absurd_statement,
    fair_recall,
    fits_form,
    form_giveaway,
    joined,
    opposite_member,
    overlaps,
    recall_fits,
)
from ..text import normalize, seeded_rng
from .base import MAX_OPTIONS, FactBase, GenContext, Text


class ListFact(FactBase):
    kind: Literal["list"]
    name: Text
    items: list[Text] = Field(min_length=2)
    accept: dict[Text, list[Text]] = Field(
        default_factory=dict,
        description="other wordings of an item, by the item as written in `items` (e.g. `{主渠道: [主要渠道]}`): "
        "a typed list answer may give any of them for that item",
    )

    TEMPLATES = ("recall", "odd-one-out")

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: list[str]) -> list[str]:
        if len({normalize(i) for i in items}) != len(items):
            raise ValueError(_("an item is listed twice"))
        return items

    @field_validator("accept")
    @classmethod
    def _names_items(cls, accept: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        items = {normalize(i) for i in info.data.get("items") or ()}
        for item in accept:
            if items and normalize(item) not in items:
                raise ValueError(_("`accept` gives other wordings for {item!r}, which is not one of the `items`; "
                                   "name the item as `items` writes it").format(item=item))
        return accept

    def wordings(self, item: str) -> list[str]:
        """The other accepted wordings of ``item`` (one of :attr:`items`)."""
        key = normalize(item)
        return next((alts for name, alts in self.accept.items() if normalize(name) == key), [])

    def item_accept(self) -> list[str]:
        """The recall card's ``accept``: one ``item|other|…`` entry per item with other wordings
        (:func:`drill.judge.split_accept` reads them)."""
        return ["|".join([item, *alts]) for item in self.items if (alts := self.wordings(item))]

    def texts(self) -> list[str]:
        return [self.name + "：" + "、".join(self.items)]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if self.wants("recall") and recall_fits(self.items) and fair_recall(ctx, self, "recall", self.items):
            yield ctx.card(
                self, "recall", CardType.LIST_RECALL, f"「{self.name}」有哪些？（共{len(self.items)}项）",
                joined(self.items), items=self.items, accept=self.item_accept(),
            )
        if self.wants("odd-one-out"):
            card = self._odd_one_out(ctx)
            if card:
                yield card

    def _odd_one_out(self, ctx: GenContext) -> Card | None:
        card_id = ctx.card_id(self, "odd-one-out")
        if len(self.items) < MIN_ODD_ONE_OUT_MEMBERS:
            ctx.warn(self, "odd-one-out", _("no odd one out: a list of {n} items makes an item of {options} options; "
                                            "it needs at least {least} items").format(
                n=len(self.items), options=len(self.items) + 1, least=MIN_ODD_ONE_OUT_MEMBERS), "odd-one-out-too-few")
            return None
        rng = seeded_rng("odd-one-out", card_id)
        inside = rng.sample(self.items, min(len(self.items), MAX_OPTIONS - 1))
        # an item's other wordings are members too: never an intruder, never like one
        members = [*self.items, *(w for alts in self.accept.values() for w in alts)]
        if self.distractors:  # the author's intruders, as given, but none about the same thing as a member shown
            outsider = ctx.choose(card_id, "", [self.distractors], exclude=members, want=1,
                                  fits=lambda cand: opposite_member(cand, inside) is None
                                  and absurd_intruder(cand) is None and absurd_statement(cand) is None
                                  and form_giveaway(cand, inside) is None)
            if not outsider:
                opposite = next((m for d in self.distractors if (m := opposite_member(d, inside))), None)
                extreme = next(filter(None, map(absurd_intruder, self.distractors)), None)
                if opposite is not None:
                    ctx.warn(self, "odd-one-out", _("no fair odd one out: every intruder in `distractors` speaks of "
                                                    "the same thing as an item shown beside it ({item!r}), so the "
                                                    "pair gives it away; write intruders about something else").format(
                        item=opposite), "intruder-opposite")
                elif (form := next(filter(None, (form_giveaway(d, inside) for d in self.distractors)), None)):
                    ctx.warn(self, "odd-one-out", _("no fair odd one out: every intruder in `distractors` stands out "
                                                    "by its form ({why}); write an intruder phrased like the "
                                                    "items").format(why=form), "form-giveaway")
                elif extreme is not None:
                    ctx.warn(self, "odd-one-out", _("no fair odd one out: every intruder in `distractors` asks for an "
                                                    "extreme ({extreme!r}) no norm asks for, so common sense picks it; "
                                                    "write intruders a handbook could have listed").format(
                        extreme=extreme), "intruder-absurd")
                else:
                    ctx.warn(self, "odd-one-out", _("no fair odd one out: every intruder in `distractors` is refuted "
                                                    "by common sense ({absurd!r}); write a plausible intruder or "
                                                    "exclude the card").format(
                        absurd=next(filter(None, map(absurd_statement, self.distractors)), "")), "intruder-absurd")
                return None
        else:
            # an intruder must be certainly wrong (not like any item, not from a list on the same
            # subject) and must not stand out by form among the items shown beside it
            def fair(cand: str) -> bool:
                return (  # cheapest test first: most candidates fail on length
                    all(fits_form(i, cand) for i in inside)
                    and overlaps(cand, members) is None
                    and form_giveaway(cand, inside) is None
                    and opposite_member(cand, inside) is None
                    and absurd_intruder(cand) is None
                )

            # same topic only: an item from another chapter is absurd among these (a zone among roles)
            tiers = ctx.tiers(self, "list", "items", lambda f: f.items)[:1]
            outsider = ctx.choose(
                card_id, "", tiers, owner=self.id, exclude=members, want=1, fits=fair,
                skip_owners=self._same_subject(ctx),
            )
        if not outsider:
            ctx.warn(self, "odd-one-out", _("no fair odd one out: no item of another list is certainly wrong "
                                            "here and alike in form to the items shown; add explicit "
                                            "`distractors` or exclude the card"))
            return None
        options = [Option(text=outsider[0], correct=True)] + [Option(text=i) for i in inside]
        seeded_rng("options", card_id).shuffle(options)
        return ctx.card(
            self, "odd-one-out", CardType.MULTIPLE_CHOICE, f"以下哪一项不属于「{self.name}」？",
            outsider[0], options=options,
            explanation=f"「{self.name}」包括：" + joined(self.items),
        )

    def _same_subject(self, ctx: GenContext) -> frozenset[str]:
        """Lists of this topic on the same subject (like names or like items): their items may be right too."""
        out = set()
        by_topic = ctx.cached(("list", "by-topic"), lambda: _by_topic(ctx.facts_of("list")))
        # the relation is symmetric: each pair of lists is compared once, by whichever asks first
        pairs: dict[tuple[str, str], bool] = ctx.cached(("list", "same-subject"), dict)
        for other in by_topic.get(self.topic, []):
            if other.id == self.id:
                continue
            key = (self.id, other.id) if self.id < other.id else (other.id, self.id)
            alike = pairs.get(key)
            if alike is None:
                alike = pairs[key] = bool(
                    overlaps(other.name, [self.name]) or any(overlaps(i, self.items) for i in other.items))
            if alike:
                out.add(other.id)
        return frozenset(out)


def _by_topic(facts: list[ListFact]) -> dict[str | None, list[ListFact]]:
    out: dict[str | None, list[ListFact]] = {}
    for f in facts:
        out.setdefault(f.topic, []).append(f)
    return out
