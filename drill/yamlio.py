"""Safe YAML reading with limits and source positions.

PyYAML's C parser builds the node graph; this module turns nodes into plain
Python values itself so that it can:

* keep every scalar a string (the models coerce where they want a number), so
  YAML 1.1 surprises such as ``no`` -> False or ``2023.7`` -> 2023.7 never happen;
* reject duplicate keys, recursive aliases and every tag but the plain core
  ones (``!!str``, ``!!seq``, ``!!map``, and ``!!int``/``!!float``/``!!bool``/``!!null``
  on a value that is one), so a deck is what it looks like;
* bound the work an alias bomb can cause: aliases to lists and mappings are
  counted, and the text that aliases to strings repeat is measured by size;
* bound nesting depth *before* the C composer runs (it recurses on the C stack),
  counting only real structure (brackets in quoted or block text do not count);
* refuse text no reader should get: control characters (all but tab and line
  break), escape sequences, bidi overrides and zero-width characters, each
  reported with ``line:column``;
* map any path in the result back to ``line:column`` for error messages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem
from .i18n import N_, _

try:  # the C parser is much faster; PyYAML wheels ship it
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_KIND_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_Base):  # type: ignore[misc]
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
#: characters that aliases to strings may repeat, in all (a 1 MB string reused twice is refused)
MAX_ALIAS_CHARS = 1_000_000
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


def _maybe_deep(text: str) -> bool:
    """A cheap over-estimate: False means the text cannot nest deeper than MAX_DEPTH."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for m in re.finditer(r"[\[\]{}]", text):
            depth += 1 if m.group() in "[{" else -1
            if depth > MAX_DEPTH:
                return True
            depth = max(depth, 0)
    return _DEEP_BLOCK.search(text) is not None


def _too_deep(text: str) -> Any:
    """The mark of a collection nested deeper than MAX_DEPTH, or None.

    Counted on the parser's events (the parser keeps its own stack, it does not
    recurse), so brackets in quoted text, dashes in a block scalar or deep
    indentation inside ``|`` text are not nesting. The events are walked only
    when the cheap scan says the text might be deep.
    """
    if not _maybe_deep(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its place
    return None


# Characters refused in any text: C0 controls but tab and line feed, DEL, C1 controls,
# bidi embeddings/overrides/isolates, and zero-width characters that hide in text and
# misalign tables. Named for the message.
_REFUSED_NAMES = {
    "\x00": "NUL", "\x1b": N_("ESC (escape sequence)"), "\x1f": N_("unit separator"), "\x7f": "DEL",
    "\r": N_("carriage return"), "\u200b": N_("zero-width space"), "\u200c": N_("zero-width non-joiner"),
    "\u200d": N_("zero-width joiner"), "\u2060": N_("word joiner"), "\ufeff": N_("zero-width no-break space (BOM)"),
    "\u00ad": N_("soft hyphen"), "\u061c": N_("Arabic letter mark"), "\u200e": N_("left-to-right mark"),
    "\u200f": N_("right-to-left mark"),
}
_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def refused_character(text: str) -> tuple[int, str] | None:
    """Index and description of the first character drill refuses in deck text, or None.

    >>> refused_character("24小时")
    >>> refused_character("开户\x1b[2J")
    (2, 'U+001B ESC (escape sequence)')
    """
    m = _REFUSED.search(text)
    if m is None:
        return None
    ch = m.group()
    name = _REFUSED_NAMES.get(ch) or (N_("bidi control") if "\u202a" <= ch <= "\u2069" else N_("control character"))
    return m.start(), f"U+{ord(ch):04X} {_(name)}"


_CORE_SCALARS: dict[str, tuple[re.Pattern[str], Callable[[str], Any]]] = {
    # YAML 1.2 core schema: what each tag may tag, and the value it gives
    "null": (re.compile(r"(?:~|null|Null|NULL|)\Z"), lambda v: None),
    "bool": (re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z"), lambda v: v.lower() == "true"),
    "int": (re.compile(r"[-+]?[0-9]+\Z|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z"), lambda v: int(v, 0) if v[:2] in ("0o", "0x")
            else int(v)),
    "float": (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"), float),
}


def _path_text(path: list[str | int]) -> str | None:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + str(step)
    return out or None


def _paths_to(root: yaml.Node, targets: set[int]) -> dict[int, list[str | int]]:
    """The first path (keys and indexes) to each node in ``targets``, found without recursion."""
    found: dict[int, list[str | int]] = {}
    stack: list[tuple[yaml.Node, list[str | int]]] = [(root, [])]
    seen: set[int] = set()
    while stack and len(found) < len(targets):
        node, path = stack.pop()
        if id(node) in targets and id(node) not in found:
            found[id(node)] = path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, [*path, i]) for i, child in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                if isinstance(k, yaml.ScalarNode):
                    stack.append((v, [*path, k.value]))
                    if id(k) in targets and id(k) not in found:
                        found[id(k)] = [*path, k.value]
    return found


class _Builder:
    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self.aliases = 0
        self.alias_chars = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.checked: set[int] = set()
        # a refused character can only come from the raw text or from an escape in a "double-quoted" scalar
        self.scan_all = _REFUSED.search(text) is not None
        self.pending: list[tuple[Problem, yaml.Node]] = []  # problems whose field path is found at the end

    def _tag_problem(self, node: yaml.Node) -> str | None:
        tag = node.tag or ""
        name = tag[len(_STD_TAG):] if tag.startswith(_STD_TAG) else None
        if isinstance(node, yaml.ScalarNode) and name in _CORE_SCALARS:
            if _CORE_SCALARS[name][0].match(node.value):
                return None
            return _("{value!r} is not a valid {tag}").format(value=node.value, tag=f"!!{name}")
        shown = f"!!{name}" if name else tag
        return _("unsupported tag {tag!r} (only plain YAML core tags: !!str, !!int, !!float, !!bool, !!null)").format(
            tag=shown)

    def _check_text(self, node: yaml.ScalarNode) -> None:
        if not (self.scan_all or node.style == '"') or id(node) in self.checked:
            return
        self.checked.add(id(node))
        found = refused_character(node.value)
        if found is None:
            return
        index, what = found
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        # point at the character itself when it stands raw in the file (not written as an escape)
        raw = self.text[mark.index:node.end_mark.index]
        at = raw.find(node.value[index])
        if at >= 0:
            absolute = mark.index + at
            line = self.text.count("\n", 0, absolute) + 1
            column = absolute - (self.text.rfind("\n", 0, absolute) + 1) + 1
        self.pending.append((Problem(
            _("{character} in text: not allowed in a deck (delete it; it could hide text, break exports "
              "or control a terminal)").format(character=what), file=self.file, line=line, column=column, code="control-character"), node))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _Abort(_problem(self.file, _("nesting deeper than {n} levels").format(n=MAX_DEPTH), node.start_mark))
        key = id(node)
        if key in self.active:
            raise _Abort(_problem(self.file, _("recursive alias"), node.start_mark))
        if key in self.seen:
            if isinstance(node, yaml.ScalarNode):
                # an alias to a string costs its size every time it is repeated
                self.alias_chars += len(node.value)
                if self.alias_chars > MAX_ALIAS_CHARS:
                    raise _Abort(_problem(
                        self.file, _("aliases repeat more than {n} characters of text (alias bomb?)").format(
                            n=f"{MAX_ALIAS_CHARS:,}"),
                        node.start_mark))
            else:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise _Abort(
                        _problem(self.file, _("more than {n} alias expansions (alias bomb?)").format(n=MAX_ALIASES),
                                 node.start_mark)
                    )
        else:
            self.seen.add(key)
            if node.tag != _KIND_TAGS[type(node)]:
                bad_tag = self._tag_problem(node)
                if bad_tag:
                    self.pending.append((_problem(self.file, bad_tag, node.start_mark, code="tag"), node))
        if isinstance(node, yaml.ScalarNode):
            self._check_text(node)
            tag = node.tag or ""
            name = tag[len(_STD_TAG):] if tag.startswith(_STD_TAG) else None
            if name in _CORE_SCALARS and _CORE_SCALARS[name][0].match(node.value):
                return _CORE_SCALARS[name][1](node.value)  # an explicit !!int is an int: the schema decides
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
                    self.problems.append(_problem(self.file, _("mapping keys must be plain strings"), k.start_mark))
                    continue
                self._check_text(k)
                if k.tag != _KIND_TAGS[yaml.ScalarNode]:
                    self.problems.append(_problem(self.file, _("mapping keys must be plain strings"), k.start_mark,
                                                  code="tag"))
                    continue
                if k.value == "<<":
                    self.problems.append(_problem(self.file, _("merge keys (<<) are not supported"), k.start_mark))
                    continue
                if k.value in result:
                    self.problems.append(
                        _problem(self.file, _("duplicate key {key!r}").format(key=k.value), k.start_mark, code="duplicate-key")
                    )
                    continue
                result[k.value] = self.build(v, depth + 1)
            return result
        finally:
            self.active.discard(key)


#: PyYAML's fixed messages (its problems and the contexts they happen in), translated where shown
_YAML_TEXTS = {
    "could not find expected ':'": N_("could not find expected ':'"),
    "mapping values are not allowed here": N_("mapping values are not allowed here"),
    "sequence entries are not allowed here": N_("sequence entries are not allowed here"),
    "mapping keys are not allowed here": N_("mapping keys are not allowed here"),
    "found unexpected end of stream": N_("found unexpected end of stream"),
    "found unexpected document separator": N_("found unexpected document separator"),
    "invalid indentation or unclosed '[' or '{'": N_("invalid indentation or unclosed '[' or '{'"),
    "expected a single document in the stream": N_("expected a single document in the stream"),
    "but found another document": N_("but found another document"),
    "while scanning a simple key": N_("while scanning a simple key"),
    "while scanning a quoted scalar": N_("while scanning a quoted scalar"),
    "while scanning a double-quoted scalar": N_("while scanning a double-quoted scalar"),
    "while scanning a block scalar": N_("while scanning a block scalar"),
    "while scanning for the next token": N_("while scanning for the next token"),
    "while scanning an alias": N_("while scanning an alias"),
    "while scanning an anchor": N_("while scanning an anchor"),
    "while parsing a block mapping": N_("while parsing a block mapping"),
    "while parsing a block collection": N_("while parsing a block collection"),
    "while parsing a flow mapping": N_("while parsing a flow mapping"),
    "while parsing a flow sequence": N_("while parsing a flow sequence"),
    "while parsing a node": N_("while parsing a node"),
    "while parsing a block node": N_("while parsing a block node"),
    "while parsing a flow node": N_("while parsing a flow node"),
    # libyaml's wording, when PyYAML reads with it
    "mapping values are not allowed in this context": N_("mapping values are not allowed in this context"),
    "block sequence entries are not allowed in this context":
        N_("block sequence entries are not allowed in this context"),
    "while scanning a plain scalar": N_("while scanning a plain scalar"),
    "found a tab character that violates indentation": N_("found a tab character that violates indentation"),
    "found a tab character where an indentation space is expected":
        N_("found a tab character where an indentation space is expected"),
    "did not find expected ',' or ']'": N_("did not find expected ',' or ']'"),
    "did not find expected ',' or '}'": N_("did not find expected ',' or '}'"),
    "did not find expected key": N_("did not find expected key"),
    "did not find expected '-' indicator": N_("did not find expected '-' indicator"),
    "did not find expected node content": N_("did not find expected node content"),
    "did not find expected <document start>": N_("did not find expected <document start>"),
    "did not find expected alphabetic or numeric character":
        N_("did not find expected alphabetic or numeric character"),
    "found character that cannot start any token": N_("found character that cannot start any token"),
    "found unknown escape character": N_("found unknown escape character"),
    "found undefined alias": N_("found undefined alias"),
    "found undefined tag handle": N_("found undefined tag handle"),
    "while scanning a tag": N_("while scanning a tag"),
    "while parsing a tag": N_("while parsing a tag"),
}
_YAML_PATTERNS = (
    (re.compile(r"found character (.+) that cannot start any token\Z", re.S),
     N_("found character {0} that cannot start any token")),
    (re.compile(r"expected (<[^>]+>|'[^']*'(?: or '[^']*')?), but (?:found|got) (.+)\Z", re.S),
     N_("expected {0}, but found {1}")),
    (re.compile(r"found undefined alias (.+)\Z", re.S), N_("found undefined alias {0}")),
    (re.compile(r"found unknown escape character (.+)\Z", re.S), N_("found unknown escape character {0}")),
)


def _yaml_text(text: str | None) -> str | None:
    """One of PyYAML's messages in the interface language (as PyYAML wrote it when it is not known)."""
    if not text:
        return None
    known = _YAML_TEXTS.get(text)
    if known is not None:
        return _(known)
    for pattern, message in _YAML_PATTERNS:
        m = pattern.match(text)
        if m:
            return _(message).format(*m.groups())
    return text


def _yaml_message(context: str | None, problem: str | None) -> str:
    """PyYAML's context ("while scanning …") and problem as one message."""
    context, problem = _yaml_text(context), _yaml_text(problem)
    if context and problem:
        # Translators: a YAML syntax error: where the reader was ("while scanning a simple key") and what it found
        return _("{context} {problem}").format(context=context, problem=problem)
    return context or problem or _("invalid YAML")


class _Abort(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(raw: bytes, file: str, *, max_bytes: int | None = None) -> YamlDocument:
    """Parse ``raw`` as one YAML document; problems are collected, not raised."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    doc = YamlDocument(data=None, root=None, file=file)
    if len(raw) > max_bytes:
        doc.problems.append(_problem(file, _("file is {size} bytes; the limit is {limit}").format(
            size=f"{len(raw):,}", limit=f"{max_bytes:,}"), code="too-large"))
        return doc
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) >= 4 and raw[1:4:2] == b"\x00\x00") \
            or (len(raw) >= 4 and raw[0:3:2] == b"\x00\x00"):
        doc.problems.append(Problem(_("the file is UTF-16, not UTF-8: save it as UTF-8 (in most editors: "
                                      "Save As → Encoding → UTF-8)"), file=file, line=1, column=1, code="encoding"))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(_("not UTF-8 (byte {byte} at offset {offset})").format(byte=f"0x{raw[exc.start]:02x}",
                                                                           offset=exc.start), file=file,
                    line=line, column=column, code="encoding")
        )
        return doc
    if not text.strip():
        doc.problems.append(Problem(_("file is empty"), file=file, line=1, column=1, code="empty"))
        return doc
    deep = _too_deep(text)
    if deep is not None:
        doc.problems.append(_problem(file, _("nesting deeper than {n} levels").format(n=MAX_DEPTH), deep,
                                     code="too-deep"))
        return doc
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc.context, exc.problem)
        doc.problems.append(_problem(file, message, mark))
        return doc
    except yaml.YAMLError as exc:  # e.g. more than one document
        doc.problems.append(_problem(file, str(exc).splitlines()[0]))
        return doc
    if root is None:
        doc.problems.append(Problem(_("file is empty"), file=file, line=1, column=1, code="empty"))
        return doc
    builder = _Builder(file, text)
    try:
        doc.data = builder.build(root)
    except _Abort as abort:
        doc.problems.append(abort.problem)
        return doc
    except RecursionError:
        doc.problems.append(_problem(file, _("nesting too deep"), root.start_mark))
        return doc
    doc.root = root
    doc.problems.extend(builder.problems)
    if builder.pending:
        paths = _paths_to(root, {id(node) for _, node in builder.pending})
        doc.problems.extend(dataclasses.replace(p, field=_path_text(paths.get(id(node), []))) for p, node in
                            builder.pending)
    return doc
