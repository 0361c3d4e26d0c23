"""`drill lint` says when an edit to a rule would move review history to another blank."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner

from drill.cli import cli
from drill.store import Store, sync_decks

RULE = """\
deck: moves
title: 历史
facts:
  - id: ticket
    kind: rule
    topic: 投诉
    source: 第一章
    text: 投诉须在{A}内通过{B}系统提交{C}。
"""


def deck(a: str, b: str, c: str) -> str:
    return RULE.replace("{A}", a).replace("{B}", b).replace("{C}", c)


def lint(path, db):
    result = CliRunner().invoke(cli, ["lint", "--json", "--db", str(db), str(path)])
    return [p for p in json.loads(result.output)["files"][0]["problems"] if p["code"] == "history-moves"]


def studied(tmp_path, text: str, card: str):
    path = tmp_path / "moves.yaml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "drill.db"
    now = datetime(2026, 1, 5, tzinfo=UTC)
    with Store(db) as store:
        sync_decks(store, [path], now)
        store.answer(card, 3, now)
    return path, db


def test_removing_an_unnumbered_deletion_warns_that_history_moves(tmp_path):
    path, db = studied(tmp_path, deck("{{24小时}}", "{{BOSS}}", "{{电子工单}}"), "moves/ticket/cloze/2")
    path.write_text(deck("24小时", "{{BOSS}}", "{{电子工单}}"), encoding="utf-8")
    [problem] = lint(path, db)
    assert problem["fact"] == "ticket" and problem["severity"] == "warning" and problem["line"]
    assert "c2 has 1 review of the blank 'BOSS', which is now c1" in problem["message"]
    assert "{{c2::BOSS}}" in problem["message"]


def test_numbered_deletions_keep_their_history_and_lint_is_quiet(tmp_path):
    path, db = studied(tmp_path, deck("{{c1::24小时}}", "{{c2::BOSS}}", "{{c3::电子工单}}"), "moves/ticket/cloze/2")
    path.write_text(deck("24小时", "{{c2::BOSS}}", "{{c3::电子工单}}"), encoding="utf-8")
    assert lint(path, db) == []


def test_a_reworded_blank_or_an_unstudied_card_moves_nothing(tmp_path):
    path, db = studied(tmp_path, deck("{{24小时}}", "{{BOSS}}", "{{电子工单}}"), "moves/ticket/cloze/1")
    path.write_text(deck("{{二十四小时}}", "{{BOSS}}", "{{电子工单}}"), encoding="utf-8")
    assert lint(path, db) == []


def test_lint_without_a_store_creates_none(tmp_path):
    path = tmp_path / "moves.yaml"
    path.write_text(deck("{{24小时}}", "{{BOSS}}", "{{电子工单}}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--db", str(tmp_path / "none.db"), str(path)])
    assert result.exit_code == 0 and not (tmp_path / "none.db").exists()
