"""The card: what a learner sees, answers and is scheduled on."""

from __future__ import annotations

import random
from enum import StrEnum
from typing import NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from .text import stable_hash


class CardType(StrEnum):
    BASIC = "basic"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    CLOZE = "cloze"
    LIST_RECALL = "list_recall"
    ORDERING = "ordering"
    TYPED = "typed"
    #: 多选题: several options are right. Made for exam papers only (see drill.exam.multiselect).
    MULTIPLE_SELECT = "multiple_select"


#: Card types made only for exam papers, never for review or Anki decks.
EXAM_ONLY_TYPES = frozenset({CardType.MULTIPLE_SELECT})

#: Card types whose answers the program can grade by itself.
GRADED_TYPES = frozenset(
    {CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING, CardType.CLOZE, CardType.TYPED,
     CardType.MULTIPLE_SELECT}
)


class Option(BaseModel):
    """One choice of a multiple-choice or true/false card (or one step to order)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    correct: bool = False
    #: keeps its place when the options are shuffled (「以上都对」 in a trainer's question)
    fixed: bool = False


def shuffle_options(options: list[Option] | tuple[Option, ...], rng: random.Random) -> tuple[Option, ...]:
    """``options`` shuffled with ``rng``, those marked ``fixed`` left where they are."""
    out = list(options)
    free = [i for i, o in enumerate(out) if not o.fixed]
    moved = [out[i] for i in free]
    rng.shuffle(moved)
    for i, option in zip(free, moved, strict=True):
        out[i] = option
    return tuple(out)


class Card(BaseModel):
    """A flashcard made from one fact by one template.

    ``id`` is ``deck/fact/template[/part]`` and never depends on wording, so a
    typo fix keeps the review history. ``content_hash`` changes whenever what
    the learner sees changes.

    Per type: ``options`` holds the choices of multiple_choice/true_false cards
    (exactly one marked correct) and the shuffled steps of ordering cards;
    ``items`` holds the expected items of list_recall cards and the steps in
    their right order for ordering cards; ``context`` holds a cloze card's whole
    rule in Anki cloze syntax (``{{c1::answer::hint}}``) and ``part`` the
    deletion number. ``accept`` holds other answers accepted as equal to
    ``answer`` (on a list_recall card, an entry ``item|other|…`` gives one
    item's other wordings) and ``points`` the key points of a standard phrase
    (each a ``|``-separated set of synonyms); :mod:`drill.judge` reads both.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    deck: str
    fact: str
    kind: str
    template: str
    part: str | None = None
    type: CardType
    prompt: str
    answer: str
    options: tuple[Option, ...] = ()
    items: tuple[str, ...] = ()
    context: str | None = None
    accept: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    hint: str | None = None
    explanation: str | None = None
    topic: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    content_hash: str = Field(default="", description="hash of everything the learner sees")

    def correct_option(self) -> Option | None:
        """The option marked correct (multiple choice, true/false)."""
        return next((o for o in self.options if o.correct), None)


def content_hash(fields: dict[str, object]) -> str:
    """Hash of a card's visible content (identity fields excluded)."""
    parts: list[str] = []
    for key in sorted(fields):
        if key in _IDENTITY:
            continue
        value = fields[key]
        if key in _OPTIONAL and not value:
            continue  # cards without alternatives keep the hash they had before these fields existed
        if isinstance(value, tuple | list):
            value = "\x1e".join(
                f"{v.text}\x1d{int(v.correct)}" if isinstance(v, Option) else str(v) for v in value
            )
        parts.append(f"{key}\x1f{'' if value is None else value}")
    return stable_hash("\x1c".join(parts), 16)


_OPTIONAL = frozenset({"accept", "points"})
_IDENTITY = frozenset({"id", "deck", "fact", "template", "part", "content_hash"})


class OptionContent(TypedDict):
    """One option of a card, as in :class:`CardContent`."""

    text: str
    correct: bool


class CardContent(TypedDict):
    """A card as plain JSON data: ``Card.model_dump(mode="json")``, and what the review store keeps.

    :attr:`drill.session.ReviewCard.content` is one; :func:`drill.grading.grade`
    and :func:`drill.judge` take one as well as a :class:`Card`.
    """

    id: str
    deck: str
    fact: str
    kind: str
    template: str
    part: str | None
    #: a :class:`CardType` value: ``basic``, ``multiple_choice``, ``true_false``, ``cloze`` …
    type: str
    prompt: str
    answer: str
    options: list[OptionContent]
    items: list[str]
    context: str | None
    accept: NotRequired[list[str]]
    points: NotRequired[list[str]]
    hint: str | None
    explanation: str | None
    topic: str | None
    tags: list[str]
    source: str | None
    content_hash: str
