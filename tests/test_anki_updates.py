"""What a learner's Anki does with drill's packages over time, checked with the official `anki` package:
updates in place, new-card order, tags and deck metadata, note type changes, cloze numbering."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.card import CardType
from drill.catalog import shipped_decks
from drill.cli import cli
from drill.exporting import deck_name, topic_order
from tests.conftest import SAMPLE_DECK

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.scheduler.v3 import CardAnswer

ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS


def export(deck: Path | str, out: Path, *extra: str, fmt: str = "anki") -> Path:
    result = CliRunner().invoke(cli, ["export", str(deck), "--format", fmt, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def new_collection(path: Path):
    return anki_collection.Collection(str(path))


def import_apkg(col, path: Path, **options):
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(**options))
    return col.import_anki_package(request).log


def answer(col, card_ids, rating=CardAnswer.GOOD) -> None:
    for cid in card_ids:
        card = col.get_card(cid)
        card.start_timer()
        states = col._backend.get_scheduling_states(card.id)
        col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def revlog_counts(col) -> dict[int, int]:
    return dict(col.db.all("select cid, count() from revlog group by cid"))


def note_mods(apkg: Path) -> dict[str, int]:
    with zipfile.ZipFile(apkg) as zf:
        db = apkg.with_suffix(".anki2")
        db.write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("select guid, mod from notes"))
    finally:
        conn.close()


EDITS = (("系统提交投诉工单。", "系统提交投诉单。"),
         ("营销员发自内心地主动做好服务工作的观念和愿望", "营销员发自内心、主动做好服务的观念和愿望"))


def edited(text: str) -> str:
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    return text


def test_same_fixed_timestamp_reimport_updates_the_edited_notes_in_place_and_keeps_history(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    deck_path = write_deck(text)
    first = export(deck_path, tmp_path / "v1.apkg", "--option", "timestamp=1700000000")
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, first)
        answer(col, col.find_cards(""))  # every card has history now
        history = revlog_counts(col)
        counts = (col.note_count(), col.card_count())

        deck_path.write_text(edited(text), encoding="utf-8")
        second = export(deck_path, tmp_path / "v2.apkg", "--option", "timestamp=1700000000")
        changed = {g for g, m in note_mods(second).items() if note_mods(first)[g] != m}
        log = import_apkg(col, second, update_notes=ALWAYS)

        assert (col.note_count(), col.card_count()) == counts
        assert {col.get_note(n.id.nid).guid for n in log.updated} == changed and len(changed) >= 3
        assert len(log.duplicate) == counts[0] - len(changed)  # unchanged notes are left as they were
        assert not log.conflicting and not log.new
        fields = " ".join(col.get_note(n).joined_fields() for n in col.find_notes(""))
        assert all(new in fields and old not in fields for old, new in EDITS)
        assert revlog_counts(col) == history
    finally:
        col.close()


def test_note_times_change_exactly_when_the_note_does(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    deck_path = write_deck(text)
    a = note_mods(export(deck_path, tmp_path / "a.apkg", "--option", "timestamp=1700000000"))
    deck_path.write_text(edited(text), encoding="utf-8")
    b = note_mods(export(deck_path, tmp_path / "b.apkg", "--option", "timestamp=1700000000"))
    cards = make_cards(load_deck(deck_path))
    from drill.exporting import note_guid

    touched = {note_guid(c.id if c.type != CardType.CLOZE else f"{c.deck}/{c.fact}/cloze")
               for c in cards if c.fact in {"complaint-ticket", "service-awareness"}}
    assert {g for g in a if a[g] != b[g]} == touched
    assert all(1700000000 <= m < 1700000000 + 86400 for m in b.values())


def test_a_later_timestamp_updates_with_anki_default_options(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    deck_path = write_deck(text)
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(deck_path, tmp_path / "v1.apkg", "--option", "timestamp=1700000000"))
        deck_path.write_text(edited(text), encoding="utf-8")
        log = import_apkg(col, export(deck_path, tmp_path / "v2.apkg", "--option", "timestamp=1700172800"))
        assert not log.new and not log.conflicting and len(log.updated) == col.note_count()
        fields = " ".join(col.get_note(n).joined_fields() for n in col.find_notes(""))
        assert all(new in fields for _, new in EDITS)
    finally:
        col.close()


def _root(col, deck) -> int:
    return col.decks.id_for_name(deck_name(deck, None))


def _facts_in_queue(col, limit: int) -> list[str]:
    queued = col.sched.get_queued_cards(fetch_limit=limit).cards
    out = []
    for q in queued:
        note = col.get_card(q.card.id).note()
        card_id = note["CardId"] if "CardId" in note else note["FactId"] + "/cloze"
        out.append("/".join(card_id.split("/")[:2]))
    return out


@pytest.mark.parametrize("deck_id", ["cmcc-hubei-sales", "sample-counter-basics"])
def test_first_new_cards_in_ankis_order_hold_each_fact_at_most_once(tmp_path, deck_id):
    deck = load_deck(shipped_decks()[deck_id])
    cards = make_cards(deck)
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(deck_id, tmp_path / "d.apkg"))
        col.decks.select(_root(col, deck))
        # Anki's defaults: gather subdeck by subdeck, each in position order
        first_topic = next(iter(topic_order(deck)))
        facts_in_first = len({c.fact for c in cards if c.topic == first_topic})
        shown = _facts_in_queue(col, facts_in_first)
        assert len(shown) == facts_in_first and len(set(shown)) == len(shown), Counter(shown).most_common(3)

        # gathering by ascending position: a round of the whole deck before any fact's second card
        conf = col.decks.config_dict_for_deck_id(_root(col, deck))
        conf["newGatherPriority"] = 1  # NEW_CARD_GATHER_PRIORITY_LOWEST_POSITION
        conf["new"]["perDay"] = 9999
        col.decks.update_config(conf)
        n_facts = len({c.fact for c in cards})
        shown = _facts_in_queue(col, n_facts)
        assert len(shown) == n_facts and len(set(shown)) == n_facts, Counter(shown).most_common(3)
    finally:
        col.close()


def test_subdecks_are_listed_in_the_handbooks_order(tmp_path):
    deck = load_deck(shipped_decks()["cmcc-hubei-sales"])
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export("cmcc-hubei-sales", tmp_path / "d.apkg"))
        root = col.decks.id_for_name(deck_name(deck, None))
        children = [name for name, _ in col.decks.children(root)]
        assert [n.split("::")[-1].split(" ", 1)[1] for n in children] == list(topic_order(deck))
        tree = [d.name for d in col.decks.all_names_and_ids() if d.name.startswith(deck_name(deck, None) + "::")]
        assert tree == children  # Anki's own listing order
    finally:
        col.close()


@pytest.mark.slow
@pytest.mark.parametrize("deck_id", sorted(shipped_decks()))
def test_every_note_has_tags_source_language_and_a_unique_first_field(deck_id, tmp_path):
    deck = load_deck(shipped_decks()[deck_id])
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(deck_id, tmp_path / "d.apkg"))
        firsts = Counter()
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            tags = set(note.tags)
            assert f"drill::deck::{deck.deck}" in tags and any(t.startswith("drill::kind::") for t in tags), tags
            assert any(t.startswith("drill::topic::") for t in tags) or not deck.facts[0].topic
            assert note["Source"].startswith(deck.source.title if deck.source else deck.title)
            assert note.fields_check() == 0  # NoteFieldsState.NORMAL: not empty, no duplicate
            firsts[note.fields[0]] += 1
        assert max(firsts.values()) == 1
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            assert 'lang="zh-CN"' in card.question() and 'lang="zh-CN"' in card.answer()
        desc = col.decks.get(col.decks.id_for_name(deck_name(deck, None)))["desc"]
        assert deck.title in desc and (deck.version or "") in desc
        if deck.source and deck.source.publisher:
            assert deck.source.publisher in desc
    finally:
        col.close()


def test_a_template_change_updates_the_note_types_in_place(tmp_path, monkeypatch):
    from drill_anki import notes

    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(SAMPLE_DECK, tmp_path / "v1.apkg", "--option", "timestamp=1700000000"))
        answer(col, col.find_cards("")[:3])
        ids = {m["name"]: m["id"] for m in col.models.all() if m["name"].startswith("drill")}
        history = revlog_counts(col)

        basic = notes.NOTE_TYPES["basic"]
        changed = notes.NoteType(basic.key, basic.name, basic.fields, basic.qfmt.replace("prompt", "prompt v3"),
                                 basic.afmt, sort_field=basic.sort_field)
        monkeypatch.setitem(notes.NOTE_TYPES, "basic", changed)
        monkeypatch.setattr(notes, "TEMPLATE_VERSION", notes.TEMPLATE_VERSION + 1)
        monkeypatch.setattr("drill_anki.apkg.TEMPLATE_VERSION", notes.TEMPLATE_VERSION)
        log = import_apkg(col, export(SAMPLE_DECK, tmp_path / "v2.apkg", "--option", "timestamp=1700000000"))

        assert not log.conflicting and not log.new
        col.close()
        col = new_collection(tmp_path / "c.anki2")  # the Python side caches note types; read them afresh
        assert {m["name"]: m["id"] for m in col.models.all() if m["name"].startswith("drill")} == ids
        assert "prompt v3" in col.models.by_name("drill 问答")["tmpls"][0]["qfmt"]
        assert revlog_counts(col) == history
    finally:
        col.close()


def test_a_field_change_updates_in_place_with_merge_note_types(tmp_path, monkeypatch):
    from drill_anki import notes

    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(SAMPLE_DECK, tmp_path / "v1.apkg", "--option", "timestamp=1700000000"))
        answer(col, col.find_cards('"note:drill 问答"')[:2])
        history = revlog_counts(col)
        basic = notes.NOTE_TYPES["basic"]
        # a field dropped from the note type (Explanation), so its notes lose one field
        fields = tuple(f for f in basic.fields if f != "Explanation")
        changed = notes.NoteType(basic.key, basic.name, fields, basic.qfmt,
                                 basic.afmt.replace("Explanation", "Source"), sort_field=basic.sort_field)
        monkeypatch.setitem(notes.NOTE_TYPES, "basic", changed)
        original = notes._note

        def without_explanation(deck, card):
            note_type, values = original(deck, card)
            if note_type is changed:
                values = values[:2] + values[3:]
            return note_type, values

        monkeypatch.setattr(notes, "_note", without_explanation)
        monkeypatch.setattr("drill_anki.apkg.TEMPLATE_VERSION", notes.TEMPLATE_VERSION + 1)
        v2 = export(SAMPLE_DECK, tmp_path / "v2.apkg", "--option", "timestamp=1700000000")
        log = import_apkg(col, v2, merge_notetypes=True, update_notes=ALWAYS)
        assert not log.conflicting and not log.new
        assert revlog_counts(col) == history
        assert col.note_count() == len(col.find_notes(""))
        names = [m["name"] for m in col.models.all() if m["name"].startswith("drill 问答")]
        assert names == ["drill 问答"]  # merged, not duplicated
    finally:
        col.close()


CONTROL_DECK = """\
deck: control-chars
title: 控制字符
facts:
  - id: t1
    kind: term
    topic: "测\\x1f试"
    tags: ["a\\x1fb"]
    term: "工\\x1f单"
    definition: "受理\\x07后\\t提交"
  - id: t2
    kind: term
    topic: "测\\x1f试"
    term: 术语二
    definition: 定义二
  - id: t3
    kind: term
    topic: "测\\x1f试"
    term: 术语三
    definition: 定义三
"""


def test_control_characters_are_refused_at_load_with_their_place(tmp_path, write_deck):
    out = tmp_path / "c.apkg"
    result = CliRunner().invoke(cli, ["export", str(write_deck(CONTROL_DECK)), "--format", "anki", "--out", str(out)])
    assert result.exit_code == 2
    assert ":6:12: error: fact t1: topic: U+001F" in result.output
    assert not out.exists() and list(tmp_path.glob("*.apkg")) == []


def test_control_characters_never_reach_the_package(tmp_path, write_deck):
    # a library caller can hand the exporter cards that never went through the loader
    from drill.exporting import DeckBundle
    from drill_anki import exporter

    clean = CONTROL_DECK.replace("\\x1f", "").replace("\\x07", "").replace("\\t", "")
    deck = load_deck(write_deck(clean))
    dirty = tuple(c.model_copy(update={"prompt": c.prompt[:1] + "\x1f" + c.prompt[1:],
                                       "answer": c.answer + "\x07\t后", "topic": "测\x1f试",
                                       "tags": ("a\x1fb",)})
                  for c in make_cards(deck))
    path = tmp_path / "c.apkg"
    exporter.export(DeckBundle(decks=(deck,), cards=dirty), path, {})
    col = new_collection(tmp_path / "c.anki2")
    try:
        log = import_apkg(col, path)
        assert len(log.new) == col.note_count() > 0
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            assert len(note.fields) == len(note.note_type()["flds"])
            assert not any(ch in f for f in note.fields for ch in "\x1f\x07\t")
    finally:
        col.close()


CLOZE_DECK = """\
deck: cloze-numbers
title: 填空编号
facts:
  - id: ticket
    kind: rule
    topic: 投诉
    text: 投诉须在{{c1::24小时}}内通过{{c2::BOSS}}系统提交{{c3::电子工单}}。
"""


def test_removing_a_numbered_deletion_keeps_the_others_history(tmp_path, write_deck):
    deck_path = write_deck(CLOZE_DECK)
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(deck_path, tmp_path / "v1.apkg", "--option", "timestamp=1700000000"))
        [nid] = col.find_notes('"note:drill 填空"')
        by_ord = {col.get_card(c).ord: c for c in col.get_note(nid).card_ids()}
        answer(col, [by_ord[1], by_ord[2]])  # c2 (BOSS) and c3 (电子工单) studied

        deck_path.write_text(CLOZE_DECK.replace("{{c1::24小时}}", "24小时"), encoding="utf-8")
        log = import_apkg(col, export(deck_path, tmp_path / "v2.apkg", "--option", "timestamp=1700000000"),
                          update_notes=ALWAYS)
        cloze_guid = col.get_note(nid).guid
        assert cloze_guid in {col.get_note(n.id.nid).guid for n in log.updated} and not log.new
        c2, c3 = col.get_card(by_ord[1]), col.get_card(by_ord[2])

        def shown(html: str) -> str:  # the text a learner sees
            return re.sub(r"<[^>]+>", "", html.split("</style>")[-1])

        assert shown(c2.question()) == "投诉须在24小时内通过[...]系统提交电子工单。"
        assert shown(c3.question()) == "投诉须在24小时内通过BOSS系统提交[...]。"
        assert revlog_counts(col) == {by_ord[1]: 1, by_ord[2]: 1}
        assert c2.reps == 1 and c3.reps == 1
    finally:
        col.close()


def test_unnumbered_deletions_are_numbered_by_place():
    from drill.facts.rule import cloze_problems

    deck_text = CLOZE_DECK.replace("c1::", "").replace("c2::", "").replace("c3::", "")
    import yaml

    doc = yaml.safe_load(deck_text)
    assert cloze_problems(doc["facts"][0]["text"]) == []
    assert cloze_problems("须在{{c1::24小时}}内提交{{工单}}") == ["number every deletion ({{c1::…}}, {{c2::…}}) or none of them"]
    assert cloze_problems("须在{{c2::24小时}}内提交{{c2::工单}}") == ["deletion number used twice: c2"]


def test_long_standard_phrases_are_recalled_and_short_keys_typed(tmp_path):
    col = new_collection(tmp_path / "c.anki2")
    try:
        # two handbooks' decks: between them, standard phrases both short (typed) and long (recalled)
        for name in ("cmcc-hubei-sales", "sample-counter-basics"):
            import_apkg(col, export(name, tmp_path / f"{name}.apkg"))
        typed = [col.get_note(n) for n in col.find_notes('"note:drill 输入答案"')]
        recalled = [col.get_note(n) for n in col.find_notes('"note:drill 回想"')]
        assert typed and recalled
        for note in typed:
            answer_text = note["Answer"]
            assert len(answer_text) <= 12 and "×" not in answer_text and "，" not in answer_text
        for note in recalled:
            card = note.cards()[0]
            assert "[[type:" not in card.question() and note["Answer"] in card.answer()
        # the key points a standard phrase is judged by are on the back
        with_points = [c for name in ("cmcc-hubei-sales", "sample-counter-basics")
                       for c in make_cards(load_deck(shipped_decks()[name])) if c.type == CardType.TYPED and c.points]
        assert with_points
        for c in with_points:
            [nid] = col.find_notes(f'"CardId:{c.id}"')
            note = col.get_note(nid)
            if note.note_type()["name"] == "drill 回想":
                back = note.cards()[0].answer()
                assert "要点" in back and all(p.split("|")[0] in back for p in c.points)
        assert len(typed) + len(recalled) == sum(c.type == CardType.TYPED for name in ("cmcc-hubei-sales", "sample-counter-basics")
                                                 for c in make_cards(load_deck(shipped_decks()[name])))
    finally:
        col.close()


@pytest.mark.parametrize("lang,option", [("zh_CN", None), ("zh_CN", "zh-CN"), ("en", "en")])
def test_csv_imports_into_a_collection_made_in_chinese_or_english(tmp_path, lang, option):
    from anki._backend import RustBackend
    from anki.collection import ImportCsvRequest

    extra = ("--option", f"notetypes={option}") if option else ()
    path = export(SAMPLE_DECK, tmp_path / "s.txt", *extra, fmt="csv")
    col = anki_collection.Collection(str(tmp_path / "c.anki2"), backend=RustBackend(langs=[lang]))
    try:
        log = col.import_csv(ImportCsvRequest(path=str(path), metadata=col.get_csv_metadata(str(path), None))).log
        cards = make_cards(load_deck(SAMPLE_DECK))
        notes = sum(c.type != CardType.CLOZE for c in cards) + len({c.fact for c in cards if c.type == CardType.CLOZE})
        assert len(log.new) == notes and not log.missing_notetype
        assert col.card_count() == len(cards)
        assert all(col.get_note(n).tags for n in col.find_notes(""))
    finally:
        col.close()


def test_csv_with_an_unknown_notetype_language_exits_2(tmp_path):
    out = tmp_path / "x.txt"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "-f", "csv", "-o", str(out),
                                      "--option", "notetypes=fr"])
    assert result.exit_code == 2 and "expected one of en, zh-CN" in result.stderr
    assert not out.exists()


def test_csv_standard_phrases_show_their_key_points(tmp_path):
    from anki._backend import RustBackend
    from anki.collection import ImportCsvRequest

    deck = load_deck(shipped_decks()["telecom-service-language"])
    path = export("telecom-service-language", tmp_path / "s.txt", fmt="csv")
    col = anki_collection.Collection(str(tmp_path / "c.anki2"), backend=RustBackend(langs=["zh_CN"]))
    try:
        col.import_csv(ImportCsvRequest(path=str(path), metadata=col.get_csv_metadata(str(path), None)))
        long_phrases = [c for c in make_cards(deck) if c.type == CardType.TYPED and c.points
                        and len(c.answer) > 12]
        assert long_phrases
        backs = " ".join(col.get_note(n).joined_fields() for n in col.find_notes('"note:问答题"'))
        for c in long_phrases:
            assert all(p.split("|")[0] in backs for p in c.points), c.id
        assert "要点" in backs
    finally:
        col.close()


def test_a_release_stamped_by_its_version_updates_every_edited_note_with_ankis_default_options(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    assert 'version: "2023.7"' in text
    deck_path = write_deck(text)
    col = new_collection(tmp_path / "c.anki2")
    try:
        first = export(deck_path, tmp_path / "v1.apkg", "--option", "timestamp=version")
        again = export(deck_path, tmp_path / "v1-again.apkg", "--option", "timestamp=version")
        assert first.read_bytes() == again.read_bytes()  # the same input, the same bytes
        import_apkg(col, first)
        answer(col, col.find_cards(""))  # every card has history now
        history = revlog_counts(col)
        before = {n: col.get_note(n).joined_fields() for n in col.find_notes("")}
        deck_path.write_text(edited(text).replace('version: "2023.7"', 'version: "2023.8"'), encoding="utf-8")
        log = import_apkg(col, export(deck_path, tmp_path / "v2.apkg", "--option", "timestamp=version"))
        assert not log.new and not log.conflicting
        after = {n: col.get_note(n).joined_fields() for n in col.find_notes("")}
        changed = [n for n in after if after[n] != before[n]]
        assert changed and all(any(new in after[n] for _, new in EDITS) for n in changed)
        fields = " ".join(after.values())
        assert all(new in fields for _, new in EDITS)  # every edited note updated under "If newer"
        assert revlog_counts(col) == history  # all review history kept
    finally:
        col.close()


def test_timestamp_version_needs_a_date_like_version(tmp_path, write_deck):
    deck_path = write_deck(SAMPLE_DECK.read_text(encoding="utf-8").replace('version: "2023.7"', 'version: "v1"'))
    result = CliRunner().invoke(cli, ["export", str(deck_path), "--format", "anki", "--out", str(tmp_path / "x.apkg"),
                                      "--option", "timestamp=version"])
    assert result.exit_code == 2 and "date-like deck version" in result.stderr
    assert not (tmp_path / "x.apkg").exists()


BACKS_DECK = """\
deck: backs
title: 卡片背面
language: zh-CN
version: "2024.1"
source: {title: 测试手册}
facts:
  - id: greet-new-year
    kind: script
    topic: 节日问候
    situation: 春节期间客户到厅
    response: 新年好！
    accept: [新年快乐！, 过年好]
    source: 一、问候
  - id: device-order
    kind: sequence
    topic: 营业厅概述
    name: 自助服务区设备摆放顺序
    steps: [自助缴费, 上网电脑, 新业务体验终端, 自助售卡机, 自助查询]
    source: 二、设备
"""


def test_card_backs_show_ordering_letters_and_the_other_accepted_answers(tmp_path, write_deck):
    from drill.exporting import note_guid

    deck_path = write_deck(BACKS_DECK)
    col = new_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, export(deck_path, tmp_path / "backs.apkg"))
        by_guid = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes("")}
        typed = by_guid[note_guid("backs/greet-new-year/respond")]
        assert typed["Answer"] == "新年好"  # the trailing ！ is not to be typed
        back = typed.cards()[0].answer()
        assert "也算对：新年快乐、过年好" in back
        # under the comparison of what was typed (Anki puts it where [[type:Answer]] stands)
        assert back.index("[[type:Answer]]") < back.index("也算对")
        ordering = by_guid[note_guid("backs/device-order/order")]
        front = ordering.cards()[0].question()
        letters = dict(re.findall(r'<span class="letter">([A-E])\.</span>([^<]+)</div>', front))
        back = ordering.cards()[0].answer()
        order = re.findall(r'<li><span class="letter">([A-E])\.</span>([^<]+)</li>', back)
        assert [step for _, step in order] == ["自助缴费", "上网电脑", "新业务体验终端", "自助售卡机", "自助查询"]
        assert all(letters[letter] == step for letter, step in order)  # each step with its letter from the front
    finally:
        col.close()
