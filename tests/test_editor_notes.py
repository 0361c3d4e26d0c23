"""Editors' notes (`editor_note`) are for a deck's maintainers: never on a card, its back, a paper, a key or an export."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drill import load_deck
from drill.cli import cli
from drill.generate import generate
from tests.conftest import DECKS

SHIPPED = sorted(DECKS.glob("*.yaml"))

DECK = """\
deck: notes-demo
title: 备注测试
facts:
  - id: hotline
    kind: term
    topic: 服务热线
    term: 客服热线
    definition: 10000
    note: 中国电信客服热线为10000。
    editor_note: 课件原文的热线号码为10010（疑为沿用联通资料）。
  - id: queue
    kind: term
    topic: 服务热线
    term: 排队等候
    definition: 超过10分钟须主动致歉
    editor_note: 原文“1015分钟”中的连接号在转换中丢失。
  - id: greet
    kind: term
    topic: 服务热线
    term: 首问负责
    definition: 第一位接待的员工跟进到底
"""


def _editor_notes(deck) -> list[str]:
    return [f.editor_note for f in deck.facts if f.editor_note]


def test_the_shipped_decks_keep_their_editors_notes_out_of_the_learners_way():
    notes = [n for path in SHIPPED for n in _editor_notes(load_deck(path))]
    assert len(notes) >= 7
    # what the editors wrote about the conversion is never a learner's note any more
    for path in SHIPPED:
        for fact in load_deck(path).facts:
            assert not (fact.note and ("转换中丢失" in fact.note or "原文" in fact.note and "丢失" in fact.note)), (
                path.name, fact.id, fact.note)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_card_of_a_shipped_deck_carries_an_editors_note(path):
    deck = load_deck(path)
    notes = _editor_notes(deck)
    cards, _warnings = generate(deck)
    for card in cards:
        text = json.dumps(card.model_dump(mode="json"), ensure_ascii=False)
        for note in notes:
            assert note not in text, (card.id, note)


def test_an_editors_note_loads_but_reaches_no_card_show_export_or_paper(write_deck, tmp_path):
    path = write_deck(DECK, "notes-demo.yaml")
    deck = load_deck(path)
    assert deck.facts[0].editor_note == "课件原文的热线号码为10010（疑为沿用联通资料）。"
    notes = _editor_notes(deck)
    cards, _warnings = generate(deck)
    assert any(c.explanation == "中国电信客服热线为10000。" for c in cards)
    runner = CliRunner()
    outputs = [
        runner.invoke(cli, ["cards", str(path), "--json"]).output,
        *(runner.invoke(cli, ["show", c.id, "--deck", str(path)]).output for c in cards),
    ]
    out_json = tmp_path / "export.json"
    export = runner.invoke(cli, ["export", str(path), "--format", "json", "-o", str(out_json)])
    assert export.exit_code == 0, export.output
    outputs.append(out_json.read_text(encoding="utf-8"))
    assert all(o for o in outputs) and all("中国电信客服热线为10000。" in o or "超过10分钟" in o or "首问" in o
                                           for o in outputs)
    for text in outputs:
        for note in notes:
            assert note not in text


def test_the_schema_documents_the_field(write_deck):
    result = CliRunner().invoke(cli, ["schema"])
    assert "editor_note" in result.output and "never shown on a card" in result.output
