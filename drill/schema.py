"""JSON Schemas of the input formats, for editors (``yaml-language-server``) and validators."""

from __future__ import annotations

from typing import Any

from .deck import Deck

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def deck_schema() -> dict[str, Any]:
    """JSON Schema of a deck file."""
    schema = Deck.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "drill deck"
    return schema
