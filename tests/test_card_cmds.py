"""`drill card` (list, suspend, unsuspend, unbury, reset) and the scheduling part of `drill show`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from drill.cli import cli
from drill.scheduling import Rating, replay
from drill.store import Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"
MC = "review-mini/first-contact/name"
NOW = datetime.now(UTC)


def run(*args, db):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)


def make_store(path, leech_on=None):
    with Store(path) as s:
        s.set_settings(leech_threshold=1)
        sync_decks(s, [MINI, SAMPLE_DECK], NOW - timedelta(days=10))
        s.answer(BASIC, Rating.EASY, NOW - timedelta(days=10))
        s.answer(BASIC, Rating.AGAIN, NOW - timedelta(days=1))  # a lapse: a leech at threshold 1
        s.set_buried(MC, NOW + timedelta(hours=5))


def test_list_by_flag_deck_and_topic(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    leeches = json.loads(run("card", "list", "--leech", "--json", db=db).output)
    assert [c["id"] for c in leeches] == [BASIC]
    assert leeches[0]["suspended"] and leeches[0]["lapses"] == 1 and leeches[0]["state"] == "relearning"
    buried = json.loads(run("card", "list", "--buried", "--json", db=db).output)
    assert [c["id"] for c in buried] == [MC]
    mini = json.loads(run("card", "list", "--deck", "review-mini", "--json", db=db).output)
    assert len(mini) == 3
    topic = json.loads(run("card", "list", "--topic", "服务意识", "--deck", "review-mini", "--json", db=db).output)
    assert {c["id"] for c in topic} == {BASIC, MC}
    text = run("card", "list", "--leech", db=db).output
    assert BASIC in text and "suspended, leech" in text and "1 card" in text


def test_unsuspend_unbury_and_their_counts(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    out = run("card", "unsuspend", "--leech", db=db)
    assert out.exit_code == 0 and "unsuspended 1 of 1" in out.output
    out = run("card", "unbury", "--buried", "--json", db=db)
    assert json.loads(out.output) == {"matched": 1, "changed": 1, "cards": [MC]}
    with Store(db) as s:
        assert s.card_flags(BASIC) == (False, None) and s.card_flags(MC) == (False, None)
        assert s.conn.execute("SELECT leech FROM cards WHERE id = ?", (BASIC,)).fetchone()[0] == 1


def test_suspend_by_fact(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    out = run("card", "suspend", "--fact", "sample-counter-basics/store-types", db=db)
    assert out.exit_code == 0
    with Store(db) as s:
        n = s.conn.execute("SELECT count(*), sum(suspended) FROM cards WHERE fact = 'store-types'").fetchone()
    assert n[0] > 1 and n[0] == n[1]


def test_reset_makes_a_card_new_and_keeps_the_log_consistent(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    out = run("card", "reset", BASIC, db=db)
    assert out.exit_code == 0 and "reset 1 of 1" in out.output
    with Store(db) as s:
        state = s.card_state(BASIC)
        assert state.state == 0 and state.lapses == 0 and state.reps == 0
        assert s.conn.execute("SELECT count(*) FROM reviews WHERE card_id = ?", (BASIC,)).fetchone()[0] == 2
        assert replay(BASIC, s.reviews_for(BASIC), s.settings()) == state  # what doctor checks
        s.answer(BASIC, Rating.GOOD, NOW)
        assert replay(BASIC, s.reviews_for(BASIC), s.settings()) == s.card_state(BASIC)
    assert json.loads(run("doctor", "--json", db=db).output)["state_differs_from_log"] == 0


def test_acting_on_nothing_or_an_unknown_card_exits_2(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    nothing = run("card", "suspend", db=db)
    assert nothing.exit_code == 2 and "say which cards" in nothing.output
    unknown = run("card", "reset", "review-mini/no-such/card", db=db)
    assert unknown.exit_code == 2 and "no card 'review-mini/no-such/card'" in unknown.output
    none_match = run("card", "unsuspend", "--topic", "没有这个主题", db=db)
    assert none_match.exit_code == 2 and "no card matches" in none_match.output
    assert "Traceback" not in unknown.output + nothing.output


def test_flags_that_leave_nothing_to_do_are_not_an_error(tmp_path):
    db = tmp_path / "drill.db"
    with Store(db) as s:
        sync_decks(s, [SAMPLE_DECK], NOW)  # no leeches, nothing buried
    for args in (["unsuspend", "--leech"], ["unbury", "--buried"], ["reset", "--topic", "营业厅概述", "--leech"]):
        result = run("card", *args, db=db)
        assert result.exit_code == 0, result.output
        assert "0 of 0 matching cards" in result.output


def test_show_includes_scheduling_and_history(tmp_path):
    db = tmp_path / "drill.db"
    make_store(db)
    out = CliRunner().invoke(cli, ["show", BASIC, "--deck", str(MINI), "--db", str(db)])
    assert out.exit_code == 0, out.output
    for label in ("state", "due", "stability", "difficulty", "recall now", "lapses 1", "suspended, leech"):
        assert label in out.output, label
    assert "easy" in out.output and "again" in out.output
    data = json.loads(CliRunner().invoke(cli, ["show", BASIC, "--deck", str(MINI), "--db", str(db), "--json"]).output)
    review = data["review"]
    assert review["state"] == "relearning" and 0 < review["retrievability"] <= 1
    assert [h["rating"] for h in review["history"]] == ["easy", "again"]
    assert data["id"] == BASIC and "prompt" in data  # the card itself as before


def test_show_without_a_store_does_not_create_one(tmp_path):
    db = tmp_path / "none.db"
    out = CliRunner().invoke(cli, ["show", BASIC, "--deck", str(MINI), "--db", str(db)])
    assert out.exit_code == 0 and "recall now" not in out.output
    assert not db.exists()


def test_show_lays_a_card_out_for_people_with_what_was_typed_and_why(tmp_path):
    db = tmp_path / "drill.db"
    typed = "review-mini/dont-know/rephrase"
    CliRunner().invoke(cli, ["review", str(MINI), "--new", "3", "--db", str(db)], input="\n3\nd\n\n我不知道\n\nq\n")
    out = CliRunner().invoke(cli, ["show", typed, "--deck", str(MINI), "--db", str(db)], env={"COLUMNS": "50"})
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert any(line.strip() == "card id  " + typed or line.strip().startswith("card id  ") for line in lines)
    assert "typed" in out.output and "hash" not in out.output
    assert "your answer: 我不知道" in out.output and "history" in out.output
    with Store(db) as s:
        (reason,) = s.conn.execute("SELECT reason FROM reviews WHERE card_id = ?", (typed,)).fetchone()
    assert reason and reason[:8] in out.output  # why it was marked wrong
    # a long value continues under itself, never at column 0
    prompt_at = next(i for i, line in enumerate(lines) if "prompt" in line)
    assert lines[prompt_at + 1].startswith(" " * 14)
