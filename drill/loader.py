"""Loading deck files: YAML (safely) → validated :class:`~drill.deck.Deck`, every problem located."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .deck import Deck
from .errors import DeckError, InputError, Problem
from .i18n import N_, _, speaking
from .yamlio import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

#: pydantic error type → the message shown (formatted with the error's ``ctx``); other types keep pydantic's English
_FRIENDLY = {
    "missing": N_("required field is missing"),
    "extra_forbidden": N_("unknown key (not part of the format)"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping (key: value)"),
    "model_type": N_("must be a mapping (key: value)"),
    "model_attributes_type": N_("must be a mapping (key: value)"),
    "literal_error": N_("must be {expected}"),
    "enum": N_("must be {expected}"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "none_required": N_("must be empty (null)"),
    "string_too_short": N_("must have at least {min_length} character(s)"),
    "string_too_long": N_("must have at most {max_length} character(s)"),
    "too_short": N_("must have at least {min_length} item(s), not {actual_length}"),
    "too_long": N_("must have at most {max_length} item(s), not {actual_length}"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "date_type": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "set_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
}


def _friendly(err: Any) -> str:
    """The message for one pydantic error, in the interface language (pydantic's English for rare types)."""
    template = _FRIENDLY.get(err["type"])
    if template is None:
        return str(err["msg"])
    ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
    if "expected" in ctx:  # pydantic's "'a', 'b' or 'c'"
        ctx["expected"] = _or_list(str(ctx["expected"]))
    try:
        return _(template).format(**ctx)
    except (KeyError, IndexError, ValueError):  # a translation that names what pydantic did not give
        return str(err["msg"])


def _or_list(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with the interface language's "or"."""
    head, sep, last = expected.rpartition(" or ")
    if not sep:
        return expected
    # Translators: a choice of values, e.g. 'a', 'b' or 'c'
    return _("{values} or {last}").format(values=head, last=last)


def _field_path(loc: tuple[Any, ...], skip: int) -> str:
    out = ""
    for step in loc[skip:]:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def validation_problems(doc: YamlDocument, exc: ValidationError, items_key: str = "facts") -> list[Problem]:
    """Turn pydantic errors into located problems (fact id and field path)."""
    problems = []
    data = doc.data if isinstance(doc.data, dict) else {}
    listed = data.get(items_key)
    items: list[Any] = listed if isinstance(listed, list) else []
    for err in exc.errors():
        loc = tuple(err["loc"])
        item_id = None
        skip = 0
        if len(loc) >= 2 and loc[0] == items_key and isinstance(loc[1], int):
            item = items[loc[1]] if loc[1] < len(items) else None
            if isinstance(item, dict):
                item_id = item.get("id") if isinstance(item.get("id"), str) else None
                # the discriminated union inserts the kind as a path element
                skip = 3 if len(loc) > 2 and loc[2] == item.get("kind") else 2
            else:
                skip = 2
            if item_id is None:
                item_id = f"#{loc[1] + 1}"
        # the union's tag element (the kind) is not a key: "term" would be found as the term field
        where = doc.locate(loc[:2] + loc[3:] if skip == 3 else loc)
        message = _friendly(err)
        if err["type"] == "union_tag_invalid":
            message = _("unknown kind {kind!r}; expected one of {expected}").format(
                kind=err["input"].get("kind"), expected=err["ctx"]["expected_tags"])
        elif err["type"] == "union_tag_not_found":
            message = _("missing `kind`")
        elif err["type"] == "string_pattern_mismatch":
            message = _("{value!r} is not a valid id (lowercase letters, digits and '-', e.g. store-types)").format(
                value=err["input"])
        elif err["type"] == "value_error":
            message = str(err["ctx"].get("error", err["msg"]))
        problems.append(
            Problem(
                message,
                file=doc.file,
                line=where[0] if where else None,
                column=where[1] if where else None,
                fact=item_id,
                field=_field_path(loc, skip) or None,
                code=err["type"],
            )
        )
    return problems


def read_file(path: str | os.PathLike[str], error: type[InputError] = DeckError) -> YamlDocument:
    """Read and parse a YAML input file, raising ``error`` with every YAML-level problem."""
    name = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(Problem(_("no such file"), file=name, code="not-found")) from None
    except IsADirectoryError:
        raise error(Problem(_("is a directory, not a file"), file=name, code="not-found")) from None
    except OSError as exc:
        raise error(Problem(_("cannot read: {reason}").format(reason=exc.strerror), file=name, code="io")) from None
    doc = read_yaml(raw, name)
    if not doc.problems and not isinstance(doc.data, dict):
        doc.problems.append(Problem(_("the top level must be a mapping (key: value)"), file=name, line=1, column=1))
    return doc


def validate(doc: YamlDocument, model: type[M], error: type[InputError], items_key: str) -> M:
    """Validate a parsed document against ``model``; raise ``error`` with every problem."""
    problems = [_with_item_id(doc, p, items_key) for p in doc.problems]
    problems.extend(_duplicate_ids(doc, items_key))
    result = None
    if isinstance(doc.data, dict):
        try:
            result = model.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(validation_problems(doc, exc, items_key))
    if problems or result is None:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise error(problems)
    return result


_ITEM_FIELD = re.compile(r"(\w+)\[(\d+)\]\.?(.*)\Z", re.S)


def _with_item_id(doc: YamlDocument, problem: Problem, items_key: str) -> Problem:
    """A YAML-level problem at ``facts[3].prompt`` named by the fact's id and field ``prompt``."""
    m = _ITEM_FIELD.match(problem.field or "")
    if m is None or m.group(1) != items_key or not isinstance(doc.data, dict):
        return problem
    items = doc.data.get(items_key)
    index = int(m.group(2))
    item = items[index] if isinstance(items, list) and index < len(items) else None
    fid = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{index + 1}"
    return dataclasses.replace(problem, fact=fid, field=m.group(3) or None)


def _duplicate_ids(doc: YamlDocument, items_key: str) -> list[Problem]:
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get(items_key), list):
        return []
    seen: dict[str, int] = {}
    problems = []
    for i, item in enumerate(doc.data[items_key]):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        fid = item["id"]
        if fid in seen:
            where = doc.locate((items_key, i, "id"), key=False)
            problems.append(
                Problem(
                    _("duplicate id {id!r} (first used by item #{n})").format(id=fid, n=seen[fid] + 1),
                    file=doc.file, line=where[0] if where else None, column=where[1] if where else None,
                    fact=fid, field="id", code="duplicate-id",
                )
            )
        else:
            seen[fid] = i
    return problems


def load_deck(path: str | os.PathLike[str], *, language: str | None = None) -> Deck:
    """Load and validate one deck: a deck file, or the id of a shipped deck.

    Raises :class:`~drill.errors.DeckError` listing every problem in the file,
    each with ``file:line:column``, the fact id and the field, in ``language``
    (``"zh-CN"`` or ``"en"``; default: the current language, English unless the
    program chose another).

    >>> load_deck("sample-counter-basics").deck
    'sample-counter-basics'
    """
    from .bank import is_bank_path, load_bank
    from .catalog import deck_file

    with speaking(language):
        if is_bank_path(path):  # a trainer's question bank (.xlsx, .txt, .docx …) given where a deck is
            return load_bank(path)  # type: ignore[no-any-return]
        return validate(read_file(deck_file(path)), Deck, DeckError, "facts")
