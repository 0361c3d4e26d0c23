"""The exporter plugin contract (version :data:`CONTRACT_VERSION`).

An exporter is any object with the attributes and method of :class:`Exporter`,
published under the entry point group ``drill.exporters``::

    # pyproject.toml of a plugin
    [project.entry-points."drill.exporters"]
    flashdeck = "drill_flashdeck:exporter"

The entry point names an exporter instance (or a class / zero-argument
factory that returns one). An exporter declares what it ``accepts``:
``"deck"`` — a :class:`DeckBundle` (deck metadata plus cards), written to one
file at ``path``; ``"exam"`` — one :class:`~drill.exam.paper.ExamPaper`
variant, written as a student paper at ``path`` plus a separate answer key
beside it. ``export`` returns every file it wrote.

An exporter may also carry ``contract_version`` (the :data:`CONTRACT_VERSION`
it was written for); discovery refuses one whose major version differs.
Options come from ``--option key=value``; an exporter should refuse keys it
does not know with :func:`check_options` before writing anything, and write its
files with :func:`atomic_path` / :func:`write_text` / :func:`write_bytes`
(from :mod:`drill.atomic`), so a failed export never leaves a half-written file.
One that makes many objects and no reference cycles may make them within
:func:`collector_paused` (from :mod:`drill.collector`), so the cyclic garbage
collector does not rescan the loaded deck again and again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

# re-exported for plugins: every file an exporter writes goes through these
from .atomic import atomic_path, write_bytes, write_text  # noqa: F401
from .collector import collector_paused as collector_paused
from .card import Card
from .deck import Deck
from .errors import InputError, Problem
from .i18n import _
from .text import stable_hash

if TYPE_CHECKING:
    from .exam.paper import ExamPaper

#: Bumped on any incompatible change to the contract; plugins may check it.
CONTRACT_VERSION = "1.0"
ENTRY_POINT_GROUP = "drill.exporters"

Accepts = Literal["deck", "exam"]


@dataclass(frozen=True)
class DeckBundle:
    """What a deck exporter gets: the decks (metadata and facts) and the cards to write.

    ``cards`` may be a filtered subset of what the decks make (``--topic``,
    ``--type``); exporters write exactly these.
    """

    decks: tuple[Deck, ...]
    cards: tuple[Card, ...]

    def deck(self, deck_id: str) -> Deck:
        return next(d for d in self.decks if d.deck == deck_id)


@runtime_checkable
class Exporter(Protocol):
    """The plugin contract. Attributes are read once at discovery."""

    name: str  # short, unique: used as --format NAME
    description: str  # one line for `drill plugins`
    suffix: str  # file suffix with the dot, e.g. ".apkg"
    accepts: frozenset[Accepts]  # {"deck"}, {"exam"} or both

    def export(self, bundle: DeckBundle | ExamPaper, path: Path, options: Mapping[str, str]) -> list[Path]:
        """Write ``bundle`` to ``path`` (and, for exam papers, the answer key beside it); return the files."""
        ...


def check_options(exporter: str, options: Mapping[str, str], known: Mapping[str, str]) -> None:
    """Raise :class:`~drill.errors.InputError` for every option key not in ``known`` (key → help)."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        if known:
            # Translators: the separator between the options a format takes
            listed = _("; ").join(f"{k}: {_(v)}" for k, v in known.items())
            message = _("unknown option {option!r} for format {format!r} (options: {options})")
        else:
            listed = ""
            message = _("unknown option {option!r} for format {format!r} (it takes no options)")
        raise InputError(
            [Problem(message.format(option=k, format=exporter, options=listed), file=f"--option {k}")
             for k in unknown]
        )


#: every note GUID drill writes starts with this (how `drill import` tells drill's notes from others)
DRILL_GUID_PREFIX = "drill:"


def note_guid(key: str) -> str:
    """A stable note GUID for ``key`` (``deck/fact/template[/part]``), the same in every format.

    Derived from drill's ids only, never from wording, so a re-import after an
    edit updates the note instead of duplicating it.
    """
    return DRILL_GUID_PREFIX + stable_hash("anki-note/" + key, 20)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: what html_text has to change: markup characters, line breaks, control characters
_HTML_WORK = re.compile(r"[&<>\"'\n\r\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROL_TABLE = {c: None for c in [*range(0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | {0x09: " "}


def clean_text(text: str | None) -> str:
    """Deck text without control characters (tabs become spaces; line breaks kept).

    A ``\\x1f`` is Anki's field separator and a ``\\t`` the text import's, so
    one left in a field would split it; the loader may refuse such text, but an
    exporter never writes it.

    >>> clean_text("24\\x1f小时\\t内")
    '24小时 内'
    """
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL_TABLE) if _CONTROL.search(text) else text


def html_text(text: str | None) -> str:
    """Deck text as HTML content: escaped (text is never markup), line breaks kept, no control characters."""
    if not text:
        return ""
    if _HTML_WORK.search(text) is None:  # most deck text: nothing to escape, break or drop
        return text
    if _CONTROL.search(text):  # rare: most deck text has none, and this runs for every field
        text = clean_text(text)
    return _escape(text, quote=True).replace("\n", "<br>")


# -- what every Anki-bound format shares: deck names, tags, sources ------------------------

_TAG_UNSAFE = re.compile(r"\s+|[\x00-\x1f\x7f\"]")


@lru_cache(maxsize=4096)
def safe_tag(tag: str) -> str:
    """Anki tags are space-separated: whitespace inside a tag becomes ``_`` (and control characters go)."""
    return _TAG_UNSAFE.sub("_", clean_text(tag).strip()).strip("_:")


def _deck_part(text: str) -> str:
    # "::" separates Anki subdecks; inside a title or topic it must not nest
    return clean_text(text).replace("\n", " ").replace("::", "：").strip()


def topic_order(deck: Deck) -> dict[str, int]:
    """Each topic's place in the handbook: the order of its first fact in the deck file (from 1)."""
    order: dict[str, int] = {}
    for fact in deck.facts:
        if fact.topic and fact.topic not in order:
            order[fact.topic] = len(order) + 1
    return order


def deck_name(deck: Deck, topic: str | None, subdecks: bool = True,
              order: Mapping[str, int] | None = None) -> str:
    """``Title::NN Topic``: Anki lists subdecks by name, so the number keeps the handbook's order.

    ``order`` is :func:`topic_order` of the deck, for callers that name many subdecks.
    """
    root = _deck_part(deck.title)
    if not (subdecks and topic):
        return root
    order = order if order is not None else topic_order(deck)
    width = max(2, len(str(len(order))))
    return f"{root}::{order.get(topic, 0):0{width}d} {_deck_part(topic)}"


def source_text(deck: Deck, section: str | None) -> str:
    """``Source``: the handbook's title and the section, e.g. ``营销人员培训手册 · 第一章 第二节``."""
    handbook = deck.source.title if deck.source else deck.title
    return " · ".join(x for x in (handbook, section) if x)


def note_tags(deck: Deck, card: Card) -> tuple[str, ...]:
    """Hierarchical tags: ``drill::deck::ID``, ``drill::topic::T``, ``drill::kind::K`` and the fact's own."""
    tags = [f"drill::deck::{deck.deck}", f"drill::kind::{card.kind}"]
    if card.topic:
        tags.insert(1, "drill::topic::" + _deck_part(card.topic).replace(" ", "_"))
    tags.extend(card.tags)
    return tuple(dict.fromkeys(t for t in map(safe_tag, tags) if t))


#: The answers short enough to type on a phone; longer ones are recalled, then revealed.
TYPED_MAX_CHARS = 12

_TRAILING_STOP = "。．.！!？?"
_PUNCTUATION = re.compile(r"[\W_]", re.UNICODE)


def typed_answer(answer: str) -> str | None:
    """The answer to type with ``{{type:}}``, or None when it is no short key to type on a phone.

    Anki compares typing character for character, so only an answer of a few
    characters with no punctuation inside (a full stop at the end is dropped)
    is typed; anything with placeholders (``××``), stage directions or clauses
    is a standard phrase, recalled and then revealed.

    >>> typed_answer("新年好！"), typed_answer("请稍等，我帮您确认一下。")
    ('新年好', None)
    """
    short = clean_text(answer).strip().rstrip(_TRAILING_STOP).strip()
    if not short or len(short) > TYPED_MAX_CHARS or _PUNCTUATION.search(short) or "×" in short:
        return None
    return short


def key_points_html(points: tuple[str, ...] | list[str]) -> str:
    """The key points of a standard phrase as a list: each point, its other wordings after it.

    >>> key_points_html(("致歉|道歉|对不起", "核实"))
    '<ul><li>致歉（也可说：道歉、对不起）</li><li>核实</li></ul>'
    """
    items = []
    for point in points:
        first, *others = [w.strip() for w in point.split("|") if w.strip()] or [""]
        if not first:
            continue
        also = f"（也可说：{'、'.join(html_text(o) for o in others)}）" if others else ""
        items.append(f"<li>{html_text(first)}{also}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def review_history(store_path: str | os.PathLike[str] | None, card_ids: Iterable[str],
                   timestamp: float) -> Any:
    """A learner's review history and preset, as Anki's own rows, for an exporter to write into a package.

    Returns a :class:`drill.anki_history.PackageHistory` for the cards in ``card_ids``
    that have reviews in the store at ``store_path`` (None: the default store), with
    dates on the learner's days and the package's calendar starting on the learner day
    of ``timestamp``.
    """
    from .anki_history import read_history

    return read_history(store_path, card_ids, timestamp)
