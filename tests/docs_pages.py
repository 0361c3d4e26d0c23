"""The user documentation as the tests read it: the README, then the docs pages in the site's order.

Commands and examples are collected from all of them in that order, so a page
may use a file an earlier page had the reader save (the deck example of
docs/decks.md, the blueprint and answer sheets of docs/exams.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import ROOT


def _nav_files(nav: list[object]) -> list[str]:
    out: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            out.extend(_nav_files(value))
        elif isinstance(value, str):
            out.append(value)
    return out


def pages() -> list[Path]:
    """README.md, then every page of mkdocs.yml's nav, in order."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    return [ROOT / "README.md", *(ROOT / "docs" / name for name in _nav_files(config["nav"]))]


def text() -> str:
    """All pages, one after another."""
    return "\n\n".join(page.read_text(encoding="utf-8") for page in pages())


def blocks(document: str) -> list[tuple[str, str]]:
    """(language, text) of every fenced block, and ('indented', text) of indented command blocks, in order."""
    found = [(m.start(), m.group(1), m.group(2))
             for m in re.finditer(r"^```(\w*)\n(.*?)^```", document, re.S | re.M)]
    outside = re.sub(r"^```.*?^```", lambda m: " " * len(m.group(0)), document, flags=re.S | re.M)
    # an indented block starts after a blank line (not a list item's continuation, not an admonition's body)
    for m in re.finditer(r"(?:(?<=\n\n)|^)((?:    \S.*\n)+)", outside):
        before = outside[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if not before.startswith("!!!"):
            found.append((m.start(), "indented", m.group(1)))
    return [(lang, body) for _, lang, body in sorted(found)]


__all__ = ["blocks", "pages", "text"]
