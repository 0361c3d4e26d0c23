"""Anki text-import (tab-separated) exporter for drill.

The file starts with Anki's header lines (``#separator:tab``, ``#html:true``,
``#guid column``, ``#notetype column``, ``#deck column``, ``#tags column``), so
File → Import in Anki needs no settings. Notes use Anki's stock note types,
which every collection has: Basic, Basic (type in the answer) and Cloze (a rule
becomes one cloze note, one card per deletion). Anki names its stock note types
in the language the collection was created in (a Chinese Anki says 问答题,
问答题（输入答案）, 填空题), and the file must use those names: option
``notetypes=zh-CN`` or ``notetypes=en`` picks them; the default follows the
deck's ``language``.

GUIDs are the same as the anki exporter's: a hash of drill's card id (or of
``deck/fact/cloze``), never of the wording, so a re-import updates notes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

from drill.card import Card, CardType
from drill.deck import Deck
from drill.errors import InputError, Problem
from drill.exporting import (
    CONTRACT_VERSION,
    DeckBundle,
    check_options,
    deck_name,
    key_points_html,
    note_guid,
    note_tags,
    source_text,
    topic_order,
    typed_answer,
    write_text,
)
from drill.exporting import html_text as esc

BASIC, TYPED, CLOZE = "basic", "typed", "cloze"

#: Anki's stock note type names, by the language the collection was created in.
STOCK_NOTETYPES: dict[str, dict[str, str]] = {
    "en": {BASIC: "Basic", TYPED: "Basic (type in the answer)", CLOZE: "Cloze"},
    "zh-CN": {BASIC: "问答题", TYPED: "问答题（输入答案）", CLOZE: "填空题"},
}
OPTIONS = {
    "notetypes": "the language the Anki collection was created in, which names its stock note types: "
                 + " or ".join(STOCK_NOTETYPES) + " (default: the deck's language)",
}
COLUMNS = ("guid", "notetype", "deck", "field 1", "field 2", "tags")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)


def _tags(deck: Deck, card: Card) -> str:
    return " ".join(note_tags(deck, card))


def _back_tail(deck: Deck, card: Card) -> str:
    parts = []
    if card.explanation:
        parts.append(f"<div>{esc(card.explanation)}</div>")
    source = source_text(deck, card.source)
    if source:
        parts.append(f"<div><small>出处：{esc(source)}</small></div>")
    return "".join(parts)


def _options(card: Card, marked: bool) -> str:
    return "".join(
        f"<div>{chr(65 + i)}. {esc(o.text)}{' ✓' if marked and o.correct else ''}</div>"
        for i, o in enumerate(card.options)
    )


def _row(deck: Deck, card: Card) -> tuple[str, str, str]:
    """(note type, field 1, field 2) for a non-cloze card."""
    prompt = f"<div>{esc(card.prompt)}</div>"
    if card.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return BASIC, prompt + _options(card, False), _options(card, True) + _back_tail(deck, card)
    if card.type == CardType.ORDERING:
        steps = "".join(f"<div>{chr(65 + i)}. {esc(o.text)}</div>" for i, o in enumerate(card.options))
        order = "<ol>" + "".join(f"<li>{esc(s)}</li>" for s in card.items) + "</ol>"
        return BASIC, prompt + steps, order + _back_tail(deck, card)
    if card.type == CardType.LIST_RECALL and card.items:
        items = "<ol>" + "".join(f"<li>{esc(s)}</li>" for s in card.items) + "</ol>"
        return BASIC, prompt, items + _back_tail(deck, card)
    if card.type == CardType.TYPED:
        short = typed_answer(card.answer)
        if short is not None:
            # Anki compares the typing with the whole Back field, so it holds the bare answer
            # (the stock note type has nowhere else for an explanation; the anki format keeps it)
            return TYPED, prompt, esc(short)
        # a standard phrase is recalled, then revealed (not typed letter for letter on a phone)
        points = key_points_html(card.points)
        return BASIC, prompt, esc(card.answer) + (f"<div>要点：{points}</div>" if points else "") + _back_tail(deck, card)
    return BASIC, prompt, esc(card.answer) + _back_tail(deck, card)


def rows(decks: tuple[Deck, ...], cards: tuple[Card, ...], notetypes: str = "en") -> list[tuple[str, ...]]:
    """The note rows (guid, note type, deck, field 1, field 2, tags) for ``cards``.

    ``notetypes``: the language whose stock note type names to use (a key of :data:`STOCK_NOTETYPES`).
    """
    names = STOCK_NOTETYPES[notetypes]
    by_id = {d.deck: d for d in decks}
    deck_names: dict[tuple[str, str | None], str] = {}
    orders = {d.deck: topic_order(d) for d in decks}

    def place(card: Card) -> str:
        key = (card.deck, card.topic)
        if key not in deck_names:
            deck_names[key] = deck_name(by_id[card.deck], card.topic, order=orders[card.deck])
        return deck_names[key]

    out: list[tuple[str, ...]] = []
    cloze: dict[tuple[str, str], list[Card]] = {}
    order: list[object] = []
    for card in cards:
        if card.type == CardType.CLOZE and card.context:
            key = (card.deck, card.fact)
            if key not in cloze:
                cloze[key] = []
                order.append(key)
            cloze[key].append(card)
        else:
            order.append(card)
    for item in order:
        if isinstance(item, tuple):
            group = cloze[item]
            first = group[0]
            keep = {int(c.part) for c in group if c.part and c.part.isdigit()}
            text = _CLOZE.sub(lambda m: m.group(0) if int(m.group(1)) in keep else m.group(2).partition("::")[0],  # noqa: B023
                              esc(first.context))
            deck = by_id[first.deck]
            out.append((note_guid(f"{first.deck}/{first.fact}/cloze"), names[CLOZE], place(first), text,
                        _back_tail(deck, first), _tags(deck, first)))
        else:
            card = item  # type: ignore[assignment]
            deck = by_id[card.deck]  # type: ignore[union-attr]
            notetype, front, back = _row(deck, card)  # type: ignore[arg-type]
            out.append((note_guid(card.id), names[notetype], place(card),  # type: ignore[union-attr,arg-type]
                        front, back, _tags(deck, card)))  # type: ignore[arg-type]
    return out


def render(decks: tuple[Deck, ...], cards: tuple[Card, ...], notetypes: str = "en") -> str:
    """The whole import file as text."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:true\n")
    buf.write("#columns:" + "\t".join(COLUMNS) + "\n")
    buf.write("#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(decks, cards, notetypes))
    return buf.getvalue()


class CsvExporter:
    """Writes a deck bundle as an Anki text-import file."""

    name = "csv"
    description = "Anki text import (tab-separated, #guid/#notetype/#deck/#tags headers)"
    suffix = ".txt"
    accepts = frozenset({"deck"})
    contract_version = CONTRACT_VERSION

    def export(self, bundle: DeckBundle, path: Path, options: Mapping[str, str]) -> list[Path]:
        check_options(self.name, options, OPTIONS)
        notetypes = options.get("notetypes") or _default_language(bundle.decks)
        if notetypes not in STOCK_NOTETYPES:
            raise InputError(Problem(f"expected one of {', '.join(STOCK_NOTETYPES)}, got {notetypes!r}",
                                     file="--option notetypes"))
        text = render(bundle.decks, bundle.cards, notetypes)
        return [write_text(path, text, newline="")]


def _default_language(decks: tuple[Deck, ...]) -> str:
    # a Chinese deck is studied in a Chinese Anki far more often than not
    languages = {d.language for d in decks}
    return "zh-CN" if languages and all(lang.lower().startswith("zh") for lang in languages) else "en"


exporter = CsvExporter()

__all__ = ["OPTIONS", "STOCK_NOTETYPES", "CsvExporter", "exporter", "note_guid", "render", "rows"]
