"""Generated hostile decks through load → cards → every exporter → the terminal.

Whatever a deck holds (control characters, escape sequences, bidi overrides,
zero-width characters, markup, huge or deeply nested structures, aliases):
never a traceback, never a raw escape byte on the terminal, every file written
is well-formed (XML parses, the .apkg imports into the `anki` package, JSON and
CSV read back), and a refused deck writes nothing at all.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drill.cli import cli
from drill.yamlio import refused_character

anki_collection = pytest.importorskip("anki.collection")

# what must never reach a terminal raw: ESC, BEL, CSI (C1) and the other C0/C1 controls, bidi overrides
TERMINAL_FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7f, 0xa0)}
TERMINAL_FORBIDDEN |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}

HOSTILE = ["\x1b", "\x07", "\x00", "\x1f", "\x85", "\x9b", "\x7f", "\r", "\u202e", "\u2066", "\u200b", "\u200d",
           "\ufeff", "\x1b]2;pwned\x07", "\x1b[2J", "\x1b]52;c;aGk=\x07", "<", ">", "&", '"', "'", "]]>", "{{c1::",
           "}}", "::", "[bold]", "[/]", "=", "+", "@", "-", "\t", "\n", "\\", "#", "|", "*", "`", "%", "{", "}",
           "第", "一", "号", "码", "A", "b", "1", " ", "\U0001f600", "\u3000"]

hostile_text = st.lists(st.sampled_from(HOSTILE) | st.characters(blacklist_categories=("Cs",)),
                        min_size=1, max_size=12).map("".join)
# text a careful deck may hold: markup-like and formula-like characters, CJK, but nothing load refuses
printable_text = st.lists(st.sampled_from([h for h in HOSTILE if not refused_character(h)]), min_size=1,
                          max_size=12).map("".join).filter(lambda t: t.strip() != "")

EXAM_FORMATS = ["html", "moodle", "gift", "docx", "markdown"]


def _deck(texts: list[str]) -> dict:
    terms = ["开户", "销户", "过户", "补卡", "停机"]
    facts = []
    for i, term in enumerate(terms):
        facts.append({"id": f"f{i}", "kind": "term", "topic": "业务", "term": term,
                      "definition": f"{term}须本人办理{i}"})
    facts[0]["definition"] = texts[0]
    facts[1]["term"] = texts[1]
    facts[2]["note"] = texts[2]
    facts.append({"id": "rule", "kind": "rule", "topic": "业务", "text": f"{{{{c1::{texts[3]}}}}}内办结"})
    return {"deck": "hostile", "title": "恶意", "facts": facts}


BLUEPRINT = """exam: hostile-exam
title: 测试
decks: [deck.yaml]
pass_mark: 60
sections:
  - {title: 一、选择, types: [multiple_choice], count: 2, points: 2}
  - {title: 二、填空, types: [typed, cloze], count: 1, points: 2}
"""


def _terminal_clean(output: str) -> None:
    assert "Traceback" not in output, output
    leaked = sorted({f"U+{ord(c):04X}" for c in output if c in TERMINAL_FORBIDDEN})
    assert not leaked, (leaked, output)


def _check_file(fmt: str, path: Path, work: Path) -> None:
    data = path.read_bytes()
    if fmt == "json":
        json.loads(data.decode("utf-8"))
    elif fmt == "csv":
        lines = data.decode("utf-8").split("\n")
        headers = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        columns = next(line for line in lines if line.startswith("#columns:")).count("\t") + 1
        rows = list(csv.reader(io.StringIO("\n".join(lines[headers:])), delimiter="\t"))
        assert rows and all(len(r) == columns for r in rows if r)
    elif fmt == "anki":
        col = anki_collection.Collection(str(work / f"col-{path.stem}.anki2"))
        try:
            from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

            col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path),
                                                             options=ImportAnkiPackageOptions()))
            assert col.card_count() > 0
            for cid in col.find_cards(""):
                card = col.get_card(cid)
                card.question(), card.answer()
        finally:
            col.close()
    elif fmt == "moodle":
        ET.fromstring(data)
    elif fmt == "docx":
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    ET.fromstring(z.read(name))
    elif fmt == "html":
        text = data.decode("utf-8")
        assert "\x1b" not in text and "\x00" not in text
    else:
        data.decode("utf-8")


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(hostile_text, min_size=4, max_size=4), st.lists(printable_text, min_size=4, max_size=4),
                 st.lists(printable_text, min_size=4, max_size=4)))
def test_hostile_text_is_refused_at_load_or_exported_well_formed_everywhere(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        deck = work / "deck.yaml"
        deck.write_text(yaml.safe_dump(_deck(texts), allow_unicode=True), encoding="utf-8")
        out = work / "out"
        out.mkdir()
        refused = any(refused_character(t) for t in texts)
        event("refused at load" if refused else "loaded")

        for args in (["lint", str(deck)], ["cards", str(deck)], ["show", "hostile/f0/define", "--deck", str(deck)],
                     ["review", str(deck), "--db", str(work / "d.db")]):
            result = CliRunner().invoke(cli, args, input="\n3\n\n3\nq\n")
            assert result.exit_code in (0, 1, 2), (args, result.output, result.exc_info)
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
            _terminal_clean(result.output)
            if refused:
                assert result.exit_code == 2

        suffix = {"anki": ".apkg", "csv": ".txt", "json": ".json", "markdown": ".md"}
        exported = True
        for fmt in ("anki", "csv", "json", "markdown"):
            target = out / f"deck{suffix[fmt]}"
            result = _run("export", str(deck), "--format", fmt, "--out", str(target))
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
            _terminal_clean(result.output)
            if result.exit_code != 0:
                assert result.exit_code == 2, result.output
                assert list(out.iterdir()) == [p for p in out.iterdir() if p.stem == "deck" and p.suffix != suffix[fmt]]
                exported = False
                continue
            assert not refused, texts
            _check_file(fmt, target, work)
            event(f"exported {fmt}")
        if refused:
            assert not exported and list(out.iterdir()) == [], list(out.iterdir())

        (work / "bp.yaml").write_text(BLUEPRINT, encoding="utf-8")
        for fmt in EXAM_FORMATS:
            papers = work / f"papers-{fmt}"
            result = _run("exam", "build", str(work / "bp.yaml"), "--seed", "1", "--format", fmt, "--out", str(papers))
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
            _terminal_clean(result.output)
            if result.exit_code != 0:
                assert result.exit_code == 2, result.output
                assert not papers.exists() or list(papers.iterdir()) == []
                continue
            assert not refused
            json.loads((papers / "keys" / "manifest.json").read_text(encoding="utf-8"))
            for written in papers.rglob("*"):
                if written.is_file() and written.name not in ("manifest.json", "answer-sheet.csv"):
                    _check_file(fmt, written, work)
            event(f"exam {fmt}")


def _nested(depth: int) -> str:
    return "[" * depth + "x" + "]" * depth


structures = st.one_of(
    # deep flow nesting inside a value
    st.integers(1, 120).map(lambda d: f"    definition: {_nested(d)}\n"),
    # brackets and dashes in text that only look deep
    st.integers(1, 120).map(lambda d: f"    definition: \"{'[' * d}文字\"\n"),
    st.integers(1, 200).map(lambda d: f"    definition: {'-' * d}\n"),
    # a block scalar with deep indentation
    st.integers(1, 60).map(lambda d: "    definition: |\n" + "".join(f"      {' ' * (2 * i)}- 第{i}级\n"
                                                                         for i in range(d))),
    # aliases to strings, repeated
    st.tuples(st.integers(1, 120_000), st.integers(1, 40)).map(
        lambda ns: f"    definition: &big {'字' * ns[0]}\n" + "".join(
            f"  - {{id: a{i}, kind: term, term: 别名{i}, definition: *big}}\n" for i in range(ns[1]))),
    # aliases to lists (a billion laughs)
    st.integers(1, 12).map(lambda n: "    tags: &l0 [a, b]\n" + "".join(
        f"  - {{id: b{i}, kind: term, term: 列表{i}, definition: 说明, tags: &l{i} [*l{i - 1}, *l{i - 1}]}}\n"
        for i in range(1, n))),
    # tags
    st.sampled_from(["!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!float nope", "!!str 文字",
                     "!!int 3", "!local x"]).map(lambda t: f"    definition: {t}\n"),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures)
def test_hostile_structure_is_refused_cleanly_or_loaded(tail: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        deck = work / "deck.yaml"
        text = "deck: s\ntitle: 结构\nfacts:\n  - id: base\n    kind: term\n    term: 基础\n" + tail
        deck.write_text(text, encoding="utf-8")
        result = _run("lint", str(deck))
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code in (0, 2), result.output
        _terminal_clean(result.output)
        out = work / "deck.json"
        result = _run("export", str(deck), "--format", "json", "--out", str(out))
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        _terminal_clean(result.output)
        if result.exit_code == 0:
            json.loads(out.read_text(encoding="utf-8"))
            # aliases repeat at most MAX_ALIAS_CHARS characters; a fact's text stands in a few cards at most
            assert out.stat().st_size < 64_000_000
        else:
            assert result.exit_code == 2 and not out.exists()
