"""The Anki text-import exporter, checked with the official `anki` package's CSV importer."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill import load_deck, make_cards
from drill.card import CardType
from drill.cli import cli
from tests.conftest import SAMPLE_DECK
from tests.test_anki_export import HOSTILE_DECK, expected_counts

anki_collection = pytest.importorskip("anki.collection")
from drill.exporting import deck_name  # noqa: E402
from drill.exporting import typed_answer  # noqa: E402


def export(deck, out: Path, fmt: str = "csv", *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["export", str(deck), "--format", fmt, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def new_collection(path: Path, lang: str = "zh_CN"):
    """A collection created with Anki's interface in ``lang``, which names its stock note types."""
    from anki._backend import RustBackend

    return anki_collection.Collection(str(path), backend=RustBackend(langs=[lang]))


def import_csv(tmp_path: Path, path: Path, lang: str = "zh_CN"):
    from anki.collection import ImportCsvRequest

    col = new_collection(tmp_path / "collection.anki2", lang)
    metadata = col.get_csv_metadata(str(path), None)
    log = col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
    return col, log


def test_file_starts_with_anki_header_lines(tmp_path):
    lines = export(SAMPLE_DECK, tmp_path / "s.txt").read_text(encoding="utf-8").splitlines()
    headers = [line for line in lines if line.startswith("#")]
    for expected in ("#separator:tab", "#html:true", "#guid column:1", "#notetype column:2", "#deck column:3",
                     "#tags column:6"):
        assert expected in headers
    assert len(lines) - len(headers) == expected_counts(make_cards(load_deck(SAMPLE_DECK)))[0]


def test_anki_imports_the_file_as_the_same_notes_and_cards(tmp_path):
    path = export(SAMPLE_DECK, tmp_path / "s.txt")
    cards = make_cards(load_deck(SAMPLE_DECK))
    col, log = import_csv(tmp_path, path)
    try:
        assert len(log.log.new) == expected_counts(cards)[0]
        assert (col.note_count(), col.card_count()) == expected_counts(cards)
        assert len(col.find_notes('"note:填空题"')) == len({c.fact for c in cards if c.type == CardType.CLOZE})
        assert len(col.find_notes('"note:问答题（输入答案）"')) == \
            sum(c.type == CardType.TYPED and typed_answer(c.answer) is not None for c in cards)
        # the same note identities as the .apkg
        apkg = export(SAMPLE_DECK, tmp_path / "s.apkg", "anki")
        with zipfile.ZipFile(apkg) as zf:
            (tmp_path / "s.anki2").write_bytes(zf.read("collection.anki2"))
        conn = sqlite3.connect(tmp_path / "s.anki2")
        apkg_guids = {g for (g,) in conn.execute("select guid from notes")}
        conn.close()
        assert {col.get_note(n).guid for n in col.find_notes("")} == apkg_guids
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            assert card.question().strip() and card.answer().strip()
        deck = load_deck(SAMPLE_DECK)
        assert {col.decks.name(col.get_card(c).did) for c in col.find_cards("")} == \
            {deck_name(deck, c.topic) for c in cards}
    finally:
        col.close()


def test_reimport_after_an_edit_updates_instead_of_duplicating(tmp_path, write_deck):
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    deck_path = write_deck(text)
    col, _ = import_csv(tmp_path, export(deck_path, tmp_path / "a.txt"))
    try:
        before = col.note_count()
        deck_path.write_text(text.replace("系统提交投诉工单。", "系统提交电子工单。"), encoding="utf-8")
        from anki.collection import ImportCsvRequest

        second = export(deck_path, tmp_path / "b.txt")
        col.import_csv(ImportCsvRequest(path=str(second), metadata=col.get_csv_metadata(str(second), None)))
        assert col.note_count() == before
        fields = " ".join(col.get_note(n).joined_fields() for n in col.find_notes(""))
        assert "系统提交电子工单" in fields and "系统提交投诉工单" not in fields
    finally:
        col.close()


def test_hostile_text_is_escaped_and_tags_are_safe(tmp_path, write_deck):
    path = export(write_deck(HOSTILE_DECK), tmp_path / "h.txt")
    col, _ = import_csv(tmp_path, path)
    try:
        html = "".join(col.get_card(c).question() + col.get_card(c).answer() for c in col.find_cards(""))
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html
        assert {"new_staff", "投诉"} <= set(col.tags.all())
        assert len(col.find_notes('"note:填空题"')) == 1
    finally:
        col.close()
