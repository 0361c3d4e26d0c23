"""The item audit: what a certification reviewer would send back, found in a deck's cards.

``drill lint`` runs it on every deck. Card templates already refuse to make
most bad items; the audit catches what an author's own choices bring back
(explicit ``distractors``, wording) and what only shows across cards — and,
for the decks one blueprint draws on, what only shows across decks
(:func:`shared_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from .card import Card, CardType
from .deck import Deck
from .i18n import _
from .itemrules import (
    abbreviation_echo,
    absurd_intruder,
    character_echo,
    contains_answer,
    form_giveaway,
    overlaps,
    role_echo,
    stem_echo,
    undated_figure,
    unmeasured_share,
)
from .text import PLACEHOLDER, normalize

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]|百分之(\d+)")
_CLOCK = re.compile(r"(?<![\d.])(\d+)\s*[时点](?![长间限钟])")


@dataclass(frozen=True, slots=True)
class Finding:
    """One audit finding: the fact, the card (template/part) and why."""

    fact: str
    where: str
    message: str
    code: str


def _where(card: Card) -> str:
    return card.template if card.part is None else f"{card.template}/{card.part}"


def audit_cards(deck: Deck, cards: list[Card]) -> Iterator[Finding]:
    """Every finding for ``cards`` (made from ``deck``)."""
    facts = {f.id: f for f in deck.facts}
    for card in cards:
        fact = facts.get(card.fact)
        yield from _audit_options(card, fact)
        if card.type is CardType.TRUE_FALSE:
            yield from _audit_numbers(card)
        if card.type is CardType.CLOZE and contains_answer(card.prompt, card.answer):
            yield Finding(card.fact, _where(card), _("the answer {answer!r} also stands in the rest of the rule, which gives the blank away").format(
                answer=card.answer), "cloze-giveaway")
        elif card.type is CardType.CLOZE and (verb := role_echo(_bare(card.prompt), card.answer)):
            yield Finding(card.fact, _where(card), _("the answer {answer!r} is the role named after {verb!r}, which "
                                                     "the question prints, so the blank is filled by copying it").format(
                answer=card.answer, verb=verb), "cloze-role-echo")
        # a model answer with placeholders (××) cannot be typed word for word: it needs key points
        if (
            card.type is CardType.TYPED and PLACEHOLDER.search(card.answer) and fact is not None
            and "points" in type(fact).model_fields and not getattr(fact, "points", None)
        ):
            yield Finding(card.fact, _where(card), _("the model answer has placeholders (××, 某某) but the fact lists no key points to judge a "
                                "typed answer by"), "placeholder-no-points")
    yield from _audit_duplicate_prompts(cards)
    for fact in deck.facts:
        text = getattr(fact, "text", None)
        share = unmeasured_share(text) if getattr(fact, "kind", None) == "rule" and isinstance(text, str) else None
        if share and any(c.fact == fact.id for c in cards):
            yield Finding(fact.id, "text", _("the share {share!r} never says what it counts (of whom, of what); a "
                                             "card cannot be answered from it: say what is measured or exclude "
                                             "the fact's cards").format(share=share.replace("{{", "")),
                          "unmeasured-share")
        figure = next(filter(None, map(undated_figure, fact.texts())), None)
        if figure and any(c.fact == fact.id for c in cards):
            yield Finding(fact.id, "text", _("the figure {figure!r} is stated as a fact of today, but a market figure "
                                             "belongs to a year or a study: say whose and when (在…案例中, 截至…年) "
                                             "or exclude the fact's cards").format(figure=figure), "undated-figure")


#: the companies a deck's `context` label may name, by the word that tells them apart
COMPANIES = ("移动", "电信", "联通")


def company_label_problem(deck: Deck) -> str | None:
    """Why the deck's `context` label names a company its handbook is not from (``None`` when it is fine).

    The label is printed before every question (【中国移动】…), so it must be the
    handbook's own company: the deck's ``source.publisher`` has to name it.
    """
    if not deck.context:
        return None
    named = [c for c in COMPANIES if c in deck.context]
    if not named:
        return None
    publisher = deck.source.publisher if deck.source else None
    if publisher and all(c in publisher for c in named):
        return None
    return _("the label {context!r} is printed before every question, but the handbook's publisher ({publisher}) "
             "is not that company; set `source.publisher` to the handbook's company or drop the label").format(
        context=deck.context, publisher=publisher or _("not given"))


def _audit_options(card: Card, fact: object) -> Iterator[Finding]:
    if card.type is not CardType.MULTIPLE_CHOICE:
        return
    others = [o.text for o in card.options if not o.correct]
    why = form_giveaway(card.answer, others)
    if why:
        yield Finding(card.fact, _where(card), why, "form-giveaway")
    # spot asks a fixed question; an odd one out that shares a word with the list's name only looks more right
    if card.template not in ("spot", "odd-one-out"):
        echo = stem_echo(_bare(card.prompt), card.answer, others)
        if echo:
            yield Finding(card.fact, _where(card), _("the answer {answer!r} is the only option with {echo!r}, which the question also prints "
                                                     "(stem echo)").format(answer=card.answer, echo=echo), "stem-echo")
        short = None if echo else abbreviation_echo(_bare(card.prompt), card.answer, others)
        if short:
            yield Finding(card.fact, _where(card), _("the answer {answer!r} is the only option with {echo!r}, a contraction of "
                                                     "words the question prints (stem echo)").format(
                answer=card.answer, echo=short), "abbreviation-echo")
        # a definition explains its term in the term's own words (职责 → 首问责任制): only other stems are echoes
        chars = None if echo or short or card.template == "name" else character_echo(_bare(card.prompt), card.answer, others)
        if chars:
            yield Finding(card.fact, _where(card), _("the answer {answer!r} is the only option with the characters "
                                                     "{chars}, which the question also prints (stem echo)").format(
                answer=card.answer, chars="、".join(chars)), "character-echo")
    if card.template == "odd-one-out":
        members = list(getattr(fact, "items", ()) or ())
        extreme = absurd_intruder(card.answer)
        if extreme:
            yield Finding(card.fact, _where(card), _("the odd one out {answer!r} asks for an extreme ({extreme!r}) no "
                                                     "norm asks for, so common sense picks it").format(
                answer=card.answer, extreme=extreme), "intruder-absurd")
        like = overlaps(card.answer, members)
        if like:
            yield Finding(card.fact, _where(card), _("the odd one out {answer!r} is like the member {member!r}, so it may be right "
                                                     "too").format(answer=card.answer, member=like),
                          "intruder-like-member")
    else:
        for other in others:
            if overlaps(other, [card.answer]):
                yield Finding(card.fact, _where(card), _("the distractor {other!r} is like the answer {answer!r}, so it may be "
                                                         "right too").format(other=other, answer=card.answer),
                              "distractor-like-answer")


def _audit_numbers(card: Card) -> Iterator[Finding]:
    for m in _PERCENT.finditer(card.prompt):
        value = float(m.group(1) or m.group(2))
        if value > 100:
            yield Finding(card.fact, _where(card), _("the statement says {value}, more than 100 %").format(value=m.group()),
                          "implausible-number")
    for m in _CLOCK.finditer(card.prompt):
        if int(m.group(1)) > 24:
            yield Finding(card.fact, _where(card), _("the statement says {value}, no hour of the day").format(value=m.group()),
                          "implausible-number")


def _bare(prompt: str) -> str:
    """A prompt without its 【context】 label."""
    return re.sub(r"^【[^】]*】", "", prompt)


def _audit_duplicate_prompts(cards: list[Card]) -> Iterator[Finding]:
    seen: dict[tuple[str, str], Card] = {}
    for card in cards:
        if card.type is CardType.MULTIPLE_CHOICE or card.type is CardType.ORDERING:
            continue  # their options tell the questions apart
        key = (card.type.value, normalize(card.prompt))
        first = seen.setdefault(key, card)
        if first.fact != card.fact:
            yield Finding(card.fact, _where(card), _("asks the same question as {card}; a learner cannot tell which answer is "
                                                     "meant").format(card=first.id), "duplicate-prompt")


#: two rules that leave the same blank are the same rule when their wordings are this close (rapidfuzz ratio) …
SAME_BLANK_RATIO = 60.0
#: … or when the shorter one stands nearly whole in the longer (partial ratio)
SAME_BLANK_PARTIAL = 80.0


@dataclass(frozen=True, slots=True)
class SharedRule:
    """Two facts of different decks that state the same rule, each in its deck's words."""

    deck: str
    fact: str
    wording: str
    other_deck: str
    other_fact: str
    other_wording: str


def shared_rules(decks: Sequence[Deck], drawn: Collection[tuple[str, str]] | None = None) -> list[SharedRule]:
    """Rule facts of different decks that state the same rule.

    Two handbooks often state one rule (投诉须在24小时内立单 in both); a paper
    drawn from both decks could ask it twice, the same blank twice. Two rules
    are the same when their wordings say nearly the same
    (:func:`drill.itemrules.similar`), or when they leave the same blank
    (``{{24小时}}`` in both) and their wordings are close
    (:data:`SAME_BLANK_RATIO`) or one stands nearly whole in the other
    (:data:`SAME_BLANK_PARTIAL`). ``drawn``: only these ``(deck, fact)`` pairs
    (the facts a blueprint's sections may draw). Each pair is given once, in the
    order of ``decks``.

    >>> from drill.deck import Deck
    >>> a = Deck.model_validate({"deck": "a", "title": "A", "facts": [
    ...     {"id": "ticket", "kind": "rule", "topic": "投诉", "text": "营业厅受理的投诉须在{{24小时}}内通过BOSS系统提交投诉工单。"},
    ...     {"id": "self-service", "kind": "rule", "topic": "厅店", "text": "自助区应设置为{{24小时}}服务区。"}]})
    >>> b = Deck.model_validate({"deck": "b", "title": "B", "facts": [
    ...     {"id": "complaint", "kind": "rule", "topic": "投诉", "text": "自办营业厅受理的投诉须在{{24小时}}内通过BOSS系统立单。"}]})
    >>> [(r.fact, r.other_fact) for r in shared_rules([a, b])]
    [('ticket', 'complaint')]
    """
    from rapidfuzz import fuzz, process

    from .facts.rule import RuleFact
    from .itemrules import SIMILAR, similar

    # per deck: (fact id, wording, normalised wording, normalised blank answers)
    by_deck: list[list[tuple[str, str, str, frozenset[str]]]] = []
    for deck in decks:
        rules = []
        for rule in deck.facts:
            if not isinstance(rule, RuleFact) or (drawn is not None and (deck.deck, rule.id) not in drawn):
                continue
            blanks = frozenset(filter(None, (normalize(d.answer) for d in rule.deletions())))
            for wording in rule.texts():
                if normalize(wording):
                    rules.append((rule.id, wording, normalize(wording), blanks))
        by_deck.append(rules)
    out: list[SharedRule] = []
    for i, deck in enumerate(decks):
        for j in range(i + 1, len(decks)):
            other = decks[j]
            if other.deck == deck.deck:
                continue
            theirs = by_deck[j]
            with_blank: dict[str, list[int]] = {}
            for k, (_f, _w, _n, blanks) in enumerate(theirs):
                for blank in blanks:
                    with_blank.setdefault(blank, []).append(k)
            choices = [n for _f, _w, n, _b in theirs]
            for fact_id, wording, folded, blanks in by_deck[i]:
                # rapidfuzz narrows the other deck to the close wordings; similar() then checks numbers and length
                close = {k for _m, _s, k in process.extract(folded, choices, scorer=fuzz.ratio, score_cutoff=SIMILAR,
                                                            limit=None) if similar(wording, theirs[k][1])}
                for blank in blanks:
                    for k in with_blank.get(blank, ()):
                        there = theirs[k][2]
                        if fuzz.ratio(folded, there) >= SAME_BLANK_RATIO or \
                                fuzz.partial_ratio(folded, there) >= SAME_BLANK_PARTIAL:
                            close.add(k)
                for k in sorted(close):
                    other_fact, other_wording, _n, _b = theirs[k]
                    out.append(SharedRule(deck.deck, fact_id, wording, other.deck, other_fact, other_wording))
    return out
