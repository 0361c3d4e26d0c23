"""The manifest of a build (variant → items, keys, points) and grading responses against it."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeGuard

from ..card import CardType
from ..errors import InputError, Problem
from ..i18n import _
from .paper import ExamPaper
from .responses import BLANK, choice_label, read_responses

MANIFEST_VERSION = 1
#: Where a build keeps its manifest, answer keys and answer-sheet template: a folder of their own inside the
#: output folder (unless ``--key-out`` names another), so the output folder's papers can go to candidates.
KEYS_FOLDER = "keys"
MANIFEST_NAME = "manifest.json"
#: The most one item may be worth: far above any real paper, far below where sums and percentages lose meaning
MAX_ITEM_POINTS = 10_000

__all__ = ["BLANK", "KEYS_FOLDER", "MANIFEST_NAME", "MANIFEST_VERSION", "choice_label", "manifest_file",
           "manifest_json", "paper_manifest", "read_manifest",
           "read_responses"]


def build_fingerprint(papers: Sequence[ExamPaper]) -> str:
    """Eight letters and digits that name one build: the exam, the seed and the variant set with their items.

    Printed on every paper and on the answer-sheet template; a sheet that
    carries another build's fingerprint is refused by grading.
    """
    from ..text import stable_hash

    first = papers[0]
    parts = [first.exam, str(first.seed)]
    for paper in papers:
        parts.append(paper.variant + ":" + ",".join(f"{i.card_id}={i.key}" for i in paper.items))
    return stable_hash("\x1f".join(parts), 8).upper()


def with_fingerprint(papers: Sequence[ExamPaper]) -> list[ExamPaper]:
    """The papers of one build, each carrying the build's fingerprint."""
    fingerprint = build_fingerprint(papers)
    return [p.model_copy(update={"fingerprint": fingerprint}) for p in papers]


def answer_sheet_template(papers: Sequence[ExamPaper]) -> str:
    """An empty answer sheet (CSV, UTF-8 with BOM as Excel opens it): 考号, 姓名, 部门, 卷别, item numbers, fingerprint.

    The last header cell carries the build's fingerprint, so grading can tell
    a sheet filled for another build; 姓名 and 部门 are kept and carried to the scores.
    """
    numbers = sorted({i.number for p in papers for i in p.items})
    header = ["考号", "姓名", "部门", "卷别", *map(str, numbers)]
    fingerprint = papers[0].fingerprint or build_fingerprint(papers)
    header.append(f"试卷指纹:{fingerprint}")
    return "\ufeff" + ",".join(header) + "\r\n"


def paper_manifest(papers: Sequence[ExamPaper], files: Mapping[str, Sequence[str]], format_name: str) -> dict[str, Any]:
    """The manifest of a build: per variant the items (id, type, key, answer, options, points, topic) and files."""
    first = papers[0]
    return {
        "manifest_version": MANIFEST_VERSION,
        "exam": first.exam,
        "fingerprint": first.fingerprint or build_fingerprint(papers),
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
                        # the item's 知识点, for the report's per-topic scores
                        **({"topic": item.topic} if item.topic else {}),
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


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def manifest_problems(data: Any, file: str) -> list[Problem]:
    """Every way ``data`` is not a manifest ``drill exam grade`` can use, each with its field path."""
    def bad(message: str, where: str) -> Problem:
        return Problem(message, file=file, field=where, code="manifest")

    if not isinstance(data, dict) or data.get("manifest_version") != MANIFEST_VERSION:
        return [Problem(_("not a drill exam manifest (version {version})").format(version=MANIFEST_VERSION),
                        file=file, code="manifest")]
    variants = data.get("variants")
    if not isinstance(variants, dict) or not variants:
        return [bad(_("expected a mapping of variants (A, B, …) to their items"), "variants")]
    problems: list[Problem] = []
    top_mark = data.get("pass_mark")
    for letter, spec in variants.items():
        at = f"variants.{letter}"
        if not isinstance(spec, dict):
            problems.append(bad(_("expected a mapping with items and pass_mark"), at))
            continue
        mark = spec.get("pass_mark", top_mark)
        if not _number(mark) or not 0 <= mark <= 100:
            problems.append(bad(_("missing or invalid pass_mark (a percentage 0–100)"), f"{at}.pass_mark"))
        if "total_points" in spec and (not _number(spec["total_points"]) or spec["total_points"] < 0):
            problems.append(bad(_("`total_points` must be a finite number ≥ 0"), f"{at}.total_points"))
        items = spec.get("items")
        if not isinstance(items, list) or not items:
            problems.append(bad(_("expected a non-empty list of items"), f"{at}.items"))
            continue
        numbers: set[int] = set()
        for i, item in enumerate(items):
            here = f"{at}.items[{i}]"
            if not isinstance(item, dict):
                problems.append(bad(_("expected a mapping (number, id, type, key, points)"), here))
                continue
            number = item.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                problems.append(bad(_("`number` must be a whole number from 1"), f"{here}.number"))
            elif number in numbers:
                problems.append(bad(_("item number {number} is used twice").format(number=number), f"{here}.number"))
            else:
                numbers.add(number)
            if not isinstance(item.get("id"), str) or not item["id"]:
                problems.append(bad(_("`id` must be a card id (text)"), f"{here}.id"))
            try:
                CardType(str(item.get("type")))
            except ValueError:
                problems.append(bad(_("unknown item type {type}").format(type=repr(item.get("type"))), f"{here}.type"))
            if not isinstance(item.get("key"), str):
                problems.append(bad(_("`key` must be text (option letters or the answer)"), f"{here}.key"))
            if not _number(item.get("points")) or item["points"] < 0:
                problems.append(bad(_("`points` must be a number ≥ 0"), f"{here}.points"))
            elif item["points"] > MAX_ITEM_POINTS:
                problems.append(bad(_("`points` {points} is more than an item can be worth (at most {most})").format(
                    points=f"{item['points']:g}", most=MAX_ITEM_POINTS), f"{here}.points"))
            options = item.get("options", [])
            if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
                problems.append(bad(_("`options` must be a list of texts"), f"{here}.options"))
            if "answer" in item and not isinstance(item["answer"], str):
                problems.append(bad(_("`answer` must be text"), f"{here}.answer"))
    return problems


def manifest_file(path: str | os.PathLike[str]) -> Path:
    """The manifest ``path`` names: the file itself, or for a build's folder its ``keys/manifest.json``
    (``manifest.json`` in a folder that holds the keys itself, as ``--key-out`` and older builds have it)."""
    given = Path(path)
    if not given.is_dir():
        return given
    for candidate in (given / KEYS_FOLDER / MANIFEST_NAME, given / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return given / KEYS_FOLDER / MANIFEST_NAME


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a manifest written by ``drill exam build`` (its file, or the build's folder); raise
    :class:`InputError` with every problem."""
    path = manifest_file(path)
    name = os.fspath(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        moved = path.parent / KEYS_FOLDER / MANIFEST_NAME
        if path.name == MANIFEST_NAME and moved.is_file():
            raise InputError(Problem(_("no such file; this build keeps its manifest in {path}").format(
                path=os.fspath(moved)), file=name, code="not-found")) from None
        raise InputError(Problem(_("no such file"), file=name, code="not-found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(_("cannot read: {reason}").format(reason=exc), file=name, code="io")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(_("not JSON: {reason}").format(reason=exc.msg), file=name, line=exc.lineno,
                                 column=exc.colno)) from None
    except RecursionError:
        raise InputError(Problem(_("not a drill exam manifest: nested too deeply"), file=name,
                                 code="manifest")) from None
    problems = manifest_problems(data, name)
    if problems:
        raise InputError(problems)
    manifest: dict[str, Any] = data  # checked above: a mapping with variants
    for spec in manifest["variants"].values():
        spec.setdefault("pass_mark", manifest.get("pass_mark"))
    return manifest
