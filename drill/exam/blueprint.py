"""Blueprints: what an exam paper holds, read from a YAML file and validated."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..card import GRADED_TYPES, Card, CardType
from ..errors import BlueprintError, NotFoundError, Problem
from ..facts import FACT_TYPES
from ..facts.base import Slug, Text
from ..i18n import _

if TYPE_CHECKING:
    from ..deck import Deck


#: Card types whose number of options a section may ask for (``min_options``).
_COUNTED_OPTIONS = frozenset({CardType.MULTIPLE_CHOICE, CardType.ORDERING})


class BlueprintSection(BaseModel):
    """One section of a paper: which cards may fill it, how many, and their points."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: Text
    types: list[CardType] = Field(min_length=1, description="card types that may fill this section")
    count: int = Field(ge=1, description="how many items the section holds")
    points: float = Field(gt=0, description="points per item")
    topics: list[Text] = Field(default_factory=list, description="only cards of these topics (empty: any)")
    tags: list[Text] = Field(default_factory=list, description="only cards with one of these tags (empty: any)")
    exclude_tags: list[Text] = Field(
        default_factory=list,
        description="never cards with one of these tags (added to the blueprint's own `exclude_tags`), "
                    "e.g. the audience tag 装维 to leave out field engineers' facts")
    kinds: list[Text] = Field(default_factory=list, description="only cards made from these fact kinds (empty: any)")
    difficulty: Text | None = Field(default=None, description="reserved for a later difficulty filter; not used yet")
    scoring: Literal["all-or-nothing", "half", "proportional"] = Field(
        default="all-or-nothing",
        description="multiple_select (多选题) items: all-or-nothing; half (all picks right but some missing: half "
                    "the points); proportional (all picks right: the share of right options picked). "
                    "Any wrong pick scores 0.",
    )
    instructions: Text | None = None
    min_options: int | None = Field(
        default=None, ge=2, le=6,
        description="multiple_choice (单选题) and ordering (排序题) items: only those offering at least this many "
                    "options or steps, e.g. 4 so every 单选 on the paper runs A–D and no order is of three steps")
    quotas: dict[Text, int] = Field(
        default_factory=dict,
        description="topic → exactly how many of the section's items are of that topic; the rest of the section "
                    "is drawn from its other topics")

    @field_validator("quotas")
    @classmethod
    def _quotas_fit(cls, value: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        bad = [t for t, n in value.items() if n < 1]
        if bad:
            raise ValueError(_("a quota must be 1 or more (topic {topics})").format(topics=", ".join(bad)))
        count = info.data.get("count")
        if isinstance(count, int) and sum(value.values()) > count:
            raise ValueError(_("the quotas ask for {n} item(s) but the section holds {count}").format(
                n=sum(value.values()), count=count))
        topics = info.data.get("topics") or []
        outside = [t for t in value if topics and t not in topics]
        if outside:
            raise ValueError(_("quota topic {topics} is not among the section's topics").format(
                topics=", ".join(outside)))
        return value

    @field_validator("types")
    @classmethod
    def _gradable(cls, value: list[CardType]) -> list[CardType]:
        bad = [t.value for t in value if t not in GRADED_TYPES]
        if bad:
            allowed = ", ".join(sorted(t.value for t in GRADED_TYPES))
            raise ValueError(_("{types} cannot be graded on a paper; use one of: {allowed}").format(
                types=", ".join(bad), allowed=allowed))
        return value

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: list[str]) -> list[str]:
        bad = [k for k in value if k not in FACT_TYPES]
        if bad:
            raise ValueError(_("unknown fact kind {kinds}; expected one of {known}").format(
                kinds=", ".join(bad), known=", ".join(FACT_TYPES)))
        return value

    def accepts(self, card: Card) -> bool:
        """Whether ``card`` may fill this section."""
        return (
            card.type in self.types
            and (not self.topics or card.topic in self.topics)
            and (not self.tags or bool(set(self.tags).intersection(card.tags)))
            and (not self.exclude_tags or set(self.exclude_tags).isdisjoint(card.tags))
            and (not self.kinds or card.kind in self.kinds)
            and (self.min_options is None or card.type not in _COUNTED_OPTIONS
                 or len(card.options) >= self.min_options)
        )

    def describe(self) -> str:
        """What the section asks for, in words (for error messages)."""
        parts = [_("{n} item(s) of type {types}").format(n=self.count, types="/".join(t.value for t in self.types))]
        for label, values in (("topics", self.topics), ("tags", self.tags), ("exclude_tags", self.exclude_tags),
                              ("kinds", self.kinds)):
            if values:
                parts.append(f"{label} {', '.join(values)}")  # blueprint keys and deck values, as written
        # Translators: the separator between the parts of a section's description
        return _("; ").join(parts)


class Blueprint(BaseModel):
    """An exam blueprint file.

    >>> from drill import load_blueprint
    >>> bp = load_blueprint("exams/counter-staff-cert.yaml")  # doctest: +SKIP
    >>> [s.count for s in bp.sections]  # doctest: +SKIP
    [6, 3, 2, 1]
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    exam: Slug = Field(description="stable exam id")
    title: Text
    decks: list[Text] = Field(min_length=1, description="deck files (relative to the blueprint) or shipped deck ids")
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    pass_mark: float = Field(ge=0, le=100, description="percent of the total points needed to pass")
    operator: Text | None = Field(
        default=None,
        description="the operator or company whose staff the paper certifies (中国移动湖北公司); printed on the paper")
    instructions: Text | None = None
    seal_line: bool = Field(
        default=False, description="print a 密封线 down the left margin of every page (DOCX), for sealed marking")
    reviewed_only: bool = Field(
        default=False, description="draw only cards listed under `reviewed` in their deck (signed by a trainer)"
    )
    topics: list[Text] = Field(
        default_factory=list,
        description="the paper's topics (知识点): a section without `topics` of its own draws on these; with "
                    "`coverage: spread` every one of them gets an item")
    exclude_tags: list[Text] = Field(
        default_factory=list,
        description="cards with one of these tags never appear on the paper (e.g. the audience tag 装维: "
                    "facts meant for field engineers, not counter staff)")
    wordings: list[list[Text]] = Field(
        default_factory=list,
        description="wordings of one rule that the handbooks put differently (e.g. [有诉必录, 每诉必录]): a "
                    "fill-in or typed item keyed with one accepts the others")
    sections: list[BlueprintSection] = Field(min_length=1)
    coverage: Literal["spread", "free"] = Field(
        default="free",
        description="spread: every topic in `topics` is represented before any topic gets a second item, and "
                    "the paper's items are spread evenly over them (fewer items than topics: each item a topic of "
                    "its own); free: items are drawn at random")
    total: float | None = Field(
        default=None, gt=0, description="the paper's full marks (e.g. 100); refused unless the sections add up to it")

    @field_validator("coverage")
    @classmethod
    def _coverable(cls, value: str, info: ValidationInfo) -> str:
        if value != "spread":
            return value
        if not info.data.get("topics"):
            raise ValueError(_("coverage: spread needs the paper's `topics`"))
        return value

    @field_validator("total")
    @classmethod
    def _adds_up(cls, value: float | None, info: ValidationInfo) -> float | None:
        sections = info.data.get("sections")
        if value is not None and sections:
            got = sum(s.count * s.points for s in sections)
            if abs(got - value) > 1e-9:
                parts = " + ".join(f"{s.count}×{s.points:g}" for s in sections)
                raise ValueError(_("the sections add up to {got} points ({parts}), not {total}").format(
                    got=f"{got:g}", parts=parts, total=f"{value:g}"))
        return value

    @model_validator(mode="after")
    def _inherit(self) -> Blueprint:
        # a section without topics of its own draws on the paper's; the paper's excluded tags hold everywhere
        if self.topics or self.exclude_tags:
            sections = [
                s.model_copy(update={
                    "topics": s.topics or list(self.topics),
                    "exclude_tags": list(dict.fromkeys([*self.exclude_tags, *s.exclude_tags])),
                })
                for s in self.sections
            ]
            object.__setattr__(self, "sections", sections)  # frozen model: set once, while validating
        return self

    @property
    def total_points(self) -> float:
        return sum(s.count * s.points for s in self.sections)

    @property
    def pass_points(self) -> float:
        """The pass mark in points (``pass_mark`` percent of the total)."""
        return self.total_points * self.pass_mark / 100


def load_blueprint(path: str | os.PathLike[str]) -> Blueprint:
    """Load and validate a blueprint file.

    Raises :class:`~drill.errors.BlueprintError` with every problem, each with
    ``file:line:column`` and the field (``sections[2].count``).
    """
    from ..loader import read_file, validate

    try:
        return validate(read_file(path, BlueprintError), Blueprint, BlueprintError, "sections")
    except BlueprintError as exc:
        raise BlueprintError([_section_field(p) for p in exc.problems]) from None


def _section_field(problem: Problem) -> Problem:
    # the deck loader reports list items as facts ("#2"); a section has no id, so name its index
    if problem.fact and problem.fact.startswith("#") and problem.fact[1:].isdigit():
        index = int(problem.fact[1:]) - 1
        field = f"sections[{index}]" + (f".{problem.field}" if problem.field else "")
        return dataclasses.replace(problem, fact=None, field=field)
    return problem


def local_deck_candidates(base: Path, name: str) -> list[Path]:
    """Where a blueprint's deck ``name`` may sit near it, in the order they are tried.

    The name as a path relative to the blueprint's folder; then, for a deck id,
    ``<id>.yaml`` / ``<id>.yml`` beside the blueprint and in ``decks/`` beside it.
    """
    out = [base / name]
    if not Path(name).suffix:
        for folder in (base, base / "decks"):
            out += [folder / f"{name}.yaml", folder / f"{name}.yml"]
    return out


def blueprint_deck_files(blueprint: Blueprint, relative_to: str | os.PathLike[str] | None = None) -> list[Path]:
    """The deck files a blueprint names.

    Each name is tried as a path relative to the blueprint's folder, then as
    ``<id>.yaml`` beside the blueprint or in ``decks/`` beside it, then as a
    path as given, then as a shipped deck id.
    """
    from ..catalog import resolve_deck

    base = Path(relative_to) if relative_to is not None else None
    out = []
    for name in blueprint.decks:
        local = next((p for p in local_deck_candidates(base, name) if p.is_file()), None) if base is not None else None
        if local is not None:
            out.append(local)
            continue
        try:
            out.append(resolve_deck(name))
        except NotFoundError as exc:
            raise NotFoundError(_("blueprint {exam}: {error}").format(exam=repr(blueprint.exam), error=exc)) from None
    return out


def load_blueprint_cards(path: str | os.PathLike[str]) -> tuple[Blueprint, list[Card]]:
    """A blueprint file and every card its decks make (I/O wrapper around the pure assembly)."""
    from ..generate import make_cards
    from ..loader import load_deck

    blueprint = load_blueprint(path)
    decks = [load_deck(f) for f in blueprint_deck_files(blueprint, Path(path).parent)]
    cards = [c for deck in decks for c in make_cards(deck)]
    if any(CardType.MULTIPLE_SELECT in s.types for s in blueprint.sections):
        from .multiselect import select_all_cards

        cards += select_all_cards(decks)
    if blueprint.reviewed_only:
        by_id = {d.deck: d for d in decks}
        cards = [c for c in cards if by_id[c.deck].is_reviewed(c.id)]
    return blueprint, _without_editors_remarks(cards, decks)


def _without_editors_remarks(cards: list[Card], decks: list[Deck]) -> list[Card]:
    """The cards with the editors' remarks of their facts' notes left out of the explanation a key prints."""
    from .keying import learner_note

    notes = {(d.deck, f.id): f.note for d in decks for f in d.facts if f.note}
    out = []
    for card in cards:
        note = notes.get((card.deck, card.fact))
        text = card.explanation
        if note and text and text.endswith(note):
            kept = learner_note(note)
            if kept != note:
                before = text[: -len(note)].rstrip("\n")
                card = card.model_copy(update={"explanation": "\n".join(filter(None, [before, kept])) or None})
        out.append(card)
    return out


def blueprint_schema() -> dict[str, object]:
    """JSON Schema of a blueprint file."""
    from ..schema import SCHEMA_DIALECT

    schema = Blueprint.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "drill exam blueprint"
    return schema
