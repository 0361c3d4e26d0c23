"""``rule``: a statement with ``{{…}}`` deletions (numbers, limits, key terms)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import field_validator

from ..card import Card, CardType
from ..text import normalize, seeded_rng
from .base import FactBase, GenContext, Text

_DELETION = re.compile(r"\{\{(.*?)\}\}", re.S)
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[一二两三四五六七八九十]+")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_BACK = {v: k for k, v in _CN_DIGITS.items() if k != "两"}


@dataclass(frozen=True, slots=True)
class Deletion:
    answer: str
    hint: str | None
    start: int
    end: int
    #: other answers accepted for this blank (``{{暂停服务|暂停营业}}``)
    alternatives: tuple[str, ...] = ()


def parse_cloze(text: str) -> list[Deletion]:
    """The ``{{answer}}`` / ``{{answer::hint}}`` / ``{{answer|other::hint}}`` deletions of ``text``, in order.

    The first form is the answer shown; the others after ``|`` are accepted too.

    >>> [d.answer for d in parse_cloze("须在{{24小时}}内提交{{工单::单据}}")]
    ['24小时', '工单']
    >>> parse_cloze("{{暂停服务|暂停营业::两种说法}}")[0].alternatives
    ('暂停营业',)
    """
    deletions = []
    for m in _DELETION.finditer(text):
        answers, _, hint = m.group(1).partition("::")
        first, *others = (a.strip() for a in answers.split("|"))
        deletions.append(Deletion(first, hint.strip() or None, m.start(), m.end(), tuple(others)))
    return deletions


def cloze_problems(text: str) -> list[str]:
    """Why ``text`` is not a usable cloze rule (empty list when it is)."""
    problems = []
    deletions = parse_cloze(text)
    if not deletions:
        problems.append("a rule needs at least one {{…}} deletion")
    if any(not d.answer for d in deletions):
        problems.append("empty deletion {{}}")
    for d in deletions:
        if d.answer and any(not a for a in d.alternatives):
            problems.append(f"empty alternative in {{{{{d.answer}|…}}}}: remove the extra |")
    rest = _DELETION.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append("unbalanced {{ or }}")
    return problems


def _fill(text: str, deletions: list[Deletion], render) -> str:  # type: ignore[no-untyped-def]
    out, pos = [], 0
    for i, d in enumerate(deletions):
        out.append(text[pos : d.start])
        out.append(render(i, d))
        pos = d.end
    out.append(text[pos:])
    return "".join(out)


def _change_number(answer: str, rng) -> str | None:  # type: ignore[no-untyped-def]
    """``answer`` with its first number changed to a plausible wrong one."""
    m = _NUMBER.search(answer)
    if not m:
        return None
    token = m.group()
    if not token[0].isdigit() and (m.start() != 0 or _NUMBER.search(answer, m.end())):
        return None  # a Chinese numeral inside a phrase (看一遍, 一对一) is not a quantity to change
    if token[0].isdigit():
        is_float = "." in token
        value = float(token) if is_float else int(token)
        # wrong but plausible: small numbers move by one or two, large ones by a real margin
        if value < 10:
            candidates = {value + 1, value + 2, value * 2, value - 1}
        else:
            candidates = {value * 2, value + 10, value - 10, value // 2 if not is_float else value / 2}
        candidates.discard(value)
        candidates = {c for c in candidates if c > 0}
        pick = rng.choice(sorted(candidates))
        new = f"{pick:g}" if is_float else str(int(pick))
        if token.startswith("0") and len(token) > 1:
            new = new.zfill(len(token))
    else:
        if token not in _CN_DIGITS:
            return None
        value = _CN_DIGITS[token]
        choices = [v for v in (value - 1, value + 1, value * 2) if v in _CN_BACK and v != value]
        if not choices:
            return None
        new = _CN_BACK[rng.choice(choices)]
    return answer[: m.start()] + new + answer[m.end() :]


class RuleFact(FactBase):
    kind: Literal["rule"]
    text: Text
    consequence: Text | None = None

    TEMPLATES = ("cloze", "true-false")

    @field_validator("text")
    @classmethod
    def _has_deletions(cls, text: str) -> str:
        problems = cloze_problems(text)
        if problems:
            raise ValueError("; ".join(problems))
        return text

    def deletions(self) -> list[Deletion]:
        return parse_cloze(self.text)

    def plain(self) -> str:
        return _DELETION.sub(lambda m: m.group(1).partition("::")[0].split("|")[0].strip(), self.text)

    def texts(self) -> list[str]:
        return [self.plain()]

    def _explanation(self) -> str | None:
        return f"违反后果：{self.consequence}" if self.consequence else None

    def make(self, ctx: GenContext) -> Iterator[Card]:
        dels = self.deletions()
        anki = _fill(
            self.text, dels, lambda i, d: f"{{{{c{i + 1}::{d.answer}" + (f"::{d.hint}" if d.hint else "") + "}}"
        )
        if self.wants("cloze"):
            for n, target in enumerate(dels):
                prompt = _fill(
                    self.text, dels,
                    lambda i, d: (f"[{d.hint}]" if d.hint else "[…]") if i == n else d.answer,  # noqa: B023
                )
                yield ctx.card(
                    self, "cloze", CardType.CLOZE, prompt, target.answer, part=n + 1,
                    context=anki, hint=target.hint, explanation=self._explanation(), accept=target.alternatives,
                )
        if self.wants("true-false"):
            card = self._true_false(ctx, dels)
            if card:
                yield card

    def _true_false(self, ctx: GenContext, dels: list[Deletion]) -> Card | None:
        rng = seeded_rng("true-false", ctx.deck.deck, self.id)
        truth = rng.random() < 0.5
        false_text = self._falsify(ctx, dels, rng)
        if false_text is None:
            ctx.warn(self, "true-false", "no number to change and no other term to swap in for a false "
                     "statement; add `distractors` (wrong terms) to the rule")
            return None
        statement = self.plain() if truth else false_text
        explanation = "\n".join(filter(None, [None if truth else f"正确说法：{self.plain()}", self._explanation()]))
        return ctx.true_false(self, "true-false", statement, truth, explanation=explanation or None)

    def _falsify(self, ctx: GenContext, dels: list[Deletion], rng) -> str | None:  # type: ignore[no-untyped-def]
        order = list(range(len(dels)))
        rng.shuffle(order)
        order.sort(key=lambda i: _change_number(dels[i].answer, seeded_rng(i)) is None)  # numbers first, stable
        for i in order:
            changed = _change_number(dels[i].answer, rng)
            if changed and normalize(changed) != normalize(dels[i].answer):
                return _fill(self.text, dels, lambda j, d: changed if j == i else d.answer)  # noqa: B023 - used at once
        # no number: swap one deleted term for another plausible one. Explicit
        # distractors are wrong values for the first deletion, so that one is swapped.
        target = dels[0] if self.distractors else dels[order[0]]
        own = [d.answer for d in dels if d is not target]
        sibling_terms = ctx.tiers(self, "rule", "term-deletions", _term_deletions)
        swap = ctx.choose(
            ctx.card_id(self, "true-false"), target.answer, [self.distractors, own, *sibling_terms],
            owner=self.id, exclude=target.alternatives, want=1,  # an accepted wording makes no false statement
        )
        if not swap:
            return None
        return _fill(self.text, dels, lambda j, d: swap[0] if d is target else d.answer)


def _term_deletions(fact: RuleFact) -> list[str]:
    """The deleted terms of a rule that are not quantities (candidates for a swap)."""
    return [d.answer for d in fact.deletions() if _NUMBER.search(d.answer) is None]
