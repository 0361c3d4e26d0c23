"""``drill import-bank``: a trainer's question bank (.xlsx, .txt, .docx) into a deck file."""

from __future__ import annotations

import click

from ..i18n import _, ngettext
from .common import echo_json, handle_errors, messages_for_scripts


@click.command("import-bank")
@click.argument("bank", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Deck file to write (.yaml).")
@click.option("--deck", "deck_id", default=None, help="Deck id (default: from the bank's file name).")
@click.option("--title", default=None, help="Deck title (default: the bank's file name).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@handle_errors
def import_bank(bank: str, out: str, deck_id: str | None, title: str | None, as_json: bool) -> None:
    """Turn a question bank (题库) into a deck file of `question` facts.

    BANK is an .xlsx workbook (one question per row: 题型, 题干, 选项A…, 正确答案,
    解析, 分值, 难度, 知识点 — or 试题类型/题目/答案/A… as many templates name them),
    a plain-text bank (.txt: `1. 题干` / `A. …` / `答案：B` / `解析：…`) or a Word
    document in the same text form (.docx). Every question keeps its stem,
    options and key as written, and the row it came from (`source`). Every bad
    row is reported with its sheet, row and column; then nothing is written
    (exit 2).

    A bank file can also be given directly where a deck is (`drill lint`,
    `cards`, `add`, `export`, blueprints).

    \b
    Examples:
      drill import-bank 题库.xlsx --out bank.yaml
      drill import-bank questions.txt --out questions.yaml --deck counter-questions --title 营业厅题库
      drill lint 题库.xlsx
    """
    from pathlib import Path

    import yaml

    from ..atomic import check_not_input, write_text
    from ..bank import load_bank
    from ..errors import InputError, Problem

    if as_json:
        messages_for_scripts()
    deck = load_bank(bank)
    target = Path(out)
    if not target.parent.is_dir():
        raise InputError(Problem(_("directory {path!r} does not exist").format(path=str(target.parent)), file=out,
                                 field="--out"))
    check_not_input(target, [bank])
    data = deck.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    data["deck"] = deck_id or data["deck"]
    data["title"] = title or data["title"]
    data.pop("language", None)
    order = ("kind", "id", "type", "stem", "options", "key", "accept", "explanation", "score", "difficulty",
             "topic", "tags", "source")
    data["facts"] = [{k: {**fact, "kind": "question"}[k] for k in order if k in {**fact, "kind": 1}}
                     for fact in data["facts"]]
    from ..deck import Deck

    checked = Deck.model_validate(data)  # a bad --deck id is refused before anything is written
    ordered = {"deck": checked.deck, "title": checked.title, "facts": data["facts"]}
    header = _("# Questions read from {bank} by `drill import-bank`; `source` is where each one is in the bank.\n"
               ).format(bank=Path(bank).name)
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    write_text(target, header + body, inputs=[bank])
    n = len(checked.facts)
    if as_json:
        echo_json({"bank": bank, "deck": checked.deck, "questions": n, "file": str(target)})
        return
    click.echo(str(target))
    click.echo(ngettext("{n} question from {bank} written to {out}", "{n} questions from {bank} written to {out}",
                        n).format(n=n, bank=bank, out=out), err=True)
