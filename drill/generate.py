"""Card generation: every template of every fact, pure and deterministic."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .card import Card, CardType, content_hash
from .deck import Deck
from .facts import GenContext, Warning_
from .i18n import _
from .text import normalize


def generate(deck: Deck) -> tuple[list[Card], list[Warning_]]:
    """All cards of ``deck`` and the warnings raised while making them."""
    ctx = GenContext(deck)
    cards = [card for fact in deck.facts for card in fact.make(ctx)]
    cards = place_notes(deck, cards)
    if deck.excluded:  # a trainer's exclusions also silence the warnings about those cards
        cards = [c for c in cards if not deck.is_excluded(c.id)]
        warnings = [w for w in ctx.warnings if not deck.is_excluded(f"{deck.deck}/{w.fact}/{w.template}")]
        return cards, warnings
    return cards, ctx.warnings


#: a phrase a note quotes (「推广期监控评估产品质量和市场反应」一项……): the cards that print it are the ones it explains
_QUOTED = re.compile(r"「([^」]+)」|“([^”]+)”")


def place_notes(deck: Deck, cards: list[Card]) -> list[Card]:
    """Keep a fact's ``note`` only on the cards it explains.

    Every card of a fact shows the fact's note after the answer. A note that
    names the answer of some of the fact's cards but not of the others (结束服务时
    要确认客户是否满意 on a five-step sequence), or quotes what only some of them
    print (「推广期监控评估产品质量和市场反应」一项…), explains those cards only: it is
    taken off the rest, where it would read as an explanation that does not
    apply. A true/false card states the whole fact and keeps the note, and so does
    a card whose answer holds a named one (the whole order of the steps).
    """
    notes = {f.id: f.note for f in deck.facts if f.note}
    by_fact: dict[str, list[int]] = {}
    for i, card in enumerate(cards):
        if card.fact in notes:
            by_fact.setdefault(card.fact, []).append(i)
    out = list(cards)
    for fact_id, indexes in by_fact.items():
        note = notes[fact_id]
        folded = normalize(note)
        quoted = [q for q in (normalize("".join(t)) for t in _QUOTED.findall(note)) if len(q) >= 4]
        by_quote = {i for i in indexes if any(q in normalize(cards[i].prompt + cards[i].answer) for q in quoted)}
        by_answer = {i for i in indexes if len(normalize(cards[i].answer)) >= 2 and normalize(cards[i].answer) in folded}
        # what the note quotes says best which cards it is about; else the answers it names
        named = by_quote if by_quote and len(by_quote) < len(indexes) else by_answer
        if not named or len(named) == len(indexes):
            continue
        for i in indexes:
            card = cards[i]
            whole = normalize(card.answer)  # a card asking for the whole (the order, a list) covers the named parts
            if i in named or card.type is CardType.TRUE_FALSE or not card.explanation or any(
                    normalize(cards[k].answer) in whole and normalize(cards[k].answer) != whole for k in named):
                continue
            kept = "\n".join(line for line in card.explanation.split("\n") if line != note) or None
            fields = {name: getattr(card, name) for name in type(card).model_fields}
            fields["explanation"] = kept
            fields["content_hash"] = content_hash(fields)
            out[i] = Card.model_construct(**fields)
    return out


def make_cards(deck: Deck) -> list[Card]:
    """The cards ``deck`` makes, in fact order then template order.

    Pure: the same deck always gives the same cards (ids, options and their
    order included). Card ids never depend on wording.

    >>> from drill import load_deck, make_cards
    >>> cards = make_cards(load_deck("decks/sample-counter-basics.yaml"))  # doctest: +SKIP
    """
    return generate(deck)[0]


def filter_cards(
    cards: Iterable[Card],
    *,
    types: Iterable[str] = (),
    topics: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> list[Card]:
    """Cards of the given types / topics / tags (an empty filter lets everything through)."""
    type_set = {CardType(t) for t in types}
    topic_set, tag_set = set(topics), set(tags)
    return [
        c
        for c in cards
        if (not type_set or c.type in type_set)
        and (not topic_set or c.topic in topic_set)
        and (not tag_set or tag_set.intersection(c.tags))
    ]


def no_match_message(
    cards: Iterable[Card],
    *,
    types: Iterable[str] = (),
    topics: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> str:
    """Why a filter selected nothing: the asked-for values that no card has, and the ones there are.

    >>> no_match_message([], topics=["投诉处理"])
    'no cards match --topic 投诉处理 (there are no cards at all)'
    """
    pool = list(cards)
    asked = [f"--type {t}" for t in types] + [f"--topic {t}" for t in topics] + [f"--tag {t}" for t in tags]
    filters = " ".join(asked)
    if not pool:
        if not filters:
            return _("no cards match the filters (there are no cards at all)")
        return _("no cards match {filters} (there are no cards at all)").format(filters=filters)
    hints = []
    have_topics = sorted({c.topic for c in pool if c.topic})
    have_tags = sorted({t for c in pool for t in c.tags})
    if set(topics) - set(have_topics):
        hints.append(_("topics: {topics}").format(topics="、".join(have_topics) or _("(none)")))
    if set(tags) - set(have_tags):
        hints.append(_("tags: {tags}").format(tags="、".join(have_tags) or _("(none)")))
    if set(types) - {c.type.value for c in pool}:
        hints.append(_("card types: {types}").format(types="、".join(sorted({c.type.value for c in pool}))))
    if not hints:
        hints.append(_("each filter matches some cards, but not together"))
    # Translators: the separator between the hints after "no cards match …"
    hint_text = _("; ").join(hints)
    if not filters:
        return _("no cards match the filters; {hints}").format(hints=hint_text)
    return _("no cards match {filters}; {hints}").format(filters=filters, hints=hint_text)
