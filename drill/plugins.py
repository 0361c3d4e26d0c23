"""Finding exporter plugins: entry points of the group ``drill.exporters``.

Discovery never raises because of a plugin: a plugin that fails to import, or
whose object does not honour the :mod:`drill.exporting` contract, is recorded
as a :class:`PluginInfo` with ``status == "error"`` and the reason, so one
broken plugin cannot take the other commands down.

``DRILL_DISABLE_PLUGIN_AUTOLOAD=1`` stops third-party plugins from loading
(hermetic tests, debugging a broken install); the first-party exporters,
shipped as the distributions in :data:`FIRST_PARTY_DISTRIBUTIONS`, still load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from .errors import NotFoundError
from .i18n import _
from .text import terminal_safe
from .exporting import CONTRACT_VERSION, ENTRY_POINT_GROUP, Exporter

#: Environment switch: any non-empty value other than "0" turns third-party autoload off.
DISABLE_AUTOLOAD_ENV = "DRILL_DISABLE_PLUGIN_AUTOLOAD"

def _first_party() -> frozenset[str]:
    """drill-cards and the workspace plugins it requires (every ``drill-*`` requirement)."""
    try:
        requires = metadata.requires("drill-cards") or []
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        requires = []
    names = {re.match(r"[A-Za-z0-9._-]+", r).group(0).lower().replace("_", "-") for r in requires}
    return frozenset({"drill-cards"} | {n for n in names if n.startswith("drill-")})


#: The distributions built from drill's own workspace (``exporters/*``, ``readers/*``): the ones
#: drill-cards depends on. They load even with autoload off.
FIRST_PARTY_DISTRIBUTIONS = _first_party()

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

    def to_dict(self) -> dict[str, Any]:
        return {
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


def read_attributes(obj: object) -> tuple[dict[str, Any], list[str]]:
    """The contract attributes of ``obj``, read once, and why it is not a valid exporter (empty when it is)."""
    problems: list[str] = []
    values = {attr: _read(obj, attr, problems) for attr in ("name", "description", "suffix", "accepts", "export",
                                                             "contract_version")}
    if problems:
        return values, problems
    problems = contract_problems(_Snapshot(values))
    if not problems:
        values["accepts"] = frozenset(values["accepts"])
    return values, problems


class _Snapshot:
    def __init__(self, values: dict[str, Any]):
        self.__dict__.update({k: v for k, v in values.items() if v is not None})


def contract_problems(obj: object) -> list[str]:
    """Why ``obj`` is not a valid exporter (an empty list when it is)."""
    problems: list[str] = []
    for attr in ("name", "description", "suffix"):
        value = _read(obj, attr, problems)
        if not isinstance(value, str) or not value:
            problems.append(_("`{attr}` must be a non-empty string (got {type})").format(
                attr=attr, type=type(value).__name__))
    name = _read(obj, "name", [])
    if isinstance(name, str) and name and not _NAME.match(name):
        problems.append(_("`name` {name} must be lowercase letters, digits, '-' or '_'").format(
            name=terminal_safe(repr(name))))
    suffix = _read(obj, "suffix", [])
    if isinstance(suffix, str) and suffix and not suffix.startswith("."):
        problems.append(_("`suffix` {suffix} must start with a dot").format(suffix=terminal_safe(repr(suffix))))
    accepts = _read(obj, "accepts", problems)
    if isinstance(accepts, str) or not isinstance(accepts, Iterable):
        problems.append(_("`accepts` must be a set of 'deck' and/or 'exam'"))
    else:
        values = set(accepts)
        if not values:
            problems.append(_("`accepts` is empty"))
        unknown = sorted(map(str, values - ACCEPTABLE))
        if unknown:
            problems.append(_("`accepts` has unknown kinds {kinds} (allowed: deck, exam)").format(kinds=unknown))
    if not callable(_read(obj, "export", [])):
        problems.append(_("`export` must be a method export(bundle, path, options)"))
    wanted = _read(obj, "contract_version", [])
    if wanted is not None and str(wanted).split(".")[0] != CONTRACT_VERSION.split(".")[0]:
        problems.append(_("written for contract {wanted}, drill has {have}").format(wanted=wanted,
                                                                                     have=CONTRACT_VERSION))
    return problems


def _instantiate(obj: object) -> object:
    """An entry point may name an instance, a class, or a zero-argument factory."""
    if isinstance(obj, type):
        return obj()
    if not hasattr(obj, "export") and callable(obj):
        return obj()
    return obj


def _entry_points() -> list[metadata.EntryPoint]:
    eps = metadata.entry_points(group=ENTRY_POINT_GROUP)
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


def load_entry_point(ep: metadata.EntryPoint) -> PluginInfo:
    """Load one entry point into a :class:`PluginInfo`; errors are recorded, not raised."""
    dist = _canonical(ep.dist.name) if ep.dist else None
    info = dict(
        entry_point=ep.name,
        value=ep.value,
        distribution=dist,
        version=ep.dist.version if ep.dist else None,
        first_party=dist in FIRST_PARTY_DISTRIBUTIONS,
    )
    try:
        exporter = _instantiate(ep.load())
        attributes, problems = read_attributes(exporter)
    except PLUGIN_FAILURES as exc:  # a plugin's import may fail in any way, even sys.exit or KeyboardInterrupt
        return PluginInfo(**info, error=_("failed to load: {error}").format(
            error=f"{type(exc).__name__}: {terminal_safe(exc)}"))
    if problems:
        return PluginInfo(**info, error=_("not a valid exporter: {problems}").format(
            # Translators: the separator between the problems of one plugin
            problems=_("; ").join(problems)))
    return PluginInfo(**info, exporter=exporter, attributes=attributes)


def discover_plugins(*, autoload: bool | None = None) -> list[PluginInfo]:
    """Every exporter entry point, first-party first, each loaded or with its error.

    ``autoload=False`` (default: unless ``DRILL_DISABLE_PLUGIN_AUTOLOAD`` is set)
    lists third-party plugins without importing them.
    """
    if autoload is None:
        autoload = not autoload_disabled()
    infos: list[PluginInfo] = []
    for ep in _entry_points():
        dist = _canonical(ep.dist.name) if ep.dist else None
        if not autoload and dist not in FIRST_PARTY_DISTRIBUTIONS:
            infos.append(PluginInfo(ep.name, ep.value, dist, ep.dist.version if ep.dist else None,
                                    first_party=False, skipped=True))
            continue
        infos.append(load_entry_point(ep))
    infos.sort(key=lambda i: (not i.first_party, i.name, i.distribution or ""))
    # two plugins claiming one format name: the first (first-party wins) keeps it
    taken: dict[str, PluginInfo] = {}
    out: list[PluginInfo] = []
    for info in infos:
        if info.status == "ok":
            owner = taken.get(info.name)
            if owner is not None:
                info = PluginInfo(info.entry_point, info.value, info.distribution, info.version,
                                  info.first_party, error=_("format name {name!r} is already provided by {owner}").format(
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


__all__ = [
    "DISABLE_AUTOLOAD_ENV",
    "FIRST_PARTY_DISTRIBUTIONS",
    "PluginInfo",
    "autoload_disabled",
    "available_exporters",
    "contract_problems",
    "discover_plugins",
    "get_exporter",
    "load_entry_point",
    "read_attributes",
]
