"""`drill review`, `add`, `config`, `doctor`, `stats` through the CLI, keys piped line by line."""

from __future__ import annotations

import json

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
    assert "首问负责制" in out and "✓ 正确" in out
    assert "应该怎么说" in out
    assert "reviewed 3 cards" in out and "accuracy 100% (2/2 graded)" in out
    assert reviews(db) == [(BASIC, 3, None, None), (MC, 3, "首问负责制", 1), (TYPED, 3, "请稍等 我帮您确认一下", 1)]


def test_wrong_answers_suggest_again_and_show_a_diff(tmp_path):
    db = tmp_path / "drill.db"
    keys = "\n3\na\n\n我不知道\n\nq\n"
    out = run(["review", str(MINI)], keys, db).output
    assert "✗ 错误" in out and "your answer: 静音服务" in out
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
    assert "undone: " + BASIC in result.output
    assert reviews(db) == [(BASIC, 4, None, None)]
    with Store(db) as s:
        assert s.card_state(BASIC).reps == 1


def test_suspend_and_bury_keys(tmp_path):
    db = tmp_path / "drill.db"
    # on a multiple-choice card b is option b, so bury comes after the answer is shown
    result = run(["review", str(MINI)], "s\n\nb\nq\n", db)
    assert "suspended: " + BASIC in result.output and "buried until tomorrow: " + MC in result.output
    with Store(db) as s:
        assert s.card_flags(BASIC)[0] is True
        assert s.card_flags(MC)[1] is not None
        assert reviews(db) == []


def test_end_of_input_quits_with_a_summary(tmp_path):
    result = run(["review", str(MINI)], "\n3\n", tmp_path / "drill.db")
    assert result.exit_code == 0 and "reviewed 1 cards" in result.output


def test_limit_stops_the_session(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI), "--limit", "1"], "\n3\n\n3\n", db)
    assert "reviewed 1 cards" in result.output and len(reviews(db)) == 1


def test_dry_run_prints_the_first_card_and_waits_for_nothing(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI), "--dry-run"], "", db)
    assert result.exit_code == 0
    assert "什么是「服务意识」？" in result.output and "0 done · 3 left" in result.output
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
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "发自内心地主动" in result.output


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


def test_doctor_rebuild_after_settings_change(tmp_path):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n3\nq\n", db)
    run(["config", "learning_steps", "2m 20m"], db=db)
    report = json.loads(run(["doctor", "--json"], db=db).output)
    assert report["state_differs_from_log"] == 1
    json.loads(run(["doctor", "--rebuild", "--json"], db=db).output)
    assert json.loads(run(["doctor", "--json"], db=db).output)["state_differs_from_log"] == 0


def test_doctor_rebuild_says_what_it_rebuilt_unlike_a_plain_check(tmp_path):
    db = tmp_path / "drill.db"
    run(["review", str(MINI)], "\n3\nq\n", db)
    run(["config", "learning_steps", "2m 20m"], db=db)
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
