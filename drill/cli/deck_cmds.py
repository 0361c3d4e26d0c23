"""Deck commands: lint, cards, show, schema, decks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..i18n import N_, _, ngettext
from .common import EXIT_INPUT, echo_json, handle_errors, messages_for_scripts, print_problems


def _resolve_all(paths: tuple[str, ...]) -> list[str]:
    from pathlib import Path

    from ..catalog import resolve_deck
    from ..lint import deck_files

    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in deck_files([path]))
        else:
            out.append(str(resolve_deck(p)))
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="Store to check edits against (default: drill.db in $DRILL_HOME or the user data dir, "
                   "if it exists); warns when an edit would move review history.")
@handle_errors
def lint(paths: tuple[str, ...], strict: bool, as_json: bool, db: str | None) -> None:
    """Check deck files: every error and warning, with file:line:column.

    PATHS are deck files, directories of decks, or ids of shipped decks.
    Errors exit 2; warnings exit 0 unless --strict.

    \b
    Examples:
      drill lint decks/
      drill lint --strict decks/cmcc-hubei-sales.yaml
      drill lint --json my-deck.yaml | jq '.files[0].problems'
      drill lint --db ~/drill.db my-deck.yaml    # also: would this edit move review history?
    """
    from ..lint import lint_file

    if as_json:
        messages_for_scripts()
    files = _resolve_all(paths)
    store = _existing_store(db)
    try:
        synced = (lambda deck: store.synced_answers(deck, "cloze")) if store else None
        stems = (lambda deck: store.synced_prompts(deck, "ask")) if store else None
        results = [lint_file(f, synced, stems) for f in files]
    finally:
        if store:
            store.close()
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    if as_json:
        echo_json(
            {
                "files": [
                    {
                        "file": r.file,
                        "deck": r.deck.deck if r.deck else None,
                        "facts": len(r.deck.facts) if r.deck else 0,
                        "cards": len(r.cards),
                        "problems": [p.to_dict() for p in r.problems],
                    }
                    for r in results
                ],
                "errors": errors,
                "warnings": warnings,
            }
        )
    else:
        for r in results:
            print_problems(r.problems)
        n = len(results)
        facts = sum(len(r.deck.facts) for r in results if r.deck)
        cards = sum(len(r.cards) for r in results)
        # Translators: the counts are already phrased by their own messages: "2 files", "1 error", …
        summary = _("{files}: {errors}, {warnings}; {facts}, {cards}").format(
            files=ngettext("{n} file", "{n} files", n).format(n=n),
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            facts=ngettext("{n} fact", "{n} facts", facts).format(n=facts),
            cards=ngettext("{n} card", "{n} cards", cards).format(n=cards))
        click.echo(summary, err=bool(errors or warnings))
    if errors or (strict and warnings):
        sys.exit(EXIT_INPUT)


def _existing_store(db: str | None):  # type: ignore[no-untyped-def]
    """The store to compare edits with, if there is one; lint never creates one."""
    from ..store import Store, default_store_path

    path = Path(db) if db else default_store_path()
    if not path.is_file():
        return None
    try:
        return Store(path)
    except Exception:  # noqa: BLE001 - a store lint cannot read only costs the history check
        return None


def _load_cards(paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from ..generate import make_cards
    from ..loader import load_deck

    return [c for f in _resolve_all(paths) for c in make_cards(load_deck(f))]


def _card_types() -> list[str]:
    from ..card import EXAM_ONLY_TYPES, CardType

    return [t.value for t in CardType if t not in EXAM_ONLY_TYPES]


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--type", "types", multiple=True, type=click.Choice(_card_types()), help="Only cards of this type (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Only cards of this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only cards with this tag (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the cards as JSON.")
@handle_errors
def cards(paths: tuple[str, ...], types: tuple[str, ...], topics: tuple[str, ...], tags: tuple[str, ...],
          as_json: bool) -> None:
    """List the cards that decks make.

    \b
    Examples:
      drill cards decks/cmcc-hubei-sales.yaml
      drill cards cmcc-hubei-sales --type multiple_choice --topic 首问责任制与投诉立单
      drill cards decks/ --json > cards.json
    """
    from ..generate import filter_cards, no_match_message

    every = _load_cards(paths)
    selected = filter_cards(every, types=types, topics=topics, tags=tags)
    if not selected and (types or topics or tags):
        click.echo(no_match_message(every, types=types, topics=topics, tags=tags), err=True)
    if as_json:
        echo_json([c.model_dump(mode="json") for c in selected])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, expand=False)
    for col in (N_("id"), N_("type"), N_("prompt"), N_("answer")):
        table.add_column(_(col), overflow="fold")
    from ..session import type_label
    from ..text import terminal_safe

    for c in selected:
        table.add_row(Text(c.id), Text(type_label(c.type.value)), Text(terminal_safe(c.prompt)),
                      Text(terminal_safe(c.answer)))
    console = Console()
    console.print(table)
    console.print(Text(ngettext("{n} card", "{n} cards", len(selected)).format(n=len(selected))))


@click.command()
@click.argument("card_id")
@click.option("--deck", "deck_paths", multiple=True, help="Deck file to look in (default: the shipped deck named by the id).")
@click.option("--json", "as_json", is_flag=True, help="Print the card as JSON (with a `tries` list for --try).")
@click.option("--try", "tries", multiple=True, metavar="ANSWER",
              help="Judge ANSWER as if a learner typed it: print the verdict and its reason. Repeatable. "
                   "Option letters for choice cards, option numbers in order for ordering cards.")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="Review store for the card's scheduling (default: drill.db in $DRILL_HOME or the user data dir).")
@handle_errors
def show(card_id: str, deck_paths: tuple[str, ...], as_json: bool, tries: tuple[str, ...], db: str | None) -> None:
    """Show one card in full: prompt, options, answer, accepted answers, key points, explanation, source.

    CARD_ID is deck/fact/template[/part]. When your review store holds the card,
    its scheduling follows: state, due, stability, difficulty, retrievability
    (chance of recall now), lapses, flags and the review history. With --try,
    also judge answers the way review and exams do, to check the marking
    without reviewing.

    \b
    Examples:
      drill show cmcc-hubei-sales/store-types/members
      drill show my-counter/complaint-ticket/cloze/1 --deck my-counter.yaml
      drill show sample-counter-basics/complaint-ticket/cloze/1 --try "二十四小时" --try "1小时"
      drill show sample-counter-basics/dont-know/rephrase --try "这个问题我先帮您登记，两小时内给您回复" --json
    """
    from ..errors import NotFoundError

    from ..generate import make_cards
    from ..lexicon import standards_from_decks
    from ..loader import load_deck

    deck_id = card_id.split("/", 1)[0]
    decks = [load_deck(f) for f in _resolve_all(deck_paths or (deck_id,))]
    found = [c for deck in decks for c in make_cards(deck) if c.id == card_id]
    if not found:
        raise NotFoundError(_("no card {card!r} (see `drill cards {deck}` for the ids)").format(
            card=card_id, deck=deck_id))
    card = found[0]
    from .card_cmds import review_info

    review = review_info(card_id, db)
    standards = standards_from_decks(decks)  # the prohibited phrases and tones these decks list
    verdicts = [_try_answer(card, answer, standards) for answer in tries]
    if as_json:
        data = card.model_dump(mode="json")
        if review is not None:
            data["review"] = review
        if tries:
            data["tries"] = [{"answer": a, **v} for a, v in zip(tries, verdicts)]
        echo_json(data)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    from ..session import type_label

    rows = [(_("card id"), card.id), (_("type"), type_label(card.type.value)), (_("topic"), card.topic or ""),
            (_("prompt"), card.prompt)]
    for i, o in enumerate(card.options):
        mark = " ✓" if o.correct else ""
        rows.append((_("option {letter}").format(letter=chr(65 + i)), o.text + mark))
    rows.append((_("answer"), card.answer))
    if card.accept:
        from ..judge import shown_accept

        rows.append((_("also accepts"), " ｜ ".join(shown_accept(card.items, card.accept))))
    if card.points:
        rows.append((_("key points"), "；".join(p.replace("|", "／") for p in card.points)))
    if card.explanation:
        rows.append((_("explanation"), card.explanation))
    if card.source:
        rows.append((_("source"), card.source))
    # the content hash is for scripts (--json), not for people
    from ..text import terminal_safe

    for k, v in rows:
        _print_row(console, k, terminal_safe(v))
    marks = {True: (_("✓ right"), "bold green"), False: (_("✗ wrong"), "bold red"),
             None: (_("? self-rated"), "bold yellow")}
    for answer, verdict in zip(tries, verdicts):
        label, style = marks[verdict["correct"]]
        console.print()
        console.print(_label(_("try")), Text(terminal_safe(answer)), sep="")
        console.print(_label(_("verdict")), Text(label, style=style), sep="")
        console.print(_label(_("reason")), Text(terminal_safe(verdict["reason"])), sep="")
    if review is not None:
        _print_review(console, review)


def _print_row(console: Any, label: str, value: str, style: str = "") -> None:
    """One row of `drill show`: the label, then the value wrapped under itself (never from column 0)."""
    from rich.text import Text

    from .wrap import hanging

    lead = _label(label)
    indent = " " * lead.cell_len
    for i, line in enumerate(hanging(indent, value, max(console.width, lead.cell_len + 10))):
        console.print(lead if i == 0 else Text(indent), Text(line[len(indent):], style=style), sep="",
                      no_wrap=True, crop=False)


def _label(name: str) -> Any:
    """A row label of `drill show`, right-aligned in 12 terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len
    from rich.text import Text

    return Text(" " * max(0, 12 - cell_len(name)) + name + "  ", style="bold")


#: card states and ratings as `drill show` prints them (the store's names, translated where shown)
_STATES = {"new": N_("new"), "learning": N_("learning"), "review": N_("review"), "relearning": N_("relearning")}
_RATINGS = {"again": N_("again"), "hard": N_("hard"), "good": N_("good"), "easy": N_("easy")}


def _print_review(console: Any, review: dict[str, Any]) -> None:
    """The card's scheduling and review history, as `drill show` prints them."""
    from rich.text import Text

    from ..store import from_text

    def when(text: str | None) -> str:
        moment = from_text(text)
        return "—" if moment is None else f"{moment.astimezone():%Y-%m-%d %H:%M}"

    def number(value: float | None, fmt: str) -> str:
        return "—" if value is None else format(value, fmt)

    flag_names = {"suspended": N_("suspended"), "leech": N_("leech"), "orphaned": N_("orphaned")}
    flags = [_(name) for f, name in flag_names.items() if review[f]]
    if review["buried_until"]:
        flags.append(_("buried until {time}").format(time=when(review["buried_until"])))
    stability = review["stability"]
    state = review["state"]
    rows = [(_("state"), _(_STATES[state]) if state in _STATES else state), (_("due"), when(review["due"])),
            (_("stability"), "—" if stability is None else _("{days} days").format(days=format(stability, ".2f"))),
            (_("difficulty"), number(review["difficulty"], ".2f")),
            (_("recall now"), number(review["retrievability"], ".0%")),
            (_("reviews"), _("{reps} · lapses {lapses}").format(reps=review["reps"], lapses=review["lapses"])),
            # Translators: the separator between flags (suspended, leech, …)
            (_("flags"), _(", ").join(flags) or "—")]
    console.print()
    for k, v in rows:
        _print_row(console, k, v)
    from ..text import terminal_safe

    for i, r in enumerate(review["history"]):
        mark = {1: " ✓", 0: " ✗"}.get(r.get("correct"), "")
        rating = _(_RATINGS[r["rating"]]) if r["rating"] in _RATINGS else r["rating"]
        # what was typed and why it was marked so, under the answer's date
        _print_row(console, _("history") if i == 0 else "", f"{when(r['reviewed_at'])}  {rating}{mark}")
        if r.get("answer") is not None:
            _print_row(console, "", _("your answer: ") + terminal_safe(r["answer"]), "dim")
        if r.get("reason"):
            from ..grading import readable_reason

            _print_row(console, "", terminal_safe(readable_reason(str(r["reason"]))), "dim")


def _try_answer(card: Any, answer: str, standards: Any = None) -> dict[str, Any]:
    """The verdict on ``answer`` for ``card``, as review would give it (choice cards: letters; orders: letters or
    numbers; basic cards: self-rated, with the judge's reason beside)."""
    from ..exam.scoring import letters_given
    from ..grading import grade_basic, grade_option, grade_ordering, grade_true_false
    from ..judge import judge

    content = card.model_dump(mode="json")
    kind = card.type.value
    try:
        if kind in ("multiple_choice", "true_false"):
            letters = letters_given(answer)
            if kind == "true_false" and letters in ("T", "F"):
                grade = grade_true_false(content, letters == "T")
            elif len(letters) == 1 and "A" <= letters <= "Z":
                grade = grade_option(content, ord(letters) - 65)
            else:
                raise ValueError(_("answer a choice card with one option letter A–{last}").format(
                    last=chr(64 + len(card.options))))
        elif kind == "ordering":
            grade = grade_ordering(content, answer)
        elif kind == "basic":  # the learner rates a basic card; the judge's reason is shown beside, as a help
            basic = grade_basic(content, answer)
            assert basic.verdict is not None
            return {**basic.verdict.to_dict(), "correct": None, "score": 0.0, "reason": basic.reason,
                    "judge": basic.verdict.correct}
        else:
            return judge(content, answer, standards).to_dict()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"--try {answer!r}") from None
    reason = _("correct") if grade.correct else _("should be 「{expected}」, you answered 「{given}」").format(
        expected=grade.expected, given=grade.given)
    return {"correct": grade.correct, "reason": reason, "score": grade.score}


@click.command()
@click.option("--blueprint", is_flag=True, help="The exam blueprint format instead of the deck format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@handle_errors
def schema(blueprint: bool, output: str | None) -> None:
    """Print the JSON Schema of the deck (or blueprint) format.

    Put `# yaml-language-server: $schema=deck.schema.json` on the first line of
    a deck to have editors complete and check it.

    \b
    Examples:
      drill schema -o deck.schema.json
      drill schema --blueprint > blueprint.schema.json
    """
    import json

    if blueprint:
        from ..exam import blueprint_schema

        value = blueprint_schema()
    else:
        from ..schema import deck_schema

        value = deck_schema()
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if output:
        from ..atomic import write_text
        from ..text import terminal_safe

        write_text(output, text)
        click.echo(terminal_safe(_("wrote {path}").format(path=output)), err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--markdown", is_flag=True, help="Print a Markdown overview (facts by kind, cards by type).")
@handle_errors
def decks(as_json: bool, markdown: bool) -> None:
    """List the shipped decks with their fact and card counts.

    A shipped deck can be named by its id wherever a deck path is accepted.

    \b
    Examples:
      drill decks
      drill review cmcc-hubei-sales
    """
    from ..catalog import shipped_decks
    from ..generate import make_cards
    from ..loader import load_deck

    from collections import Counter

    rows = []
    for deck_id, path in sorted(shipped_decks().items()):
        deck = load_deck(path)
        made = make_cards(deck)
        rows.append({"id": deck_id, "title": deck.title, "facts": len(deck.facts), "cards": len(made),
                     "source": deck.source.title if deck.source else None,
                     "publisher": deck.source.publisher if deck.source else None,
                     "facts_by_kind": dict(sorted(Counter(f.kind for f in deck.facts).items())),
                     "cards_by_type": dict(sorted(Counter(c.type.value for c in made).items())),
                     "path": path.name})
    if markdown:
        click.echo(_decks_markdown(rows), nl=False)
        return
    if as_json:
        echo_json(rows)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..text import terminal_safe

    table = Table()
    for col in (N_("id"), N_("title"), N_("facts"), N_("cards")):
        table.add_column(_(col), justify="right" if col in {"facts", "cards"} else "left")
    for r in rows:
        table.add_row(Text(terminal_safe(r["id"])), Text(terminal_safe(r["title"])), str(r["facts"]), str(r["cards"]))
    Console().print(table)


def _decks_markdown(rows: list[dict]) -> str:  # type: ignore[type-arg]
    def counts(d: dict) -> str:  # type: ignore[type-arg]
        return ", ".join(f"{k} {v}" for k, v in d.items())

    lines = ["| deck | title | source | facts by kind | cards by type |", "|---|---|---|---|---|"]
    for r in rows:
        source = " / ".join(filter(None, [r["source"], r["publisher"]]))
        lines.append(
            f"| `{r['id']}` | {r['title']} | {source} | {r['facts']}: {counts(r['facts_by_kind'])} "
            f"| {r['cards']}: {counts(r['cards_by_type'])} |"
        )
    total_f = sum(r["facts"] for r in rows)
    total_c = sum(r["cards"] for r in rows)
    lines.append(f"| **total** | | | {total_f} | {total_c} |")
    return "\n".join(lines) + "\n"
