"""The library's errors: a small hierarchy the CLI turns into messages and exit codes.

Every error a user can cause by what they wrote (a deck, a blueprint, an option)
is an :class:`InputError` and carries located :class:`Problem` records, so a tool
can show all of them at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or doubtful) in an input file, with where it is."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    fact: str | None = None
    field: str | None = None
    severity: Severity = "error"
    code: str = "invalid"

    def location(self) -> str:
        """``file:line:column`` as far as known; empty for a problem with no file (a value passed in code)."""
        if not self.file:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        from .i18n import _

        where = []
        if self.fact:
            where.append(_("fact {fact}").format(fact=self.fact))
        if self.field:
            where.append(self.field)
        # Translators: the separator between "fact f1", the field and the message of a problem
        message = _(": ").join([*where, self.message])
        if not self.location():
            if self.severity == "warning":
                return _("warning: {message}").format(message=message)
            return _("error: {message}").format(message=message)
        if self.severity == "warning":
            return _("{location}: warning: {message}").format(location=self.location(), message=message)
        return _("{location}: error: {message}").format(location=self.location(), message=message)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class DrillError(Exception):
    """Base of every error drill raises on purpose.

    The library's public functions raise nothing else for bad input or a bad
    store: a wrong value, a missing file and a deck that fails validation all
    arrive as a subclass of this. Messages say what is wrong, in the language
    asked for (English by default), never which command-line option to use.
    """


class InputError(DrillError, ValueError):
    """A file or value given by the user is invalid; ``problems`` says where and why.

    Also a :class:`ValueError`, so code that catches bad values the standard way catches it.
    """

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def reason(self) -> str:
        """The problems' messages alone (no place, no "error:"), for a caller that words the sentence around them."""
        return "; ".join(p.message for p in self.problems)


class DeckError(InputError):
    """A deck file could not be loaded."""


class BlueprintError(InputError):
    """An exam blueprint could not be loaded or cannot be filled."""


class OutputError(InputError):
    """A file cannot be written where the user asked (or must not be: it is one of the inputs)."""

    def __init__(self, path: str, message: str):
        self.path = str(path)
        super().__init__(Problem(message, file=self.path, code="output"))


class NotFoundError(DrillError, LookupError):
    """A deck, card, file or other named thing does not exist (also a :class:`LookupError`)."""


class StoreError(DrillError):
    """The review store cannot be opened or used (damaged, foreign or too new)."""


class PluginError(DrillError):
    """An exporter plugin is missing, broken or refused the input."""


__all__ = [
    "BlueprintError",
    "DeckError",
    "DrillError",
    "InputError",
    "NotFoundError",
    "OutputError",
    "PluginError",
    "Problem",
    "Severity",
    "StoreError",
]
