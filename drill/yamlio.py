"""Safe YAML reading with limits and source positions.

PyYAML's C parser builds the node graph; this module turns nodes into plain
Python values itself so that it can:

* keep every scalar a string (the models coerce where they want a number), so
  YAML 1.1 surprises such as ``no`` -> False or ``2023.7`` -> 2023.7 never happen;
* reject duplicate keys, custom tags and recursive aliases;
* bound the work an alias bomb can cause (aliases are counted, not expanded blindly);
* bound nesting depth *before* the C composer runs (it recurses on the C stack);
* map any path in the result back to ``line:column`` for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

try:  # the C parser is much faster; PyYAML wheels ship it
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_KIND_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Composes without implicit typing: every untagged scalar is a string.

    Resolving implicit tags (the regex work that turns ``no`` into a bool)
    is most of PyYAML's composing time, and its result would be thrown away.
    Explicit tags do not pass through here and are still seen (and refused).
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _KIND_TAGS[kind]

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 100
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STD_TAG = "tag:yaml.org,2002:"
_DEEP_BLOCK = re.compile(r"^[ \t\-?:]{%d,}" % (MAX_DEPTH * 2), re.M)


@dataclass
class YamlDocument:
    """Plain data plus the node graph it came from, for locating problems."""

    data: Any
    root: yaml.Node | None
    file: str
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: Sequence[str | int], *, key: bool = True) -> tuple[int, int] | None:
        """1-based (line, column) of the node at ``path``.

        Path elements that do not name a child (such as a union tag inserted by
        a validator) are skipped; a path that ends at a missing key points at
        the enclosing mapping. With ``key`` the position of the last mapping
        key is given rather than its value.
        """
        node = self.root
        if node is None:
            return None
        mark = node.start_mark
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == step:
                        mark = k.start_mark if (last and key) else v.start_mark
                        node = v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    node = node.value[step]
                    mark = node.start_mark
        return mark.line + 1, mark.column + 1


def _problem(file: str, message: str, mark: Any = None, code: str = "yaml") -> Problem:
    if mark is None:
        return Problem(message, file=file, code=code)
    return Problem(message, file=file, line=mark.line + 1, column=mark.column + 1, code=code)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _too_deep(text: str) -> int | None:
    """Index of a place nested deeper than MAX_DEPTH, found without recursion."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for m in re.finditer(r"[\[\]{}]", text):
            depth += 1 if m.group() in "[{" else -1
            if depth > MAX_DEPTH:
                return m.start()
            depth = max(depth, 0)
    m = _DEEP_BLOCK.search(text)
    return m.start() if m else None


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.aliases = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _Abort(_problem(self.file, f"nesting deeper than {MAX_DEPTH} levels", node.start_mark))
        key = id(node)
        if key in self.active:
            raise _Abort(_problem(self.file, "recursive alias", node.start_mark))
        if key in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Abort(
                    _problem(self.file, f"more than {MAX_ALIASES} alias expansions (alias bomb?)", node.start_mark)
                )
        self.seen.add(key)
        tag = node.tag or ""
        if tag.startswith("!") or not (tag.startswith(_STD_TAG) or tag == "?"):
            self.problems.append(_problem(self.file, f"unsupported tag {tag!r}", node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.value in _NULLS:
                return None
            return node.value
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, depth + 1) for child in node.value]
            result: dict[str, Any] = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    self.problems.append(_problem(self.file, "mapping keys must be plain strings", k.start_mark))
                    continue
                if k.value == "<<":
                    self.problems.append(_problem(self.file, "merge keys (<<) are not supported", k.start_mark))
                    continue
                if k.value in result:
                    self.problems.append(
                        _problem(self.file, f"duplicate key {k.value!r}", k.start_mark, code="duplicate-key")
                    )
                    continue
                result[k.value] = self.build(v, depth + 1)
            return result
        finally:
            self.active.discard(key)


class _Abort(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(raw: bytes, file: str, *, max_bytes: int | None = None) -> YamlDocument:
    """Parse ``raw`` as one YAML document; problems are collected, not raised."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    doc = YamlDocument(data=None, root=None, file=file)
    if len(raw) > max_bytes:
        doc.problems.append(_problem(file, f"file is {len(raw):,} bytes; the limit is {max_bytes:,}", code="too-large"))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", file=file,
                    line=line, column=column, code="encoding")
        )
        return doc
    if not text.strip():
        doc.problems.append(Problem("file is empty", file=file, line=1, column=1, code="empty"))
        return doc
    deep = _too_deep(text)
    if deep is not None:
        doc.problems.append(
            Problem(f"nesting deeper than {MAX_DEPTH} levels", file=file, line=_line_of(text, deep), code="too-deep")
        )
        return doc
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        doc.problems.append(_problem(file, message, mark))
        return doc
    except yaml.YAMLError as exc:  # e.g. more than one document
        doc.problems.append(_problem(file, str(exc).splitlines()[0]))
        return doc
    if root is None:
        doc.problems.append(Problem("file is empty", file=file, line=1, column=1, code="empty"))
        return doc
    builder = _Builder(file)
    try:
        doc.data = builder.build(root)
    except _Abort as abort:
        doc.problems.append(abort.problem)
        return doc
    except RecursionError:
        doc.problems.append(_problem(file, "nesting too deep", root.start_mark))
        return doc
    doc.root = root
    doc.problems.extend(builder.problems)
    return doc
