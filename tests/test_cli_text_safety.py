"""Deck text is shown as text: rich markup stays literal, terminal escape sequences are dropped."""

from __future__ import annotations

from click.testing import CliRunner

from drill.cli import cli
from drill.text import terminal_safe

DECK = (
    "deck: hostile\ntitle: 恶意\nfacts:\n"
    '  - {id: t1, kind: term, topic: 甲, source: 一, term: "[bold red]粗体[/bold red]", '
    'definition: "变色红字反"}\n'
)
ESCAPES = DECK.replace("变色红字反", "变色\\e[31m红\\e]0;title\\a字\\u202e反")


def test_terminal_safe_strips_escapes_controls_and_bidi():
    assert terminal_safe("a\x1b[2Jb\x1b]0;pwned\x07c\x07\u202ed\x9b31me") == "abcde"
    assert terminal_safe("第一行\n\t第二行") == "第一行\n\t第二行"


def test_show_prints_markup_literally(write_deck):
    path = write_deck(DECK)
    result = CliRunner().invoke(cli, ["show", "hostile/t1/define", "--deck", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]粗体[/bold red]" in result.output
    assert "变色红字反" in result.output


def test_escape_sequences_in_deck_text_are_refused_at_load_and_never_echoed(write_deck):
    path = write_deck(ESCAPES)
    for args in (["show", "hostile/t1/define", "--deck", str(path)], ["cards", str(path)], ["lint", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f"{path}:4:" in result.output and "fact t1" in result.output and "U+001B" in result.output
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output


def test_cards_table_prints_markup_literally(write_deck):
    path = write_deck(DECK)
    result = CliRunner().invoke(cli, ["cards", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]粗体[/bold" in result.output
    assert "\x1b" not in result.output
