"""History carried to the phone: Anki schedules drill's cards as drill does.

The learner lives in Asia/Shanghai (rollover 04:00). Their drill answers are
exported with ``history=``, imported into a fresh Anki (the official ``anki``
package, in its own process under the learner's time zone) with learning progress
and deck presets, and FSRS is turned on. Anki must then show the same cards due on
the same morning, keep each learning card at its step, and carry drill's preset.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.days import LearnerDay
from drill.scheduling import State
from drill.store import QueueFilter, Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

pytest.importorskip("anki")

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = LearnerDay(4, SHANGHAI)
PHONE = ROOT / "tests" / "anki_side" / "phone.py"


@pytest.fixture
def shanghai_machine(monkeypatch):
    """This process keeps its clock in Shanghai time, as the learner's machine would."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def phone(collection, ids: list[str], *steps: dict) -> list[dict]:
    env = {**os.environ, "TZ": "Asia/Shanghai"}
    done = subprocess.run([sys.executable, str(PHONE), str(collection)], input=json.dumps(
        {"ids": ids, "steps": list(steps)}), capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def drill_due(store: Store, morning: datetime) -> list[str]:
    """The cards drill offers at ``morning`` (learning, reviews; new cards aside)."""
    end = DAY.end(morning)
    queued = store.queue(morning, DAY.start(morning), QueueFilter(), limit=10_000, day_end=end, new_left=0)
    return sorted(c.id for c in queued if c.state is not State.NEW)


def study_in_drill(store: Store, now: datetime) -> dict[str, str]:
    """A few weeks of terminal study, ending just now; card id → what it shows."""
    ids = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY rowid")]
    story = {
        ids[0]: ("reviews across the rollover", [(-30, 9), (-30, 9.2), (-20, 3.9), (-19, 3.8), (-8, 21)], [3, 3, 3, 3, 3]),
        ids[1]: ("a lapse", [(-25, 10), (-25, 10.2), (-22, 12), (-9, 8), (-9, 8.2)], [3, 3, 3, 1, 3]),
        ids[2]: ("Easy, then late", [(-40, 13), (-12, 13)], [4, 2]),
        ids[3]: ("at the first learning step after Again", [(0, -0.05)], [1]),
        ids[4]: ("at the second learning step", [(0, -0.04)], [3]),
        ids[5]: ("relearning after a lapse today", [(-15, 9), (-15, 9.2), (0, -0.03)], [3, 3, 1]),
    }
    answers = []
    for card_id, (_, moments, ratings) in story.items():
        for (days, hours), rating in zip(moments, ratings, strict=True):
            if days == 0:
                at = now + timedelta(hours=hours)
            else:
                local_day = (now.astimezone(SHANGHAI) + timedelta(days=days)).date()
                at = datetime(local_day.year, local_day.month, local_day.day, tzinfo=SHANGHAI) + timedelta(hours=hours)
            answers.append((at.astimezone(UTC).replace(microsecond=0), card_id, rating))
    for at, card_id, rating in sorted(answers):
        store.answer(card_id, rating, at, day=DAY)
    return {card_id: part for card_id, (part, _, _) in story.items()}


def test_history_export_lands_on_the_same_days_steps_and_preset_in_anki(tmp_path, shanghai_machine):
    now = datetime.now(UTC).replace(microsecond=0)
    db = tmp_path / "drill.db"
    with Store(db) as store:
        store.set_settings(new_per_day=15, desired_retention=0.88)
        sync_decks(store, [SAMPLE_DECK], now - timedelta(days=60))
        parts = study_in_drill(store, now)
        ids = store.known_card_ids()
        states = {c: store.card_state(c) for c in parts}
        morning = datetime.combine(DAY.date(now) + timedelta(days=1), datetime.min.time().replace(hour=8),
                                   tzinfo=SHANGHAI).astimezone(UTC)
        mine_due = drill_due(store, morning)
        settings = store.settings()
    package = tmp_path / "history.apkg"
    result = CliRunner().invoke(cli, ["export", str(SAMPLE_DECK), "-f", "anki", "-o", str(package),
                                      "--option", f"history={db}", "--option", f"timestamp={int(now.timestamp())}"])
    assert result.exit_code == 0, result.output

    _, _, seen, steps_of_first = phone(
        tmp_path / "phone.anki2", ids, {"op": "import_apkg", "package": str(package)}, {"op": "fsrs_on"},
        {"op": "report", "morning": morning.isoformat()}, {"op": "next_states", "card": list(parts)[3]})
    cards = seen["cards"]
    assert seen["today"] == DAY.date(now).isoformat()
    for card_id, part in parts.items():
        mine, theirs = states[card_id], cards[card_id]
        assert theirs["stability"] == pytest.approx(mine.stability, abs=1e-3), part
        assert theirs["difficulty"] == pytest.approx(mine.difficulty, abs=1e-3), part
        assert (theirs["reps"], theirs["lapses"]) == (mine.reps, mine.lapses), part
        if mine.state is State.REVIEW:
            assert theirs["due_date"] == DAY.date(mine.due).isoformat(), part
        else:
            steps = settings.learning_steps if mine.state is State.LEARNING else settings.relearning_steps
            assert theirs["left"] % 1000 == len(steps) - mine.step, part
            assert abs(theirs["due"] - mine.due.timestamp()) <= 1, part
    # a card at the first step after Again: Good takes it to the next step (10 min), not out of learning
    good = steps_of_first["good"]["normal"]
    assert good["learning"]["scheduledSecs"] == settings.learning_steps[1], good
    # the same cards due on the same morning
    assert seen["due"] == mine_due and mine_due
    # drill's preset became the decks' options
    [options] = seen["options"]
    assert options["fsrsParams6"] == pytest.approx(list(settings.parameters), abs=1e-6)
    assert options["desiredRetention"] == pytest.approx(0.88)
    assert options["new"]["perDay"] == 15 and options["new"]["delays"] == [1, 10]
    assert options["lapse"]["delays"] == [10]


def answer_in_drill(store: Store, at: datetime, ratings: list[int]) -> int:
    """Answer cards as `drill review` offers them at ``at`` (a minute apart); how many were answered."""
    done = 0
    for rating in ratings:
        queued = store.queue(at, DAY.start(at), QueueFilter(), limit=1, day_end=DAY.end(at))
        if not queued:
            break
        store.answer(queued[0].id, rating, at, duration_ms=6000, day=DAY, day_end=DAY.end(at))
        at += timedelta(minutes=1)
        done += 1
    return done


def both_sides(tmp_path, store: Store, collection, morning: datetime) -> dict:
    [seen] = phone(collection, store.known_card_ids(), {"op": "report", "morning": morning.isoformat()})
    drill_reviews = store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    assert seen["revlog"] == drill_reviews, "a review lost or counted twice"
    assert seen["due"] == drill_due(store, morning), "the two sides show different cards on the same morning"
    return seen


def test_round_trip_drill_phone_drill_phone_drill_keeps_every_review_once_and_the_same_days(
        tmp_path, shanghai_machine):
    now = datetime.now(UTC).replace(microsecond=0)
    deck = tmp_path / "deck.yaml"
    text = SAMPLE_DECK.read_text(encoding="utf-8")
    deck.write_text(text, encoding="utf-8")
    db, collection = tmp_path / "drill.db", tmp_path / "phone.anki2"
    morning = datetime.combine(DAY.date(now) + timedelta(days=1), datetime.min.time().replace(hour=8),
                               tzinfo=SHANGHAI).astimezone(UTC)
    run = CliRunner().invoke
    with Store(db) as store:
        sync_decks(store, [deck], now - timedelta(days=60))
        study_in_drill(store, now - timedelta(hours=2))
        ids = store.known_card_ids()

    # drill → phone: the first transfer, a deck package with history
    package = tmp_path / "first.apkg"
    result = run(cli, ["export", str(deck), "-f", "anki", "-o", str(package), "--option", f"history={db}",
                       "--option", f"timestamp={int(now.timestamp())}"])
    assert result.exit_code == 0, result.output
    phone(collection, ids, {"op": "import_apkg", "package": str(package)}, {"op": "fsrs_on"})
    with Store(db) as store:
        both_sides(tmp_path, store, collection, morning)

    # phone → drill: the phone studies, exports its collection, drill imports it
    first_colpkg = tmp_path / "phone-1.colpkg"
    answered, _ = phone(collection, ids, {"op": "answer", "ratings": [3, 1, 3, 4, 2, 3]},
                        {"op": "export_colpkg", "package": str(first_colpkg)})
    assert len(answered["answered"]) == 6
    result = run(cli, ["import", str(first_colpkg), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["added"] == 6
    with Store(db) as store:
        both_sides(tmp_path, store, collection, morning)

    # drill → phone: drill studies on, one fact leaves the deck, the merged collection goes to the phone whole
    with Store(db) as store:
        assert answer_in_drill(store, datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30),
                               [3, 3, 1, 3, 4]) == 5
        start, end = text.index("  - id: benchmark-store-lease\n"), text.index("  - id: self-service-device-order\n")
        deck.write_text(text[:start] + text[end:], encoding="utf-8")
        sync_decks(store, [deck], datetime.now(UTC))
        removed = [r[0] for r in store.conn.execute("SELECT id FROM cards WHERE orphaned = 1")]
        assert removed
    merged = tmp_path / "for-phone.colpkg"
    result = run(cli, ["export-collection", str(merged), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reviews_added"] == 5
    again = run(cli, ["export-collection", str(tmp_path / "again.colpkg"), "--db", str(db)])
    assert again.exit_code == 2 and "import the phone's latest collection" in again.stderr
    assert "import the phone's latest collection" in again.stderr.splitlines()[0]  # said in one line
    assert not (tmp_path / "again.colpkg").exists()
    [_, seen] = phone(collection, ids, {"op": "import_colpkg", "package": str(merged)},
                      {"op": "report", "morning": morning.isoformat()})
    for card_id in removed:
        assert "drill::removed" in seen["cards"][card_id]["tags"] and seen["cards"][card_id]["queue"] == -1
    with Store(db) as store:
        both_sides(tmp_path, store, collection, morning)

    # phone → drill: the phone studies the merged collection, drill imports it again
    second_colpkg = tmp_path / "phone-2.colpkg"
    phone(collection, ids, {"op": "answer", "ratings": [3, 3, 2, 1]}, {"op": "export_colpkg", "package": str(second_colpkg)})
    result = run(cli, ["import", str(second_colpkg), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == 4
    with Store(db) as store:
        both_sides(tmp_path, store, collection, morning)
        assert store.conn.execute("SELECT count(*) FROM reviews WHERE origin IS NOT NULL").fetchone()[0] == 10


def test_export_collection_before_any_phone_collection_is_refused_in_one_line(tmp_path):
    db = tmp_path / "drill.db"
    with Store(db) as store:
        sync_decks(store, [SAMPLE_DECK], datetime.now(UTC))
    result = CliRunner().invoke(cli, ["export-collection", str(tmp_path / "out.colpkg"), "--db", str(db)])
    assert result.exit_code == 2
    assert "has not imported the phone's collection yet" in result.stderr.splitlines()[0]
    assert not (tmp_path / "out.colpkg").exists()


def test_a_damaged_kept_collection_is_refused_not_written(tmp_path):
    from drill.phone_collection import _write_record, kept_copy

    db = tmp_path / "drill.db"
    with Store(db) as store:
        sync_decks(store, [SAMPLE_DECK], datetime.now(UTC))
    kept_copy(db).write_bytes(b"PK\x03\x04 not really a zip")
    _write_record(db, {"imported_at": datetime.now(UTC).isoformat()})
    result = CliRunner().invoke(cli, ["export-collection", str(tmp_path / "out.colpkg"), "--db", str(db)])
    assert result.exit_code == 2 and "damaged" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.colpkg").exists()
