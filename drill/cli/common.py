"""What every command shares: turning library errors into messages and exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import DrillError, InputError, NotFoundError, Problem, StoreError
from ..i18n import _, ngettext
from ..text import terminal_safe

F = TypeVar("F", bound=Callable[..., Any])

#: exit code for bad input (a deck, blueprint, option or name the user gave)
EXIT_INPUT = 2
#: exit code for a failure that is not the input's fault (store damaged, plugin broken)
EXIT_FAILURE = 1


def print_problems(problems: list[Problem]) -> None:
    # ids, file names and messages can hold whatever a deck held: never an escape sequence on the terminal
    for p in problems:
        click.echo(terminal_safe(str(p)), err=True)


def handle_errors(func: F) -> F:
    """Turn drill errors into a message on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            print_problems(exc.problems)
            n = len(exc.problems)
            click.echo(ngettext("{n} problem; nothing was written.",
                                "{n} problems; nothing was written.", n).format(n=n), err=True)
            sys.exit(EXIT_INPUT)
        except NotFoundError as exc:
            click.echo(terminal_safe(_("error: {message}").format(message=exc)), err=True)
            sys.exit(EXIT_INPUT)
        except StoreError as exc:
            click.echo(terminal_safe(_("error: {message}").format(message=exc)), err=True)
            # the library says what is wrong with the file; what to do about it is the command's to say
            click.echo(_("(`drill doctor` checks the store; --db FILE or DRILL_HOME chooses another one)"), err=True)
            sys.exit(EXIT_FAILURE)
        except DrillError as exc:
            click.echo(terminal_safe(_("error: {message}").format(message=exc)), err=True)
            sys.exit(EXIT_FAILURE)

    return wrapper  # type: ignore[return-value]


def store_file_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback for ``--db``: an in-memory store would throw every answer away when the command ends."""
    if value is not None and value.strip().lower() in {":memory:", "", "file::memory:"}:
        raise click.BadParameter(_("an in-memory or temporary store keeps nothing after the command ends; give a "
                                   "file (or leave --db out for the default store)"), ctx=ctx, param=param)
    return value


def messages_for_scripts() -> None:
    """Make the rest of this command's messages English: ``--json`` output is read by scripts, in any locale."""
    from ..i18n import setup

    setup("en")


class JsonStream(list[Any]):
    """A JSON array made item by item as it is printed (a sitting's candidates), never held whole.

    A list to the encoder (whose indenting, pure-Python path iterates it), so the output is the same as
    for a list; ``count`` says whether it is empty.
    """

    def __init__(self, make: Callable[[], Any], count: int) -> None:
        super().__init__()
        self._make, self._count = make, count

    def __iter__(self) -> Any:
        return iter(self._make())

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON, in pieces (a :class:`JsonStream` is made as it is written)."""
    out: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2, default=str).iterencode(value):
        out.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            click.echo("".join(out), nl=False)
            out, size = [], 0
    click.echo("".join(out))
