"""Extractor plugins: the entry point group ``drill.extractors``.

An extractor is an object with ``name``, ``description`` and
``extract(file, blocks) -> Extraction``: it reads a handbook's blocks
(:class:`drill.extract.structure.Block`, each with its headings, sentences and
lines) and proposes :class:`~drill.extract.candidates.DraftedFact` records with
their citations. drill checks every proposal against its cited lines and drops
any with words that are not there, so an extractor backed by a language model
can be added without trusting it: register it in a distribution's
``pyproject.toml``::

    [project.entry-points."drill.extractors"]
    mymodel = "my_package:extractor"

and run ``drill extract --extractor mymodel HANDBOOK``. The built-in ``rules``
extractor is registered the same way by drill itself.
"""

from __future__ import annotations

from importlib import metadata
from typing import Protocol, runtime_checkable

from ..errors import NotFoundError
from ..i18n import _
from .candidates import Extraction
from .structure import Block

ENTRY_POINT_GROUP = "drill.extractors"


@runtime_checkable
class Extractor(Protocol):
    """What an extractor plugin provides."""

    name: str
    description: str

    def extract(self, file: str, blocks: list[Block]) -> Extraction: ...


def available() -> dict[str, str]:
    """Extractor names found (entry point name → ``module:attribute``), the built-in one always included."""
    found = {"rules": "drill.extract.rules:RuleExtractor"}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.value)
    return found


def load_extractor(name: str) -> Extractor:
    """The extractor registered as ``name``; a missing or broken one raises :class:`NotFoundError`."""
    if name == "rules":
        from .rules import RuleExtractor

        return RuleExtractor()
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            try:
                obj = ep.load()
                obj = obj() if isinstance(obj, type) else obj
            except Exception as exc:  # a broken plugin is reported, never a traceback
                raise NotFoundError(_("extractor {name} failed to load: {error}").format(
                    name=name, error=f"{type(exc).__name__}: {exc}")) from None
            if not isinstance(obj, Extractor):
                raise NotFoundError(_("extractor {name} has no extract(file, blocks) method").format(name=name))
            return obj
    raise NotFoundError(_("no extractor named {name} (found: {names})").format(
        name=name, names=", ".join(sorted(available()))))
