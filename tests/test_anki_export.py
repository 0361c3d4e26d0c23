"""The .apkg exporter, checked with the official `anki` package: import, render, update in place."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.card import CardType
from drill.catalog import shipped_decks
from drill.cli import cli
from tests.conftest import SAMPLE_DECK

anki_collection = pytest.importorskip("anki.collection")
from drill.exporting import deck_name, typed_answer  # noqa: E402

# markers Anki puts into a rendered side when a template or field is broken
RENDER_ERRORS = ("templates/errors", "The front of this card is blank", "Nothing", "{{")


def export(deck: Path | str, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["export", str(deck), "--format", "anki", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def expected_counts(cards) -> tuple[int, int]:
    """Notes and cards drill made: one note per card, except one cloze note per rule."""
    cloze_facts = {(c.deck, c.fact) for c in cards if c.type == CardType.CLOZE}
    return sum(c.type != CardType.CLOZE for c in cards) + len(cloze_facts), len(cards)


def new_collection(tmp_path: Path, name: str = "collection.anki2"):
    return anki_collection.Collection(str(tmp_path / name))


def import_apkg(col, path: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    # Anki's defaults: update a note when the package's copy is newer
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request)


def rendered(col) -> list[tuple[str, str, str, str]]:
    """(guid, note type name, question html, answer html) for every card."""
    out = []
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        out.append((note.guid, note.note_type()["name"], card.question(), card.answer()))
    return out


def test_sample_deck_imports_into_real_anki_with_matching_counts_and_renders(tmp_path):
    path = export(SAMPLE_DECK, tmp_path / "sample.apkg", "--option", "timestamp=1700000000")
    deck = load_deck(SAMPLE_DECK)
    cards = make_cards(deck)
    col = new_collection(tmp_path)
    try:
        log = import_apkg(col, path)
        notes, n_cards = expected_counts(cards)
        assert len(log.log.new) == notes
        assert col.note_count() == notes and col.card_count() == n_cards
        # a rule with two deletions is one cloze note with two cards
        cloze_notes = col.find_notes('"note:drill 填空"')
        assert len(cloze_notes) == len({c.fact for c in cards if c.type == CardType.CLOZE})
        per_fact = Counter(c.fact for c in cards if c.type == CardType.CLOZE)
        assert 2 in per_fact.values()  # the sample has a two-deletion rule to check
        assert sorted(len(col.get_note(n).cards()) for n in cloze_notes) == sorted(per_fact.values())

        for guid, kind, q, a in rendered(col):
            assert q.strip() and a.strip(), guid
            for marker in RENDER_ERRORS:
                assert marker not in q.split("</style>")[-1], (kind, q)
                assert marker not in a.split("</style>")[-1], (kind, a)

        names = {d.name for d in col.decks.all_names_and_ids()}
        topics = {c.topic for c in cards}
        assert {deck_name(deck, t) for t in topics} <= names
        card_decks = {col.decks.name(col.get_card(cid).did) for cid in col.find_cards("")}
        assert card_decks == {deck_name(deck, t) for t in topics}

        # multiple choice works without scripts: options on the front, the right one marked on the back
        mc = [r for r in rendered(col) if r[1] == "drill 单选题"]
        assert len(mc) == sum(c.type == CardType.MULTIPLE_CHOICE for c in cards)
        for _, _, q, a in mc:
            assert "<script" not in q + a and "✓" not in q and "✓" in a and "B." in q
        typed = [r for r in rendered(col) if r[1] == "drill 输入答案"]
        recall = [r for r in rendered(col) if r[1] == "drill 回想"]
        assert len(typed) == sum(c.type == CardType.TYPED and typed_answer(c.answer) is not None for c in cards)
        assert len(typed) + len(recall) == sum(c.type == CardType.TYPED for c in cards)
        assert all("[[type:Answer]]" in q for _, _, q, _ in typed)
        assert recall and not any("[[type:" in q for _, _, q, _ in recall)
    finally:
        col.close()


@pytest.mark.slow
@pytest.mark.parametrize("deck_id", sorted(shipped_decks()))
def test_every_shipped_deck_imports_and_renders(deck_id, tmp_path):
    path = export(deck_id, tmp_path / f"{deck_id}.apkg", "--option", "timestamp=1700000000")
    cards = make_cards(load_deck(shipped_decks()[deck_id]))
    col = new_collection(tmp_path)
    try:
        import_apkg(col, path)
        assert (col.note_count(), col.card_count()) == expected_counts(cards)
        for guid, kind, q, a in rendered(col):
            body_q, body_a = q.split("</style>")[-1], a.split("</style>")[-1]
            assert body_q.strip() and body_a.strip(), guid
            assert not any(m in body_q or m in body_a for m in RENDER_ERRORS), (kind, body_q, body_a)
    finally:
        col.close()


HOSTILE_DECK = """\
deck: hostile-text
title: 转义测试
facts:
  - id: script-term
    kind: term
    topic: 安全 测试
    tags: [new staff, 投诉]
    term: <script>alert(1)</script>
    definition: <img src=x onerror=alert(2)> & "quotes"
  - id: other-term
    kind: term
    topic: 安全 测试
    term: 普通术语
    definition: 普通定义
  - id: third-term
    kind: term
    topic: 安全 测试
    term: 第三术语
    definition: 第三定义
  - id: html-rule
    kind: rule
    text: 须在{{<b>24</b>小时|24小时}}内提交 <i>工单</i>，经{{BOSS::系统}}系统。
"""


def test_deck_text_shows_as_literal_text_not_markup(tmp_path, write_deck):
    deck_path = write_deck(HOSTILE_DECK)
    path = export(deck_path, tmp_path / "hostile.apkg")
    col = new_collection(tmp_path)
    try:
        import_apkg(col, path)
        html = "".join(q + a for _, _, q, a in rendered(col))
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>24" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;" in html
        assert "&lt;i&gt;工单&lt;/i&gt;" in html
        # the cloze syntax survived escaping: two cloze cards, each blanking its own deletion
        [nid] = col.find_notes('"note:drill 填空"')
        cloze_cards = col.get_note(nid).cards()
        assert len(cloze_cards) == 2
        assert '[...]</span>内提交 &lt;i&gt;工单&lt;/i&gt;' in cloze_cards[0].question()
        assert 'data-ordinal="1">&lt;b&gt;24&lt;/b&gt;小时</span>' in cloze_cards[0].answer()
        assert "[系统]" in cloze_cards[1].question()
        tags = set(col.tags.all())
        assert {"new_staff", "投诉"} <= tags
        assert {col.decks.name(col.get_card(c).did) for c in col.find_cards("")} == {"转义测试::01 安全 测试", "转义测试"}
    finally:
        col.close()


def _edit(text: str) -> str:
    edited = text.replace("营销员发自内心地主动做好服务工作的观念和愿望", "营销员发自内心、主动做好服务的观念和愿望")
    edited = edited.replace("系统提交投诉工单。", "系统提交电子工单。")
    assert edited != text
    return edited


def test_reimport_after_wording_edit_updates_notes_in_place_and_keeps_history(tmp_path):
    from anki.scheduler.v3 import CardAnswer

    deck_path = tmp_path / "deck.yaml"
    deck_path.write_text(SAMPLE_DECK.read_text(encoding="utf-8"), encoding="utf-8")
    first = export(deck_path, tmp_path / "v1.apkg", "--option", "timestamp=1700000000")
    col = new_collection(tmp_path)
    try:
        import_apkg(col, first)
        notes_before, cards_before = col.note_count(), col.card_count()
        # review the cards of the facts about to be edited (and one more)
        targets = col.find_cards('"CardId:*service-awareness*" or "FactId:*complaint-ticket*" '
                                 'or "CardId:*store-types/describe/1"')
        assert len(targets) == 6  # define + name, three cloze deletions, one other
        for cid in targets:
            card = col.get_card(cid)
            card.start_timer()
            states = col._backend.get_scheduling_states(card.id)
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
        history = {cid: col.db.scalar("select count() from revlog where cid = ?", cid) for cid in targets}
        assert all(n == 1 for n in history.values())

        deck_path.write_text(_edit(deck_path.read_text(encoding="utf-8")), encoding="utf-8")
        second = export(deck_path, tmp_path / "v2.apkg", "--option", "timestamp=1700086400")
        log = import_apkg(col, second)

        assert (col.note_count(), col.card_count()) == (notes_before, cards_before), "duplicates were made"
        assert len(log.log.new) == 0 and len(log.log.updated) >= 2
        fields = " ".join(col.get_note(n).joined_fields() for n in col.find_notes(""))
        assert "营销员发自内心、主动做好服务的观念和愿望" in fields and "系统提交电子工单" in fields
        assert "营销员发自内心地主动做好服务工作的观念和愿望" not in fields and "系统提交投诉工单" not in fields
        for cid, n in history.items():
            card = col.get_card(cid)  # the same card row, with its history
            assert col.db.scalar("select count() from revlog where cid = ?", cid) == n
            assert card.reps == 1 and card.type != 0
    finally:
        col.close()


def _apkg_rows(path: Path, sql: str) -> list[tuple]:
    with zipfile.ZipFile(path) as zf:
        db = path.with_suffix(".anki2")
        db.write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_two_decks_never_share_a_guid(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    other = write_deck(text.replace("deck: sample-counter-basics", "deck: sample-counter-copy"), "copy.yaml")
    a = _apkg_rows(export(SAMPLE_DECK, tmp_path / "a.apkg"), "select guid from notes")
    b = _apkg_rows(export(other, tmp_path / "b.apkg"), "select guid from notes")
    assert len(a) == len(b) == expected_counts(make_cards(load_deck(SAMPLE_DECK)))[0]
    assert len(set(a)) == len(a)
    assert not set(a) & set(b)


def _models(path: Path) -> dict[str, int]:
    import json

    [(models_json,)] = _apkg_rows(path, "select models from col")
    return {m["name"]: int(mid) for mid, m in json.loads(models_json).items()}


def test_model_ids_are_stable_across_runs_and_distinct_across_note_types(tmp_path):
    here = _models(export(SAMPLE_DECK, tmp_path / "a.apkg", "--option", "timestamp=1"))
    later = _models(export(SAMPLE_DECK, tmp_path / "b.apkg", "--option", "timestamp=999999", "--type", "cloze"))
    from drill.card import EXAM_ONLY_TYPES

    # one note type per card type, and typed answers split into typed and recalled
    assert len(here) == len(set(CardType) - EXAM_ONLY_TYPES) + 1 and len(set(here.values())) == len(here)
    assert later == {"drill 填空": here["drill 填空"]}
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = tmp_path / "c.apkg"
    subprocess.run([sys.executable, "-m", "drill", "export", str(SAMPLE_DECK), "-f", "anki", "-o", str(out),
                    "--option", "timestamp=5"], check=True, env=env, capture_output=True)
    assert _models(out) == here


def test_same_input_and_timestamp_give_byte_identical_apkg(tmp_path):
    a = export(SAMPLE_DECK, tmp_path / "a.apkg", "--option", "timestamp=0").read_bytes()
    b = export(SAMPLE_DECK, tmp_path / "b.apkg", "--option", "timestamp=0").read_bytes()
    env = dict(os.environ, PYTHONHASHSEED="777")
    out = tmp_path / "c.apkg"
    subprocess.run([sys.executable, "-m", "drill", "export", str(SAMPLE_DECK), "-f", "anki", "-o", str(out),
                    "--option", "timestamp=0"], check=True, env=env, capture_output=True)
    assert a == b == out.read_bytes()
    assert a != export(SAMPLE_DECK, tmp_path / "d.apkg", "--option", "timestamp=60").read_bytes()


def test_filtered_export_keeps_cloze_numbers_of_the_selected_deletions(tmp_path):
    path = export(SAMPLE_DECK, tmp_path / "cloze.apkg", "--type", "cloze", "--topic", "投诉处理")
    col = new_collection(tmp_path)
    try:
        import_apkg(col, path)
        assert (col.note_count(), col.card_count()) == (1, 3)  # the complaint-ticket rule: three deletions
    finally:
        col.close()


@pytest.mark.parametrize("option,message", [("timestamp=soon", "seconds since 1970"),
                                            ("subdecks=maybe", "expected 0 or 1"),
                                            ("colour=red", "unknown option 'colour'")])
def test_bad_options_exit_2_and_write_nothing(tmp_path, option, message):
    out = tmp_path / "x.apkg"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(out), "--option", option])
    assert result.exit_code == 2 and message in result.stderr
    assert not out.exists()
