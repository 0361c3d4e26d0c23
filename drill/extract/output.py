"""Writing a draft deck file and the extraction report."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import yaml

from ..atomic import write_text
from ..errors import DeckError
from ..loader import read_file, validate
from .draft import Draft

HEADER = ("# Draft deck written by `drill extract`. Every fact says where it comes from (source) and has\n"
          "# reviewed: false until a trainer has read it; `drill lint --strict` refuses unreviewed facts.\n")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def deck_yaml(deck: dict[str, Any]) -> str:
    """The deck as YAML text: keys in deck order, Chinese as written, one fact after another."""
    body = yaml.dump(deck, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    return HEADER + body


def write_draft(draft: Draft, path: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]) -> None:
    """Write the draft atomically, after checking it loads as a deck (a draft drill cannot load is never written)."""
    text = deck_yaml(draft.deck)
    from ..deck import Deck
    from ..yamlio import read_yaml

    validate(read_yaml(text.encode("utf-8"), os.fspath(path)), Deck, DeckError, "facts")
    write_text(path, text, inputs=inputs)


def read_previous(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The earlier draft at ``path`` as plain data (None when there is none); a broken one raises located errors."""
    if not os.path.exists(path):
        return None
    from ..deck import Deck

    doc = read_file(path)
    deck = validate(doc, Deck, DeckError, "facts")
    data: dict[str, Any] = doc.data
    # drill's YAML reader keeps every scalar a string; the flags and numbers are written back typed
    for record, fact in zip(data["facts"], deck.facts):
        if "reviewed" in record:
            record["reviewed"] = fact.reviewed
    if deck.source is not None and deck.source.year is not None:
        data["source"]["year"] = deck.source.year
    return data


def report(draft: Draft) -> dict[str, Any]:
    """Counts by kind, what was left out and why, which headings gave facts."""
    covered: dict[str, set[str]] = {}
    for fact in draft.facts:
        for h in fact.citation.headings:
            covered.setdefault(fact.citation.file, set()).add(h)
    coverage = {}
    for file, headings in draft.headings.items():
        names = list(dict.fromkeys(h for h, _ in headings))
        hit = [h for h in names if h in covered.get(file, set())]
        coverage[file] = {"headings": len(names), "with_facts": len(hit),
                          "without_facts": [h for h in names if h not in hit]}
    return {
        "facts": len(draft.deck["facts"]),
        "by_kind": draft.counts(),
        "unreviewed": sum(1 for f in draft.deck["facts"] if f.get("reviewed") is False),
        "decisions_kept": draft.kept,
        "gone": draft.gone,
        "read_as": draft.read_as,
        "left_out": [{"file": x.citation.file, "lines": x.citation.lines(), "reason": x.reason,
                      "sentence": x.citation.quote} for x in draft.left_out],
        "coverage": coverage,
    }
