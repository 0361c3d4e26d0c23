"""The manifest of a build (variant → items, keys, points) and grading responses against it."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..card import CardType
from ..errors import InputError, Problem
from .analysis import CandidateResult, ItemResponse
from .paper import ExamPaper
from .scoring import judge_item, letters_given

MANIFEST_VERSION = 1
BLANK = "(blank)"


def paper_manifest(papers: Sequence[ExamPaper], files: Mapping[str, Sequence[str]], format_name: str) -> dict[str, Any]:
    """The manifest of a build: per variant the items (id, type, key, answer, options, points) and files."""
    first = papers[0]
    return {
        "manifest_version": MANIFEST_VERSION,
        "exam": first.exam,
        "title": first.title,
        "seed": first.seed,
        "format": format_name,
        "pass_mark": first.pass_mark,
        "duration_minutes": first.duration_minutes,
        "variants": {
            p.variant: {
                "total_points": p.total_points,
                "pass_mark": p.pass_mark,
                "files": list(files.get(p.variant, ())),
                "items": [
                    {
                        "number": item.number,
                        "id": item.card_id,
                        "deck": item.deck,
                        "fact": item.fact,
                        "type": item.type.value,
                        "section": section.title,
                        "points": item.points,
                        "key": item.key,
                        "answer": item.answer,
                        "options": [o.text for o in item.options],
                        # what the judge reads besides the key (absent when empty, as in older manifests)
                        **({"kind": item.kind} if item.kind else {}),
                        **({"accept": list(item.accept)} if item.accept else {}),
                        **({"key_points": list(item.key_points)} if item.key_points else {}),
                        **({"items": list(item.items)} if item.items else {}),
                    }
                    for section in p.sections
                    for item in section.items
                ],
            }
            for p in papers
        },
    }


def manifest_json(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a manifest written by ``drill exam build``; raise :class:`InputError` if it is not one."""
    name = os.fspath(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(Problem("no such file", file=name, code="not-found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"cannot read: {exc}", file=name, code="io")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(f"not JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno)) from None
    if not isinstance(data, dict) or data.get("manifest_version") != MANIFEST_VERSION or not isinstance(
        data.get("variants"), dict
    ):
        raise InputError(Problem(f"not a drill exam manifest (version {MANIFEST_VERSION})", file=name))
    try:
        for variant in data["variants"].values():
            for item in variant["items"]:
                CardType(item["type"]), item["number"], item["id"], item["key"], float(item["points"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(Problem(f"damaged manifest item: {exc}", file=name)) from None
    return data


def choice_label(item: Mapping[str, Any], given: str) -> str:
    """What a candidate chose, in words that are the same across variants (option text, not letter)."""
    if not given.strip():
        return BLANK
    options = item.get("options") or []
    kind = CardType(item["type"])
    if kind in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING) and options:
        letters = letters_given(given)
        indexes = [ord(ch) - 65 for ch in letters]
        if not letters or any(not 0 <= i < len(options) for i in indexes):
            return f"(invalid: {given.strip()})"
        if kind is CardType.ORDERING:
            return " → ".join(options[i] for i in indexes)
        if len(indexes) != 1:
            return f"(invalid: {given.strip()})"
        return options[indexes[0]]
    return given.strip()


def read_responses(path: str | os.PathLike[str], manifest: Mapping[str, Any]) -> list[CandidateResult]:
    """Grade a responses CSV against a manifest.

    The CSV has a header, then one row per candidate: candidate id, variant,
    then the answer to item 1, 2, … (columns named by item number). Every
    problem (unknown variant, duplicate candidate, unknown item column) is
    reported at once with ``file:line``.
    """
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem("no such file", file=name, code="not-found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"cannot read: {exc}", file=name, code="io")) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(Problem("empty file; expected a header: candidate,variant,1,2,…", file=name, line=1))
    header = [h.strip() for h in rows[0]]
    problems: list[Problem] = []
    if len(header) < 2:
        problems.append(Problem("header needs at least: candidate,variant,1,2,…", file=name, line=1))
    numbers: list[int | None] = []
    for col, h in enumerate(header[2:], start=3):
        if h.isdigit():
            numbers.append(int(h))
        else:
            numbers.append(None)
            problems.append(Problem(f"column {h!r} is not an item number", file=name, line=1, column=col))
    variants = manifest["variants"]
    results = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        candidate = row[0].strip() if row else ""
        variant = row[1].strip().upper() if len(row) > 1 else ""
        if not candidate:
            problems.append(Problem("missing candidate id", file=name, line=line, column=1))
            continue
        if candidate in seen:
            problems.append(Problem(f"candidate {candidate!r} already graded on line {seen[candidate]}",
                                    file=name, line=line, column=1))
            continue
        seen[candidate] = line
        if variant not in variants:
            problems.append(Problem(f"unknown variant {variant!r}; the manifest has {', '.join(variants)}",
                                    file=name, line=line, column=2))
            continue
        spec = variants[variant]
        given = {n: (row[i + 2] if i + 2 < len(row) else "") for i, n in enumerate(numbers) if n is not None}
        extra = sorted(set(given) - {it["number"] for it in spec["items"]})
        if extra and any(given[n].strip() for n in extra):
            problems.append(Problem(f"variant {variant} has no item(s) {', '.join(map(str, extra))}",
                                    file=name, line=line))
            continue
        verdicts = [judge_item(it, given.get(it["number"], "")) for it in spec["items"]]
        responses = tuple(
            ItemResponse(
                item_id=it["id"],
                correct=verdict.correct is True,
                points=float(it["points"]),
                choice=choice_label(it, given.get(it["number"], "")),
                reason=verdict.reason,
                equivalent=verdict.equivalent,
                judged=verdict.correct is not None,
            )
            for it, verdict in zip(spec["items"], verdicts)
        )
        results.append(CandidateResult(candidate, variant, responses, float(spec["pass_mark"])))
    if problems:
        raise InputError(problems)
    return results
