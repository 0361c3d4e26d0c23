"""Keys that never become answers, answers that are never lost, options that move, reasons for an order."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.cli.review_screen import option_order
from drill.grading import OPTION_KEYS, grade_ordering
from drill.store import Store
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"
KEYS_DECK = ROOT / "tests" / "data" / "review-keys.yaml"
BASIC = "review-mini/service-awareness/define"
MC = "review-mini/first-contact/name"
TYPED = "review-mini/dont-know/rephrase"
ORDER = "review-keys/device-order/order"


def run(args, keys="", db=None, env=None):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], input=keys, env=env, catch_exceptions=False)


def reviews(db):
    with Store(db) as s:
        return s.conn.execute("SELECT card_id, rating, answer, correct FROM reviews ORDER BY id").fetchall()


@pytest.mark.parametrize("line", ["u", "ｕ", ":u", "U"])
def test_u_alone_on_a_typed_card_undoes_and_is_never_judged(tmp_path, line):
    db = tmp_path / "drill.db"
    # basic: Good · choice: d, accept · typed card: "u" + Enter undoes the choice card (shown again)
    result = run(["review", str(MINI)], f"\n3\nd\n\n{line}\nq\n", db)
    assert result.exit_code == 0, result.output
    assert "undone: " in result.output
    assert reviews(db) == [(BASIC, 3, None, None)]  # the choice answer is taken back, no answer "u"


def test_bury_and_suspend_alone_on_a_line_are_commands(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\n3\nd\n\n@\nq\n", db)
    assert "suspended: " in result.output
    with Store(db) as s:
        assert s.card_flags(TYPED)[0] is True
    assert all(r[2] != "@" for r in reviews(db))


def test_q_after_a_judged_answer_keeps_it(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\n3\na\nq\n", db)  # the choice card judged wrong, then q
    assert "kept your answer as Again" in result.output
    assert "reviewed 2 cards" in result.output
    assert reviews(db)[-1] == (MC, 1, "静音服务", 0)


def test_q_before_a_self_rated_card_is_rated_keeps_nothing_for_it(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(MINI)], "\nq\n", db)  # basic card shown, not rated
    assert "kept your answer" not in result.output and reviews(db) == []


def test_an_unknown_topic_or_tag_is_exit_2_naming_the_ones_there_are(tmp_path):
    db = tmp_path / "drill.db"
    topic = run(["review", str(MINI), "--topic", "服务意思"], db=db)
    assert topic.exit_code == 2
    assert "服务意思" in topic.output and "服务意识" in topic.output and "服务用语" in topic.output
    assert "Nothing is due" not in topic.output
    tag = run(["review", "--tag", "no-such-tag"], db=db)
    assert tag.exit_code == 2 and "no-such-tag" in tag.output
    assert run(["review", "--topic", "服务意识", "--dry-run"], db=db).exit_code == 0


def test_options_are_shuffled_per_showing_and_a_seed_fixes_the_orders():
    orders = {option_order(1, MC, reps, showing, 4) for reps in range(4) for showing in range(1, 4)}
    assert len(orders) > 3  # the order moves between showings
    assert option_order(5, MC, 2, 1, 4) == option_order(5, MC, 2, 1, 4)
    assert sorted(option_order(5, MC, 2, 1, 4)) == [0, 1, 2, 3]
    firsts = {option_order(seed, MC, 0, 1, 4).index(3) for seed in range(40)}  # where the right option lands
    assert firsts == {0, 1, 2, 3}


def test_the_review_screen_shows_and_judges_the_shuffled_order(tmp_path):
    db = tmp_path / "drill.db"
    seed = next(s for s in range(100) if option_order(s, MC, 0, 1, 4)[0] == 3)  # the right option shown as a
    result = run(["review", str(MINI)], "\n3\na\n\nq\n", db, env={"DRILL_SEED": str(seed)})
    assert "a) 首问负责制" in result.output and "✓ right" in result.output
    assert reviews(db)[1] == (MC, 3, "首问负责制", 1)
    letters = [OPTION_KEYS[i] for i in range(4)]
    shown = [line.strip()[:1] for line in result.output.splitlines() if line.strip()[1:3] == ") "]
    assert shown[:4] == letters


def test_a_wrong_order_names_the_first_wrong_position():
    card = {"options": [{"text": t} for t in ("自助缴费", "上网电脑", "自助查询")],
            "items": ["自助缴费", "上网电脑", "自助查询"]}
    grade = grade_ordering(card, "132")
    assert grade.correct is False
    assert "position 2" in grade.reason and "上网电脑" in grade.reason and "自助查询" in grade.reason
    assert "1 of 3" in grade.reason
    assert grade_ordering(card, "123").reason == ""


def test_the_review_screen_shows_the_reason_for_a_wrong_order(tmp_path):
    db = tmp_path / "drill.db"
    result = run(["review", str(KEYS_DECK), "--new", "2"], "f\n\n51234\n\nq\n", db)
    assert "position " in result.output and "should be" in result.output
    assert reviews(db)[1][0] == ORDER and reviews(db)[1][3] == 0


LIST_CARD = {"type": "list_recall", "answer": "标杆型、销售型、战略型", "items": ["标杆型", "销售型", "战略型"]}


@pytest.mark.parametrize("answer, shown", [
    ("诚信服务、良好环境、主动营销、高效能力、标杆型", "不属于答案：诚信服务、良好环境、主动营销、高效能力"),
    ("第1章 24小时服务", "不属于答案：第1章、24小时服务"),
    ("24小时服务，第1章、销售型", "不属于答案：24小时服务、第1章"),
])
def test_list_reasons_keep_the_items_apart_and_show_no_internal_markers(answer, shown):
    from drill.grading import grade_typed

    reason = grade_typed(LIST_CARD, answer, language="zh-CN").reason
    assert shown in reason
    assert "⟨" not in reason and "⟩" not in reason


def test_a_right_list_answer_says_right_once(tmp_path):
    import os
    import subprocess
    import sys

    db = tmp_path / "drill.db"
    deck = tmp_path / "list.yaml"
    deck.write_text("deck: list-demo\ntitle: 列举\nfacts:\n  - id: kinds\n    kind: list\n    topic: 厅店\n"
                    "    name: 营业厅的类型\n    items: [标杆型, 销售型, 战略型]\n    cards: [recall]\n",
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    out = subprocess.run([sys.executable, "-m", "drill", "review", str(deck), "--db", str(db)],
                         input="标杆型、销售型、战略型\n\nq\n", capture_output=True, text=True, encoding="utf-8",
                         env={**env, "LANG": "zh_CN.UTF-8", "COLUMNS": "100"}).stdout
    assert "✓ 正确  3 项全对" in out and "正确：3 项全对" not in out
