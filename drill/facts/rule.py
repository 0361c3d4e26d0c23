"""``rule``: a statement with ``{{…}}`` deletions (numbers, limits, key terms)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import field_validator

from ..card import Card, CardType
from ..i18n import _
from ..itemrules import (
    absurd_statement,
    common_saying,
    contains_answer,
    either_or,
    near_echo,
    negation_printed,
    LONG_BLANK,
    long_blank,
    one_character,
    paired_half,
    parallel_slot,
    role_echo,
)
from ..text import normalize, seeded_rng
from .base import FactBase, GenContext, Text

_DELETION = re.compile(r"\{\{(.*?)\}\}", re.S)
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[一二两三四五六七八九十]+")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_BACK = {v: k for k, v in _CN_DIGITS.items() if k != "两"}


_NUMBERED = re.compile(r"\s*c(\d+)::")


@dataclass(frozen=True, slots=True)
class Deletion:
    answer: str
    hint: str | None
    start: int
    end: int
    #: the blank's own number (``{{c3::…}}``); 0 when the author left it to the deletion's place
    number: int = 0
    #: other answers accepted for this blank (``{{暂停服务|暂停营业}}``)
    alternatives: tuple[str, ...] = ()


def parse_cloze(text: str) -> list[Deletion]:
    """The ``{{answer}}`` / ``{{answer::hint}}`` / ``{{answer|other::hint}}`` deletions of ``text``, in order.

    The first form is the answer shown; the others after ``|`` are accepted too.
    A deletion may start with its own number, ``{{c3::answer}}``: it keeps that
    number (its card and review history) when other deletions are added or
    removed; an unnumbered one is numbered by its place, so removing an earlier
    one renumbers it.

    >>> [d.answer for d in parse_cloze("须在{{24小时}}内提交{{工单::单据}}")]
    ['24小时', '工单']
    >>> parse_cloze("{{暂停服务|暂停营业::两种说法}}")[0].alternatives
    ('暂停营业',)
    >>> [(d.number, d.answer) for d in parse_cloze("须在{{c2::24小时}}内提交{{c3::工单}}")]
    [(2, '24小时'), (3, '工单')]
    """
    return list(_parse_cloze(text))


@lru_cache(maxsize=16384)
def _parse_cloze(text: str) -> tuple[Deletion, ...]:
    # a rule's text is parsed again by every template and check: parse each text once
    deletions = []
    for m in _DELETION.finditer(text):
        body = m.group(1)
        number = 0
        numbered = _NUMBERED.match(body)
        if numbered:
            number = int(numbered.group(1))
            body = body[numbered.end():]
        answers, _, hint = body.partition("::")
        first, *others = (a.strip() for a in answers.split("|"))
        deletions.append(Deletion(first, hint.strip() or None, m.start(), m.end(), number=number,
                                  alternatives=tuple(others)))
    return tuple(deletions)


def deletion_numbers(deletions: list[Deletion]) -> list[int]:
    """The card number of each deletion: its own ``cN``, or its place (from 1) when unnumbered."""
    return [d.number or i + 1 for i, d in enumerate(deletions)]


def cloze_problems(text: str) -> list[str]:
    """Why ``text`` is not a usable cloze rule (empty list when it is)."""
    problems = []
    deletions = parse_cloze(text)
    if not deletions:
        problems.append(_("a rule needs at least one {{…}} deletion"))
    if any(not d.answer for d in deletions):
        problems.append(_("empty deletion {{}}"))
    numbered = [d.number for d in deletions if d.number]
    if numbered and len(numbered) != len(deletions):
        problems.append(_("number every deletion ({{c1::…}}, {{c2::…}}) or none of them"))
    if any(n < 1 for n in (d.number for d in deletions if _NUMBERED.match(text[d.start + 2:d.end]))):
        problems.append(_("deletion numbers start at c1"))
    if len(set(numbered)) != len(numbered):
        dupes = sorted({n for n in numbered if numbered.count(n) > 1})
        problems.append(_("deletion number used twice: {numbers}").format(numbers=", ".join(f"c{n}" for n in dupes)))
    for d in deletions:
        if d.answer and any(not a for a in d.alternatives):
            problems.append(_("empty alternative in {deletion}: remove the extra |").format(
                deletion=f"{{{{{d.answer}|…}}}}"))
    rest = _DELETION.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append(_("unbalanced {{ or }}"))
    return problems


def _fill(text: str, deletions: list[Deletion], render) -> str:  # type: ignore[no-untyped-def]
    out, pos = [], 0
    for i, d in enumerate(deletions):
        out.append(text[pos : d.start])
        out.append(render(i, d))
        pos = d.end
    out.append(text[pos:])
    return "".join(out)


#: What may follow a number that is a quantity (a number of hours, times, yuan, percent …).
_UNIT = re.compile(
    r"(?:个工作日|工作日|小时|分钟|秒钟|个月|厘米|公分|公里|分贝|[%％分秒天日个次元倍米声步项岁周月年人名条句级层种位张件遍轮排家户度字]|cm)",
    re.IGNORECASE,
)
_CLOCK_AFTER = re.compile(r"(?:[时点](?!钟)|[:：]\d)")


def _number_kind(token: str, before: str, after: str) -> str | None:
    """What the number ``token`` is, read in its place: ``percent``, ``clock``, ``quantity`` or ``None``.

    ``None`` means it is not a quantity to change (a phone number, a year, an
    ordinal, a name such as 5S or 4G): a false statement made by changing it
    would be nonsense, not a wrong rule.
    """
    if before.endswith("第"):
        return None
    if before.endswith("百分之") or after.startswith(("%", "％")):
        return "percent"
    if token[0].isdigit():
        if token.startswith("0") and len(token) > 1:
            return None  # an id or a code (0571, 01)
        if not before.endswith("小") and _CLOCK_AFTER.match(after) and not after.startswith(("时间", "时限")):
            return "clock"
        if len(token.split(".")[0]) >= 4 and not _UNIT.match(after):
            return None  # 10000, 1860: a number to dial, not an amount
        if len(token) == 4 and after.startswith("年"):
            return None  # a year
    if before.endswith("小") or not _UNIT.match(after):
        return None
    return "quantity"


def _plausible(value: float, kind: str, is_float: bool) -> list[float]:
    """Wrong values a candidate could believe: near the true one, in range for its kind."""
    if kind == "clock":
        cands = [value - 1, value + 1, value - 2, value + 2]
        return [c for c in cands if 0 <= c <= 23 and c != value]
    if value < 10:
        cands = [value + 1, value + 2, value - 1]
    else:
        cands = [value * 2, value / 2 if is_float else value // 2, value + 10, value - 10]
        if value % 10 == 0 and value >= 20:
            cands.append(value * 1.5 if is_float else int(value * 1.5))
    out = [c for c in cands if c > 0 and c != value]
    if kind == "percent":
        out = [c for c in out if c <= 100]
    return sorted(set(out))


def _change_number(answer: str, rng, before: str = "", after: str = "") -> str | None:  # type: ignore[no-untyped-def]
    """``answer`` with its first number changed to a plausible wrong one (``None`` if it has no quantity).

    ``before``/``after`` are the rule's text around the deletion, so ``{{24}}小时``
    is read as hours and ``拨打{{10000}}`` as a number to dial (never changed).
    Percentages stay at most 100, clock hours within 0–23.

    >>> import random
    >>> _change_number("70%", random.Random(1)) in {"71%", "72%", "69%", "35%", "80%", "60%"}
    True
    >>> _change_number("10000", random.Random(1), "拨打", "热线") is None
    True
    """
    m = _NUMBER.search(answer)
    if not m:
        return None
    token = m.group()
    if not token[0].isdigit() and (m.start() != 0 or _NUMBER.search(answer, m.end())):
        return None  # a Chinese numeral inside a phrase (看一遍, 一对一) is not a quantity to change
    kind = _number_kind(token, before + answer[: m.start()], answer[m.end() :] + after)
    if kind is None:
        return None
    if token[0].isdigit():
        is_float = "." in token
        value = float(token) if is_float else int(token)
        candidates = _plausible(value, kind, is_float)
        if not candidates:
            return None
        pick = rng.choice(candidates)
        new = f"{pick:g}" if is_float else str(int(pick))
    else:
        if token not in _CN_DIGITS:
            return None
        value = _CN_DIGITS[token]
        choices = [v for v in _plausible(value, kind, False) if v in _CN_BACK]
        if not choices:
            return None
        new = _CN_BACK[int(rng.choice(choices))]
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
            raise ValueError(_("; ").join(problems))
        return text

    def deletions(self) -> list[Deletion]:
        return parse_cloze(self.text)

    def plain(self) -> str:
        return _fill(self.text, self.deletions(), lambda i, d: d.answer)

    def texts(self) -> list[str]:
        return [self.plain()]

    def _explanation(self) -> str | None:
        return f"违反后果：{self.consequence}" if self.consequence else None

    def make(self, ctx: GenContext) -> Iterator[Card]:
        dels = self.deletions()
        numbers = deletion_numbers(dels)
        anki = _fill(
            self.text, dels,
            lambda i, d: f"{{{{c{numbers[i]}::{d.answer}" + (f"::{d.hint}" if d.hint else "") + "}}",
        )
        saying = next(filter(None, (common_saying(self.plain(), d.answer) for d in dels)), None)
        if saying:
            # a blank inside 站如松 (or a false 站如钟) tests the saying, not the handbook
            for template in ("cloze", "true-false"):
                if self.wants(template):
                    ctx.warn(self, template, _("no card: the blank completes the common saying {saying!r}, which "
                                               "everyone knows; test the handbook's own rule instead or exclude "
                                               "the fact").format(saying=saying), "common-saying")
            return
        if self.wants("cloze"):
            for n, target in enumerate(dels):
                prompt = _fill(
                    self.text, dels,
                    lambda i, d: (f"[{d.hint}]" if d.hint else "[…]") if i == n else d.answer,  # noqa: B023
                )
                if contains_answer(prompt, target.answer):
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the answer {answer!r} also stands in the rest of the "
                                                       "rule, which gives the blank away; reword the rule or "
                                                       "exclude the card").format(answer=target.answer),
                             "cloze-giveaway")
                    continue
                half = paired_half(prompt, target.answer)
                if half:
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the rule prints the other half {half!r}, and the "
                                                       "blank is its opposite; blank the other half too (one card "
                                                       "for both) or exclude the card").format(half=half),
                             "cloze-paired-half")
                    continue
                parallel = parallel_slot(prompt, target.answer, f"[{target.hint}]" if target.hint else "[…]")
                if parallel:
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: a clause built like the blank's prints "
                                                       "{word!r} where the blank stands, and it fills the blank too "
                                                       "(a second answer, or one to copy); blank another part or "
                                                       "exclude the card").format(word=parallel),
                             "cloze-parallel-slot")
                    continue
                verb = role_echo(prompt, target.answer)
                if verb:
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the answer {answer!r} is the role named after "
                                                       "{verb!r}, which the rule prints, so the blank is filled by "
                                                       "copying it; reword the rule without the verb or blank "
                                                       "another part").format(answer=target.answer, verb=verb),
                             "cloze-role-echo")
                    continue
                negated = negation_printed(prompt, target.answer)
                if negated:
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the rule prints the answer negated ({negated!r}), "
                                                       "which gives the blank away; blank another part or exclude "
                                                       "the card").format(negated=negated),
                             "cloze-negation-printed")
                    continue
                near = near_echo(prompt, [target.answer, *target.alternatives])
                if near:
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the rule prints {near!r}, one character away "
                                                       "from the answer, which gives the blank away; blank another "
                                                       "part or exclude the card").format(near=near),
                             "cloze-near-echo")
                    continue
                either = either_or(target.answer)
                accepted = {normalize(a) for a in (target.answer, *target.alternatives)}
                if either and not all(normalize(half) in accepted for half in either.split(" / ")):
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the answer joins alternatives ({either}), so "
                                                       "either half or another of their kind fills the blank as "
                                                       "well; blank a part only the handbook's wording fills or "
                                                       "exclude the card").format(either=either),
                             "cloze-either-or")
                    continue
                if long_blank(target.answer, target.alternatives):
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the blank asks for {n} characters word for word "
                                                       "({answer!r}); a shorter right answer gets nothing. Blank a "
                                                       "part of at most {most} characters, or list the shorter "
                                                       "wordings").format(n=len(normalize(target.answer)),
                                                                          answer=target.answer, most=LONG_BLANK),
                             "cloze-long")
                    continue
                if one_character(target.answer, target.alternatives):
                    ctx.warn(self, f"cloze/{numbers[n]}", _("no card: the blank asks for one character "
                                                       "({answer!r}) and other characters fit the rule as well; "
                                                       "blank a longer part, list the other fills, or exclude the "
                                                       "card").format(answer=target.answer),
                             "cloze-one-character")
                    continue
                yield ctx.card(
                    self, "cloze", CardType.CLOZE, prompt, target.answer, part=numbers[n],
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
        if false_text is None and self.distractors:
            target = dels[0]
            absurd = next(filter(None, (absurd_statement(_fill(self.text, dels, lambda _j, d: w if d is target  # noqa: B023
                                                                 else d.answer)) for w in self.distractors)), None)
            if absurd:
                ctx.warn(self, "true-false", _("no card: every wrong value in `distractors` makes a false statement "
                                               "common sense refutes ({absurd!r}); give a plausible wrong value or "
                                               "exclude the card").format(absurd=absurd), "absurd-false")
                return None
        if false_text is None:
            ctx.warn(self, "true-false", _("no quantity to change and no explicit `distractors` for a false "
                                           "statement; add `distractors` (wrong values of the first deleted term) "
                                           "to the rule"), "no-false-statement")
            return None
        statement = self.plain() if truth else false_text
        explanation = "\n".join(filter(None, [None if truth else f"正确说法：{self.plain()}", self._explanation()]))
        return ctx.true_false(self, "true-false", statement, truth, explanation=explanation or None)

    def _around(self, d: Deletion) -> tuple[str, str]:
        """The rule's plain text before and after deletion ``d``."""
        plain = self.plain()
        dels = self.deletions()
        i = next(k for k, other in enumerate(dels) if other.start == d.start)
        # the plain text puts each deletion's answer where its {{…}} stood
        before = _fill(self.text[: d.start], dels[:i], lambda _k, other: other.answer)
        return before, plain[len(before) + len(d.answer):]

    def _falsify(self, ctx: GenContext, dels: list[Deletion], rng) -> str | None:  # type: ignore[no-untyped-def]
        order = list(range(len(dels)))
        rng.shuffle(order)
        numbers = {i: _change_number(dels[i].answer, seeded_rng(i), *self._around(dels[i])) for i in order}
        order.sort(key=lambda i: numbers[i] is None)  # quantities first, stable
        for i in order:
            changed = _change_number(dels[i].answer, rng, *self._around(dels[i]))
            if changed and normalize(changed) != normalize(dels[i].answer):
                return _fill(self.text, dels, lambda j, d: changed if j == i else d.answer)  # noqa: B023 - used at once
        # no quantity: only the author's own wrong values make a false statement. A term taken
        # from another rule is too often absurd (a 无形服务 sign) or still true (增值服务 for 提升服务).
        if not self.distractors:
            return None
        target = dels[0]  # explicit distractors are wrong values for the first deletion
        card_id = ctx.card_id(self, "true-false")
        accepted = target.alternatives  # an accepted wording makes no false statement
        def honest(wrong: str) -> bool:  # a false statement common sense refutes tests nothing
            return absurd_statement(_fill(self.text, dels, lambda _j, d: wrong if d is target else d.answer)) is None

        swap = ctx.choose(card_id, target.answer, [self.distractors], exclude=accepted, want=1, fits=honest)
        if not swap:
            return None
        return _fill(self.text, dels, lambda j, d: swap[0] if d is target else d.answer)
