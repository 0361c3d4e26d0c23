"""``question``: a trainer's own exam item — stem, options and key exactly as the trainer wrote them.

Unlike the other kinds, nothing is generated: the card asks the stem with the
trainer's options in the trainer's order (distractors included), and the item
audit may warn about a question but never rewrites or withholds it. Usually
read from a question bank (``drill import-bank``, or a bank file given where a
deck is); written by hand it looks like::

    - kind: question
      id: q-cash-limit
      type: 单选
      stem: 单笔现金缴费超过多少元须登记身份证件？
      options: [1000元, 5000元, 10000元, {text: 以上都不对, fixed: true}]
      key: B
      explanation: 见《营业厅服务规范》第三章。
      score: 2
      topic: 收费规范

``key`` is the right letter (单选), every right letter (多选, ``ACD``),
``正确``/``错误`` (判断) or the answer in words (填空/简答, other accepted
wordings under ``accept``). An option marked ``fixed`` (「以上都对」 and the
like) keeps its place when a paper shuffles the options.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..card import Card, CardType, Option
from ..i18n import _
from .base import FALSE_LABEL, TRUE_LABEL, FactBase, GenContext, Text

QuestionType = Literal["单选", "多选", "判断", "填空", "简答"]
QUESTION_TYPES: tuple[str, ...] = ("单选", "多选", "判断", "填空", "简答")
#: options a question may have (A–H, as the banks and the paper forms hold)
MAX_OPTIONS = 8
TRUE_KEYS = frozenset({"正确", "对", "是", "√", "✓", "✔", "T", "TRUE", "Y", "YES"})
FALSE_KEYS = frozenset({"错误", "错", "否", "×", "✗", "✘", "X", "F", "FALSE", "N", "NO"})


class QuestionOption(BaseModel):
    """One option; ``fixed`` keeps it in its place when options are shuffled (「以上都对」)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    text: Text
    fixed: bool = False


def key_letters(key: str) -> str:
    """The letters of a key as written in banks: ``A``, ``a``, ``Ａ``, ``A,C,D``, ``A、C、D`` → ``A``/``ACD``."""
    text = unicodedata.normalize("NFKC", key).upper()
    return "".join(ch for ch in text if not (ch.isspace() or ch in ",，、;；/|"))


def truth_of(key: str) -> bool | None:
    """正确/对/√/T … → True, 错误/错/×/F … → False, anything else None."""
    mark = unicodedata.normalize("NFKC", key).strip().upper()
    if mark in TRUE_KEYS:
        return True
    if mark in FALSE_KEYS:
        return False
    return None


class QuestionFact(FactBase):
    kind: Literal["question"]
    type: QuestionType = Field(description="单选, 多选, 判断, 填空 or 简答")
    stem: Text = Field(description="the question as the trainer wrote it")
    options: list[Text | QuestionOption] = Field(
        default_factory=list, description="options in order (A, B, …); {text, fixed: true} keeps one in place")
    key: Text = Field(description="right letter(s) (单选 B, 多选 ACD), 正确/错误 (判断) or the answer (填空/简答)")
    accept: list[Text] = Field(default_factory=list, description="other accepted answers (填空/简答)")
    explanation: Text | None = Field(default=None, description="解析: shown after the answer")
    score: float | None = Field(default=None, ge=0, le=1000, description="分值 in the trainer's bank")
    difficulty: Text | None = Field(default=None, description="难度 in the trainer's bank (易/中/难 or a number)")

    TEMPLATES = ("ask",)

    @field_validator("options")
    @classmethod
    def _option_count(cls, value: list[str | QuestionOption]) -> list[str | QuestionOption]:
        if len(value) > MAX_OPTIONS:
            raise ValueError(_("at most {n} options (A–H)").format(n=MAX_OPTIONS))
        return value

    @model_validator(mode="after")
    def _key_fits(self) -> QuestionFact:
        problem = key_problem(self.type, self.key, len(self.options))
        if problem:
            raise ValueError(problem)
        return self

    def option_list(self) -> list[QuestionOption]:
        return [o if isinstance(o, QuestionOption) else QuestionOption(text=o) for o in self.options]

    def texts(self) -> list[str]:
        return [self.stem]

    def make(self, ctx: GenContext) -> Iterator[Card]:
        if not self.wants("ask"):
            return
        options = self.option_list()
        if self.type in ("单选", "多选"):
            right = set(key_letters(self.key))
            made = tuple(Option(text=o.text, correct=chr(65 + i) in right, fixed=o.fixed)
                         for i, o in enumerate(options))
            answer = "、".join(o.text for o in made if o.correct)
            kind = CardType.MULTIPLE_CHOICE if self.type == "单选" else CardType.MULTIPLE_SELECT
            yield ctx.card(self, "ask", kind, self.stem, answer, options=made, explanation=self.explanation)
        elif self.type == "判断":
            truth = bool(truth_of(self.key))
            yield ctx.true_false(self, "ask", self.stem, truth, explanation=self.explanation)
        else:
            yield ctx.card(self, "ask", CardType.TYPED, self.stem, self.key, accept=self.accept,
                           explanation=self.explanation)


def key_problem(kind: str, key: str, options: int) -> str | None:
    """Why ``key`` cannot be the key of a ``kind`` question with ``options`` options, or None."""
    if kind in ("单选", "多选"):
        if options < 2:
            return _("a {type} question needs at least 2 options (it has {n})").format(type=kind, n=options)
        letters = key_letters(key)
        allowed = "".join(chr(65 + i) for i in range(options))
        if not letters or any(ch not in allowed for ch in letters):
            return _("key {key!r} is not among the options {first}–{last}").format(
                key=key, first="A", last=allowed[-1])
        if len(set(letters)) != len(letters):
            return _("key {key!r} names an option twice").format(key=key)
        if kind == "多选" and len(letters) < 2:
            return _("key {key!r} gives one letter, but a 多选 question has at least two right options").format(
                key=key)
        if kind == "单选" and len(letters) != 1:
            return _("key {key!r} gives {n} letters, but a 单选 question has one right option").format(
                key=key, n=len(letters))
        return None
    if kind == "判断" and truth_of(key) is None:
        return _("key {key!r} of a 判断 question must be 正确 or 错误 (对/错, √/×, T/F)").format(key=key)
    return None


__all__ = ["MAX_OPTIONS", "QUESTION_TYPES", "QuestionFact", "QuestionOption", "key_letters", "key_problem",
           "truth_of", "TRUE_LABEL", "FALSE_LABEL"]
