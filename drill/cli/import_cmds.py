"""``drill import``: reviews made in Anki (AnkiDroid, AnkiMobile, desktop) back into the store."""

from __future__ import annotations

import sys

import click

from ..i18n import _, ngettext
from ..text import terminal_safe
from .common import echo_json, handle_errors
from .review_cmds import _open, db_option, store_errors


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print what was imported as JSON.")
@db_option
@handle_errors
@store_errors
def import_(path: str, as_json: bool, db: str | None) -> None:
    """Bring the reviews of an Anki collection (.colpkg) or a deck package exported with scheduling (.apkg) into the store.

    Cards are matched by drill's ids (the notes drill exported, as .apkg or
    CSV); Anki's ratings, times and durations join drill's review log and each
    card's state is rebuilt from the merged log. Importing the same file again
    adds nothing. Notes that are not drill's are counted, never touched. Add
    the decks first (`drill add`): notes of decks the store does not have are
    reported. A file that is no readable Anki package changes nothing (exit 2).

    In Anki: File → Export → "Anki collection package (.colpkg)"; on AnkiDroid:
    Export collection; or a deck as .apkg with "Include scheduling information".

    \b
    Examples:
      drill import ~/Downloads/collection.colpkg
      drill import phone-deck.apkg --json
    """
    import signal
    import threading

    from ..anki_import import import_anki

    # a terminated import unwinds (its transaction rolled back, its unpacked copy removed);
    # after a kill -9 the next import sweeps the copy
    previous = None
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with _open(db) as store:
            if as_json or not sys.stderr.isatty():
                report = import_anki(store, path)
            else:
                with click.progressbar(length=1, label=_("merging reviews"), file=sys.stderr,
                                       show_pos=True) as bar:
                    def progress(done: int, total: int) -> None:
                        bar.length = max(total, 1)
                        bar.update(done - bar.pos)

                    report = import_anki(store, path, progress)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if as_json:
        echo_json(report.to_dict())
        return
    # the file name and deck ids come from outside (a package made by anyone): through the terminal filter
    click.echo(terminal_safe(ngettext("{file}: {n} note, {drill} of them drill's",
                                      "{file}: {n} notes, {drill} of them drill's", report.notes).format(
        file=report.file, n=report.notes, drill=report.drill_notes)))
    click.echo(_("reviews added {added} · already imported {there} · cards updated {updated}").format(
        added=report.added, there=report.already_there, updated=report.cards_updated))
    if report.drill_notes and not report.answers and not report.skipped:
        click.echo(_("the file holds no reviews of drill's cards: export the collection (.colpkg), or the deck "
                     "with “Include scheduling information” ticked"), err=True)
    if report.leeches:
        click.echo(ngettext("{n} card reached the leech threshold with the imported lapses and is flagged as a leech",
                            "{n} cards reached the leech threshold with the imported lapses and are flagged as leeches",
                            report.leeches).format(n=report.leeches))
    if report.skipped:
        click.echo(ngettext("{n} log entry is no answer (reschedules, resets, previews) and was left out",
                            "{n} log entries are no answer (reschedules, resets, previews) and were left out",
                            report.skipped).format(n=report.skipped))
    if report.other_notes:
        click.echo(ngettext("{n} note is not drill's and was left alone",
                            "{n} notes are not drill's and were left alone", report.other_notes).format(
            n=report.other_notes))
    if report.unknown_drill_notes:
        decks = terminal_safe(", ".join(report.unknown_decks)) or _("unknown decks")
        click.echo(ngettext("{n} drill note belongs to decks not in the store ({decks}); add them with "
                            "`drill add DECK` and import again to bring in its reviews",
                            "{n} drill notes belong to decks not in the store ({decks}); add them with "
                            "`drill add DECK` and import again to bring in their reviews",
                            report.unknown_drill_notes).format(n=report.unknown_drill_notes, decks=decks), err=True)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
