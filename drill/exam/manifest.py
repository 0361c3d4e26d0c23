"""The manifest of a build (variant → items, keys, points) and grading responses against it."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..card import CardType
from ..errors import InputError, Problem
from .paper import ExamPaper
from .responses import BLANK, choice_label, read_responses

MANIFEST_VERSION = 1

__all__ = ["BLANK", "MANIFEST_VERSION", "choice_label", "manifest_json", "paper_manifest", "read_manifest",
           "read_responses"]


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
                        "prompt": item.prompt,
                        "options": [o.text for o in item.options],
                        **({"scoring": item.scoring} if item.scoring else {}),
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
