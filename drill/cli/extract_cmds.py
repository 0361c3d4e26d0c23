"""``drill extract``: a draft deck from a handbook, and the trainer's review sheet read back."""

from __future__ import annotations

from typing import Any

import click

from ..i18n import _, ngettext
from .common import EXIT_INPUT, echo_json, handle_errors, messages_for_scripts

#: exit code when no statement of the handbooks looked like a fact (nothing written)
EXIT_NO_FACTS = EXIT_INPUT


@click.command()
@click.argument("handbooks", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", "-o", "out", required=True, type=click.Path(dir_okay=False),
              help="Draft deck to write. If it exists, the trainer's decisions in it are kept for "
                   "statements the handbook still makes.")
@click.option("--sheet", type=click.Path(dir_okay=False), default=None,
              help="Also write an .xlsx review sheet (保留/删除/修改 per fact).")
@click.option("--apply", "apply_path", type=click.Path(dir_okay=False), default=None,
              help="Read the decisions of a filled-in review sheet into the draft at --out (no HANDBOOKS).")
@click.option("--deck", "deck_id", default=None, help="Deck id of the draft (default: from the file name).")
@click.option("--title", default=None, help="Deck title (default: the handbook's first heading).")
@click.option("--extractor", default="rules", show_default="`rules`",
              help="Extractor plugin (entry point group drill.extractors).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write the report (counts, left-out sentences, heading coverage) as JSON to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@handle_errors
def extract(handbooks: tuple[str, ...], out: str, sheet: str | None, apply_path: str | None, deck_id: str | None,
            title: str | None, extractor: str, report_path: str | None, as_json: bool) -> None:
    """Draft a deck from handbooks (.txt, .md; .docx and .pdf with the reader plugins).

    Every drafted fact cites its file, heading, lines and sentence, holds only
    words of those lines, and has reviewed: false until a trainer has read it.
    A handbook in which nothing looks like a fact writes nothing and exits 2.

    \b
    Examples:
      drill extract handbook.txt --out draft.yaml --sheet review.xlsx
      drill extract --apply review.xlsx --out draft.yaml     # the trainer's 保留/删除/修改
      drill extract handbook.txt --out draft.yaml            # after the handbook changed
      drill lint --strict draft.yaml                         # refuses unreviewed facts
    """
    if as_json:
        messages_for_scripts()
    if apply_path:
        _apply(apply_path, out, handbooks, as_json)
        return
    if not handbooks:
        raise click.UsageError(_("give at least one HANDBOOK (or --apply SHEET)"))
    from ..extract import extract_deck, no_facts_error
    from ..extract.output import read_previous, report, write_draft

    previous = read_previous(out)
    progress = None if as_json else (lambda path: click.echo(_("reading {path}").format(path=path), err=True))
    draft = extract_deck(list(handbooks), previous=previous, extractor=extractor, deck_id=deck_id, title=title,
                         progress=progress)
    summary = report(draft)
    if report_path:
        import json

        from ..atomic import write_text

        write_text(report_path, json.dumps(summary, ensure_ascii=False, indent=2) + "\n", inputs=handbooks)
    if not draft.deck["facts"]:
        if as_json:
            echo_json(summary)
        else:
            _print_left_out(summary)
        raise no_facts_error(handbooks)
    write_draft(draft, out, inputs=handbooks)
    if sheet:
        from ..extract.review_sheet import write_sheet

        write_sheet(draft.deck, sheet, inputs=[*handbooks, out])
    if as_json:
        echo_json(summary)
    else:
        _print_summary(summary, out, sheet)


def _apply(sheet: str, out: str, handbooks: tuple[str, ...], as_json: bool) -> None:
    if handbooks:
        raise click.UsageError(_("--apply reads a review sheet into --out; give no HANDBOOKS with it"))
    from ..errors import InputError, Problem
    from ..extract.draft import Draft
    from ..extract.output import read_previous, write_draft
    from ..extract.review_sheet import apply_sheet

    deck = read_previous(out)
    if deck is None:
        raise InputError(Problem(_("no such file"), file=out, code="not-found"))
    new, counts = apply_sheet(deck, sheet)
    write_draft(Draft(new, [], []), out, inputs=[sheet])
    unreviewed = sum(1 for f in new["facts"] if f.get("reviewed") is False)
    if as_json:
        echo_json({"kept": counts["保留"], "dropped": counts["删除"], "edited": counts["修改"],
                   "unreviewed": unreviewed})
        return
    click.echo(_("{out}: {kept} kept, {dropped} dropped, {edited} edited; {left}").format(
        out=out, kept=counts["保留"], dropped=counts["删除"], edited=counts["修改"],
        left=ngettext("{n} fact still unreviewed", "{n} facts still unreviewed", unreviewed).format(n=unreviewed)))


def _print_left_out(summary: dict[str, Any]) -> None:
    for item in summary["left_out"]:
        click.echo(_("{file}:{lines}: left out ({reason}): {sentence}").format(**item), err=True)


def _print_summary(summary: dict[str, Any], out: str, sheet: str | None) -> None:
    kinds = ", ".join(f"{k} {n}" for k, n in summary["by_kind"].items())
    click.echo(ngettext("{out}: {n} fact ({kinds})", "{out}: {n} facts ({kinds})", summary["facts"]).format(
        out=out, n=summary["facts"], kinds=kinds))
    if summary["decisions_kept"]:
        click.echo(ngettext("{n} trainer decision kept from the previous draft",
                            "{n} trainer decisions kept from the previous draft",
                            summary["decisions_kept"]).format(n=summary["decisions_kept"]))
    if summary["gone"]:
        click.echo(_("no longer in the handbook (dropped): {ids}").format(ids=", ".join(summary["gone"])))
    for file, cov in summary["coverage"].items():
        click.echo(_("{file}: {hit} of {total} headings gave facts").format(
            file=file, hit=cov["with_facts"], total=cov["headings"]))
    n = len(summary["left_out"])
    if n:
        click.echo(ngettext("{n} sentence looked like a fact but was left out (--json or --report lists it)",
                            "{n} sentences looked like facts but were left out (--json or --report lists them)",
                            n).format(n=n))
    if sheet:
        click.echo(_("review sheet: {sheet} (fill in 决定, then drill extract --apply {sheet} --out {out})").format(
            sheet=sheet, out=out))
    click.echo(_("every fact is unreviewed until a trainer has read it; drill lint --strict refuses them"))


__all__ = ["EXIT_NO_FACTS", "extract"]
