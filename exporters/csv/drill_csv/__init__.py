"""Anki text-import (tab-separated) exporter for drill.

The file starts with Anki's header lines (``#separator:tab``, ``#html:true``,
``#guid column``, ``#notetype column``, ``#deck column``, ``#tags column``), so
File → Import in Anki needs no settings. Notes use Anki's stock note types,
which every collection has: ``Basic``, ``Basic (type in the answer)`` and
``Cloze`` (a rule becomes one cloze note, one card per deletion). Stock note
type names are those of an English-language collection; in a collection created
in another language, pick the note type in the import dialog.

GUIDs are the same as the anki exporter's: a hash of drill's card id (or of
``deck/fact/cloze``), never of the wording, so a re-import updates notes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

from drill.atomic import write_text
from drill.card import Card, CardType
from drill.deck import Deck
from drill.exporting import CONTRACT_VERSION, DeckBundle, check_options, note_guid
from drill.exporting import html_text as esc

BASIC, TYPED, CLOZE = "Basic", "Basic (type in the answer)", "Cloze"
COLUMNS = ("guid", "notetype", "deck", "field 1", "field 2", "tags")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.S)






def _deck_name(deck: Deck, topic: str | None) -> str:
    root = deck.title.replace("::", "：").strip()
    return f"{root}::{topic.replace('::', '：').strip()}" if topic else root


def _tags(card: Card) -> str:
    return " ".join(dict.fromkeys(t for t in (re.sub(r"\s+", "_", x.strip()) for x in card.tags) if t))


def _back_tail(card: Card) -> str:
    parts = []
    if card.explanation:
        parts.append(f"<div>{esc(card.explanation)}</div>")
    if card.source:
        parts.append(f"<div><small>出处：{esc(card.source)}</small></div>")
    return "".join(parts)


def _options(card: Card, marked: bool) -> str:
    return "".join(
        f"<div>{chr(65 + i)}. {esc(o.text)}{' ✓' if marked and o.correct else ''}</div>"
        for i, o in enumerate(card.options)
    )


def _row(card: Card) -> tuple[str, str, str]:
    """(note type, field 1, field 2) for a non-cloze card."""
    prompt = f"<div>{esc(card.prompt)}</div>"
    if card.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return BASIC, prompt + _options(card, False), _options(card, True) + _back_tail(card)
    if card.type == CardType.ORDERING:
        steps = "".join(f"<div>{chr(65 + i)}. {esc(o.text)}</div>" for i, o in enumerate(card.options))
        order = "<ol>" + "".join(f"<li>{esc(s)}</li>" for s in card.items) + "</ol>"
        return BASIC, prompt + steps, order + _back_tail(card)
    if card.type == CardType.LIST_RECALL and card.items:
        items = "<ol>" + "".join(f"<li>{esc(s)}</li>" for s in card.items) + "</ol>"
        return BASIC, prompt, items + _back_tail(card)
    if card.type == CardType.TYPED:
        # Anki compares the typing with the whole Back field, so it holds the bare answer
        # (the stock note type has nowhere else for an explanation; the anki format keeps it)
        return TYPED, prompt, esc(card.answer)
    return BASIC, prompt, esc(card.answer) + _back_tail(card)


def rows(decks: tuple[Deck, ...], cards: tuple[Card, ...]) -> list[tuple[str, ...]]:
    """The note rows (guid, note type, deck, field 1, field 2, tags) for ``cards``."""
    by_id = {d.deck: d for d in decks}
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
            out.append((note_guid(f"{first.deck}/{first.fact}/cloze"), CLOZE,
                        _deck_name(by_id[first.deck], first.topic), text, _back_tail(first), _tags(first)))
        else:
            card = item  # type: ignore[assignment]
            notetype, front, back = _row(card)  # type: ignore[arg-type]
            out.append((note_guid(card.id), notetype, _deck_name(by_id[card.deck], card.topic),  # type: ignore[union-attr]
                        front, back, _tags(card)))  # type: ignore[arg-type]
    return out


def render(decks: tuple[Deck, ...], cards: tuple[Card, ...]) -> str:
    """The whole import file as text."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:true\n")
    buf.write("#columns:" + "\t".join(COLUMNS) + "\n")
    buf.write("#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(decks, cards))
    return buf.getvalue()


class CsvExporter:
    """Writes a deck bundle as an Anki text-import file."""

    name = "csv"
    description = "Anki text import (tab-separated, #guid/#notetype/#deck/#tags headers)"
    suffix = ".txt"
    accepts = frozenset({"deck"})
    contract_version = CONTRACT_VERSION

    def export(self, bundle: DeckBundle, path: Path, options: Mapping[str, str]) -> list[Path]:
        check_options(self.name, options, {})
        path = Path(path)
        write_text(path, render(bundle.decks, bundle.cards), newline="")
        return [path]


exporter = CsvExporter()

__all__ = ["CsvExporter", "exporter", "note_guid", "render", "rows"]
