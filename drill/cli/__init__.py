"""The ``drill`` command: a thin shell over the library.

Commands live one module each in this package and are imported only when run,
so ``drill review`` does not pay for the exporters or the exam code.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .. import __version__
from ..i18n import N_, _, current_language, setup
from ..language_choice import chosen_language, prefer_configured_language
from .help_format import DrillContext

# command name -> (module, attribute). A module that is missing is skipped.
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("drill.cli.deck_cmds", "lint"),
    "cards": ("drill.cli.deck_cmds", "cards"),
    "show": ("drill.cli.deck_cmds", "show"),
    "schema": ("drill.cli.deck_cmds", "schema"),
    "decks": ("drill.cli.deck_cmds", "decks"),
    "review": ("drill.cli.review_cmds", "review"),
    "add": ("drill.cli.review_cmds", "add"),
    "stats": ("drill.cli.review_cmds", "stats"),
    "optimize": ("drill.cli.review_cmds", "optimize"),
    "config": ("drill.cli.review_cmds", "config"),
    "doctor": ("drill.cli.review_cmds", "doctor"),
    "card": ("drill.cli.card_cmds", "card"),
    "preset": ("drill.cli.preset_cmds", "preset"),
    "import": ("drill.cli.import_cmds", "import_"),
    "export-collection": ("drill.cli.import_cmds", "export_collection"),
    "import-bank": ("drill.cli.bank_cmds", "import_bank"),
    "export": ("drill.cli.export_cmds", "export"),
    "plugins": ("drill.cli.export_cmds", "plugins"),
    "exam": ("drill.cli.exam_cmds", "exam"),
    "extract": ("drill.cli.extract_cmds", "extract"),
}


def translate_help(cmd: click.Command) -> click.Command:
    """Show ``cmd``'s help, epilog and option help in the interface language.

    The texts are translated when the command is loaded, and again from the
    English source if the language has changed since (a command loaded before
    :func:`main` chose the language); an untranslated text stays as written.
    """
    language = current_language()
    if getattr(cmd, "_drill_translated", None) == language:
        return cmd
    source = getattr(cmd, "_drill_source", None)
    if source is None:
        cmd._drill_source = {  # type: ignore[attr-defined]
            "texts": {attr: getattr(cmd, attr, None) for attr in ("help", "epilog", "short_help")},
            "params": [(p, getattr(p, "help", None), getattr(p, "metavar", None)) for p in cmd.params],
            "metavars": (cmd.options_metavar, getattr(cmd, "subcommand_metavar", None)),
        }
    else:
        for attr, text in source["texts"].items():
            setattr(cmd, attr, text)
        for param, text, metavar in source["params"]:
            if text is not None:
                param.help = text
            param.metavar = metavar
        cmd.options_metavar = source["metavars"][0]
        if isinstance(cmd, click.Group):
            cmd.subcommand_metavar = source["metavars"][1]
    cmd.context_class = DrillContext
    for attr in ("help", "epilog", "short_help"):
        text = getattr(cmd, attr, None)
        if text:
            setattr(cmd, attr, _(text))
    for param in cmd.params:
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
        _translate_metavar(cmd, param)
    # click's own placeholders in the usage line ("[OPTIONS]", "COMMAND [ARGS]...") come from the catalog too
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = _("[OPTIONS]")
    if isinstance(cmd, click.Group) and cmd.subcommand_metavar == "COMMAND [ARGS]...":
        cmd.subcommand_metavar = _("COMMAND [ARGS]...")
    if isinstance(cmd, click.Group):
        for sub in getattr(cmd, "commands", {}).values():
            translate_help(sub)
    cmd._drill_translated = language  # type: ignore[attr-defined]
    return cmd


def _simulated_clock(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--now`` / ``DRILL_NOW``: start the simulated clock and say so on stderr (stdout stays for --json)."""
    from .. import clock

    if not value:
        clock.simulate(None)
        return
    try:
        clock.simulate(clock.parse_moment(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    if not ctx.resilient_parsing:
        click.echo(clock.describe(), err=True)


#: click's names for an option's value (``--limit INTEGER RANGE``), marked for translation
TYPE_METAVARS = {"TEXT": N_("TEXT"), "INTEGER": N_("INTEGER"), "INTEGER RANGE": N_("INTEGER RANGE"),
                 "FLOAT": N_("FLOAT"), "FLOAT RANGE": N_("FLOAT RANGE"), "PATH": N_("PATH"), "FILE": N_("FILE"),
                 "FILENAME": N_("FILENAME"), "DIRECTORY": N_("DIRECTORY"), "BOOLEAN": N_("BOOLEAN")}


def _translate_metavar(cmd: click.Command, param: click.Parameter) -> None:
    """An option's value placeholder click derives from its type (TEXT, INTEGER RANGE) in the interface language.

    Placeholders a command names itself (CARD_ID, DECKS, FILE) stay: its help text refers to them.
    """
    if not isinstance(param, click.Option) or param.is_flag or param.metavar is not None:
        return
    try:
        own = param.type.get_metavar(param=param, ctx=click.Context(cmd))
    except Exception:  # a type that needs more of the context: leave its placeholder alone
        return
    if own is not None:
        return
    name = param.type.name.upper()
    if name in TYPE_METAVARS:
        param.metavar = _(TYPE_METAVARS[name]) + ("..." if param.nargs != 1 else "")


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        cmd = getattr(module, attr, None)
        return translate_help(cmd) if cmd is not None else None


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example:\n\n\b\n  drill lint decks/\n  drill review cmcc-hubei-sales",
)
@click.version_option(__version__, prog_name="drill")
@click.option("--now", "now", metavar="DATETIME", envvar="DRILL_NOW", default=None, callback=_simulated_clock,
              expose_value=False, is_eager=True,
              help="Run as if it were this time (2026-03-02T04:01, local time unless an offset is given; also "
                   "DRILL_NOW); the clock runs on from there. Only with an explicit --db: never on the default "
                   "store. For showing tomorrow's queue and for scripts.")
def cli() -> None:
    """Flashcards, spaced review and exams from service-staff handbooks."""


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    prefer_configured_language()
    setup(chosen_language())
    translate_help(cli)
    try:
        return cli.main(args=argv, prog_name="drill")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo(_("interrupted"), err=True)
        sys.exit(130)
