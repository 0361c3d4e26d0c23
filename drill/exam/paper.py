"""An exam paper: one variant of a blueprint, with everything a format or a grader needs.

The paper carries the answers (``ExamItem.key``); a format must keep them out
of the student paper and put them only in the answer key.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..card import CardType, Option


class ExamItem(BaseModel):
    """One question on a paper, options already in this variant's order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(description="1-based number across the whole paper")
    card_id: str
    deck: str
    fact: str
    type: CardType
    prompt: str
    options: tuple[Option, ...] = Field(default=(), description="MC/TF choices or ordering steps, as printed")
    key: str = Field(description="what a grader compares: option letter(s) A-Z for MC/TF/ordering, "
                     "the right letters in alphabetical order for multiple select, text otherwise")
    answer: str = Field(description="the correct answer as a person reads it")
    points: float
    kind: str | None = Field(default=None, description="the fact kind the card came from (script, rule …)")
    accept: tuple[str, ...] = Field(default=(), description="other answers accepted as equal to the key")
    key_points: tuple[str, ...] = Field(default=(), description="key points of a standard phrase (`word|synonym`)")
    items: tuple[str, ...] = Field(default=(), description="expected items of a list-recall item")
    explanation: str | None = None
    topic: str | None = None
    source: str | None = None
    scoring: str | None = Field(default=None, description="multiple select only: all-or-nothing, half, proportional")

    @property
    def letters(self) -> str:
        return "".join(chr(65 + i) for i in range(len(self.options)))

    def key_lines(self) -> list[str]:
        """The key as a marker reads it, line by line (:func:`drill.exam.keying.key_lines`): the answer, a
        fill-in's other accepted wordings, a 简答's scoring points."""
        from .keying import key_lines

        return key_lines(self)


class ExamSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    points_each: float
    instructions: str | None = None
    scoring: str | None = Field(default=None, description="multiple select only: all-or-nothing, half, proportional")
    items: tuple[ExamItem, ...]

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)


class ExamPaper(BaseModel):
    """One variant (A, B, …) of an exam."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exam: str
    title: str
    variant: str
    seed: int
    duration_minutes: int | None = None
    pass_mark: float = Field(description="percent of total points needed to pass")
    operator: str | None = Field(default=None, description="the operator or company whose staff the paper certifies")
    instructions: str | None = None
    seal_line: bool = Field(default=False, description="print a 密封线 (sealed-marking strip) where the format can")
    sections: tuple[ExamSection, ...]
    #: the build's fingerprint (exam, seed, variant set; see drill.exam.manifest.build_fingerprint),
    #: printed on the paper and the answer-sheet template so grading can tell a sheet of another build
    fingerprint: str | None = None

    @property
    def items(self) -> list[ExamItem]:
        return [i for s in self.sections for i in s.items]

    @property
    def total_points(self) -> float:
        return sum(s.points for s in self.sections)

    @property
    def pass_points(self) -> float:
        """The pass mark in points."""
        return self.total_points * self.pass_mark / 100
