"""Deck commands: lint, cards, show, schema, decks."""

from __future__ import annotations

import sys
from typing import Any

import click

from .common import EXIT_INPUT, echo_json, handle_errors, print_problems


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
@handle_errors
def lint(paths: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """Check deck files: every error and warning, with file:line:column.

    PATHS are deck files, directories of decks, or ids of shipped decks.
    Errors exit 2; warnings exit 0 unless --strict.

    \b
    Examples:
      drill lint decks/
      drill lint --strict decks/cmcc-hubei-sales.yaml
      drill lint --json my-deck.yaml | jq '.files[0].problems'
    """
    from ..lint import lint_file

    results = [lint_file(f) for f in _resolve_all(paths)]
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
        summary = f"{n} file{'s' if n != 1 else ''}: {errors} error(s), {warnings} warning(s)"
        facts = sum(len(r.deck.facts) for r in results if r.deck)
        cards = sum(len(r.cards) for r in results)
        click.echo(f"{summary}; {facts} facts, {cards} cards", err=bool(errors or warnings))
    if errors or (strict and warnings):
        sys.exit(EXIT_INPUT)


def _load_cards(paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from ..generate import make_cards
    from ..loader import load_deck

    return [c for f in _resolve_all(paths) for c in make_cards(load_deck(f))]


def _card_types() -> list[str]:
    from ..card import CardType

    return [t.value for t in CardType]


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
      drill cards cmcc-hubei-sales --type multiple_choice --topic 投诉处理
      drill cards decks/ --json > cards.json
    """
    from ..generate import filter_cards

    selected = filter_cards(_load_cards(paths), types=types, topics=topics, tags=tags)
    if as_json:
        echo_json([c.model_dump(mode="json") for c in selected])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, expand=False)
    for col in ("id", "type", "prompt", "answer"):
        table.add_column(col, overflow="fold")
    from ..text import terminal_safe

    for c in selected:
        table.add_row(Text(c.id), Text(c.type.value), Text(terminal_safe(c.prompt)), Text(terminal_safe(c.answer)))
    console = Console()
    console.print(table)
    console.print(Text(f"{len(selected)} cards"))


@click.command()
@click.argument("card_id")
@click.option("--deck", "deck_paths", multiple=True, help="Deck file to look in (default: the shipped deck named by the id).")
@click.option("--json", "as_json", is_flag=True, help="Print the card as JSON.")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="Review store for the card's scheduling (default: drill.db in $DRILL_HOME or the user data dir).")
@handle_errors
def show(card_id: str, deck_paths: tuple[str, ...], as_json: bool, db: str | None) -> None:
    """Show one card in full: prompt, options, answer, explanation, source.

    CARD_ID is deck/fact/template[/part]. When your review store holds the card,
    its scheduling follows: state, due, stability, difficulty, retrievability
    (chance of recall now), lapses, flags and the review history.

    \b
    Examples:
      drill show cmcc-hubei-sales/store-types/members
      drill show my-deck/complaint-ticket/cloze/1 --deck my-deck.yaml
    """
    from ..errors import NotFoundError

    deck_id = card_id.split("/", 1)[0]
    found = [c for c in _load_cards(deck_paths or (deck_id,)) if c.id == card_id]
    if not found:
        raise NotFoundError(f"no card {card_id!r} (see `drill cards {deck_id}` for the ids)")
    card = found[0]
    from .card_cmds import review_info

    review = review_info(card_id, db)
    if as_json:
        echo_json({**card.model_dump(mode="json"), **({"review": review} if review is not None else {})})
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    rows = [("id", card.id), ("type", card.type.value), ("topic", card.topic or ""), ("prompt", card.prompt)]
    for i, o in enumerate(card.options):
        mark = " ✓" if o.correct else ""
        rows.append((f"option {chr(65 + i)}", o.text + mark))
    rows.append(("answer", card.answer))
    if card.explanation:
        rows.append(("explanation", card.explanation))
    if card.source:
        rows.append(("source", card.source))
    rows.append(("hash", card.content_hash))
    from ..text import terminal_safe

    for k, v in rows:
        console.print(Text(f"{k:>12}  ", style="bold"), Text(terminal_safe(v)), sep="")
    if review is not None:
        _print_review(console, review)


def _print_review(console: Any, review: dict[str, Any]) -> None:
    """The card's scheduling and review history, as `drill show` prints them."""
    from rich.text import Text

    from ..store import from_text

    def when(text: str | None) -> str:
        moment = from_text(text)
        return "—" if moment is None else f"{moment.astimezone():%Y-%m-%d %H:%M}"

    def number(value: float | None, fmt: str) -> str:
        return "—" if value is None else format(value, fmt)

    flags = [f for f in ("suspended", "leech", "orphaned") if review[f]]
    if review["buried_until"]:
        flags.append(f"buried until {when(review['buried_until'])}")
    rows = [("state", review["state"]), ("due", when(review["due"])), ("stability", number(review["stability"], ".2f")
            + (" days" if review["stability"] is not None else "")),
            ("difficulty", number(review["difficulty"], ".2f")),
            ("recall now", number(review["retrievability"], ".0%")),
            ("reviews", f"{review['reps']} · lapses {review['lapses']}"), ("flags", ", ".join(flags) or "—")]
    console.print()
    for k, v in rows:
        console.print(Text(f"{k:>12}  ", style="bold"), Text(v), sep="")
    for r in review["history"]:
        mark = {1: " ✓", 0: " ✗"}.get(r.get("correct"), "")  # type: ignore[arg-type]
        console.print(Text(f"{'':>12}  {when(r['reviewed_at'])}  {r['rating']}{mark}", style="dim"))


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
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
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

    table = Table()
    for col in ("id", "title", "facts", "cards"):
        table.add_column(col, justify="right" if col in {"facts", "cards"} else "left")
    for r in rows:
        table.add_row(Text(r["id"]), Text(r["title"]), str(r["facts"]), str(r["cards"]))
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
