"""From drill cards to Anki notes: note types, fields, GUIDs, decks, tags and positions (pure, no genanki).

Identity follows drill's card ids, never field content: a note's GUID is a
hash of ``deck/fact/template[/part]`` (``deck/fact/cloze`` for the one cloze
note of a rule) and is also its first field (``CardId``; a cloze note's first
field is its text), so Anki never sees two notes as duplicates. Note type ids
are a hash of the note type's name alone, so a template change updates the
note type in place; deck ids a hash of the Anki deck name.

Publisher metadata travels with every note: tags ``drill::deck::…``,
``drill::topic::…``, ``drill::kind::…`` plus the fact's own tags; ``Source``
names the handbook and the section; the root deck's description gives title,
version and source. New cards get positions in deck order, a fact's cards
spread apart (see :func:`positions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drill.card import Card, CardType
from drill.deck import Deck
from drill.exporting import (
    deck_name,
    key_points_html,
    note_guid,
    note_tags,
    source_text,
    topic_order,
    typed_answer,
)
from drill.exporting import html_text as esc
from drill.text import stable_hash

#: Bump whenever a note type's templates or CSS change: the note types' modification
#: time moves forward with it, so Anki's import replaces the old templates in place
#: (ids never change). A change of fields also needs "Merge note types" on import.
TEMPLATE_VERSION = 2

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
.hint { margin-top: .8em; font-size: .85em; color: #777; }
.points { margin-top: .6em; }
.points ul { margin: .2em 0; padding-left: 1.4em; }
"""

_TAIL = (
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">出处：{{Source}}</div>{{/Source}}'
)


def _lang(html: str) -> str:
    # the language of the text, so phones pick CJK glyphs and voices for it
    return f'<div lang="zh-CN">{html}</div>'


#: The first field of every note type except cloze: unique per note, so Anki's duplicate check never fires.
ID_FIELD = "CardId"


@dataclass(frozen=True)
class NoteType:
    """An Anki note type drill writes: one per card type (typed answers have two)."""

    key: str  # the card type it serves ("recall" for typed answers too long to type)
    name: str
    fields: tuple[str, ...]
    qfmt: str
    afmt: str
    cloze: bool = False
    sort_field: int = 0  # the field the browser sorts and shows (the prompt)

    @property
    def model_id(self) -> int:
        # "/v1" is frozen into the key: the id must outlive every template change
        return stable_id(f"model/{self.name}/v1")

    @property
    def template_name(self) -> str:
        return "填空" if self.cloze else "卡片"


def _type(key: str, name: str, fields: tuple[str, ...], qfmt: str, afmt: str) -> NoteType:
    return NoteType(key, name, (ID_FIELD, *fields), _lang(qfmt), _lang(afmt), sort_field=1)


_OPTIONS_FRONT = '<div class="prompt">{{Prompt}}</div><div class="options">{{Options}}</div>'
_OPTIONS_BACK = ('<div class="prompt">{{Prompt}}</div><div class="options">{{OptionsMarked}}</div>'
                 '<hr id="answer"><div class="answer">{{Answer}}</div>' + _TAIL)

NOTE_TYPES: dict[str, NoteType] = {
    t.key: t
    for t in (
        _type("basic", "drill 问答", ("Prompt", "Answer", "Explanation", "Source"),
              '<div class="prompt">{{Prompt}}</div>',
              '<div class="prompt">{{Prompt}}</div><hr id="answer"><div class="answer">{{Answer}}</div>' + _TAIL),
        _type("multiple_choice", "drill 单选题",
              ("Prompt", "Options", "OptionsMarked", "Answer", "Explanation", "Source"),
              _OPTIONS_FRONT, _OPTIONS_BACK),
        _type("true_false", "drill 判断题",
              ("Prompt", "Options", "OptionsMarked", "Answer", "Explanation", "Source"),
              _OPTIONS_FRONT, _OPTIONS_BACK),
        NoteType("cloze", "drill 填空", ("Text", "Explanation", "Source", "FactId"),
                 _lang("{{cloze:Text}}"), _lang("{{cloze:Text}}" + _TAIL), cloze=True),
        _type("list_recall", "drill 列举", ("Prompt", "Items", "Explanation", "Source"),
              '<div class="prompt">{{Prompt}}</div>',
              '<div class="prompt">{{Prompt}}</div><hr id="answer"><div class="answer">{{Items}}</div>' + _TAIL),
        _type("ordering", "drill 排序", ("Prompt", "Steps", "Order", "Explanation", "Source"),
              '<div class="prompt">{{Prompt}}</div><div class="options">{{Steps}}</div>',
              '<div class="prompt">{{Prompt}}</div><div class="options">{{Steps}}</div>'
              '<hr id="answer"><div class="answer">{{Order}}</div>' + _TAIL),
        _type("typed", "drill 输入答案", ("Prompt", "Answer", "Explanation", "Source"),
              '<div class="prompt">{{Prompt}}</div>{{type:Answer}}',
              '<div class="prompt">{{Prompt}}</div><hr id="answer">{{type:Answer}}' + _TAIL),
        # a standard phrase is said, not typed letter for letter: recall it, reveal it, check the key points
        _type("recall", "drill 回想", ("Prompt", "Answer", "KeyPoints", "Explanation", "Source"),
              '<div class="prompt">{{Prompt}}</div><div class="hint">先说出来，再翻面核对'
              '{{#KeyPoints}}要点{{/KeyPoints}}</div>',
              '<div class="prompt">{{Prompt}}</div><hr id="answer"><div class="answer">{{Answer}}</div>'
              '{{#KeyPoints}}<div class="points">要点：{{KeyPoints}}</div>{{/KeyPoints}}' + _TAIL),
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
    positions: tuple[int, ...] = ()  # new-card position of each card, in the order of ``cards``

    @property
    def content_key(self) -> str:
        """A hash of everything the note holds (fields, tags, type): changes exactly when the note does."""
        return stable_hash("\x1e".join((self.note_type.name, *self.fields, "\x1d", *self.tags)), 16)

    def ords(self) -> tuple[int, ...]:
        """Anki's card ordinal of each card (a cloze deletion cN is ordinal N-1)."""
        if self.note_type.cloze:
            return tuple(int(c.part) - 1 for c in self.cards)  # type: ignore[arg-type]
        return (0,)


# Cached because ids depend only on a deck, topic or note type name, which a
# large export repeats for thousands of notes.
@lru_cache(maxsize=4096)
def stable_id(key: str) -> int:
    """A positive id in genanki's recommended range [2**30, 2**31), from ``key``."""
    return (1 << 30) + int(stable_hash(key, 15), 16) % (1 << 30)


def deck_description(deck: Deck) -> str:
    """The root deck's description: title, version, the handbook it comes from (HTML)."""
    lines = [f"<b>{esc(deck.title)}</b>" + (f"（版本 {esc(deck.version)}）" if deck.version else "")]
    if deck.description:
        lines.append(esc(deck.description))
    if deck.source:
        src = "、".join(esc(str(x)) for x in (deck.source.title, deck.source.publisher, deck.source.year) if x)
        lines.append(f"出处：{src}")
    lines.append(f"drill 牌组 {esc(deck.deck)}")
    return "<br>".join(lines)


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


def _ordered_with_letters(card: Card) -> str:
    """The steps in their right order, each with the letter it has on the front (as the learner answers)."""
    letters = {o.text: chr(65 + i) for i, o in enumerate(card.options)}
    return "<ol>" + "".join(
        f'<li><span class="letter">{letters[i]}.</span>{esc(i)}</li>' if i in letters else f"<li>{esc(i)}</li>"
        for i in card.items) + "</ol>"


def _accepted_html(card: Card, typed: str) -> str:
    """The other answers accepted as right, listed under Anki's comparison of what was typed.

    Anki compares the typed text with the one key only; the alternatives (a trailing 。 or ！
    never needed) tell the learner that their answer counts too.
    """
    others = []
    for alternative in card.accept:
        short = typed_answer(alternative) or alternative.strip()
        if short and short != typed and short not in others:
            others.append(short)
    if not others:
        return ""
    return '<div class="accepted">也算对：' + "、".join(esc(o) for o in others) + "</div>"


_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)


def cloze_text(context: str, keep: set[int]) -> str:
    """The rule's cloze text with only the deletions numbered in ``keep`` left as deletions.

    The others become plain text, so a filtered export makes exactly the
    selected cards, each keeping its own number (and so its Anki card and history).
    """
    escaped = esc(context)

    def repl(m: re.Match[str]) -> str:
        return m.group(0) if int(m.group(1)) in keep else m.group(2).partition("::")[0]

    return _CLOZE.sub(repl, escaped)


@lru_cache(maxsize=4096)
def _source_html(handbook: str, section: str | None) -> str:
    # a handful of sections serve thousands of cards
    return esc(" · ".join(x for x in (handbook, section) if x))


def _note(deck: Deck, card: Card) -> tuple[NoteType, tuple[str, ...]]:
    """The note type and fields (after ``CardId``) for a non-cloze card."""
    source = _source_html(source_text(deck, None), card.source)
    tail = (esc(card.explanation), source)
    t = card.type
    if t in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return NOTE_TYPES[t.value], (esc(card.prompt), *_options_html(card), _answer_with_letter(card), *tail)
    if t == CardType.LIST_RECALL:
        return NOTE_TYPES[t.value], (esc(card.prompt), _ordered(card.items) if card.items else esc(card.answer),
                                     *tail)
    if t == CardType.ORDERING:
        steps = "".join(f'<div class="option"><span class="letter">{chr(65 + i)}.</span>{esc(o.text)}</div>'
                        for i, o in enumerate(card.options))
        return NOTE_TYPES[t.value], (esc(card.prompt), steps,
                                     _ordered_with_letters(card) if card.items else esc(card.answer), *tail)
    if t == CardType.TYPED:
        short = typed_answer(card.answer)
        if short is not None:
            return NOTE_TYPES["typed"], (esc(card.prompt), esc(short), _accepted_html(card, short) + tail[0],
                                         tail[1])
        return NOTE_TYPES["recall"], (esc(card.prompt), esc(card.answer), key_points_html(card.points), *tail)
    # basic (and any card type added later) is prompt → answer
    return NOTE_TYPES["basic"], (esc(card.prompt), esc(card.answer), *tail)


def positions(cards: tuple[Card, ...] | list[Card]) -> dict[str, int]:
    """New-card positions (from 1): every fact's first card in deck order, then every fact's second card, ….

    Anki shows new cards of a deck by position, so the first new cards hold
    each fact at most once and a fact's other cards come a whole round later
    (under "Ascending position" gathering, a round of the whole deck).
    """
    seen: dict[tuple[str, str], int] = {}
    fact_rank: dict[tuple[str, str], int] = {}
    keyed = []
    for i, card in enumerate(cards):
        key = (card.deck, card.fact)
        round_ = seen.get(key, 0)
        seen[key] = round_ + 1
        rank = fact_rank.setdefault(key, len(fact_rank))
        keyed.append(((round_, rank, i), card.id))
    keyed.sort()
    return {card_id: n for n, (_, card_id) in enumerate(keyed, start=1)}


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
    place_of = positions(cards)
    # A deck's Anki name and id depend only on (deck, topic) and a note's tags only
    # on its deck, topic, kind and tags, so each is worked out once, not once per note.
    placements: dict[tuple[str, str | None], tuple[str, int]] = {}
    orders = {d.deck: topic_order(d) for d in decks}
    tag_sets: dict[tuple[str, str | None, str, tuple[str, ...]], tuple[str, ...]] = {}

    def spec(note_type: NoteType, key: str, fields: tuple[str, ...], card: Card,
             group: tuple[Card, ...]) -> NoteSpec:
        deck = by_id[card.deck]
        place = placements.get((card.deck, card.topic))
        if place is None:
            name = deck_name(deck, card.topic, subdecks, orders[card.deck])
            place = placements[(card.deck, card.topic)] = (name, stable_id(f"deck/{name}"))
        tag_key = (card.deck, card.topic, card.kind, card.tags)
        tags = tag_sets.get(tag_key)
        if tags is None:
            tags = tag_sets[tag_key] = note_tags(deck, card)
        return NoteSpec(note_type, note_guid(key), fields, place[0], place[1], tags, group,
                        tuple(place_of[c.id] for c in group))

    cloze_type = NOTE_TYPES["cloze"]
    for what, item in order:
        if what == "cloze":
            group = cloze_groups[item]  # type: ignore[index]
            first = group[0]
            keep = {int(c.part) for c in group if c.part and c.part.isdigit()}
            assert first.context is not None
            fields = (cloze_text(first.context, keep), esc(first.explanation),
                      esc(source_text(by_id[first.deck], first.source)), esc(f"{first.deck}/{first.fact}"))
            notes.append(spec(cloze_type, f"{first.deck}/{first.fact}/cloze", fields, first, tuple(group)))
        else:
            card = item  # type: ignore[assignment]
            note_type, fields = _note(by_id[card.deck], card)  # type: ignore[union-attr,arg-type]
            notes.append(spec(note_type, card.id, (esc(card.id), *fields), card, (card,)))  # type: ignore[union-attr,arg-type]
    return notes
