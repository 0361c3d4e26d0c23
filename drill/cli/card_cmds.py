"""``drill card``: list, suspend, unsuspend, unbury and reset cards in the review store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..i18n import N_, _, ngettext
from .common import echo_json, handle_errors
from .review_cmds import db_option, store_errors

if TYPE_CHECKING:
    from ..store import Store


def _selection(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every card command takes to pick cards."""
    for option in reversed([
        click.argument("card_ids", nargs=-1, metavar="[CARD_ID]..."),
        click.option("--fact", "facts", multiple=True, help="Cards of this fact: deck/fact or a fact id (repeatable)."),
        click.option("--topic", "topics", multiple=True, help="Cards of this topic (repeatable)."),
        click.option("--deck", "decks", multiple=True, help="Cards of this deck (repeatable)."),
        click.option("--suspended/--not-suspended", "suspended", default=None, help="Only suspended (or not) cards."),
        click.option("--buried/--not-buried", "buried", default=None, help="Only buried (or not) cards."),
        click.option("--leech/--not-leech", "leech", default=None, help="Only leeches (or not)."),
        click.option("--new/--not-new", "new", default=None, help="Only new (or seen) cards."),
        click.option("--json", "as_json", is_flag=True, help="Print the cards as JSON."),
        db_option,
    ]):
        func = option(func)
    return func


def _select(store: Store, card_ids: tuple[str, ...], facts: tuple[str, ...], topics: tuple[str, ...],
            decks: tuple[str, ...], suspended: bool | None, buried: bool | None, leech: bool | None,
            new: bool | None, *, need_pick: bool) -> list[Any]:
    from ..errors import InputError, Problem
    from ..session import utc_now
    from ..store import CardSelector

    selector = CardSelector(tuple(card_ids), tuple(facts), tuple(topics), tuple(decks), suspended, buried, leech, new)
    if need_pick and selector.empty and (suspended, buried, leech, new) == (None, None, None, None):
        raise InputError(Problem(_("say which cards: CARD_ID…, --fact, --topic, --deck, or a flag such as --leech")))
    found = store.find_cards(selector, utc_now())
    known = {c.id for c in found}
    missing = [cid for cid in card_ids if cid not in known]
    if missing:
        exist = {c.id for c in store.find_cards(CardSelector(tuple(missing)), utc_now())}
        unknown = [cid for cid in missing if cid not in exist]
        if unknown:
            raise InputError(*(Problem(_("no card {card} in the store (`drill card list` shows the ids)").format(
                card=repr(cid)), field=cid) for cid in unknown))
    if not found and need_pick:
        # names that match nothing are a mistake (a typo in a topic, say); flags that leave nothing
        # today (no leeches, nothing buried) are not: there is just nothing to do
        named = CardSelector(tuple(card_ids), tuple(facts), tuple(topics), tuple(decks), None, None, None, None)
        if not named.empty and not store.find_cards(named, utc_now()):
            raise InputError(Problem(_("no card matches; `drill card list` with the same options shows what is "
                                       "there")))
    return found


def _flags(c: Any) -> str:
    flags = [_(name) for name, on in ((N_("suspended"), c.suspended), (N_("leech"), c.leech),
                                      (N_("orphaned"), c.orphaned)) if on]
    if c.buried_until is not None:
        flags.append(_("buried until {time}").format(time=when(c.buried_until)))
    return _(", ").join(flags)


def when(moment: Any) -> str:
    """The one date form of `drill card list`: local date and time."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


@click.group()
def card() -> None:
    """List and manage the cards in your review store.

    Pick cards by id (CARD_ID as in `drill cards`), by --fact, --topic or --deck,
    and narrow by flags (--suspended, --buried, --leech, --new).

    \b
    Examples:
      drill card list --leech
      drill card list --deck sample-counter-basics --suspended --json
      drill card unsuspend sample-counter-basics/complaint-ticket/cloze/1
      drill card unbury --buried
      drill card reset --fact sample-counter-basics/store-types
    """


@card.command("list")
@_selection
@handle_errors
@store_errors
def list_cards(card_ids: tuple[str, ...], facts: tuple[str, ...], topics: tuple[str, ...], decks: tuple[str, ...],
               suspended: bool | None, buried: bool | None, leech: bool | None, new: bool | None, as_json: bool,
               db: str | None) -> None:
    """List cards with their state, due date, lapses and flags (every card without a choice).

    \b
    Examples:
      drill card list --leech
      drill card list --topic 投诉处理 --json
      drill card list --suspended
    """
    from ..session import clean
    from .review_cmds import _open

    with _open(db) as store:
        found = _select(store, card_ids, facts, topics, decks, suspended, buried, leech, new, need_pick=False)
        settings = store.settings()
    if as_json:
        echo_json([c.to_dict() for c in found])
        return
    from rich.cells import cell_len

    from ..days import LearnerDay
    from ..due import shown_from

    day = LearnerDay(settings.rollover_hour)
    rows = []
    for c in found:
        # when review would show it (drill.due: a review on its day, a buried card when the burial ends)
        shown = shown_from(int(c.state), c.due, c.buried_until, day)
        due = "" if shown is None else _("due {date}").format(date=when(shown))
        lapses = _("lapses {n}").format(n=c.lapses) if c.lapses else ""
        rows.append([clean(c.id), _(c.state.name.lower()), due, lapses, _flags(c)])
    # columns aligned by display width (Chinese labels are two columns a character)
    widths = [max((cell_len(r[i]) for r in rows), default=0) for i in range(5)]
    for r in rows:
        cells = [v + " " * (widths[i] - cell_len(v)) for i, v in enumerate(r) if widths[i]]
        click.echo("  ".join(cells).rstrip())
    click.echo(ngettext("{n} card", "{n} cards", len(found)).format(n=len(found)))


def _action(name: str, done: Callable[[int], str], doc: str, act: Callable[[Any, list[str]], int]) -> click.Command:
    """A card command; ``done(n)`` is the report of what it did, with {changed} of {n} matching cards."""
    @_selection
    @handle_errors
    @store_errors
    def command(card_ids: tuple[str, ...], facts: tuple[str, ...], topics: tuple[str, ...], decks: tuple[str, ...],
                suspended: bool | None, buried: bool | None, leech: bool | None, new: bool | None, as_json: bool,
                db: str | None) -> None:
        from .review_cmds import _open

        with _open(db) as store:
            found = _select(store, card_ids, facts, topics, decks, suspended, buried, leech, new, need_pick=True)
            changed = act(store, [c.id for c in found])
        if as_json:
            echo_json({"matched": len(found), "changed": changed, "cards": [c.id for c in found]})
            return
        click.echo(done(len(found)).format(changed=changed, n=len(found)))

    command.__doc__ = doc
    return card.command(name)(command)


_action("suspend", lambda n: ngettext(
    "suspended {changed} of {n} matching card", "suspended {changed} of {n} matching cards", n),
    """Suspend cards: they are not shown until unsuspended.

    \b
    Examples:
      drill card suspend sample-counter-basics/store-types/describe/1
      drill card suspend --topic 营业厅概述
    """, lambda store, ids: store.suspend_cards(ids, True))
_action("unsuspend", lambda n: ngettext(
    "unsuspended {changed} of {n} matching card", "unsuspended {changed} of {n} matching cards", n),
    """Unsuspend cards (a leech keeps its leech flag; `drill card reset` clears it).

    \b
    Examples:
      drill card unsuspend --leech
      drill card unsuspend sample-counter-basics/complaint-ticket/cloze/1
    """, lambda store, ids: store.suspend_cards(ids, False))
_action("unbury", lambda n: ngettext(
    "unburied {changed} of {n} matching card", "unburied {changed} of {n} matching cards", n),
    """Show buried cards again today.

    \b
    Examples:
      drill card unbury --buried
      drill card unbury --fact sample-counter-basics/store-types
    """, lambda store, ids: store.unbury_cards(ids))
_action("reset", lambda n: ngettext(
    "reset {changed} of {n} matching card", "reset {changed} of {n} matching cards", n),
    """Make cards new again: state, lapses and leech flag; the review log is kept.

    \b
    Examples:
      drill card reset sample-counter-basics/store-types/describe/1
      drill card reset --leech
    """, lambda store, ids: store.reset_cards(ids))


def review_info(card_id: str, db: str | None) -> dict[str, Any] | None:
    """A card's scheduling from the store, for `drill show` (None when the store does not hold it)."""
    from pathlib import Path

    from ..scheduling import retrievability
    from ..session import utc_now
    from ..store import CardSelector, default_store_path, to_text
    from .review_cmds import _open

    if not (Path(db) if db else default_store_path()).exists():
        return None  # showing a card never creates a store
    now = utc_now()
    with _open(db) as store:
        found = store.find_cards(CardSelector((card_id,)), now)
        if not found:
            return None
        info = found[0].to_dict()
        state = store.card_state(card_id)
        r = retrievability(state, now, store.settings())
        info["retrievability"] = None if r is None else round(r, 4)
        info["last_review"] = to_text(state.last_review)
        info["history"] = [
            {"reviewed_at": to_text(rv.reviewed_at), "rating": rv.rating.name.lower(), **rv.extra}
            for rv in store.reviews_for(card_id, since_reset=False)
        ]
    return info


__all__ = ["card", "review_info"]
