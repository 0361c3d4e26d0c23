"""From drafted facts to a deck file: ids, sources, the no-invention check, and the trainer's earlier decisions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..text import normalize, stable_hash
from .candidates import DraftedFact, LeftOut
from .substitutions import SUBSTITUTIONS, Substitution, repair_only

#: what each kind's id starts with: a trainer reading the draft sees the kind in the id
ID_PREFIX = {"term": "term", "category": "cat", "duty": "duty", "list": "list", "sequence": "seq",
             "rule": "rule", "prohibited_phrase": "phrase", "script": "script"}
#: an id drill extract gives out: prefix, then eight hex digits of the statement's hash
DRAFTED_ID = re.compile(rf"^(?:{'|'.join(ID_PREFIX.values())})-[0-9a-f]{{8}}(?:-\d+)?$")
QUOTE_LIMIT = 160
_DELETION = re.compile(r"\{\{(.*?)\}\}")


def fact_id(fact: DraftedFact) -> str:
    """Stable across re-runs: derived from the kind and the statement's normalised words, never from line numbers."""
    return f"{ID_PREFIX[fact.kind]}-{stable_hash(normalize(fact.identity), 8)}"


def source_text(fact: DraftedFact) -> str:
    """``file · heading / heading · 行 12-13 · 「quoted sentence」 · 修正 旳→的``."""
    c = fact.citation
    quote = c.quote if len(c.quote) <= QUOTE_LIMIT else c.quote[:QUOTE_LIMIT] + "…"
    parts = [c.file]
    if c.headings:
        parts.append(" / ".join(c.headings))
    parts.append(f"行 {c.lines()}")
    parts.append(f"「{quote}」")
    if c.repairs:
        parts.append("修正 " + "、".join(f"{s.wrong}→{s.right}" for s in c.repairs))
    return " · ".join(parts)


def key_strings(kind: str, fields: dict[str, Any]) -> list[str]:
    """Every member, key, number and phrase of a fact as a deck holds it (``{{…}}`` marks removed)."""
    out: list[str] = []
    for key in ("name", "term", "definition", "role", "phrase", "reason", "instead", "situation", "response"):
        if isinstance(fields.get(key), str):
            out.append(fields[key])
    if isinstance(fields.get("text"), str):
        out.append(_DELETION.sub(lambda m: m.group(1), fields["text"]))
    for key in ("items", "steps", "duties"):
        out.extend(x for x in fields.get(key, []) if isinstance(x, str))
    for member in fields.get("members", []):
        if isinstance(member, dict):
            out.extend(v for k, v in member.items() if k in {"name", "description"} and isinstance(v, str))
    return out


def invented(kind: str, fields: dict[str, Any], cited: str) -> list[str]:
    """The strings of a fact that are not text of ``cited`` (after normalisation): empty for an honest fact.

    ``cited`` is the handbook's text *after the repairs recorded on the fact* (:func:`traced_text`),
    so a repair made but not recorded shows up here as a word not in the cited lines.
    """
    haystack = normalize(cited)
    return [s for s in key_strings(kind, fields) if normalize(s) not in haystack]


def needed_repairs(made: list[Substitution], fact: DraftedFact) -> tuple[Substitution, ...]:
    """The repairs of the cited lines that show in the fact (its words, topic or quote), in the table's order.

    A repair stands in the fact when what it wrote (its words, without marks: 「，同时」 counts as 同时) is
    there; the others were made on other sentences of the same lines and would only lengthen ``修正``.
    """
    seen = normalize(" ".join([*key_strings(fact.kind, fact.fields), fact.topic or "", fact.citation.quote]))
    out = []
    for sub in dict.fromkeys(made):
        words = normalize(sub.right)
        if not words or words in seen:
            out.append(sub)
    return tuple(out)


def traced_text(raw: str, repairs: tuple[Substitution, ...] | list[Substitution]) -> str:
    """The cited lines as the handbook prints them, after exactly the repairs ``repairs``."""
    return repair_only(raw, repairs)


def recorded_repairs(source: str) -> list[Substitution]:
    """The repairs a drafted fact's ``source`` lists after ``修正`` (the inverse of :func:`source_text`).

    A pair that is not a row of the table is no repair drill makes: it is left out, so a check built on
    this finds the words it would have changed.

    >>> [f"{s.wrong}→{s.right}" for s in recorded_repairs("h.txt · 行 3 · 「…」 · 修正 旳→的、原那么→原则")]
    ['旳→的', '原那么→原则']
    """
    if " · 修正 " not in source:
        return []
    tail, out, at = source.rpartition(" · 修正 ")[2], [], 0
    while at < len(tail):  # a row's words may hold 、 themselves (、偏护、→、包庇、): the longest row that fits
        for row in _ROWS_LONGEST_FIRST:
            pair = f"{row.wrong}→{row.right}"
            if tail.startswith(pair, at) and (tail.startswith("、", at + len(pair)) or at + len(pair) == len(tail)):
                out.append(row)
                at += len(pair) + 1
                break
        else:  # not a row of the table: skip to the next pair
            at = tail.find("、", at) + 1 or len(tail)
    return out


_ROWS_LONGEST_FIRST = sorted(SUBSTITUTIONS, key=lambda s: -len(s.wrong) - len(s.right))


@dataclass
class Draft:
    """A draft deck (as plain data for YAML) and what the extraction saw."""

    deck: dict[str, Any]
    facts: list[DraftedFact]
    left_out: list[LeftOut]
    headings: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # file → (heading, line)
    kept: int = 0  # facts whose trainer decision was carried over from the previous draft
    gone: list[str] = field(default_factory=list)  # drafted ids of the previous draft no longer in the handbook
    read_as: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f["kind"] for f in self.deck["facts"]).items()))


def fact_record(fact: DraftedFact, fid: str) -> dict[str, Any]:
    record: dict[str, Any] = {"id": fid, "kind": fact.kind}
    if fact.topic:
        record["topic"] = fact.topic
    record.update(fact.fields)
    record["source"] = source_text(fact)
    record["reviewed"] = False
    return record


def same_words(kind: str, fields: dict[str, Any]) -> tuple[str, ...]:
    """A fact's words as a learner reads them, for telling repeats apart: marks and width folded, blanks kept.

    >>> same_words("prohibited_phrase", {"phrase": "你问我，我问谁？"}) == same_words("prohibited_phrase", {"phrase": "你问我,我问谁"})
    True
    >>> same_words("rule", {"text": "须{{24小时}}内答复"}) == same_words("rule", {"text": "须24小时内{{答复}}"})
    False
    """
    def fold(value: str) -> str:
        return "[".join("]".join(normalize(p) for p in part.split("}}")) for part in value.split("{{"))
    out = [kind]
    for key, value in fields.items():
        if isinstance(value, str):
            out.append(f"{key}={fold(value)}")
        elif isinstance(value, list):
            out.append(f"{key}=" + "|".join(fold(v) if isinstance(v, str) else
                                             "/".join(fold(str(x)) for x in v.values()) if isinstance(v, dict) else str(v)
                                             for v in value))
    return tuple(out)


def assign_ids(facts: list[DraftedFact]) -> list[tuple[str, DraftedFact]]:
    """Ids for ``facts``; a second fact of the same statement gets ``-2`` (stable: order is the handbook's).

    A statement the handbook repeats word for word (a slide shown twice, a phrase listed in two places with
    a question mark or without) gives one fact: the first.
    """
    seen: Counter[str] = Counter()
    said: set[tuple[str, ...]] = set()
    out = []
    for fact in facts:
        base = fact_id(fact)
        words = same_words(fact.kind, fact.fields)
        if words in said:
            continue
        said.add(words)
        seen[base] += 1
        out.append((base if seen[base] == 1 else f"{base}-{seen[base]}", fact))
    return out


def merge_previous(records: list[dict[str, Any]], previous: dict[str, Any] | None
                   ) -> tuple[list[dict[str, Any]], list[str], int, list[str]]:
    """Carry a trainer's decisions over from the previous draft.

    A fact whose statement is unchanged has the same id: the previous version
    (kept, edited or excluded by the trainer) replaces the new draft. A fact the
    trainer wrote by hand (an id drill extract does not give out) is kept. A
    drafted fact whose statement is gone from the handbook is dropped and named.
    Returns (facts, excluded, carried over, gone).
    """
    if not previous:
        return records, [], 0, []
    old = {f.get("id"): f for f in previous.get("facts") or [] if isinstance(f, dict)}
    new_ids = {r["id"] for r in records}
    merged, carried = [], 0
    for record in records:
        before = old.get(record["id"])
        if before is not None and before.get("reviewed", True) is not False:
            merged.append(before)
            carried += 1
        else:
            merged.append(record)
    handwritten = [f for fid, f in old.items() if fid not in new_ids and not DRAFTED_ID.match(str(fid))]
    merged.extend(handwritten)
    gone = sorted(str(fid) for fid in old if fid not in new_ids and DRAFTED_ID.match(str(fid)))
    live = {str(f.get("id")) for f in merged}
    excluded = [str(e) for e in previous.get("excluded") or [] if str(e).split("/")[0] in live]
    return merged, excluded, carried, gone
