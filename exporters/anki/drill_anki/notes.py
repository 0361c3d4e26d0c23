"""From drill cards to Anki notes: note types, fields, GUIDs, decks and tags (pure, no genanki).

Identity follows drill's card ids, never field content: a note's GUID is a
hash of ``deck/fact/template[/part]`` (``deck/fact/cloze`` for the one cloze
note of a rule), note type ids are a hash of the note type's name and
:data:`TEMPLATE_VERSION`, deck ids a hash of the Anki deck name
(``Title::Topic``). Editing the
wording of a fact therefore re-imports as an update of the same note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drill.card import Card, CardType
from drill.deck import Deck
from drill.exporting import html_text as esc
from drill.exporting import note_guid
from drill.text import stable_hash

#: Bump when a note type's fields or templates change incompatibly: it changes every model id.
TEMPLATE_VERSION = 1

CSS = """\
.card {
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif;
  font-size: 20px; line-height: 1.6; text-align: left; color: #222; background: #fff;
  max-width: 40em; margin: 0 auto; padding: 0 .5em;
}
.nightMode.card, .night_mode .card { color: #eee; background: #1e1e1e; }
.prompt { font-weight: 500; }
.options { margin: .6em 0; }
.option { margin: .25em 0; }
.letter { font-weight: 600; margin-right: .3em; }
.option.correct { font-weight: 600; color: #1a7f37; }
.nightMode .option.correct, .night_mode .option.correct { color: #56d364; }
.answer { font-weight: 600; }
.explanation { margin-top: .8em; font-size: .9em; }
.source { margin-top: .8em; font-size: .8em; color: #777; }
.cloze { font-weight: 600; color: #0b63c4; }
.nightMode .cloze, .night_mode .cloze { color: #79b8ff; }
ol { padding-left: 1.6em; }
"""

_TAIL = (
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">出处：{{Source}}</div>{{/Source}}'
)


@dataclass(frozen=True)
class NoteType:
    """An Anki note type drill writes: one per card type."""

    key: str  # the card type it serves
    name: str
    fields: tuple[str, ...]
    qfmt: str
    afmt: str
    cloze: bool = False

    @property
    def model_id(self) -> int:
        return stable_id(f"model/{self.name}/v{TEMPLATE_VERSION}")


NOTE_TYPES: dict[str, NoteType] = {
    t.key: t
    for t in (
        NoteType(
            "basic", "drill 问答", ("Prompt", "Answer", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div>',
            '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>' + _TAIL,
        ),
        NoteType(
            "multiple_choice", "drill 单选题",
            ("Prompt", "Options", "OptionsMarked", "Answer", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div><div class="options">{{Options}}</div>',
            '<div class="prompt">{{Prompt}}</div><div class="options">{{OptionsMarked}}</div>'
            '<hr id="answer"><div class="answer">{{Answer}}</div>' + _TAIL,
        ),
        NoteType(
            "true_false", "drill 判断题",
            ("Prompt", "Options", "OptionsMarked", "Answer", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div><div class="options">{{Options}}</div>',
            '<div class="prompt">{{Prompt}}</div><div class="options">{{OptionsMarked}}</div>'
            '<hr id="answer"><div class="answer">{{Answer}}</div>' + _TAIL,
        ),
        NoteType(
            "cloze", "drill 填空", ("Text", "Explanation", "Source", "FactId"),
            '{{cloze:Text}}',
            '{{cloze:Text}}' + _TAIL,
            cloze=True,
        ),
        NoteType(
            "list_recall", "drill 列举", ("Prompt", "Items", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div>',
            '{{FrontSide}}<hr id="answer"><div class="answer">{{Items}}</div>' + _TAIL,
        ),
        NoteType(
            "ordering", "drill 排序", ("Prompt", "Steps", "Order", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div><div class="options">{{Steps}}</div>',
            '{{FrontSide}}<hr id="answer"><div class="answer">{{Order}}</div>' + _TAIL,
        ),
        NoteType(
            "typed", "drill 输入答案", ("Prompt", "Answer", "Explanation", "Source", "CardId"),
            '<div class="prompt">{{Prompt}}</div>{{type:Answer}}',
            '<div class="prompt">{{Prompt}}</div><hr id="answer">{{type:Answer}}' + _TAIL,
        ),
    )
}


@dataclass(frozen=True)
class NoteSpec:
    """One Anki note to write."""

    note_type: NoteType
    guid: str
    fields: tuple[str, ...]
    deck_name: str
    deck_id: int
    tags: tuple[str, ...]
    cards: tuple[Card, ...]  # the drill cards this note becomes (several for a cloze note)


# Cached because ids depend only on a deck, topic or note type name, which a
# large export repeats for thousands of notes.
@lru_cache(maxsize=4096)
def stable_id(key: str) -> int:
    """A positive id in genanki's recommended range [2**30, 2**31), from ``key``."""
    return (1 << 30) + int(stable_hash(key, 15), 16) % (1 << 30)


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def safe_tag(tag: str) -> str:
    """Anki tags are space-separated: whitespace inside a tag becomes ``_``."""
    return _WHITESPACE.sub("_", tag.strip())


def _deck_part(text: str) -> str:
    # "::" separates Anki subdecks; inside a title or topic it must not nest
    return text.replace("::", "：").strip()


def deck_name(deck: Deck, topic: str | None, subdecks: bool = True) -> str:
    root = _deck_part(deck.title)
    return f"{root}::{_deck_part(topic)}" if subdecks and topic else root


def _options_html(card: Card) -> tuple[str, str]:
    """The options as shown on the front, and as shown on the back (the correct one marked)."""
    plain = []
    marked = []
    for i, o in enumerate(card.options):
        letter = f'<span class="letter">{chr(65 + i)}.</span>{esc(o.text)}'
        plain.append(f'<div class="option">{letter}</div>')
        marked.append(f'<div class="option correct">{letter} ✓</div>' if o.correct
                      else f'<div class="option">{letter}</div>')
    return "".join(plain), "".join(marked)


def _answer_with_letter(card: Card) -> str:
    for i, o in enumerate(card.options):
        if o.correct:
            return f"{chr(65 + i)}. {esc(o.text)}"
    return esc(card.answer)


def _ordered(items: tuple[str, ...]) -> str:
    return "<ol>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ol>"


_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.S)


def cloze_text(context: str, keep: set[int]) -> str:
    """The rule's cloze text with only the deletions numbered in ``keep`` left as deletions.

    The others become plain text, so a filtered export makes exactly the
    selected cards, each keeping its own number (and so its Anki card and history).
    """
    escaped = esc(context)

    def repl(m: re.Match[str]) -> str:
        return m.group(0) if int(m.group(1)) in keep else m.group(2).partition("::")[0]

    return _CLOZE.sub(repl, escaped)


def _fields(card: Card) -> tuple[str, ...]:
    tail = (esc(card.explanation), esc(card.source), esc(card.id))
    t = card.type
    if t in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return (esc(card.prompt), *_options_html(card), _answer_with_letter(card), *tail)
    if t == CardType.LIST_RECALL:
        return (esc(card.prompt), _ordered(card.items) if card.items else esc(card.answer), *tail)
    if t == CardType.ORDERING:
        steps = "".join(f'<div class="option"><span class="letter">{chr(65 + i)}.</span>{esc(o.text)}</div>'
                        for i, o in enumerate(card.options))
        return (esc(card.prompt), steps, _ordered(card.items) if card.items else esc(card.answer), *tail)
    # basic and typed (and any card type added later) are prompt → answer
    return (esc(card.prompt), esc(card.answer), *tail)


def build_notes(decks: tuple[Deck, ...], cards: tuple[Card, ...], *, subdecks: bool = True) -> list[NoteSpec]:
    """The notes for ``cards``, in card order (a cloze note where its first card is)."""
    by_id = {d.deck: d for d in decks}
    notes: list[NoteSpec] = []
    cloze_groups: dict[tuple[str, str], list[Card]] = {}
    order: list[tuple[str, object]] = []
    for card in cards:
        if card.type == CardType.CLOZE and card.context:
            key = (card.deck, card.fact)
            if key not in cloze_groups:
                cloze_groups[key] = []
                order.append(("cloze", key))
            cloze_groups[key].append(card)
        else:
            order.append(("card", card))
    # A deck's Anki name and id depend only on (deck, topic) and a note's tags only
    # on its card's tags, so each is worked out once, not once per note.
    placements: dict[tuple[str, str | None], tuple[str, int]] = {}
    tag_sets: dict[tuple[str, ...], tuple[str, ...]] = {}

    def spec(note_type: NoteType, key: str, fields: tuple[str, ...], card: Card,
             group: tuple[Card, ...]) -> NoteSpec:
        place = placements.get((card.deck, card.topic))
        if place is None:
            name = deck_name(by_id[card.deck], card.topic, subdecks)
            place = placements[(card.deck, card.topic)] = (name, stable_id(f"deck/{name}"))
        tags = tag_sets.get(card.tags)
        if tags is None:
            tags = tag_sets[card.tags] = tuple(dict.fromkeys(t for t in map(safe_tag, card.tags) if t))
        return NoteSpec(note_type, note_guid(key), fields, place[0], place[1], tags, group)

    cloze_type = NOTE_TYPES["cloze"]
    basic_type = NOTE_TYPES["basic"]
    for what, item in order:
        if what == "cloze":
            group = cloze_groups[item]  # type: ignore[index]
            first = group[0]
            keep = {int(c.part) for c in group if c.part and c.part.isdigit()}
            assert first.context is not None
            fields = (cloze_text(first.context, keep), esc(first.explanation), esc(first.source),
                      esc(f"{first.deck}/{first.fact}"))
            notes.append(spec(cloze_type, f"{first.deck}/{first.fact}/cloze", fields, first, tuple(group)))
        else:
            card = item  # type: ignore[assignment]
            note_type = NOTE_TYPES.get(card.type.value, basic_type)  # type: ignore[union-attr]
            notes.append(spec(note_type, card.id, _fields(card), card, (card,)))  # type: ignore[arg-type]
    return notes
