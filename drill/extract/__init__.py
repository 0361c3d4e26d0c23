"""Drafting a deck from a handbook nobody has turned into facts yet (``drill extract``).

The steps, one module each: :mod:`.handbook` reads the file (plain text and
Markdown here, other formats through reader plugins), :mod:`.cleanup` repairs
conversion noise (with the listed repairs of :mod:`.substitutions`),
:mod:`.structure` finds headings, numbered blocks and sentences, an extractor
(:mod:`.rules` built in, others through :mod:`.extractors`) proposes facts, and
:mod:`.draft` gives them stable ids and sources, checks that every word is in
the cited lines, and carries a trainer's earlier decisions over; :mod:`.quality`
leaves out what a reader would send back (fragments, slide filler, statements
without context, bad blanks), each listed with its reason.

>>> from drill.extract import extract_deck
>>> draft = extract_deck(["handbook.txt"])  # doctest: +SKIP
>>> draft.deck["facts"][0]["reviewed"]  # doctest: +SKIP
False
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import InputError, Problem
from ..i18n import _
from ..text import stable_hash
from .candidates import Citation, DraftedFact, Extraction, LeftOut
from .cleanup import clean
from .draft import Draft, assign_ids, fact_record, invented, merge_previous, needed_repairs, traced_text
from .extractors import ENTRY_POINT_GROUP, Extractor, load_extractor
from .handbook import Handbook, read_handbook
from .quality import screen
from .structure import Block, structure

__all__ = [
    "ENTRY_POINT_GROUP",
    "Block",
    "Citation",
    "Draft",
    "DraftedFact",
    "Extraction",
    "Extractor",
    "Handbook",
    "LeftOut",
    "extract_deck",
    "load_extractor",
    "read_handbook",
]


def deck_id_for(paths: Sequence[str | os.PathLike[str]]) -> str:
    """A deck id from the first handbook's name (ASCII letters and digits), else ``draft-`` and a hash."""
    stem = Path(paths[0]).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if len(slug) >= 3 and re.match(r"[a-z0-9]", slug):
        return slug[:60]
    return "draft-" + stable_hash(stem, 8)


def extract_deck(
    paths: Sequence[str | os.PathLike[str]],
    *,
    previous: dict[str, Any] | None = None,
    extractor: str | Extractor = "rules",
    deck_id: str | None = None,
    title: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Draft:
    """Draft a deck from ``paths``; ``previous`` is the earlier draft (plain YAML data) whose decisions carry over.

    Raises :class:`~drill.errors.InputError` for a handbook that cannot be read.
    The returned draft may hold no facts: the caller decides what that means.
    """
    engine = load_extractor(extractor) if isinstance(extractor, str) else extractor
    facts: list[DraftedFact] = []
    left_out: list[LeftOut] = []
    headings: dict[str, list[tuple[str, int]]] = {}
    read_as: dict[str, str] = {}
    first_heading: str | None = None
    names = _unique_names(paths)
    for path, name in zip(paths, names):
        if progress:
            progress(str(path))
        book = read_handbook(path)
        read_as[name] = book.read_as
        cleaned = clean(book.lines)
        blocks = structure(cleaned.paragraphs)
        headings[name] = [(b.text, b.first) for b in blocks if b.is_heading]
        if first_heading is None and headings[name]:
            first_heading = headings[name][0][0]
        heading_lines: dict[str, range] = {}
        for b in blocks:
            if b.is_heading:
                heading_lines.setdefault(b.text, range(b.first, b.last + 1))
        found = engine.extract(name, blocks)
        for fact in found.facts:
            fact.citation.file = name
            cited_lines = range(fact.citation.first, fact.citation.last + 1)
            around = [n for h in fact.citation.headings for n in heading_lines.get(h, ())]
            # the repairs are those of the lines the fact stands on, whatever block the extractor read them from
            made = [s for n in (*cited_lines, *around) for s in cleaned.repairs.get(n, ())]
            fact.citation.repairs = needed_repairs(made, fact)
            cited = traced_text(" ".join(cleaned.raw.get(n, "") for n in cited_lines), fact.citation.repairs)
            cited += " " + " ".join(traced_text(" ".join(cleaned.raw.get(n, "") for n in heading_lines[h]),
                                                fact.citation.repairs) if h in heading_lines else h
                                    for h in fact.citation.headings)
            missing = invented(fact.kind, fact.fields, cited)
            if missing:
                left_out.append(LeftOut(fact.citation, _("words not in the cited lines: {words}").format(words="、".join(missing)),
                                        fact.extractor))
                continue
            flaw = screen(fact, "\n".join(cleaned.lines.get(n, "") for n in range(fact.citation.first, fact.citation.last + 1)),
                          cleaned.lines.get(fact.citation.last + 1, ""))
            if flaw:
                left_out.append(LeftOut(fact.citation, flaw, fact.extractor))
                continue
            facts.append(fact)
        left_out.extend(found.left_out)
    records, rejected = _valid_records(facts)
    left_out.extend(rejected)
    merged, excluded, carried, gone = merge_previous(records, previous)
    deck: dict[str, Any] = {
        "deck": deck_id or (previous or {}).get("deck") or deck_id_for(paths),
        "title": title or (previous or {}).get("title") or first_heading or Path(paths[0]).stem,
        "language": "zh-CN",
        "source": {"title": title or first_heading or Path(paths[0]).stem},
    }
    if excluded:
        deck["excluded"] = excluded
    deck["facts"] = merged
    return Draft(deck, [f for f in facts], left_out, headings, carried, gone, read_as)


def _unique_names(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    names = [Path(p).name for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]


def _valid_records(facts: list[DraftedFact]) -> tuple[list[dict[str, Any]], list[LeftOut]]:
    """Deck records for ``facts``; one the deck model refuses is left out with the reason."""
    from ..facts import Fact

    adapter: TypeAdapter[Any] = TypeAdapter(Fact)
    records, rejected = [], []
    for fid, fact in assign_ids(facts):
        record = fact_record(fact, fid)
        try:
            adapter.validate_python(record)
        except ValidationError as exc:
            reason = "; ".join(e["msg"] for e in exc.errors())
            rejected.append(LeftOut(fact.citation, _("not a valid {kind} fact: {reason}").format(kind=fact.kind, reason=reason),
                                    fact.extractor))
            continue
        records.append(record)
    return records, rejected


def no_facts_error(paths: Sequence[str | os.PathLike[str]]) -> InputError:
    """The error for handbooks in which nothing looked like a fact."""
    return InputError([Problem(_("no statement looked like a fact (enumeration, duty, rule, sequence, quoted "
                                 "phrase or definition); nothing was written"), file=str(p), code="no-facts")
                       for p in paths])
