"""Full-fidelity JSON exporter for drill.

The file holds every deck's metadata and facts (the deck model, dumped) and
every card with all its fields, so another tool needs nothing else::

    {"format": "drill-export", "format_version": 1, "contract_version": "1.0",
     "decks": [{"deck": "...", "title": "...", "facts": [...]}, ...],
     "cards": [{"id": "deck/fact/template", "type": "cloze", ...}, ...]}

:func:`export_schema` is its JSON Schema (``--option schema=1`` writes it
beside the file as ``NAME.schema.json``); :func:`load_export` reads a file back
into a :class:`~drill.exporting.DeckBundle` with equal decks and cards.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drill.atomic import write_text
from drill.card import Card
from drill.deck import Deck
from drill.errors import InputError, Problem
from drill.exporting import CONTRACT_VERSION, DeckBundle, check_options

FORMAT = "drill-export"
FORMAT_VERSION = 1
OPTIONS = {
    "schema": "1: also write the JSON Schema beside the file (NAME.schema.json)",
    "indent": "spaces of indentation (default 2; 0 for one line)",
}


def dump_bundle(bundle: DeckBundle) -> dict[str, Any]:
    """The export document for ``bundle`` (JSON-ready)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "contract_version": CONTRACT_VERSION,
        "decks": [d.model_dump(mode="json") for d in bundle.decks],
        "cards": [c.model_dump(mode="json") for c in bundle.cards],
    }


def load_bundle(document: Mapping[str, Any], *, origin: str = "<json>") -> DeckBundle:
    """A :class:`DeckBundle` from an export document; :class:`InputError` if it is not one."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise InputError(Problem(f"not a drill JSON export (expected \"format\": {FORMAT!r})", file=origin))
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(Problem(f"format_version {version!r} is not supported (this drill reads "
                                 f"up to {FORMAT_VERSION})", file=origin, field="format_version"))
    problems = []
    decks, cards = [], []
    for key, model, out in (("decks", Deck, decks), ("cards", Card, cards)):
        for i, item in enumerate(document.get(key) or []):
            try:
                out.append(model.model_validate(item))
            except ValueError as exc:  # pydantic's ValidationError is one
                errors = exc.errors() if hasattr(exc, "errors") else [{"loc": (), "msg": str(exc)}]
                for err in errors:
                    where = ".".join(str(p) for p in (key, i, *err["loc"]))
                    problems.append(Problem(err["msg"], file=origin, field=where))
    if problems:
        raise InputError(problems)
    return DeckBundle(decks=tuple(decks), cards=tuple(cards))


def load_export(path: str | os.PathLike[str]) -> DeckBundle:
    """Read a file written by the json exporter back into a :class:`DeckBundle`."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(Problem(f"cannot read JSON: {exc}", file=os.fspath(path))) from exc
    return load_bundle(document, origin=os.fspath(path))


def export_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the export document."""
    deck = Deck.model_json_schema(mode="serialization")
    card = Card.model_json_schema(mode="serialization")
    # both use "#/$defs/..." refs, so their definitions can live side by side at the root
    defs = {**deck.pop("$defs", {}), **card.pop("$defs", {}), "Deck": deck, "Card": card}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://drill.invalid/schema/export-v1.json",
        "title": "drill JSON export",
        "type": "object",
        "required": ["format", "format_version", "decks", "cards"],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "contract_version": {"type": "string"},
            "decks": {"type": "array", "items": {"$ref": "#/$defs/Deck"}},
            "cards": {"type": "array", "items": {"$ref": "#/$defs/Card"}},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def _dump(value: Any, indent: int | None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=False) + "\n"


class JsonExporter:
    """Writes a deck bundle as one JSON document (decks, facts and cards)."""

    name = "json"
    description = "JSON with every deck, fact and card field (+ JSON Schema); drill_json.load_export reads it"
    suffix = ".json"
    accepts = frozenset({"deck"})
    contract_version = CONTRACT_VERSION

    def export(self, bundle: DeckBundle, path: Path, options: Mapping[str, str]) -> list[Path]:
        check_options(self.name, options, OPTIONS)
        raw_indent = options.get("indent", "2")
        if not raw_indent.isdigit():
            raise InputError(Problem(f"expected a number of spaces, got {raw_indent!r}", file="--option indent"))
        indent = int(raw_indent) or None
        with_schema = options.get("schema", "0").strip().lower() in {"1", "true", "yes", "on"}
        path = Path(path)
        write_text(path, _dump(dump_bundle(bundle), indent))
        written = [path]
        if with_schema:
            schema_path = path.with_name(path.stem + ".schema.json")
            write_text(schema_path, _dump(export_schema(), 2))
            written.append(schema_path)
        return written


exporter = JsonExporter()

__all__ = ["FORMAT", "FORMAT_VERSION", "JsonExporter", "dump_bundle", "export_schema", "exporter",
           "load_bundle", "load_export"]
