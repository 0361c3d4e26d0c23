"""Deck text is shown as text: rich markup stays literal, terminal escape sequences are dropped."""

from __future__ import annotations

from click.testing import CliRunner

from drill.cli import cli
from drill.text import terminal_safe

DECK = (
    "deck: hostile\ntitle: 恶意\nfacts:\n"
    '  - {id: t1, kind: term, topic: 甲, source: 一, term: "[bold red]粗体[/bold red]", '
    'definition: "变色\\e[31m红\\e]0;title\\a字\\u202e反"}\n'
)


def test_terminal_safe_strips_escapes_controls_and_bidi():
    assert terminal_safe("a\x1b[2Jb\x1b]0;pwned\x07c\x07\u202ed\x9b31me") == "abcde"
    assert terminal_safe("第一行\n\t第二行") == "第一行\n\t第二行"


def test_show_prints_markup_literally_and_no_escape_sequences(write_deck):
    path = write_deck(DECK)
    result = CliRunner().invoke(cli, ["show", "hostile/t1/define", "--deck", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]粗体[/bold red]" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "变色红字反" in result.output


def test_cards_table_prints_markup_literally(write_deck):
    path = write_deck(DECK)
    result = CliRunner().invoke(cli, ["cards", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]粗体[/bold" in result.output
    assert "\x1b" not in result.output
