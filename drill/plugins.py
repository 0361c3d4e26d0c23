"""Finding plugins: exporters (entry point group ``drill.exporters``) and readers (``drill.readers``).

Discovery never raises because of a plugin: a plugin that fails to import, or
whose object does not honour its contract (:mod:`drill.exporting`,
:mod:`drill.reading`), is recorded as a :class:`PluginInfo` with
``status == "error"`` and the reason, so one broken plugin cannot take the
other commands down.

``DRILL_DISABLE_PLUGIN_AUTOLOAD=1`` stops third-party plugins from loading
(hermetic tests, debugging a broken install); the first-party plugins,
shipped as the distributions in :data:`FIRST_PARTY_DISTRIBUTIONS`, still load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from .errors import NotFoundError
from .i18n import _
from .text import terminal_safe
from .exporting import CONTRACT_VERSION, ENTRY_POINT_GROUP, Exporter
from . import reading
from .reading import Reader

#: Environment switch: any non-empty value other than "0" turns third-party autoload off.
DISABLE_AUTOLOAD_ENV = "DRILL_DISABLE_PLUGIN_AUTOLOAD"

def _first_party() -> frozenset[str]:
    """drill-cards and the workspace plugins it requires (every ``drill-*`` requirement)."""
    try:
        requires = metadata.requires("drill-cards") or []
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        requires = []
    # a requirement starts with its distribution's name ("drill-csv>=0.1; extra == …")
    names = {m.group(0).lower().replace("_", "-") for r in requires if (m := re.match(r"[A-Za-z0-9._-]+", r))}
    return frozenset({"drill-cards"} | {n for n in names if n.startswith("drill-")})


#: The distributions built from drill's own workspace (``exporters/*``, ``readers/*``): the ones
#: drill-cards depends on. They load even with autoload off.
FIRST_PARTY_DISTRIBUTIONS = _first_party()

PluginKind = Literal["exporter", "reader"]
#: entry point group of each kind of plugin
GROUPS: dict[str, str] = {"exporter": ENTRY_POINT_GROUP, "reader": reading.ENTRY_POINT_GROUP}
#: the contract attributes read once at discovery, per kind
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "exporter": ("name", "description", "suffix", "accepts", "export", "contract_version"),
    "reader": ("name", "description", "suffixes", "reads", "read_bank", "read_handbook", "contract_version"),
}

ACCEPTABLE = frozenset({"deck", "exam"})
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


@dataclass(frozen=True)
class PluginInfo:
    """One entry point of the group, loaded or not."""

    entry_point: str  # the entry point's name
    value: str  # "module:attribute"
    distribution: str | None
    version: str | None
    first_party: bool
    exporter: Any = field(default=None, compare=False, repr=False)
    error: str | None = None
    skipped: bool = False  # third-party with autoload off: not loaded, not an error
    # the exporter's attributes, read once at discovery: a property that raises later cannot break listing
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind: PluginKind = "exporter"

    @property
    def reader(self) -> Any:
        """The loaded reader (for ``kind == "reader"``; the same object as :attr:`exporter`)."""
        return self.exporter

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "skipped" if self.skipped else "ok"

    @property
    def name(self) -> str:
        """The format name (``--format NAME``): the exporter's own name once loaded."""
        return str(self.attributes.get("name") or self.entry_point)

    @property
    def accepts(self) -> frozenset[str]:
        return frozenset(self.attributes.get("accepts", ()))

    @property
    def reads(self) -> frozenset[str]:
        return frozenset(self.attributes.get("reads", ()))

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(self.attributes.get("suffixes", ()))

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "reader":
            return {
                "kind": "reader",
                "name": self.name,
                "description": self.attributes.get("description"),
                "suffixes": list(self.suffixes),
                "reads": sorted(self.reads),
                "entry_point": f"{self.entry_point} = {self.value}",
                "distribution": self.distribution,
                "version": self.version,
                "first_party": self.first_party,
                "status": self.status,
                "error": self.error,
            }
        return {
            "kind": "exporter",
            "name": self.name,
            "description": self.attributes.get("description"),
            "suffix": self.attributes.get("suffix"),
            "accepts": sorted(self.accepts),
            "entry_point": f"{self.entry_point} = {self.value}",
            "distribution": self.distribution,
            "version": self.version,
            "first_party": self.first_party,
            "status": self.status,
            "error": self.error,
        }


def autoload_disabled() -> bool:
    """Whether ``DRILL_DISABLE_PLUGIN_AUTOLOAD`` turns third-party plugins off."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip() not in {"", "0"}


#: What a plugin's own code may raise that must not stop drill (a plugin calling sys.exit,
#: or raising KeyboardInterrupt itself, is a broken plugin, not a request to stop).
PLUGIN_FAILURES: tuple[type[BaseException], ...] = (Exception, SystemExit, KeyboardInterrupt)


def _read(obj: object, attr: str, problems: list[str]) -> Any:
    try:
        return getattr(obj, attr, None)
    except PLUGIN_FAILURES as exc:
        problems.append(_("reading `{attr}` raised {error}").format(
            attr=attr, error=f"{type(exc).__name__}: {terminal_safe(exc)}"))
        return None


def read_attributes(obj: object, kind: PluginKind = "exporter") -> tuple[dict[str, Any], list[str]]:
    """The contract attributes of ``obj``, read once, and why it is not a valid plugin (empty when it is)."""
    problems: list[str] = []
    values = {attr: _read(obj, attr, problems) for attr in _ATTRIBUTES[kind]}
    if problems:
        return values, problems
    if kind == "reader":
        problems = reader_problems(_Snapshot(values))
        if not problems:
            values["reads"] = frozenset(values["reads"])
            values["suffixes"] = tuple(values["suffixes"])
        return values, problems
    problems = contract_problems(_Snapshot(values))
    if not problems:
        values["accepts"] = frozenset(values["accepts"])
    return values, problems


class _Snapshot:
    def __init__(self, values: dict[str, Any]):
        self.__dict__.update({k: v for k, v in values.items() if v is not None})


def _named_problems(obj: object, attrs: tuple[str, ...]) -> list[str]:
    """The checks every plugin shares: ``attrs`` are non-empty strings and ``name`` is a valid plugin name."""
    problems: list[str] = []
    for attr in attrs:
        value = _read(obj, attr, problems)
        if not isinstance(value, str) or not value:
            problems.append(_("`{attr}` must be a non-empty string (got {type})").format(
                attr=attr, type=type(value).__name__))
    name = _read(obj, "name", [])
    if isinstance(name, str) and name and not _NAME.match(name):
        problems.append(_("`name` {name} must be lowercase letters, digits, '-' or '_'").format(
            name=terminal_safe(repr(name))))
    return problems


def _kind_set(obj: object, attr: str, allowed: frozenset[str] | set[str], problems: list[str],
              must: str, unknown_kinds: str) -> set[str] | None:
    """Check that ``attr`` is a non-empty set of the ``allowed`` kinds; the set, or None when it is not one."""
    raw = _read(obj, attr, problems)
    if isinstance(raw, str) or not isinstance(raw, Iterable):
        problems.append(must)
        return None
    values = set(raw)
    if not values:
        problems.append(_("`{attr}` is empty").format(attr=attr))
    unknown = sorted(map(str, values - set(allowed)))
    if unknown:
        problems.append(unknown_kinds.format(kinds=unknown))
    return values


def contract_problems(obj: object) -> list[str]:
    """Why ``obj`` is not a valid exporter (an empty list when it is)."""
    problems = _named_problems(obj, ("name", "description", "suffix"))
    suffix = _read(obj, "suffix", [])
    if isinstance(suffix, str) and suffix and not suffix.startswith("."):
        problems.append(_("`suffix` {suffix} must start with a dot").format(suffix=terminal_safe(repr(suffix))))
    _kind_set(obj, "accepts", ACCEPTABLE, problems,
              _("`accepts` must be a set of 'deck' and/or 'exam'"),
              _("`accepts` has unknown kinds {kinds} (allowed: deck, exam)"))
    if not callable(_read(obj, "export", [])):
        problems.append(_("`export` must be a method export(bundle, path, options)"))
    wanted = _read(obj, "contract_version", [])
    if wanted is not None and str(wanted).split(".")[0] != CONTRACT_VERSION.split(".")[0]:
        problems.append(_("written for contract {wanted}, drill has {have}").format(wanted=wanted,
                                                                                     have=CONTRACT_VERSION))
    return problems


def reader_problems(obj: object) -> list[str]:
    """Why ``obj`` is not a valid reader (:mod:`drill.reading`; an empty list when it is)."""
    problems = _named_problems(obj, ("name", "description"))
    suffixes = _read(obj, "suffixes", problems)
    if isinstance(suffixes, str) or not isinstance(suffixes, Iterable) or not list(suffixes):
        problems.append(_("`suffixes` must be a non-empty tuple of suffixes like '.xlsx'"))
    else:
        for suffix in suffixes:
            if not (isinstance(suffix, str) and suffix.startswith(".") and suffix == suffix.lower()
                    and len(suffix) > 1):
                problems.append(_("`suffixes` entry {suffix} must be a lowercase suffix starting with a dot").format(
                    suffix=terminal_safe(repr(suffix))))
    values = _kind_set(obj, "reads", reading.READABLE, problems,
                       _("`reads` must be a set of 'bank' and/or 'handbook'"),
                       _("`reads` has unknown kinds {kinds} (allowed: bank, handbook)"))
    if values is not None:
        for what, method in (("bank", "read_bank"), ("handbook", "read_handbook")):
            if what in values and not callable(_read(obj, method, [])):
                problems.append(_("`{method}` must be a method {method}(path) for a reader of {what}").format(
                    method=method, what=what))
    wanted = _read(obj, "contract_version", [])
    if wanted is not None and str(wanted).split(".")[0] != reading.CONTRACT_VERSION.split(".")[0]:
        problems.append(_("written for contract {wanted}, drill has {have}").format(
            wanted=wanted, have=reading.CONTRACT_VERSION))
    return problems


def _instantiate(obj: object, kind: PluginKind = "exporter") -> object:
    """An entry point may name an instance, a class, or a zero-argument factory."""
    if isinstance(obj, type):
        return obj()
    method = "export" if kind == "exporter" else "reads"
    if not hasattr(obj, method) and callable(obj):
        return obj()
    return obj


def _entry_points(group: str = ENTRY_POINT_GROUP) -> list[metadata.EntryPoint]:
    eps = metadata.entry_points(group=group)
    seen: set[tuple[str | None, str]] = set()
    out = []
    # a distribution present twice on sys.path (editable + site) must not appear twice
    for ep in sorted(eps, key=lambda e: (e.dist.name if e.dist else "", e.name)):
        key = (ep.dist.name if ep.dist else None, ep.name)
        if key not in seen:
            seen.add(key)
            out.append(ep)
    return out


def _canonical(name: str | None) -> str | None:
    return re.sub(r"[-_.]+", "-", name).lower() if name else None


def load_entry_point(ep: metadata.EntryPoint, kind: PluginKind = "exporter") -> PluginInfo:
    """Load one entry point into a :class:`PluginInfo`; errors are recorded, not raised."""
    dist = _canonical(ep.dist.name) if ep.dist else None
    info: dict[str, Any] = dict(
        entry_point=ep.name,
        value=ep.value,
        distribution=dist,
        version=ep.dist.version if ep.dist else None,
        first_party=dist in FIRST_PARTY_DISTRIBUTIONS,
        kind=kind,
    )
    try:
        plugin = _instantiate(ep.load(), kind)
        attributes, problems = read_attributes(plugin, kind)
    except PLUGIN_FAILURES as exc:  # a plugin's import may fail in any way, even sys.exit or KeyboardInterrupt
        return PluginInfo(**info, error=_("failed to load: {error}").format(
            error=f"{type(exc).__name__}: {terminal_safe(exc)}"))
    if problems:
        message = _("not a valid exporter: {problems}") if kind == "exporter" else _(
            "not a valid reader: {problems}")
        # Translators: the separator between the problems of one plugin
        return PluginInfo(**info, error=message.format(problems=_("; ").join(problems)))
    return PluginInfo(**info, exporter=plugin, attributes=attributes)


def discover_plugins(*, autoload: bool | None = None, kind: PluginKind = "exporter") -> list[PluginInfo]:
    """Every entry point of one kind of plugin, first-party first, each loaded or with its error.

    ``kind`` is ``"exporter"`` (group ``drill.exporters``, the default) or
    ``"reader"`` (group ``drill.readers``). ``autoload=False`` (default: unless
    ``DRILL_DISABLE_PLUGIN_AUTOLOAD`` is set) lists third-party plugins without
    importing them.
    """
    if autoload is None:
        autoload = not autoload_disabled()
    infos: list[PluginInfo] = []
    for ep in _entry_points(GROUPS[kind]):
        dist = _canonical(ep.dist.name) if ep.dist else None
        if not autoload and dist not in FIRST_PARTY_DISTRIBUTIONS:
            infos.append(PluginInfo(ep.name, ep.value, dist, ep.dist.version if ep.dist else None,
                                    first_party=False, skipped=True, kind=kind))
            continue
        infos.append(load_entry_point(ep, kind))
    infos.sort(key=lambda i: (not i.first_party, i.name, i.distribution or ""))
    # two plugins claiming one format name: the first (first-party wins) keeps it
    taken: dict[str, PluginInfo] = {}
    out: list[PluginInfo] = []
    for info in infos:
        if info.status == "ok":
            owner = taken.get(info.name)
            if owner is not None:
                message = _("format name {name!r} is already provided by {owner}") if kind == "exporter" else _(
                    "reader name {name!r} is already provided by {owner}")
                info = PluginInfo(info.entry_point, info.value, info.distribution, info.version,
                                  info.first_party, kind=kind, error=message.format(
                                      name=info.name, owner=owner.distribution or owner.value))
            else:
                taken[info.name] = info
        out.append(info)
    return out


def available_exporters(plugins: list[PluginInfo] | None = None) -> dict[str, Exporter]:
    """Format name → exporter, for the plugins that loaded."""
    plugins = discover_plugins() if plugins is None else plugins
    return {p.name: p.exporter for p in plugins if p.status == "ok"}


def get_exporter(name: str, plugins: list[PluginInfo] | None = None) -> Exporter:
    """The exporter for ``--format name``; :class:`NotFoundError` lists the formats there are."""
    found = available_exporters(plugins)
    if name in found:
        return found[name]
    if not found:
        raise NotFoundError(_("no export format {name!r} (no exporter plugin is installed)").format(name=name))
    raise NotFoundError(_("no export format {name!r} (available: {known})").format(
        name=name, known=", ".join(sorted(found))))


def discover_readers(*, autoload: bool | None = None) -> list[PluginInfo]:
    """Every reader entry point (group ``drill.readers``), first-party first, loaded or with its error."""
    return discover_plugins(autoload=autoload, kind="reader")


def find_reader(path: str | Path, reads: reading.Reads = "bank",
                plugins: list[PluginInfo] | None = None) -> Reader:
    """The reader for ``path``, chosen by its suffix among the readers that read ``reads``.

    First-party readers come first, so a third-party reader of the same suffix
    only fills a gap. :class:`NotFoundError` names the suffixes there are
    readers for.
    """
    if reads not in reading.READABLE:
        raise ValueError(f"reads must be 'bank' or 'handbook', not {reads!r}")
    plugins = discover_readers() if plugins is None else plugins
    suffix = Path(path).suffix.lower()
    usable = [p for p in plugins if p.status == "ok" and reads in p.reads]
    for p in usable:
        if suffix in p.suffixes:
            return p.reader  # type: ignore[no-any-return]
    known = sorted({s for p in usable for s in p.suffixes})
    what = _("question bank") if reads == "bank" else _("handbook")
    if known:
        message = _("no reader for {what} files ending in {suffix!r} (readable: {known}; see `drill plugins`)")
    else:
        message = _("no reader for {what} files ending in {suffix!r} (readable: none; see `drill plugins`)")
    raise NotFoundError(message.format(what=what, suffix=suffix or Path(path).name, known=", ".join(known)))


__all__ = [
    "DISABLE_AUTOLOAD_ENV",
    "FIRST_PARTY_DISTRIBUTIONS",
    "PluginInfo",
    "autoload_disabled",
    "available_exporters",
    "contract_problems",
    "discover_plugins",
    "discover_readers",
    "find_reader",
    "get_exporter",
    "load_entry_point",
    "read_attributes",
    "reader_problems",
]
