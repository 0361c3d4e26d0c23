"""Export commands: export (decks through an exporter plugin) and plugins (what was found)."""

from __future__ import annotations

import click

from ..i18n import N_, _, ngettext
from ..text import terminal_safe
from .common import echo_json, handle_errors, messages_for_scripts


def _card_types() -> list[str]:
    from ..card import EXAM_ONLY_TYPES, CardType

    return [t.value for t in CardType if t not in EXAM_ONLY_TYPES]


def _parse_options(pairs: tuple[str, ...]) -> dict[str, str]:
    from ..errors import InputError, Problem

    options: dict[str, str] = {}
    problems = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(Problem(_("expected key=value, got {pair!r}").format(pair=pair), file="--option"))
        else:
            options[key] = value
    if problems:
        raise InputError(problems)
    return options


def _warn_broken(plugins) -> None:  # type: ignore[no-untyped-def]
    for p in plugins:
        if p.status == "error":
            if p.distribution:
                message = _("warning: exporter plugin {name!r} ({distribution} {version}) is broken and was "
                            "skipped: {error} (see `drill plugins`)")
            else:
                message = _("warning: exporter plugin {name!r} is broken and was skipped: {error} "
                            "(see `drill plugins`)")
            click.echo(terminal_safe(message.format(name=p.entry_point, distribution=p.distribution,
                                                    version=p.version, error=p.error)), err=True)


def _load_bundle(decks: tuple[str, ...], types, topics, tags):  # type: ignore[no-untyped-def]
    """Every deck loaded (all problems of all decks at once), then the selected cards."""
    from ..catalog import resolve_deck
    from ..errors import InputError, NotFoundError, Problem
    from ..exporting import DeckBundle
    from ..generate import filter_cards, make_cards, no_match_message
    from ..loader import load_deck

    loaded, problems = [], []
    for name in decks:
        try:
            loaded.append(load_deck(resolve_deck(name)))
        except NotFoundError as exc:
            problems.append(Problem(str(exc), file=name))
        except InputError as exc:
            problems.extend(exc.problems)
    ids = [d.deck for d in loaded]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    problems.extend(Problem(_("deck {deck!r} given more than once").format(deck=d), field="DECK") for d in dupes)
    if problems:
        raise InputError(problems)
    every = [c for d in loaded for c in make_cards(d)]
    cards = filter_cards(every, types=types, topics=topics, tags=tags)
    if not cards:
        message = no_match_message(every, types=types, topics=topics, tags=tags)
        raise InputError(Problem(_("{reason}; nothing to export").format(reason=message), field="filters"))
    return DeckBundle(decks=tuple(loaded), cards=tuple(cards))


@click.command()
@click.argument("decks", nargs=-1, required=True)
@click.option("-f", "--format", "format_name", required=True, help="Export format (see `drill plugins`).")
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--type", "types", multiple=True, type=click.Choice(_card_types()),
              help="Only cards of this type (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Only cards of this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only cards with this tag (repeatable).")
@click.option("--option", "option_pairs", multiple=True, metavar="KEY=VALUE",
              help="Option for the format, e.g. timestamp=0 for anki (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@handle_errors
def export(decks: tuple[str, ...], format_name: str, out: str, types: tuple[str, ...], topics: tuple[str, ...],
           tags: tuple[str, ...], option_pairs: tuple[str, ...], as_json: bool) -> None:
    """Export decks through an exporter plugin (anki, csv, json, markdown, …).

    DECKS are deck files or ids of shipped decks. Every deck is checked first:
    a bad deck is reported with file:line, exits 2 and nothing is written.

    \b
    Examples:
      drill export sample-counter-basics --format anki --out counter.apkg
      drill export decks/cmcc-hubei-sales.yaml --format anki --out sales.apkg --topic 首问责任制与投诉立单
      drill export my-deck.yaml --format csv --out my-deck.txt
      drill export my-deck.yaml --format json --out my-deck.json --option schema=1
      drill export my-deck.yaml --format anki --out a.apkg --option timestamp=0
      drill plugins    # the formats there are
    """
    from pathlib import Path

    from ..atomic import check_not_input
    from ..catalog import resolve_deck
    from ..errors import InputError, NotFoundError, PluginError, Problem
    from ..plugins import discover_plugins, get_exporter

    options = _parse_options(option_pairs)
    plugins = discover_plugins()
    _warn_broken(plugins)
    try:
        exporter = get_exporter(format_name, plugins)
    except NotFoundError as exc:
        # Translators: a message, then where to look for the formats there are
        raise NotFoundError(_("{message}; see `drill plugins`").format(message=exc)) from None
    if "deck" not in next(p.accepts for p in plugins if p.exporter is exporter):
        raise InputError(Problem(_("format {format!r} writes exam papers, not decks; "
                                   "use `drill exam build … --format {format}`").format(format=format_name),
                                 field="--format"))
    bundle = _load_bundle(decks, types, topics, tags)
    path = Path(out)
    if not path.parent.is_dir():
        raise InputError(Problem(_("directory {path!r} does not exist").format(path=str(path.parent)), file=out,
                                 field="--out"))
    check_not_input(path, [resolve_deck(name) for name in decks])
    try:
        written = exporter.export(bundle, path, options)
    except InputError:
        raise
    except (Exception, SystemExit) as exc:  # a plugin may fail in any way (even sys.exit): its fault, not success
        raise PluginError(_("exporter {format!r} failed: {error}").format(
            format=format_name, error=f"{type(exc).__name__}: {terminal_safe(exc)}")) from exc
    if as_json:
        echo_json({"format": format_name, "decks": [d.deck for d in bundle.decks], "cards": len(bundle.cards),
                   "files": [str(p) for p in written]})
        return
    for p in written:
        click.echo(str(p))
    n = len(bundle.cards)
    click.echo(ngettext("{n} card from {decks} exported as {format}", "{n} cards from {decks} exported as {format}",
                        n).format(n=n, format=format_name,
                                  decks=ngettext("{n} deck", "{n} decks", len(bundle.decks)).format(
                                      n=len(bundle.decks))), err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@handle_errors
def plugins(as_json: bool) -> None:
    """List the plugins found (exporters, readers), where they come from, and any that failed to load.

    Exporters are entry points of the group `drill.exporters`, readers (question
    banks, handbooks) of `drill.readers`. Set DRILL_DISABLE_PLUGIN_AUTOLOAD=1 to
    load only drill's own plugins.

    \b
    Examples:
      drill plugins
      drill plugins --json | jq '.[] | select(.status == "error")'
      drill plugins --json | jq '.[] | select(.kind == "reader") | .suffixes'
      DRILL_DISABLE_PLUGIN_AUTOLOAD=1 drill plugins
    """
    from ..plugin_descriptions import shown_description, shown_kind
    from ..plugins import discover_plugins, discover_readers

    if as_json:
        messages_for_scripts()
    found = discover_plugins()
    readers = discover_readers()
    if as_json:
        echo_json([p.to_dict() for p in [*found, *readers]])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def status_of(p) -> Text:  # type: ignore[no-untyped-def]
        shown = {"ok": N_("ok"), "error": N_("error"), "skipped": N_("skipped")}.get(p.status, p.status)
        status = Text(_(shown), style="green" if p.status == "ok" else ("red" if p.status == "error" else "dim"))
        if p.error:
            # Translators: after a plugin's status in `drill plugins`: the reason it failed
            status.append(_(": {error}").format(error=terminal_safe(p.error)), style="")
        return status

    table = Table()
    for col in (N_("format"), N_("accepts"), N_("description"), N_("from"), N_("status")):
        table.add_column(_(col), overflow="fold")
    for p in found:
        d = p.to_dict()
        origin = f"{p.distribution or '?'} {p.version or ''}".strip()
        table.add_row(Text(terminal_safe(p.name)), Text(_(", ").join(shown_kind(k) for k in d["accepts"])),
                      Text(terminal_safe(shown_description(p.distribution, d["description"]))), Text(terminal_safe(origin)), status_of(p))
    console = Console()
    console.print(table)
    if not found:
        console.print(Text(_("no exporter plugins found")))
    if readers:
        table = Table()
        for col in (N_("reader"), N_("files"), N_("reads"), N_("description"), N_("from"), N_("status")):
            table.add_column(_(col), overflow="fold")
        for p in readers:
            d = p.to_dict()
            origin = f"{p.distribution or '?'} {p.version or ''}".strip()
            table.add_row(Text(terminal_safe(p.name)), Text(terminal_safe(" ".join(d["suffixes"]))),
                          Text(_(", ").join(shown_kind(k) for k in d["reads"])),
                          Text(terminal_safe(shown_description(p.distribution, d["description"]))),
                          Text(terminal_safe(origin)), status_of(p))
        console.print(table)
