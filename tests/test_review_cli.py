"""`drill review`, `add`, `config`, `doctor`, `stats` through the CLI, keys piped line by line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.store import Store
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
BASIC = "review-mini/service-awareness/define"
MC = "review-mini/first-contact/name"
TYPED = "review-mini/dont-know/rephrase"


def run(args, keys="", db=None):
    db_args = ["--db", str(db)] if db else []
    return CliRunner().invoke(cli, [*args, *db_args], input=keys, catch_exceptions=False)


def reviews(db):
    with Store(db) as s:
        return s.conn.execute("SELECT card_id, rating, answer, correct FROM reviews ORDER BY id").fetchall()


def test_review_session_grades_and_records(tmp_path):
    db = tmp_path / "drill.db"
    # basic: reveal, Good · multiple choice: the right letter, accept · typed: a Chinese line, accept · quit
    keys = "\n3\nd\n\n请稍等 我帮您确认一下\n\nq\n"
    result = run(["review", str(MINI)], keys, db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "什么是「服务意识」？" in out
    assert "首问负责制" in out and "✓ right" in out
    assert "应该怎么说" in out
    assert "reviewed 3 cards" in out and "accuracy 100% (2/2 graded)" in out
    assert reviews(db) == [(BASIC, 3, None, None), (MC, 3, "首问负责制", 1), (TYPED, 3, "请稍等 我帮您确认一下", 1)]


def test_wrong_answers_suggest_again_and_show_a_diff(tmp_path):
    db = tmp_path / "drill.db"
    keys = "\n3\na\n\n我不知道\n\nq\n"
    out = run(["review", str(MINI)], keys, db).output
    assert "✗ wrong" in out and "your answer: 静音服务" in out
    assert "expected: 请稍等，我帮您确认一下。" in out
    assert [r[1:] for r in reviews(db)] == [(3, None, None), (1, "静音服务", 0), (1, "我不知道", 0)]


def test_rating_key_overrides_the_suggestion(tmp_path):
    db = tmp_path / "drill.db"
    out = run(["review", str(MINI)], "\n3\na\n4\nq\n", db)
    assert out.exit_code == 0
    assert reviews(db)[1][1:] == (4, "静音服务", 0)


def test_undo_takes_back_the_last_answer(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\n3\nu\n\n4\nq\n", db)
    assert "undone: 「什么是「服务意识」？」" in result.output  # the question, not the card id
    assert reviews(db) == [(BASIC, 4, None, None)]
    with Store(db) as s:
        assert s.card_state(BASIC).reps == 1


def test_suspend_and_bury_keys(tmp_path):
    db = tmp_path / "drill.db"
    # @ suspends, - buries (Anki's keys): neither is an option letter
    result = run(["review", str(MINI)], "@\n\n-\nq\n", db)
    assert "suspended: 「什么是「服务意识」？」" in result.output
    assert "buried until tomorrow: 「第一位接待客户的员工" in result.output and MC not in result.output
    with Store(db) as s:
        assert s.card_flags(BASIC)[0] is True
        assert s.card_flags(MC)[1] is not None
        assert reviews(db) == []


def test_end_of_input_quits_with_a_summary(tmp_path):
    result = run(["review", str(MINI)], "\n3\n", tmp_path / "drill.db")
    assert result.exit_code == 0 and "reviewed 1 card in" in result.output


def test_limit_stops_the_session(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI), "--limit", "1"], "\n3\n\n3\n", db)
    assert "reviewed 1 card in" in result.output and len(reviews(db)) == 1


def test_dry_run_prints_the_first_card_and_waits_for_nothing(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI), "--dry-run"], "", db)
    assert result.exit_code == 0
    assert "什么是「服务意识」？" in result.output and "0 done · 3 new · 0 learning · 0 review" in result.output
    assert reviews(db) == []


def test_shipped_deck_by_id(tmp_path):
    result = run(["review", "sample-counter-basics", "--dry-run"], "", tmp_path / "drill.db")
    assert result.exit_code == 0 and "sample-counter-basics" in result.output


def test_escape_sequences_in_deck_text_never_reach_the_terminal(tmp_path):
    deck = tmp_path / "evil.yaml"
    deck.write_text(MINI.read_text(encoding="utf-8").replace(
        "definition: 发自内心地主动做好服务工作的观念和愿望",
        'definition: "发自内心\\e[2J\\e]0;owned\\a地主动做好服务工作的观念和愿望"').replace(
        "term: 服务意识", 'term: "服务\\e[31m意识"'), encoding="utf-8")
    db = tmp_path / "drill.db"
    result = run(["review", str(deck)], "\n3\nq\n", db)
    # refused at load, with the place; the escapes are neither run nor echoed
    assert result.exit_code == 2, result.output
    assert "evil.yaml:" in result.output and "U+001B" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_bad_deck_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("term: 首问负责制", "trem: 首问负责制"), encoding="utf-8")
    db = tmp_path / "drill.db"
    result = CliRunner().invoke(cli, ["review", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert "bad.yaml:" in result.output and "first-contact" in result.output
    assert "Traceback" not in result.output
    with Store(db) as s:
        assert s.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0


def test_unknown_deck_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["review", "no-such-deck", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "no-such-deck" in result.output


def test_add_reports_and_second_add_is_skipped(tmp_path):
    db = tmp_path / "drill.db"
    first = json.loads(run(["add", str(MINI), "--json"], db=db).output)
    assert first[0]["added"] == 3 and not first[0]["skipped"]
    second = json.loads(run(["add", str(MINI), "--json"], db=db).output)
    assert second[0]["skipped"]


def test_config_get_set_and_validate(tmp_path):
    db = tmp_path / "drill.db"
    assert run(["config", "desired_retention", "0.85"], db=db).exit_code == 0
    assert run(["config", "learning_steps", "1m 10m 1h"], db=db).exit_code == 0
    assert run(["config", "desired_retention"], db=db).output.strip() == "0.85"
    data = json.loads(run(["config", "--json"], db=db).output)
    assert data["learning_steps"] == [60, 600, 3600] and data["desired_retention"] == 0.85
    bad = CliRunner().invoke(cli, ["config", "desired_retention", "7", "--db", str(db)])
    assert bad.exit_code == 2 and "desired_retention" in bad.output
    unknown = CliRunner().invoke(cli, ["config", "colour", "--db", str(db)])
    assert unknown.exit_code == 2
    assert json.loads(run(["config", "--json"], db=db).output)["desired_retention"] == 0.85


def test_doctor_reports_ok_and_orphans(tmp_path):
    db = tmp_path / "drill.db"
    deck = tmp_path / "mini.yaml"
    deck.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    run(["review", str(deck)], "\n3\nq\n", db)
    deck.write_text(MINI.read_text(encoding="utf-8").replace("cards: [define]", "cards: []"), encoding="utf-8")
    run(["add", str(deck)], db=db)
    report = json.loads(run(["doctor", "--json"], db=db).output)
    assert report["ok"] and report["check"] == ["ok"]
    assert report["orphans"] == [BASIC]
    assert report["counts"]["reviews"] == 1 and report["state_differs_from_log"] == 0


def test_a_settings_change_is_not_a_difference_between_state_and_log(tmp_path):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n3\nq\n", db)
    run(["config", "learning_steps", "2m 20m"], db=db)
    report = json.loads(run(["doctor", "--json"], db=db).output)
    assert report["ok"] and report["state_differs_from_log"] == 0


def _damage_state(db):
    """A state the log does not give (as an older drill or a hand edit could leave)."""
    with Store(db) as s, s.write() as conn:
        conn.execute("UPDATE cards SET lapses = 5 WHERE id = ?", (BASIC,))


def test_doctor_rebuild_repairs_a_state_the_log_does_not_give(tmp_path):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n3\nq\n", db)
    _damage_state(db)
    assert json.loads(run(["doctor", "--json"], db=db).output)["state_differs_from_log"] == 1
    json.loads(run(["doctor", "--rebuild", "--json"], db=db).output)
    assert json.loads(run(["doctor", "--json"], db=db).output)["state_differs_from_log"] == 0
    with Store(db) as s:
        assert s.card_state(BASIC).lapses == 0


def test_doctor_rebuild_says_what_it_rebuilt_unlike_a_plain_check(tmp_path):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n3\nq\n", db)
    _damage_state(db)
    plain = run(["doctor"], db=db).output
    assert "1 card states differ from their review log" in plain
    rebuilt = run(["doctor", "--rebuild"], db=db).output
    assert "rebuilt 1 of 1 reviewed cards" in rebuilt
    again = run(["doctor", "--rebuild"], db=db).output
    assert "rebuilt 0 of 1 reviewed cards" in again and again != run(["doctor"], db=db).output


def test_schema_to_a_file_says_where_it_wrote(tmp_path):
    out = tmp_path / "deck.schema.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert f"wrote {out}" in result.output


def test_store_errors_are_messages(tmp_path):
    db = tmp_path / "drill.db"
    db.write_bytes(b"not sqlite" * 20)
    result = CliRunner().invoke(cli, ["stats", "--db", str(db)])
    assert result.exit_code == 1 and "not a drill store" in result.output and "Traceback" not in result.output


KEYS_DECK = ROOT / "tests" / "data" / "review-keys.yaml"
TF = "review-keys/store-lease/true-false"
ORDER = "review-keys/device-order/order"


def test_option_b_twice_keeps_the_graded_answer(tmp_path):
    db = tmp_path / "drill.db"
    # basic: reveal, Good · multiple choice: b picks option b; b again (after the answer) does nothing; accept
    result = run(["review", str(MINI)], "\n3\nb\nb\n\nq\n", db)
    assert result.exit_code == 0
    assert reviews(db)[1][0] == MC and reviews(db)[1][1] == 1  # graded wrong, Again accepted, kept
    with Store(db) as s:
        assert s.card_flags(MC) == (False, None)


@pytest.mark.parametrize(("keys", "rating", "correct"), [
    ("ｄ\n\n", 3, 1),    # a full-width letter picks the option
    ("Ｄ\n\n", 3, 1),
    ("ａ\n４\n", 4, 0),  # full-width digit rates
])
def test_full_width_keys_work_like_half_width(tmp_path, keys, rating, correct):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n３\n" + keys + "q\n", db)
    assert [r[1] for r in reviews(db)][:1] == [3]
    assert reviews(db)[1][0] == MC and reviews(db)[1][1] == rating and reviews(db)[1][3] == correct


@pytest.mark.parametrize(("key", "correct"), [("错", 1), ("否", 1), ("f", 1), ("ｆ", 1), ("对", 0), ("是", 0), ("t", 0)])
def test_true_false_takes_chinese_keys(tmp_path, key, correct):
    db = tmp_path / "drill.db"
    result = run(["review", str(KEYS_DECK)], f"{key}\n\nq\n", db)
    assert "对/错" in result.output  # the hint says so
    assert reviews(db)[0][0] == TF and reviews(db)[0][3] == correct


def test_note_key_before_the_answer_does_not_give_it_away(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(KEYS_DECK)], "n\n\nq\n", db)
    before, _, after = result.output.partition("answer: ")
    assert "source: 第一章 第一节" in before
    assert "正确说法" not in before  # the true/false note holds the right statement
    assert "正确说法" in after


def test_incomplete_order_is_asked_again_not_marked_wrong(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(KEYS_DECK), "--new", "2"], "f\n\n512\n51243\n\nq\n", db)
    assert "give all 5 numbers" in result.output
    assert reviews(db)[1] == (ORDER, 3, "51243", 1)


def test_new_n_introduces_n_more_beyond_the_daily_limit(tmp_path):
    db = tmp_path / "drill.db"
    run(["config", "new_per_day", "1"], db=db)
    run(["review", str(MINI)], "\n4\nq\n", db)  # the day's one new card
    used_up = run(["review", str(MINI)], "", db)
    assert "Nothing is due now." in used_up.output and "--new N" in used_up.output
    result = run(["review", str(MINI), "--new", "2"], "d\n4\n\n4\n\n", db)
    assert [r[0] for r in reviews(db)] == [BASIC, MC, TYPED]
    assert "reviewed 2 cards" in result.output


def test_summary_has_the_rating_breakdown_and_the_next_due_time(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\n4\nd\n4\n\n4\n", db)
    out = result.output
    assert "reviewed 3 cards" in out
    assert "ratings: again 0 · hard 0 · good 0 · easy 3" in out
    assert "due tomorrow 0" in out and "next card due 20" in out
    nothing = run(["review", str(MINI)], "", db).output
    assert "Nothing is due now." in nothing and "The next card is due 20" in nothing


def test_ctrl_c_equivalent_end_of_input_on_a_line_card_prints_the_summary(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\n3\nd\n\n", db)  # input ends on the typed card
    assert result.exit_code == 0 and "summary" in result.output and "reviewed 2 cards" in result.output
def test_nothing_to_undo_says_earlier_sessions_cannot_be_undone(tmp_path):
    db = tmp_path / "drill.db"
    deck = ROOT / "tests" / "data" / "review-mini.yaml"
    first = run(["review", str(deck)], "\n3\nq\n", db)
    assert first.exit_code == 0, first.output
    again = run(["review", str(deck)], "u\nq\n", db)  # a new session: the answer above is not this session's
    assert again.exit_code == 0, again.output
    assert "nothing to undo in this session" in again.output and "earlier sessions" in again.output


def test_nothing_due_names_the_buried_siblings(tmp_path):
    db = tmp_path / "drill.db"
    deck = ROOT / "decks" / "sample-counter-basics.yaml"
    run(["review", str(deck), "--new", "1"], "\n4\n", db)  # one card of a fact: its siblings are buried
    out = run(["review", str(deck), "--new", "0"], "", db).output
    assert "Nothing is due now." in out and "buried until tomorrow" in out and "drill card unbury" in out
