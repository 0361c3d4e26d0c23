"""Editing a question's stem makes a new item (its id comes from the stem): `drill lint` says so, and where the
review history stays."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from drill.bank import question_id, stem_id_moved
from drill.cli import cli
from drill.store import Store, sync_decks

STEM = "首问负责制要求谁负责到底？"
EDITED = "首问负责制要求哪位员工负责到底？"


def lint(*args) -> list[dict]:
    result = CliRunner().invoke(cli, ["lint", "--json", *map(str, args)])
    return [p for p in json.loads(result.output)["files"][0]["problems"] if p["code"] == "stem-edited"]


#: (the id in the deck file, the stem now, whether lint says the stem was edited after the id was made)
IDS = [
    (question_id(None, STEM), STEM, False),                  # made from this stem
    (question_id(None, STEM), EDITED, True),                 # made from the stem before the edit
    (question_id(None, STEM), "首问负责制要求谁负责到底?", False),  # the same stem after width and punctuation
    (question_id("Q-001", STEM), EDITED, False),             # the bank's own id: edits keep it
    (question_id("第1题", STEM), EDITED, False),               # a bank id that is no slug, hashed: still the bank's
    ("q-cash-limit", EDITED, False),                          # written by hand
]


@pytest.mark.parametrize(("fact_id", "stem", "moved"), IDS)
def test_an_id_made_from_an_earlier_stem_is_told_from_the_banks_own_ids(fact_id, stem, moved):
    assert stem_id_moved(fact_id, stem) is moved


def _deck_file(tmp_path, fact_id: str, stem: str):
    path = tmp_path / "bank.yaml"
    path.write_text(f"deck: counter-bank\ntitle: 题库\nfacts:\n  - kind: question\n    id: {fact_id}\n    type: 单选\n"
                    f"    stem: {stem}\n    options: [第一位接待的员工, 值班经理]\n    key: A\n    topic: 首问责任制\n",
                    encoding="utf-8")
    return path


def test_lint_warns_at_a_stem_edited_in_an_imported_deck_file(tmp_path):
    fact_id = question_id(None, STEM)
    assert lint(_deck_file(tmp_path, fact_id, STEM)) == []
    [problem] = lint(_deck_file(tmp_path, fact_id, EDITED))
    assert problem["severity"] == "warning" and problem["fact"] == fact_id and problem["line"] == 7
    assert f"review history stays with {fact_id}" in problem["message"]
    assert question_id(None, EDITED) in problem["message"]  # the id the edited stem gets from a bank
    assert lint(_deck_file(tmp_path, "q-001", EDITED)) == []


HEADER = ["题型", "题干", "A", "B", "答案", "知识点"]


def _bank(path, stem: str):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["单选题", stem, "第一位接待的员工", "值班经理", "A", "首问责任制"])
    book.active.append(["判断题", "客户投诉须在24小时内回复。", None, None, "对", "投诉处理"])
    book.save(path)
    return path


def _studied(tmp_path):
    bank = _bank(tmp_path / "题库.xlsx", STEM)
    db = tmp_path / "drill.db"
    now = datetime(2026, 1, 5, tzinfo=UTC)
    with Store(db) as store:
        sync_decks(store, [bank], now)
        [card] = [
            cid for cid, (prompt, _n) in store.synced_prompts(_deck_of(store), "ask").items() if prompt == STEM]
        store.answer(card, 3, now)
        store.answer(card, 3, datetime(2026, 1, 6, tzinfo=UTC))
    return bank, db, card


def _deck_of(store) -> str:
    return store.conn.execute("SELECT DISTINCT deck FROM cards").fetchone()[0]


def test_lint_with_the_store_says_an_edited_bank_stem_is_a_new_item_and_where_the_history_stays(tmp_path):
    bank, db, card = _studied(tmp_path)
    assert lint("--db", db, bank) == []  # nothing edited
    _bank(bank, EDITED)
    [problem] = lint("--db", db, bank)
    assert problem["severity"] == "warning" and problem["line"] == 2  # the edited question's row
    assert "this is a new item with no history" in problem["message"]
    assert f"the 2 reviews of {card} (「{STEM}」) stay with that id" in problem["message"]
    assert problem["fact"] == question_id(None, EDITED)


def test_an_unstudied_question_or_a_new_question_unlike_the_old_one_is_not_an_edit(tmp_path):
    bank, db, _card = _studied(tmp_path)
    _bank(bank, "营业厅的营业时间是几点到几点？")
    assert lint("--db", db, bank) == []  # a different question: the old one is just gone
    fresh = _bank(tmp_path / "新题库.xlsx", STEM)
    _bank(fresh, EDITED)
    assert lint("--db", db, fresh) == []  # the store never had this bank


def test_the_warning_is_in_chinese_under_a_chinese_interface(tmp_path):
    from drill.i18n import speaking

    bank, db, card = _studied(tmp_path)
    _bank(bank, EDITED)
    with speaking("zh-CN"):
        result = CliRunner().invoke(cli, ["lint", "--db", str(db), str(bank)])
    assert "题干已修改" in result.output and card in result.output, result.output
