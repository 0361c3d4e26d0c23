"""`drill import`: reviews made in real Anki (the `anki` package's scheduler) come back into the store."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.scheduling import replay
from drill.store import Store
from tests.conftest import SAMPLE_DECK

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import (
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.scheduler.v3 import CardAnswer

RATINGS = (CardAnswer.GOOD, CardAnswer.AGAIN, CardAnswer.EASY, CardAnswer.HARD)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def exported_apkg(tmp_path: Path, deck: Path | str = SAMPLE_DECK) -> Path:
    out = tmp_path / "deck.apkg"
    result = run("export", str(deck), "-f", "anki", "-o", str(out), "--option", "timestamp=1700000000")
    assert result.exit_code == 0, result.output
    return out


def anki_with_deck(tmp_path: Path, apkg: Path):
    col = anki_collection.Collection(str(tmp_path / "phone.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions()))
    return col


def answer_in_anki(col, n: int, seconds: float = 7.0) -> list[tuple[int, int, int, int]]:
    """Answer ``n`` cards from Anki's own queue (the root deck selected) as a learner on a phone would.

    Returns the new revlog rows (id, card id, ease, time in ms).
    """
    roots = [d for d in col.decks.all_names_and_ids() if "::" not in d.name and d.name != "Default"]
    col.decks.select(roots[0].id)
    before = col.db.scalar("select coalesce(max(id), 0) from revlog")
    for i in range(n):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        card.timer_started -= seconds + i  # each answer takes a few seconds more
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=RATINGS[i % 4]))
    return col.db.all("select id, cid, ease, time from revlog where id > ? order by id", before)


def export_collection(col, path: Path, kind: str) -> Path:
    """Export as Anki does: .colpkg (new or legacy format) or .apkg with scheduling. Closes ``col``."""
    if kind == "apkg":
        col.export_anki_package(out_path=str(path), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False))
        col.close()
    else:
        col.export_collection_package(str(path), include_media=False, legacy=kind == "legacy-colpkg")
    return path


def store_dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "drill.db"
    result = run("add", str(SAMPLE_DECK), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("kind", ["colpkg", "legacy-colpkg", "apkg"])
def test_ten_answers_in_anki_come_back_as_exactly_those_ten_reviews(tmp_path, store_path, kind):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    revlog = answer_in_anki(col, 10)
    assert len(revlog) == 10
    package = export_collection(col, tmp_path / f"phone.{'apkg' if kind == 'apkg' else 'colpkg'}", kind)

    result = run("import", str(package), "--db", str(store_path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == 10 and report["already_there"] == 0 and report["other_notes"] == 0

    with Store(store_path) as store:
        rows = store.conn.execute(
            "SELECT card_id, rating, reviewed_at, duration_ms, origin FROM reviews ORDER BY reviewed_at").fetchall()
        assert [(r[1], r[3], r[4]) for r in rows] == [(ease, ms, f"anki:{rid}") for rid, _, ease, ms in revlog]
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)
        from drill.store import from_text

        assert [round(from_text(r[2]).timestamp() * 1000) for r in rows] == [rid for rid, *_ in revlog]
        # every touched card's state is the replay of its log
        for card_id in {r[0] for r in rows}:
            assert store.card_state(card_id) == replay(card_id, store.reviews_for(card_id), store.settings())

    again = run("import", str(package), "--db", str(store_path), "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["added"] == 0 and json.loads(again.output)["already_there"] == 10
    with Store(store_path) as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 10

    stats = run("stats", "--db", str(store_path), "--json")
    assert stats.exit_code == 0, stats.output
    figures = json.loads(stats.output)
    assert figures["reviews_today"] == 10
    assert figures["correct_today"] == sum(ease > 1 for _, _, ease, _ in revlog)


def test_the_card_answered_on_the_phone_is_the_card_with_that_id_in_drill(tmp_path, store_path):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    revlog = answer_in_anki(col, 4)
    answered = {}
    for _, cid, ease, _ in revlog:
        note = col.get_card(cid).note()
        key = note["CardId"] if "CardId" in note else f"{note['FactId']}/cloze/{col.get_card(cid).ord + 1}"
        answered.setdefault(key, []).append(ease)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    assert run("import", str(package), "--db", str(store_path)).exit_code == 0
    with Store(store_path) as store:
        got: dict[str, list[int]] = {}
        for card_id, rating in store.conn.execute("SELECT card_id, rating FROM reviews ORDER BY reviewed_at"):
            got.setdefault(card_id, []).append(rating)
    assert got == answered


def test_merged_log_is_replayed_in_the_order_answers_were_given(tmp_path, store_path):
    from datetime import UTC, datetime, timedelta

    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    revlog = answer_in_anki(col, 1)
    (rid, cid, _, _) = revlog[0]
    card_id = col.get_card(cid).note()["CardId"]
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    anki_time = datetime.fromtimestamp(rid / 1000, UTC)
    with Store(store_path) as store:
        # answered in drill a day before and an hour after the phone, written before the import
        store.answer(card_id, 3, anki_time - timedelta(days=1))
        store.answer(card_id, 1, anki_time + timedelta(hours=1))
    assert run("import", str(package), "--db", str(store_path)).exit_code == 0
    with Store(store_path) as store:
        log = store.reviews_for(card_id)
        assert [r.rating for r in log] == [3, 3, 1]  # drill Good, Anki Good, drill Again
        assert store.card_state(card_id) == replay(card_id, log, store.settings())
        assert store.card_state(card_id).reps == 3


def test_notes_that_are_not_drills_are_counted_and_left_alone(tmp_path, store_path):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    note["Front"], note["Back"] = "自己加的卡", "不是 drill 的"
    col.add_note(note, col.decks.id_for_name("Default"))
    col.decks.select(col.decks.id_for_name("Default"))
    queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
    card = col.get_card(queued.card.id)
    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")

    result = run("import", str(package), "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "1 note is not drill's and was left alone" in result.output
    with Store(store_path) as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_drill_notes_of_a_deck_not_in_the_store_are_reported(tmp_path):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    answer_in_anki(col, 2)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    db = tmp_path / "empty.db"
    result = run("import", str(package), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == 0 and report["drill_notes"] == 0
    assert report["unknown_drill_notes"] == report["notes"] > 0
    assert report["unknown_decks"] == ["sample-counter-basics"]
    text = run("import", str(package), "--db", str(db))
    assert "drill add" in text.stderr and "sample-counter-basics" in text.stderr


def test_manual_reschedules_are_left_out_and_said(tmp_path, store_path):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    revlog = answer_in_anki(col, 3)
    col.sched.set_due_date([revlog[0][1]], "5")  # a manual change: revlog type 4, no answer
    assert col.db.scalar("select count() from revlog where type = 4") == 1
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    result = run("import", str(package), "--db", str(store_path), "--json")
    report = json.loads(result.output)
    assert (report["added"], report["skipped"]) == (3, 1)


def test_progress_is_reported_card_by_card(tmp_path, store_path):
    from drill.anki_import import import_anki

    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    revlog = answer_in_anki(col, 6)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    calls: list[tuple[int, int]] = []
    with Store(store_path) as store:
        report = import_anki(store, package, lambda done, total: calls.append((done, total)))
    cards = len({cid for _, cid, _, _ in revlog})
    assert report.added == 6 and report.cards_updated == cards
    assert calls == [(i, cards) for i in range(1, cards + 1)]


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _newer_schema(tmp_path: Path, package: Path) -> Path:
    with zipfile.ZipFile(package) as zf:
        data = zf.read("collection.anki21")
    db = tmp_path / "newer.anki21"
    db.write_bytes(data)
    conn = sqlite3.connect(db)
    conn.execute("update col set ver = 99")
    conn.commit()
    conn.close()
    return _zip(tmp_path / "newer-schema.colpkg", {"collection.anki21": db.read_bytes(), "meta": b"\x08\x02"})


@pytest.mark.parametrize("case,message", [
    ("text", "not an Anki package (.colpkg or .apkg): the file is not a zip archive"),
    ("truncated", "damaged or truncated Anki package"),
    ("other-zip", "the zip holds no collection"),
    ("newer-meta", "made by a newer Anki (package version 7"),
    ("newer-schema", "made by a newer Anki (collection schema 99"),
    ("garbage-db", "its collection is not a readable Anki database"),
    ("bad-zstd", "damaged or truncated Anki package"),
    ("missing", "no such file"),
])
def test_bad_packages_exit_2_with_a_message_and_leave_the_store_untouched(tmp_path, store_path, case, message):
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    answer_in_anki(col, 3)
    good = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    col = anki_collection.Collection(str(tmp_path / "phone.anki2"))
    legacy = export_collection(col, tmp_path / "legacy.colpkg", "legacy-colpkg")
    bad = {
        "text": lambda: (tmp_path / "notes.txt").write_text("营业厅", encoding="utf-8") and tmp_path / "notes.txt",
        "truncated": lambda: (tmp_path / "cut.colpkg").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        and tmp_path / "cut.colpkg",
        "other-zip": lambda: _zip(tmp_path / "other.colpkg", {"readme.txt": b"hello"}),
        "newer-meta": lambda: _zip(tmp_path / "newer.colpkg", {"meta": b"\x08\x07", "collection.anki21b": b"x"}),
        "newer-schema": lambda: _newer_schema(tmp_path, legacy),
        "garbage-db": lambda: _zip(tmp_path / "garbage.colpkg", {"collection.anki21": b"not sqlite" * 100}),
        "bad-zstd": lambda: _zip(tmp_path / "zstd.colpkg", {"meta": b"\x08\x03", "collection.anki21b": b"\x00" * 64}),
        "missing": lambda: tmp_path / "nowhere.colpkg",
    }[case]()
    before = store_dump(store_path)
    result = run("import", str(bad), "--db", str(store_path))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert store_dump(store_path) == before


def test_a_failure_midway_leaves_the_store_as_it_was(tmp_path, store_path, monkeypatch):
    from drill.anki_import import import_anki
    from drill.store import imports

    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    answer_in_anki(col, 8)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    before = store_dump(store_path)
    real = imports.schedule
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "schedule", failing)
    with Store(store_path) as store, pytest.raises(OSError):
        import_anki(store, package)
    assert calls["n"] == 5
    assert store_dump(store_path) == before


@pytest.mark.slow
def test_the_progress_bar_shows_in_a_terminal(tmp_path, store_path):
    import shutil
    import sys

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    from tests.test_tmux_review import Terminal

    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    answer_in_anki(col, 5)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    term = Terminal([sys.executable, "-m", "drill", "import", str(package), "--db", str(store_path)],
                    env={"PYTHONIOENCODING": "utf-8"})
    try:
        screen = term.wait_for("cards updated")
        assert "merging reviews" in screen and "reviews added 5" in screen
    finally:
        term.close()


def test_a_package_without_scheduling_says_so(tmp_path, store_path):
    result = run("import", str(exported_apkg(tmp_path)), "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "reviews added 0" in result.output and "Include scheduling information" in result.stderr


def test_drill_history_exported_into_the_package_arrives_in_anki_and_is_not_imported_back(tmp_path, store_path):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC).replace(microsecond=0)
    studied = ["sample-counter-basics/store-types/describe/1", "sample-counter-basics/complaint-ticket/cloze/2",
               "sample-counter-basics/service-awareness/define"]
    with Store(store_path) as store:
        for i, card_id in enumerate(studied):
            for days_ago, rating in ((30, 3), (29, 3), (20, 3 if i else 1), (5, 4)):
                store.answer(card_id, rating, now - timedelta(days=days_ago, minutes=i), duration_ms=4000 + i)
        states = {c: store.card_state(c) for c in studied}
        learning = "sample-counter-basics/store-types/identify/1"
        store.answer(learning, 3, now - timedelta(minutes=2))
        learning_state = store.card_state(learning)
    package = tmp_path / "with-history.apkg"
    result = run("export", str(SAMPLE_DECK), "-f", "anki", "-o", str(package), "--option", f"history={store_path}",
                 "--option", f"timestamp={int(now.timestamp())}")
    assert result.exit_code == 0, result.output

    col = anki_collection.Collection(str(tmp_path / "phone.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                     options=ImportAnkiPackageOptions(with_scheduling=True)))
    assert col.db.scalar("select count() from revlog") == 4 * len(studied) + 1
    [lid] = col.find_cards(f'"CardId:{learning}"')
    lcard = col.get_card(lid)
    assert (lcard.type, lcard.queue) == (1, 1) and abs(lcard.due - learning_state.due.timestamp()) <= 1
    for card_id in studied:
        nids = col.find_notes(f'"CardId:{card_id}"') or col.find_notes(
            f'"FactId:{card_id.rsplit("/", 2)[0]}"')
        note = col.get_note(nids[0])
        card = next(c for c in note.cards() if "cloze" not in card_id or c.ord == int(card_id[-1]) - 1)
        state = states[card_id]
        assert (card.reps, card.lapses) == (state.reps, state.lapses)
        assert card.type == 2 and card.queue == 2  # in review, as in drill
        due_in = card.due - col.sched.today
        assert abs(due_in - (state.due - now) / timedelta(days=1)) <= 1.0
        assert card.memory_state is not None
        assert abs(card.memory_state.stability - state.stability) < 0.01
        assert [r[0] for r in col.db.all("select ease from revlog where cid = ? order by id", card.id)] == \
            [3, 3, 3 if card_id != studied[0] else 1, 4]
    untouched = [c for c in col.find_cards("") if col.get_card(c).type == 0]
    assert len(untouched) == col.card_count() - len(studied) - 1

    phone = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    back = run("import", str(phone), "--db", str(store_path), "--json")
    assert back.exit_code == 0, back.output
    report = json.loads(back.output)
    assert report["added"] == 0 and report["already_there"] == 4 * len(studied) + 1


def test_history_option_names_a_store_that_exists(tmp_path):
    result = run("export", str(SAMPLE_DECK), "-f", "anki", "-o", str(tmp_path / "x.apkg"),
                 "--option", f"history={tmp_path / 'missing.db'}")
    assert result.exit_code == 2 and "no drill store" in result.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_imported_reviews_are_scheduled_with_the_decks_preset(tmp_path, store_path):
    # a deck on its own preset: the rebuilt state must follow that preset, as every answer does
    with Store(store_path) as store:
        store.set_preset("exam-week", desired_retention=0.97, learning_steps=(2.0, 30.0))
        store.use_preset("exam-week", ["sample-counter-basics"])
    col = anki_with_deck(tmp_path, exported_apkg(tmp_path))
    answer_in_anki(col, 6)
    package = export_collection(col, tmp_path / "phone.colpkg", "colpkg")
    assert run("import", str(package), "--db", str(store_path)).exit_code == 0
    with Store(store_path) as store:
        preset = store.settings_for_deck("sample-counter-basics")
        assert preset != store.settings()
        touched = [r[0] for r in store.conn.execute("SELECT DISTINCT card_id FROM reviews")]
        assert touched
        for card_id in touched:
            assert store.card_state(card_id) == replay(card_id, store.reviews_for(card_id), preset)
