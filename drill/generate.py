"""Card generation: every template of every fact, pure and deterministic."""

from __future__ import annotations

from collections.abc import Iterable

from .card import Card, CardType
from .deck import Deck
from .facts import GenContext, Warning_


def generate(deck: Deck) -> tuple[list[Card], list[Warning_]]:
    """All cards of ``deck`` and the warnings raised while making them."""
    ctx = GenContext(deck)
    cards = [card for fact in deck.facts for card in fact.make(ctx)]
    if deck.excluded:  # a trainer's exclusions also silence the warnings about those cards
        cards = [c for c in cards if not deck.is_excluded(c.id)]
        warnings = [w for w in ctx.warnings if not deck.is_excluded(f"{deck.deck}/{w.fact}/{w.template}")]
        return cards, warnings
    return cards, ctx.warnings


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
