"""Review commands: review, add, stats, optimize, config, doctor.

Kept light at import time: ``drill review`` on an unchanged deck never imports
pydantic or yaml, and imports rich only when it draws.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..i18n import _, ngettext
from ..text import terminal_safe
from .common import EXIT_FAILURE, echo_json, handle_errors, store_file_option

if TYPE_CHECKING:  # the store and the clock are imported where a command runs: start-up stays fast
    from datetime import datetime

    from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])


def store_errors(func: F) -> F:
    """SQLite failures (a damaged file, a full disk) become a StoreError message, not a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import sqlite3

        from ..errors import StoreError

        try:
            return func(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_("the store could not be read or written ({error}); "
                               "`drill doctor` checks it, or pass another file with --db").format(error=exc)) from None

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db", "db", type=click.Path(dir_okay=False), default=None, callback=store_file_option,
    help="Store file to use (default: drill.db in $DRILL_HOME or the user data dir).",
)


def _open(db: str | None) -> Store:
    from ..store import Store

    return Store(db)


def _dry_run_store(db: str | None, syncing: bool):  # type: ignore[no-untyped-def]
    """The store --dry-run reads, such that nothing is written: no store or folder created, no deck synced.

    An up-to-date store with nothing to sync is opened as it is (opening it writes nothing), so the
    first card shows as fast as in a real session; otherwise the cards go into an in-memory copy.
    """
    import sqlite3

    from ..store import SCHEMA_VERSION, Store, default_store_path

    path = Path(db) if db else default_store_path()
    if not path.is_file():
        return Store(":memory:")
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return _open(db)  # a store --dry-run cannot read: let opening it say what is wrong
    try:
        if not syncing and source.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return _open(db)
        scratch = Store(":memory:")
        source.backup(scratch.conn)
        scratch.migrate()
        return scratch
    except sqlite3.Error:
        return _open(db)
    finally:
        source.close()


def _now() -> datetime:
    from ..session import utc_now

    return utc_now()


def _deck_files(store: Any, names: tuple[str, ...]) -> list[Path]:
    """Deck arguments → files: a path, a directory of decks, a deck already in the store, or a shipped id."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            from ..lint import deck_files

            out.extend(deck_files([path]))
        elif path.exists():
            out.append(path)
        else:
            known = store.deck_path(name)
            if known is not None and known.exists():
                # a deck synced before: no need to scan the shipped decks
                out.append(known)
            else:
                from ..catalog import resolve_deck

                out.append(resolve_deck(name))
    return out


def _report_sync(reports: list[Any], console_err: bool = True) -> None:
    for r in reports:
        if r.skipped:
            continue
        parts = [_("{n} new").format(n=r.added), _("{n} changed").format(n=r.changed)]
        if r.revived:
            parts.append(_("{n} back").format(n=r.revived))
        if r.orphaned:
            parts.append(_("{n} orphaned (kept with their history)").format(n=len(r.orphaned)))
        # Translators: separates the counts of a sync report ("3 new, 1 changed")
        sep = _(", ")
        line = _("{deck}: {counts}; {n} unchanged").format(deck=r.deck, counts=sep.join(parts), n=r.unchanged)
        click.echo(terminal_safe(line), err=console_err)
        for card_id in r.orphaned[:10]:
            click.echo("  " + _("orphaned: {card}").format(card=terminal_safe(card_id)), err=console_err)
        if len(r.orphaned) > 10:
            click.echo("  " + _("… and {n} more (see `drill doctor`)").format(n=len(r.orphaned) - 10),
                       err=console_err)


def _sync(store: Any, decks: tuple[str, ...], report: bool = True) -> list[Any]:
    from ..store import sync_decks

    reports = sync_decks(store, _deck_files(store, decks), _now())
    if report:
        _report_sync(reports)
    return reports


# -- review ---------------------------------------------------------------------------------

@click.command()
@click.argument("decks", nargs=-1)
@click.option("--topic", "topics", multiple=True, help="Only cards of this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only cards with this tag (repeatable).")
@click.option("--new", "new_limit", type=click.IntRange(min=0), default=None,
              help="New cards to introduce in this session: up to N, whether or not the day's limit "
                   "(new_per_day) is used up. Without it, new cards come up to the day's limit.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after this many answers.")
@click.option("--dry-run", is_flag=True,
              help="Print the first card of the queue and exit, writing nothing (no store, no sync).")
@click.option("--seed", type=int, default=None, envvar="DRILL_SEED",
              help="Shuffle multiple-choice options from this seed (the same orders every run; also DRILL_SEED; "
                   "default: new orders each session).")
@db_option
@handle_errors
@store_errors
def review(decks: tuple[str, ...], topics: tuple[str, ...], tags: tuple[str, ...], new_limit: int | None,
           limit: int | None, dry_run: bool, seed: int | None, db: str | None) -> None:
    """Review the cards that are due, in the terminal.

    DECKS are deck files, directories or shipped deck ids; they are synced into
    the store first (new and changed cards). Without DECKS, every deck in the
    store is reviewed. Order: due learning cards, due reviews, then new cards up
    to the daily limit.

    Keys: space/enter show the answer · 1–4 Again/Hard/Good/Easy (enter takes the
    suggestion) · a–d pick an option · t/f or 对/错 true/false · u undo ·
    @ suspend · - bury · n source (after the answer, the note too) · q or Ctrl-C
    quit. Full-width letters and digits work like half-width ones. Typed, cloze,
    list and ordering cards take a line of text (input methods work); an empty
    line shows the answer and counts as wrong. There u, @, -, n or q alone on the
    line is the command, never an answer. q or Ctrl-C after drill judged an
    answer keeps it with the suggested rating. Options are shuffled each time a
    card is shown (--seed fixes the orders).

    \b
    Examples:
      drill review sample-counter-basics
      drill review decks/cmcc-hubei-sales.yaml --topic 首问责任制与投诉立单 --new 5
      drill review hall-quality-plan --new 10
      drill review --limit 20
      drill review --dry-run
    """
    from ..session import ReviewSession
    from ..store import QueueFilter

    store = _dry_run_store(db, syncing=bool(decks)) if dry_run else _open(db)
    store.on_busy = BusyNotice()  # an import holding the store: the answer waits, never lost
    try:
        deck_ids: tuple[str, ...] = ()
        if decks:
            deck_ids = tuple(dict.fromkeys(r.deck for r in _sync(store, decks, report=not dry_run)))
        _check_selection(store, deck_ids, topics, tags)
        session = ReviewSession(store, flt=QueueFilter(deck_ids, tuple(topics), tuple(tags)),
                                limit=limit, new_limit=new_limit)
        card = session.next_card()
        if card is None:
            empty = store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
            if empty:
                click.echo(_("The store has no cards yet. Start with a shipped deck:\n"
                             "  drill review sample-counter-basics"))
            else:
                click.echo(_nothing_due(session))
            return
        if dry_run:
            _print_plain(session, card)
            return
        from rich.console import Console

        from .review_screen import Keys, ReviewScreen

        console = Console(highlight=False)
        with Keys() as keys:
            ReviewScreen(session, console, keys, seed=seed).run()
    finally:
        store.close()


def _check_selection(store: Any, deck_ids: tuple[str, ...], topics: tuple[str, ...], tags: tuple[str, ...]) -> None:
    """A --topic or --tag no card has is a typo: exit 2 naming the ones there are, not "nothing is due"."""
    from ..errors import InputError, Problem

    if not topics and not tags:
        return
    where = f" WHERE deck IN ({','.join('?' * len(deck_ids))})" if deck_ids else ""
    problems = []
    if topics:
        known = [r[0] for r in store.conn.execute(
            f"SELECT DISTINCT topic FROM cards{where} ORDER BY topic", deck_ids) if r[0]]
        for topic in topics:
            if topic not in known:
                problems.append(Problem(_("no card has the topic {topic}; the topics are: {known}").format(
                    topic=repr(topic), known=_(", ").join(known) or "—"), file="--topic"))
    if tags:
        known = [r[0] for r in store.conn.execute(
            f"SELECT DISTINCT j.value FROM cards, json_each(cards.tags) AS j{where} ORDER BY 1", deck_ids)]
        for tag in tags:
            if tag not in known:
                problems.append(Problem(_("no card has the tag {tag}; the tags are: {known}").format(
                    tag=repr(tag), known=_(", ").join(known) or "—"), file="--tag"))
    if problems:
        raise InputError(problems)


class BusyNotice:
    """Tells the learner, once per wait and then every half minute, that an answer waits for the store."""

    def __init__(self) -> None:
        self.last = -1.0

    def __call__(self, waited: float) -> None:
        if waited <= self.last or self.last < 0:
            click.echo(_("the store is busy: another drill command (an import?) is writing; your answer "
                         "waits and is saved as soon as it is done…"), err=True)
        elif int(waited) // 30 > int(self.last) // 30:
            click.echo(_("still waiting for the store ({seconds} s); your answer is kept").format(
                seconds=int(waited)), err=True)
        self.last = waited


def _nothing_due(session: Any) -> str:
    """Why nothing is shown, and when something will be."""
    from ..store import to_text
    from .review_screen import describe_when

    now = session.clock()
    lines = [_("Nothing is due now.")]
    at = session.next_due()
    if at is not None:
        lines.append(_("The next card is due {when}.").format(when=describe_when(at, now, session.day.tz)))
    extra, args = session.filter.sql()
    buried = session.store.conn.execute(
        f"SELECT count(*) FROM cards WHERE suspended = 0 AND orphaned = 0 AND buried_until > ?{extra}",
        (to_text(now), *args)).fetchone()[0]
    new_waiting = session.store.conn.execute(
        "SELECT count(*) FROM cards WHERE state = 0 AND suspended = 0 AND orphaned = 0"
        f" AND (buried_until IS NULL OR buried_until <= ?){extra}", (to_text(now), *args)).fetchone()[0]
    if buried:
        lines.append(ngettext("{n} card is buried until tomorrow (other cards of facts answered today, or "
                              "buried by hand); `drill card unbury --buried` shows it again now.",
                              "{n} cards are buried until tomorrow (other cards of facts answered today, or "
                              "buried by hand); `drill card unbury --buried` shows them again now.",
                              buried).format(n=buried))
    if new_waiting and session.new_limit is None:
        lines.append(ngettext("{n} new card waits beyond today's new-card limit; "
                              "`--new N` introduces it now.",
                              "{n} new cards wait beyond today's new-card limit; "
                              "`--new N` introduces up to N of them now.", new_waiting).format(n=new_waiting))
    elif new_waiting and session.new_limit == 0:
        lines.append(ngettext("{n} new card waits; `--new N` introduces it now.",
                              "{n} new cards wait; `--new N` introduces up to N of them now.",
                              new_waiting).format(n=new_waiting))
    return "\n".join(lines)


def _print_plain(session: Any, card: Any) -> None:
    """The first card as plain text (no rich import: --dry-run measures start-up)."""
    from ..grading import OPTION_KEYS
    from ..session import clean, type_label

    c = card.content
    counts = session.counts()
    tally = " · ".join((_("{n} done").format(n=session.answered), _("{n} new").format(n=counts["new"]),
                        _("{n} learning").format(n=counts["learning"]), _("{n} review").format(n=counts["review"])))
    click.echo(f"{clean(c.get('deck', ''))} · {clean(c.get('topic') or '')} · {type_label(card.type)}    {tally}")
    click.echo("")
    click.echo(clean(c.get("prompt", "")))
    for i, o in enumerate(c.get("options", [])):
        key = OPTION_KEYS[i] if card.type == "multiple_choice" else f"{i + 1}."
        click.echo(f"  {key}) {clean(o['text'])}" if card.type == "multiple_choice" else f"  {key} {clean(o['text'])}")


# -- add ------------------------------------------------------------------------------------

@click.command()
@click.argument("decks", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print what was synced as JSON.")
@db_option
@handle_errors
@store_errors
def add(decks: tuple[str, ...], as_json: bool, db: str | None) -> None:
    """Add decks to the store, or sync them after an edit.

    New cards are added, changed cards keep their history, cards whose fact or
    template disappeared are kept as orphans (never deleted). A bad deck changes
    nothing.

    \b
    Examples:
      drill add sample-counter-basics
      drill add decks/ --json
    """
    from dataclasses import asdict

    from ..store import sync_decks
    from ..store.connection import default_store_path

    target = Path(db) if db else default_store_path()
    new_store = not target.exists()
    try:
        with _open(db) as store:
            reports = sync_decks(store, _deck_files(store, decks), _now())
    except BaseException:
        if new_store:  # a store made only for this failed add: leave no empty file behind
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
                leftover.unlink(missing_ok=True)
        raise
    if as_json:
        echo_json([asdict(r) for r in reports])
        return
    for r in reports:
        if r.skipped:
            click.echo(_("{deck}: unchanged since the last sync").format(deck=terminal_safe(r.deck)))
    _report_sync(reports, console_err=False)


# -- stats ----------------------------------------------------------------------------------

@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@db_option
@handle_errors
@store_errors
def stats(as_json: bool, db: str | None) -> None:
    """Show cards by state, leeches, today's reviews, true retention, due forecast, weakest topics.

    "Today" is the learner's day, which starts at the rollover hour (`drill config
    rollover_hour`, default 4, i.e. 04:00 local time), as in `drill review`.
    Leeches are cards that lapsed `leech_threshold` times (`drill card list --leech`).
    True retention is the share of review-state answers in the last 30 days that
    were not Again; compare it with the desired retention (`drill config`).

    \b
    Examples:
      drill stats
      drill stats --json | jq .due.next_7_days
    """
    from ..days import LearnerDay
    from ..stats import compute_stats

    now = _now()
    with _open(db) as store:
        figures = compute_stats(store, now, LearnerDay(store.settings().rollover_hour).start(now))
    if as_json:
        echo_json(figures)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .review_screen import T

    console = Console(highlight=False)
    cards = figures["cards"]
    # the states' names are the review screen's (new, learning, review, relearning)
    states = " · ".join(_("{state} {n}").format(state=_(k), n=v) for k, v in cards["by_state"].items())
    console.print(Text(_("cards {total}: {states} · suspended {suspended} · buried {buried} · orphaned {orphaned} "
                         "· leeches {leeches}").format(
        total=cards["total"], states=states, suspended=cards["suspended"], buried=cards["buried"],
        orphaned=cards["orphaned"], leeches=figures["leeches"])))
    console.print(Text(_("reviews today {n} ({correct} not Again)").format(
        n=figures["reviews_today"], correct=figures["correct_today"])))
    retention = figures["true_retention_30d"]
    desired = f"{figures['desired_retention']:.0%}"
    if retention is None:
        console.print(Text(_("true retention (30 days) — · desired {desired}").format(desired=desired)))
    else:
        console.print(Text(_("true retention (30 days) {percent} of {n} · desired {desired}").format(
            percent=f"{retention:.1%}", n=figures["mature_reviews_30d"], desired=desired)))
    due = figures["due"]
    console.print(Text(_("due today {today} · next 7 days {week} · next 30 days {month}").format(
        today=due["today"], week=due["next_7_days"], month=due["next_30_days"])))
    now_counts = due["now"]
    # the same counts as the review screen's header
    console.print(Text(_("waiting now: {counts}").format(counts=" · ".join((
        _("{n} learning").format(n=now_counts["learning"]), _("{n} review").format(n=now_counts["review"]),
        _("{n} new").format(n=now_counts["new"]))))))
    # Translators: one day of the week's forecast in `drill stats`: its date (MM-DD) and the cards due
    week = " ".join(_("{day}: {n}").format(day=d["date"][5:], n=d["due"]) for d in due["by_day"][:7])
    console.print(Text(f"  {week}", style="dim"))
    if figures["weakest_topics"]:
        table = Table(title=_("weakest topics"))
        table.add_column(_("topic"))
        table.add_column(_("cards"), justify="right")
        table.add_column(_("recall now"), justify="right")
        for t in figures["weakest_topics"]:
            table.add_row(T(t["topic"] or _("(none)")), str(t["cards"]), f"{t['retrievability']:.0%}")
        console.print(table)


# -- optimize -------------------------------------------------------------------------------

@click.command()
@click.option("--min-reviews", type=click.IntRange(min=1), default=None,
              help="Reviews needed before fitting (default 400).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@db_option
@handle_errors
@store_errors
def optimize(min_reviews: int | None, as_json: bool, db: str | None) -> None:
    """Fit FSRS parameters to your own review log and keep them if they predict it better.

    Shows the log loss of the current and the fitted parameters on your log.
    With too few reviews the defaults stay. Cards already scheduled keep their
    dates and use the new parameters from their next answer (the log keeps
    which parameters scheduled each answer).

    \b
    Examples:
      drill optimize
      drill optimize --json
    """
    from ..optimize import MIN_REVIEWS, optimize_parameters

    with _open(db) as store:
        result = optimize_parameters(store, min_reviews=min_reviews or MIN_REVIEWS)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(_("{reviews} reviews, {items} training items").format(reviews=result.reviews, items=result.items))
    if result.loss_before is not None and result.loss_after is not None:
        click.echo(_("log loss: current {before} → fitted {after}").format(
            before=f"{result.loss_before:.4f}", after=f"{result.loss_after:.4f}"))
    if result.parameters_after:
        click.echo(_("fitted parameters: {values}").format(
            values=", ".join(f"{p:.4f}" for p in result.parameters_after)))
    click.echo(result.text())


# -- config ---------------------------------------------------------------------------------

def _format_setting(key: str, value: Any) -> str:
    if key in ("learning_steps", "relearning_steps"):
        from datetime import timedelta

        from ..scheduling import format_interval

        return " ".join(format_interval(timedelta(seconds=s), translate=False) for s in value) or _("(none)")
    if key == "parameters":
        return ", ".join(f"{p:.4f}" for p in value)
    if key in ("fuzz", "bury_siblings", "load_balance"):
        return "on" if value else "off"  # as written: `drill config fuzz off`
    return str(value)


def _parse_setting(key: str, text: str) -> Any:
    """A setting's value as written on the command line (see :mod:`drill.setting_values`)."""
    from ..setting_values import parse_setting

    return parse_setting(key, text)


def _language_line() -> str:
    """The interface language as `drill config` shows it: the saved choice, or where it comes from."""
    from ..i18n import current_language
    from ..language_choice import configured_language

    chosen = configured_language()
    if chosen:
        return chosen
    lang = "zh-CN" if current_language() == "zh_CN" else "en"
    return _("{language} (from the locale; not saved)").format(language=lang)


def _config_language(value: str | None, unset: bool, as_json: bool) -> None:
    """`drill config language [zh-CN|en]`, `--unset`: the interface language, kept beside the default store."""
    from ..errors import InputError, Problem
    from ..i18n import LANGUAGES
    from ..language_choice import configured_language, set_language

    if unset:
        set_language(None)
    elif value is not None:
        if value not in LANGUAGES:
            raise InputError(Problem(_("unknown language {value}; use one of: {choices}").format(
                value=repr(value), choices=", ".join(LANGUAGES)), field="language"))
        set_language(value)
    if as_json:
        echo_json({"language": configured_language()})
    elif unset:
        # the language of this run was chosen before: say only what happens from now on
        click.echo(_("language: forgotten; from now on the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) chooses"))
    else:
        click.echo(_language_line())


@click.command(context_settings={"ignore_unknown_options": True})  # `config new_per_day -1` is a value
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="With `language`: forget the saved interface language.")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@db_option
@handle_errors
@store_errors
def config(key: str | None, value: str | None, unset: bool, as_json: bool, db: str | None) -> None:
    """Show or change scheduling settings, and the interface language.

    Keys: desired_retention (0.5–0.99), learning_steps and relearning_steps
    ("1m 10m"; bare numbers are minutes), maximum_interval (days), new_per_day,
    reviews_per_day, fuzz (on/off), parameters (21 FSRS numbers; see
    `drill optimize`), rollover_hour (0–23: the local hour the learner's day
    starts, default 4), bury_siblings (on/off: answering a card hides the other
    cards of its fact until the next day), leech_threshold (lapses that make a
    card a leech; 0 is never), leech_action (suspend or tag), load_balance
    (on/off: move each review within its fuzz range towards days with fewer
    reviews due).

    language (zh-CN or en) is the interface language, kept for every store in
    a small file beside the default store; without it the locale (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG) chooses. --unset forgets it.

    \b
    Examples:
      drill config
      drill config language zh-CN
      drill config language --unset
      drill config desired_retention 0.85
      drill config learning_steps "1m 10m 1h"
      drill config rollover_hour 5
      drill config leech_action tag
      drill config --json
    """
    from dataclasses import asdict

    from ..errors import InputError, Problem
    from ..store import SETTING_KEYS

    if key == "language":
        _config_language(value, unset, as_json)
        return
    if unset:
        raise InputError(Problem(_("--unset only forgets the interface language: `drill config language --unset`"),
                                 field="--unset"))
    if key is not None and key not in SETTING_KEYS:
        raise InputError(Problem(_("unknown setting {key}; known: {keys}").format(
            key=repr(key), keys=", ".join((*SETTING_KEYS, "language"))), file="drill config"))
    with _open(db) as store:
        if key is not None and value is not None:
            # read and checked before anything is written: a refused value leaves the store as it was
            try:
                store.set_settings(**{key: _parse_setting(key, value)})
            except ValueError as exc:
                raise InputError(Problem(_("cannot set {key} to {value}: {reason}").format(
                    key=key, value=repr(value), reason=exc.reason if isinstance(exc, InputError) else exc), file="drill config")) from None
        current = asdict(store.settings())
    shown = {key: current[key]} if key else current
    if as_json:
        echo_json({k: list(v) if isinstance(v, tuple) else v for k, v in shown.items()})
        return
    if key and value is None:
        click.echo(_format_setting(key, current[key]))
        return
    lines = {k: _format_setting(k, v) for k, v in shown.items()}
    lines["language"] = _language_line()  # not a store setting: see `drill config language`
    width = max(map(len, lines))
    for k, v in lines.items():
        click.echo(f"{k:<{width}}  {v}")


# -- doctor ---------------------------------------------------------------------------------

@click.command()
@click.option("--full", is_flag=True, help="Run the slower full integrity_check instead of quick_check.")
@click.option("--rebuild", is_flag=True, help="Rewrite every card's state from its review log.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@db_option
@handle_errors
@store_errors
def doctor(full: bool, rebuild: bool, as_json: bool, db: str | None) -> None:
    """Check the store: SQLite integrity, schema, counts, orphans, and that the log replays to the state.

    Each answer is replayed with the settings in force when it was given, so a
    change of settings or presets is not a difference, and a rebuild never
    changes a rating or a lapse. Card states that still differ from the replay
    of their log (written by an older drill, or changed by hand) are counted;
    --rebuild rewrites them from the log. Exits 1 when something is wrong (a
    failed check, a state its log does not give) and --rebuild did not put it right.

    \b
    Examples:
      drill doctor
      drill doctor --full --json
      drill doctor --rebuild
    """
    from ..scheduling import replay
    from ..store import SCHEMA_VERSION

    with _open(db) as store:
        checks = store.check(full)
        conn = store.conn
        counts = dict(zip(("cards", "orphaned", "suspended"), conn.execute(
            "SELECT count(*), coalesce(sum(orphaned), 0), coalesce(sum(suspended), 0) FROM cards").fetchone()))
        counts["reviews"] = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        counts["decks"] = conn.execute("SELECT count(*) FROM decks").fetchone()[0]
        orphans = [r[0] for r in conn.execute("SELECT id FROM cards WHERE orphaned = 1 ORDER BY id LIMIT 50")]
        drifted: list[str] = []
        reviewed = [r[0] for r in conn.execute("SELECT DISTINCT card_id FROM reviews")]
        # each answer replays with the settings in force when it was given (its deck's preset then)
        timeline = store.settings_timeline()
        for card_id in reviewed:
            settings_at = timeline.for_deck(card_id.split("/", 1)[0])
            try:
                differs = replay(card_id, store.reviews_for(card_id), settings_at) != store.card_state(card_id)
            except ValueError:  # a state or log time that cannot be read: a mismatch --rebuild rewrites
                differs = True
            if differs:
                drifted.append(card_id)
        never = conn.execute("SELECT count(*) FROM cards WHERE reps > 0 AND id NOT IN "
                             "(SELECT card_id FROM reviews)").fetchone()[0]
        rebuilt = 0
        if rebuild:
            for card_id in drifted:
                store.rebuild(card_id, timeline=timeline)
                rebuilt += 1
        report = {
            "path": str(store.path),
            "schema_version": SCHEMA_VERSION,
            "migrations": [name for name, _applied in store.migrations()],
            "check": checks,
            # a state its log does not give is a real mismatch (unless this run rebuilt it)
            "ok": checks == ["ok"] and never == 0 and (rebuild or not drifted),
            "counts": counts,
            "orphans": orphans,
            "state_differs_from_log": len(drifted),
            "state_without_log": never,
            "rebuilt": rebuilt,
        }
    if as_json:
        echo_json(report)
    else:
        click.echo(_("store {path} (schema {version})").format(path=terminal_safe(report["path"]),
                                                               version=SCHEMA_VERSION))
        # SQLite answers "ok" when the file is sound: said in the interface language
        results = _(", ").join(_("ok") if c == "ok" else c for c in checks[:5])
        if full:
            click.echo(_("integrity check: {results}").format(results=results))
        else:
            click.echo(_("quick check: {results}").format(results=results))
        c = counts
        click.echo(_("{decks} decks, {cards} cards ({orphaned} orphaned, {suspended} suspended), "
                     "{reviews} reviews").format(**c))
        for card_id in orphans[:10]:
            click.echo("  " + _("orphaned: {card}").format(card=terminal_safe(card_id)))
        if rebuild:
            click.echo(_("rebuilt {n} of {total} reviewed cards from their review log "
                         "({matched} already matched it)").format(n=rebuilt, total=len(reviewed),
                                                                  matched=len(reviewed) - rebuilt))
        elif drifted:
            click.echo(_("{n} card states differ from their review log "
                         "(run `drill doctor --rebuild`)").format(n=len(drifted)))
        else:
            click.echo(_("every card state matches its review log"))
        if never:
            click.echo(_("{n} cards have answers counted but no review log").format(n=never))
    if not report["ok"]:
        sys.exit(EXIT_FAILURE)
