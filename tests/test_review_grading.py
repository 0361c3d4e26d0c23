"""Grading of answers the program can check, and terminal-safe display of deck text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drill.generate import make_cards
from drill.grading import (
    grade_option,
    grade_ordering,
    grade_true_false,
    grade_typed,
    parse_order,
    similarity,
)
from drill.loader import load_deck
from drill.scheduling import Rating
from drill.session import clean
from tests.conftest import SAMPLE_DECK

CARDS = {c.id: c.model_dump(mode="json") for c in make_cards(load_deck(SAMPLE_DECK))}


def first(card_type):
    return next(c for c in CARDS.values() if c["type"] == card_type)


def test_multiple_choice_right_and_wrong():
    card = first("multiple_choice")
    right = next(i for i, o in enumerate(card["options"]) if o["correct"])
    wrong = next(i for i, o in enumerate(card["options"]) if not o["correct"])
    assert grade_option(card, right).correct and grade_option(card, right).suggested is Rating.GOOD
    g = grade_option(card, wrong)
    assert not g.correct and g.suggested is Rating.AGAIN and g.expected == card["answer"]
    with pytest.raises(ValueError):
        grade_option(card, len(card["options"]))


def test_true_false_follows_the_marked_option():
    card = first("true_false")
    statement_true = card["answer"] == "正确"
    assert grade_true_false(card, statement_true).correct
    assert not grade_true_false(card, not statement_true).correct


def test_ordering_by_option_numbers():
    card = first("ordering")
    texts = [o["text"] for o in card["options"]]
    right = "".join(str(texts.index(item) + 1) for item in card["items"])
    assert grade_ordering(card, right).correct
    assert grade_ordering(card, " ".join(right)).correct
    assert grade_ordering(card, "，".join(right)).correct  # full-width comma from a Chinese keyboard
    assert not grade_ordering(card, right[::-1]).correct
    with pytest.raises(ValueError):
        parse_order("1123", 4)
    with pytest.raises(ValueError):
        parse_order("15", 4)


def test_typed_answer_ignores_width_punctuation_and_spaces():
    card = first("typed")
    expected = card["answer"]
    assert grade_typed(card, expected).score == 1.0
    loose = expected.replace("，", " ").replace("。", "")
    assert grade_typed(card, loose).correct
    wide = "２４小时"
    assert grade_typed({"answer": "24小时"}, wide).correct


def test_typed_answer_wrong_gets_again_and_a_diff():
    g = grade_typed({"answer": "请稍等，我帮您确认一下。"}, "我不知道")
    assert not g.correct and g.suggested is Rating.AGAIN
    kinds = {k for k, _ in g.diff}
    assert "missing" in kinds
    assert "".join(t for k, t in g.diff if k != "extra") == "请稍等，我帮您确认一下。"
    assert "".join(t for k, t in g.diff if k != "missing") == "我不知道"


def test_nearly_right_typed_answer_suggests_hard():
    g = grade_typed({"answer": "请稍等，我帮您确认一下。"}, "请稍等，我帮你确认")
    assert not g.correct and g.suggested is Rating.HARD


def test_cloze_graded_as_typed():
    card = first("cloze")
    assert grade_typed(card, card["answer"]).correct
    assert not grade_typed(card, "完全不同的答案内容").correct


@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_is_a_fraction_and_diff_rebuilds_both_sides(a, b):
    assert 0.0 <= similarity(a, b) <= 1.0
    from drill.grading import diff_runs

    runs = diff_runs(a, b)
    assert "".join(t for k, t in runs if k != "missing") == a
    assert "".join(t for k, t in runs if k != "extra") == b


@given(st.text())
def test_clean_leaves_no_escape_or_control_characters(text):
    out = clean(text + "\x1b[2J\x1b]0;pwned\x07\x9b31m")
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert all(ch in "\n\t" or ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0 for ch in out)


def test_clean_keeps_chinese_text():
    assert clean("首问负责制：第一位接待的员工负责到底。") == "首问负责制：第一位接待的员工负责到底。"
