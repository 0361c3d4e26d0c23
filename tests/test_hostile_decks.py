"""Hostile deck files: refused at load with file:line:column and fact id, never half-accepted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drill.errors import DeckError
from drill.loader import load_deck

HEAD = "deck: t\ntitle: 测试\nfacts:\n"


def _problems(path: Path) -> list:
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return info.value.problems


def _term(term: str, definition: str = "须本人办理", fid: str = "a") -> str:
    return f"  - id: {fid}\n    kind: term\n    term: {term}\n    definition: {definition}\n"


# -- 4 and 14: control, escape, bidi and zero-width characters ---------------------------------

@pytest.mark.parametrize(
    ("written", "what"),
    [
        ('"开户\\e]2;pwned\\a"', "U+001B"),        # OSC: sets the window title
        ('"开户\\e[2J"', "U+001B"),                 # clears the screen
        ('"开户\\x1f办理"', "U+001F"),              # Anki's field separator
        ('"开户\\0办理"', "U+0000"),                # NUL
        ('"开户\\x85办理"', "U+0085"),              # C1 control
        ("开户\u202e理办", "U+202E"),              # right-to-left override, raw in the file
        ("开户\u2066办理\u2069", "U+2066"),        # bidi isolate
        ("开户\u200b办理", "U+200B"),              # zero-width space, raw
        ('"开户\\u200d办理"', "U+200D"),            # zero-width joiner, escaped
        ("开户\u2060办理", "U+2060"),              # word joiner
    ],
)
def test_refused_character_is_reported_with_place_and_fact(write_deck, written: str, what: str) -> None:
    path = write_deck(HEAD + _term("普通", fid="ok") + _term(written, fid="bad-one"))
    problems = [p for p in _problems(path) if p.code == "control-character"]
    assert len(problems) == 1, problems
    p = problems[0]
    assert what in p.message and p.fact == "bad-one" and p.field == "term"
    assert p.file == str(path) and p.line == 10 and p.column is not None and p.column >= 11


def test_raw_character_is_pointed_at_exactly(write_deck) -> None:
    path = write_deck(HEAD + _term("开户\u200b办理"))
    (p,) = _problems(path)
    assert (p.line, p.column) == (6, 13)  # the zero-width space itself, after "开户"


def test_tab_and_line_breaks_stay_allowed(write_deck) -> None:
    path = write_deck(HEAD + "  - id: a\n    kind: term\n    term: 开户\n    definition: |\n      第一行\n      第二行\t说明\n")
    deck = load_deck(path)
    assert deck.facts[0].definition == "第一行\n第二行\t说明"


def test_refused_character_in_a_key_is_reported(write_deck) -> None:
    path = write_deck(HEAD + '  - id: a\n    kind: term\n    term: 开户\n    definition: 办理\n    "x\\e[2J": 1\n')
    assert any(p.code == "control-character" for p in _problems(path))


# -- 14. UTF-16 gets a hint --------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_deck_gets_a_save_as_utf8_hint(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes((HEAD + _term("开户")).encode(encoding))
    (p,) = _problems(path)
    assert "UTF-16" in p.message and "UTF-8" in p.message and (p.line, p.column) == (1, 1)


# -- 2. aliases to strings are measured ---------------------------------------------------------

def test_alias_amplified_string_is_refused_quickly(write_deck) -> None:
    big = "字" * 350_000  # about 1 MB of UTF-8
    facts = [f"  - id: f0\n    kind: term\n    term: t0\n    definition: &big {big}\n"]
    facts += [f"  - id: f{i}\n    kind: term\n    term: t{i}\n    definition: *big\n" for i in range(1, 2000)]
    path = write_deck(HEAD + "".join(facts))
    start = time.monotonic()
    problems = _problems(path)
    took = time.monotonic() - start
    assert any("alias" in p.message and p.line is not None for p in problems)
    assert took < 30  # today's code takes minutes and gigabytes; a generous bound, not a benchmark


def test_short_strings_may_still_be_shared_by_alias(write_deck) -> None:
    facts = [f"  - id: f0\n    kind: term\n    term: t0\n    definition: &d 须本人持有效证件办理\n"]
    facts += [f"  - id: f{i}\n    kind: term\n    term: t{i}\n    definition: *d\n" for i in range(1, 300)]
    deck = load_deck(write_deck(HEAD + "".join(facts)))
    assert {f.definition for f in deck.facts} == {"须本人持有效证件办理"}


# -- 9. the nesting check counts structure, not brackets in text --------------------------------

def test_brackets_in_quoted_text_are_not_nesting(write_deck) -> None:
    facts = "".join(f'  - {{id: f{i}, kind: term, term: "区间{i}", definition: "取值范围为 [0, N) 分"}}\n'
                    for i in range(40))
    deck = load_deck(write_deck(HEAD + facts))
    assert len(deck.facts) == 40


def test_a_line_of_dashes_and_deep_block_text_are_not_nesting(write_deck) -> None:
    block = "\n".join(" " * (8 + 2 * i) + f"- 第{i}级" for i in range(60))
    text = (HEAD + "  - id: a\n    kind: term\n    term: 分隔线\n    definition: " + "-" * 80 + "\n"
            "  - id: b\n    kind: term\n    term: 层级\n    definition: |\n" + block + "\n")
    deck = load_deck(write_deck(text))
    assert deck.facts[0].definition == "-" * 80 and deck.facts[1].definition.count("第") == 60


def test_real_deep_nesting_is_refused_with_line_and_column(write_deck) -> None:
    path = write_deck(HEAD + "  - id: a\n    kind: term\n    term: x\n    definition: " + "[" * 60 + "]" * 60 + "\n")
    (p,) = _problems(path)
    # the document, `facts` and the fact are three levels: the 38th bracket is the 41st level
    assert "nesting deeper than" in p.message and (p.line, p.column) == (7, 17 + 37)


# -- 11. only plain core tags, and only where they mean what the schema expects ------------------

@pytest.mark.parametrize(
    "value",
    ["!!python/object/apply:os.system ['echo hi']", "!!python/name:os.system ''", "!!binary aGk=",
     "!!float nope", "!!int 十", "!!timestamp 2024-01-01", "!!set {a: null}", "!custom x", "!!int 5"],
)
def test_tags_that_are_not_plain_text_are_refused(write_deck, value: str) -> None:
    problems = _problems(write_deck(HEAD + _term("开户", value)))
    assert any(p.line == 7 and p.fact == "a" for p in problems), problems


def test_str_tag_is_plain_text(write_deck) -> None:
    deck = load_deck(write_deck(HEAD + _term("开户", "!!str 2023.7")))
    assert deck.facts[0].definition == "2023.7"


def test_a_deck_saved_with_windows_line_ends_still_loads(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_DECK

    path = tmp_path / "crlf.yaml"
    path.write_bytes(SAMPLE_DECK.read_bytes().replace(b"\n", b"\r\n"))
    assert load_deck(path) == load_deck(SAMPLE_DECK)
