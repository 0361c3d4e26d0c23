"""Grading answers the program can check: options, true/false, ordering, cloze and typed text.

:func:`grade` and :func:`judge` take any card (a :class:`~drill.card.Card`, or its
content as a dict) and the answer as a person types it: an option letter or
number (``"b"``, ``"2"``), ``t``/``f`` or 对/错, option numbers in order
(``"31245"``), or text. The functions below them take answers already parsed.

Pure functions over a card as a plain dict (``Card.model_dump(mode="json")`` or
:meth:`drill.store.Store.card_content`). Each returns a :class:`Grade` with a
suggested rating: wrong → Again, right → Good, nearly right typed text (or most
of a list) → Hard. Typed text, cloze blanks and lists are marked by
:func:`drill.judge.judge`, the same judge ``drill exam`` uses.

>>> card = {"type": "typed", "answer": "请稍等，我帮您确认一下。"}
>>> grade_typed(card, "请稍等 我帮您确认一下").correct
True
>>> grade_typed({"type": "cloze", "answer": "10分钟"}, "1分钟", language="zh-CN").reason
'数字不同：应为 10，你写的是 1'

Every function here that words a reason takes ``language=`` (``"en"``,
``"zh-CN"``); without it the reason is in the current language, English unless
the host chose (:func:`drill.i18n.speaking`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem
from .i18n import N_, _, speaking
from .scheduling import Rating
from .text import normalize

if TYPE_CHECKING:  # the judge compiles its patterns on import: loaded at the first typed answer, not at start-up
    from .card import Card, CardContent
    from .judge import Verdict
    from .lexicon import ServiceStandards

OPTION_KEYS = "abcdefgh"
_TRUE_TEXTS = {"正确", "对", "true", "是"}
#: what a person types for "true" / "false" on a true/false card (after NFKC and lower-casing)
TRUE_ANSWERS = frozenset({"t", "true", "对", "是", "正确", "√", "✓", "y", "yes"})
FALSE_ANSWERS = frozenset({"f", "false", "错", "否", "错误", "×", "✗", "x", "n", "no"})
_SEPARATORS = str.maketrans("", "", " ,，、;；.。→>-")


@dataclass(frozen=True, slots=True)
class Grade:
    """The verdict on one answer.

    ``correct`` is None (and ``suggested`` None) for an answer the program does
    not judge: a standard phrase with no key points, which the learner rates.
    """

    correct: bool | None
    score: float
    suggested: Rating | None
    given: str
    expected: str
    #: for typed answers: (kind, text) runs, kind in {"same", "extra", "missing"}
    diff: tuple[tuple[str, str], ...] = ()
    #: why, in words a learner reads (``numbers differ: should be 10, you wrote 1``)
    reason: str = ""
    verdict: Verdict | None = None


def _verdict(correct: bool, given: str, expected: str, score: float | None = None) -> Grade:
    score = (1.0 if correct else 0.0) if score is None else score
    return Grade(correct, score, Rating.GOOD if correct else Rating.AGAIN, given, expected)


def grade_option(card: Mapping[str, Any], index: int) -> Grade:
    """Multiple choice: the learner picked option ``index`` (0-based)."""
    options = card["options"]
    if not 0 <= index < len(options):
        raise InputError(Problem(_("no option {number}; the card has {count}").format(
            number=index + 1, count=len(options)), field="answer"))
    expected = next((o["text"] for o in options if o["correct"]), card.get("answer", ""))
    return _verdict(bool(options[index]["correct"]), options[index]["text"], expected)


def grade_true_false(card: Mapping[str, Any], says_true: bool) -> Grade:
    """True/false: the learner said the statement is true (``t``) or false (``f``)."""
    options = card["options"]
    true_index = next((i for i, o in enumerate(options) if normalize(o["text"]) in _TRUE_TEXTS), 0)
    index = true_index if says_true else next(i for i in range(len(options)) if i != true_index)
    return grade_option(card, index)


def parse_order(text: str, count: int) -> list[int]:
    """Options typed in order, as numbers or as the letters a card or paper shows → 0-based indices.

    "31245", "3 1 2 4 5", "3,1,2", "CAB", "c a b", "ＣＡＢ" all work. Raises
    :class:`~drill.errors.InputError` (a ValueError) for options out of range or repeated.

    >>> parse_order("CDBA", 4) == parse_order("3421", 4) == [2, 3, 1, 0]
    True
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    if count <= len(OPTION_KEYS) and folded and all(ch.isascii() and ch.isalpha() or ch in " ,，、;；→>-" for ch in folded):
        letters = [ch for ch in folded.lower() if ch.isalpha()]
        if any(ch not in OPTION_KEYS[:count] for ch in letters) or len(set(letters)) != len(letters):
            raise InputError(Problem(_("use each option letter A–{last} once").format(
                last=OPTION_KEYS[count - 1].upper()), field="answer"))
        return [OPTION_KEYS.index(ch) for ch in letters]
    if count < 10 and not any(sep in folded for sep in " ,，、"):
        tokens = list(folded)
    else:
        tokens = [t for t in folded.replace(",", " ").replace("，", " ").replace("、", " ").split()]
    if len(tokens) > count or not all(t.isdigit() and len(t) <= 3 for t in tokens):
        example = "".join(map(str, range(1, count + 1)))
        raise InputError(Problem(_("type the option numbers 1–{count} (or letters A–{last}) in order, e.g. {example}")
                                 .format(count=count, last=OPTION_KEYS[min(count, len(OPTION_KEYS)) - 1].upper(),
                                         example=example), field="answer"))
    numbers = [int(t) for t in tokens]
    if any(not 1 <= n <= count for n in numbers) or len(set(numbers)) != len(numbers):
        raise InputError(Problem(_("use each option number 1–{count} once").format(count=count), field="answer"))
    return [n - 1 for n in numbers]


def grade_ordering(card: Mapping[str, Any], text: str) -> Grade:
    """Ordering: the learner typed the option numbers in the order they think is right."""
    options = [o["text"] for o in card["options"]]
    order = parse_order(text, len(options))
    given = [options[i] for i in order]
    expected = list(card["items"])
    placed = sum(1 for g, e in zip(given, expected) if g == e)
    grade = _verdict(given == expected, " → ".join(given), " → ".join(expected), placed / max(1, len(expected)))
    wrong = next((i for i, (g, e) in enumerate(zip(given, expected)) if g != e), None)
    if wrong is None:
        return grade
    from dataclasses import replace

    # the first place the order goes wrong, in words: the rest follows from it
    reason = _("position {n} should be 「{expected}」, not 「{given}」; {placed} of {total} in place").format(
        n=wrong + 1, expected=expected[wrong], given=given[wrong], placed=placed, total=len(expected))
    return replace(grade, reason=reason)


def diff_runs(given: str, expected: str) -> tuple[tuple[str, str], ...]:
    """Character runs showing how ``given`` differs from ``expected``."""
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, given, expected, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", given[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("extra", given[i1:i2]))
        if j2 > j1:
            runs.append(("missing", expected[j1:j2]))
    return tuple(runs)


def similarity(given: str, expected: str) -> float:
    """0–1 similarity after normalisation (NFKC, width, case, punctuation, spaces)."""
    from rapidfuzz.fuzz import ratio

    a, b = normalize(given), normalize(expected)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return ratio(a, b) / 100.0


def suggested_rating(verdict: Verdict) -> Rating | None:
    """Good when right, Again when wrong in substance, Hard when nearly right; None when not judged."""
    if verdict.correct is None:
        return None
    if verdict.correct:
        return Rating.GOOD
    # PROSE_NEAR: the share (similarity, or items found) that makes a wrong answer "nearly" right
    from .judge import PROSE_NEAR

    if not verdict.decisive and verdict.score >= PROSE_NEAR:
        return Rating.HARD
    return Rating.AGAIN


def grade_typed(card: Mapping[str, Any], text: str, standards: ServiceStandards | None = None, *,
                language: str | None = None) -> Grade:
    """Typed, cloze and list-recall cards: judged by :func:`drill.judge.judge`, with a diff.

    ``standards``: the prohibited phrases and tones of the card's deck
    (:func:`drill.lexicon.deck_standards`), for standard-phrase cards. The
    reason is in ``language`` (default: the current language).
    """
    from .judge import judge

    expected = card["answer"]
    with speaking(language):
        verdict = judge(card, text, standards)
        reason = readable_reason(verdict.reason, verdict.extra, text)
    # the character diff is quadratic: an answer longer than the judge reads is not diffed either
    return Grade(verdict.correct, verdict.score, suggested_rating(verdict), text, expected,
                 _diff(text, expected), reason, verdict)


def _diff(text: str, expected: str) -> tuple[tuple[str, str], ...]:
    return diff_runs(text.strip(), expected) if len(text) <= _DIFF_LIMIT else ()


#: the most characters of an answer shown in a diff
_DIFF_LIMIT = 2000


#: the reason on a typed attempt at a basic card: the rating stays the learner's, the judge's word is a help
#: (a catalog message: shown as ``_(BASIC_REASON)``)
BASIC_REASON = N_("you rate a basic card yourself; the judge says: {reason}")


def grade_basic(card: Mapping[str, Any], text: str, *, language: str | None = None) -> Grade:
    """A typed attempt at a basic card: not marked (the learner rates it), but with the judge's reason beside.

    >>> grade_basic({"type": "basic", "answer": "合法"}, "非法", language="zh-CN").reason
    '问答卡由你自评；判分参考：意思相反：答案没有这个否定，你写了「非」'
    """
    from .judge import judge

    expected = card["answer"]
    with speaking(language):
        verdict = judge(card, text)
        reason = _(BASIC_REASON).format(reason=readable_reason(verdict.reason, verdict.extra, text))
    return Grade(None, 0.0, None, text, expected, _diff(text, expected), reason, verdict)


_MARKED = re.compile(r"⟨([^⟩]*)⟩")
#: what separates the items a learner types in one line
_ITEM_SEPARATORS = re.compile(r"[\s,，、;；。/|]+")


def readable_reason(reason: str, extra: tuple[str, ...] = (), given: str = "") -> str:
    """The judge's reason as a learner reads it: numbers without the judge's markers (第⟨1⟩章 → 第1章),
    and text that is not part of the answer shown as the items the learner typed, one by one
    (不属于答案：诚信服务、良好环境), not run together as the judge compares them. The items are
    listed the way the current language lists them (:func:`drill.judge.listing`).
    """
    from .judge import canon, listing

    if not extra or len(given) > _DIFF_LIMIT:  # nothing to show item by item, or an answer the judge did not read
        return _MARKED.sub(r"\1", reason)
    pieces = [(p, canon(p)) for p in _ITEM_SEPARATORS.split(given) if p.strip()]
    for run in extra[:5]:  # the reason names at most five
        inside = sorted(((run.find(c), p, c) for p, c in pieces if c and c in run), key=lambda t: t[0])
        kept, covered, end = [], [], 0
        for at, piece, folded in inside:
            if at >= end:  # each piece once, in the order typed
                kept.append(piece.strip())
                covered.append(folded)
                end = at + len(folded)
        if kept and "".join(covered) == run:  # only when the pieces are the whole run: never drop text
            reason = reason.replace(run, listing(kept), 1)
    return _MARKED.sub(r"\1", reason)


def _content(card: Card | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(card, Mapping):
        return card
    return card.model_dump(mode="json")


def _option_index(card: Mapping[str, Any], answer: str) -> int:
    """The option a raw answer names: a letter (``b``, ``Ｂ``), a number (``2``) or the option's text."""
    options = card["options"]
    folded = unicodedata.normalize("NFKC", answer).strip().lower().translate(_SEPARATORS)
    if len(folded) == 1 and folded in OPTION_KEYS[: len(options)]:
        return OPTION_KEYS.index(folded)
    if folded.isdigit() and 1 <= int(folded) <= len(options):
        return int(folded) - 1
    by_text = [i for i, o in enumerate(options) if normalize(o["text"]) == normalize(answer)]
    if by_text:
        return by_text[0]
    raise InputError(Problem(_("answer with one option letter a–{last} or number 1–{count}, not {answer}").format(
        last=OPTION_KEYS[len(options) - 1], count=len(options), answer=repr(answer)), field="answer"))


def _true_false(card: Mapping[str, Any], answer: str) -> Grade:
    folded = unicodedata.normalize("NFKC", answer).strip().lower().rstrip("。.!！")
    if folded in TRUE_ANSWERS or folded in FALSE_ANSWERS:
        return grade_true_false(card, folded in TRUE_ANSWERS)
    return grade_option(card, _option_index(card, answer))


def _ordering(card: Mapping[str, Any], answer: str) -> Grade:
    count = len(card["options"])
    letters = unicodedata.normalize("NFKC", answer).strip().lower().translate(_SEPARATORS)
    if letters and all(ch in OPTION_KEYS[:count] for ch in letters) and len(set(letters)) == len(letters) == count:
        answer = "".join(str(OPTION_KEYS.index(ch) + 1) for ch in letters) if count < 10 else \
            " ".join(str(OPTION_KEYS.index(ch) + 1) for ch in letters)
    return grade_ordering(card, answer)


def _multiple_select(card: Mapping[str, Any], answer: str) -> Grade:
    options = card["options"]
    letters = unicodedata.normalize("NFKC", answer).strip().lower().translate(_SEPARATORS)
    if not letters or any(ch not in OPTION_KEYS[: len(options)] for ch in letters):
        raise InputError(Problem(_("answer with the letters of every right option, a–{last}").format(
            last=OPTION_KEYS[len(options) - 1]), field="answer"))
    chosen = {OPTION_KEYS.index(ch) for ch in letters}
    right = {i for i, o in enumerate(options) if o["correct"]}
    given = "、".join(options[i]["text"] for i in sorted(chosen))
    expected = "、".join(options[i]["text"] for i in sorted(right))
    return _verdict(chosen == right, given, expected)


def _option_verdict(grade: Grade) -> Verdict:
    from .judge import Verdict

    if grade.correct:
        return Verdict(True, _("correct"), 1.0, identical=True, matched=grade.expected)
    return Verdict(False, _("the answer is {expected}; you answered {given}").format(
        expected=grade.expected, given=grade.given), grade.score, matched=None, decisive=True)


def grade(card: Card | Mapping[str, Any] | CardContent, answer: str, *, language: str | None = None) -> Grade:
    """Grade ``answer``, as a person typed it, to a card of any type.

    - multiple choice: an option letter (``"b"``, ``"Ｂ"``), number (``"2"``) or the option's text;
    - true/false: ``t``/``f``, 对/错, 正确/错误, √/×, or the option letter;
    - ordering: the option numbers (``"31245"``, ``"3 1 2 4 5"``) or letters (``"cabde"``) in order;
    - multiple select (exam papers): the letters of every right option (``"acd"``);
    - cloze, typed and list recall: text, judged by :func:`drill.judge.judge`;
    - basic: not judged (``correct`` is None): the learner rates it after seeing the answer.

    ``grade.verdict`` holds the judge's :class:`~drill.judge.Verdict` for every
    judged answer. Raises :class:`~drill.errors.InputError` for an answer that
    names no option. Messages are in ``language`` (default: the current one).

    >>> card = {"type": "multiple_choice", "answer": "标杆型",
    ...         "options": [{"text": "战略型", "correct": False}, {"text": "标杆型", "correct": True}]}
    >>> grade(card, "b").correct, grade(card, "1").correct
    (True, False)
    """
    content = _content(card)
    kind = str(content.get("type", "basic"))
    with speaking(language):
        if kind == "basic":
            return Grade(None, 0.0, None, answer, str(content.get("answer", "")),
                         reason=_("a basic card is not judged: compare with the answer and rate yourself"))
        if kind in ("multiple_choice", "true_false", "ordering", "multiple_select"):
            if kind == "multiple_choice":
                result = grade_option(content, _option_index(content, answer))
            elif kind == "true_false":
                result = _true_false(content, answer)
            elif kind == "ordering":
                result = _ordering(content, answer)
            else:
                result = _multiple_select(content, answer)
            verdict = _option_verdict(result)
            return Grade(result.correct, result.score, result.suggested, result.given, result.expected,
                         reason=verdict.reason, verdict=verdict)
        return grade_typed(content, answer)


def judge(card: Card | Mapping[str, Any] | CardContent, answer: str | None, *,
          language: str | None = None) -> Verdict:
    """The :class:`~drill.judge.Verdict` on ``answer`` (as typed) to a card of any type; see :func:`grade`.

    ``from drill import judge`` gives this function. An empty answer is wrong;
    a basic card's answer is not judged (``correct`` is None).

    >>> card = {"type": "true_false", "answer": "错误",
    ...         "options": [{"text": "正确", "correct": False}, {"text": "错误", "correct": True}]}
    >>> judge(card, "f").correct
    True
    """
    from .judge import EMPTY_REASON, Verdict

    if answer is None or not answer.strip():
        with speaking(language):
            return Verdict(False, _(EMPTY_REASON), decisive=True)
    result = grade(card, answer, language=language)
    if result.verdict is not None:
        return result.verdict
    return Verdict(result.correct, result.reason, result.score)


__all__ = [
    "BASIC_REASON",
    "FALSE_ANSWERS",
    "OPTION_KEYS",
    "TRUE_ANSWERS",
    "Grade",
    "grade",
    "judge",
    "diff_runs",
    "grade_basic",
    "grade_option",
    "grade_ordering",
    "grade_true_false",
    "grade_typed",
    "parse_order",
    "readable_reason",
    "similarity",
    "suggested_rating",
]
