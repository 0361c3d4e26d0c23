"""No paper prints one item's answer in another: 40 seeds of the shipped blueprint and of a test deck's."""

from __future__ import annotations

import re
import textwrap

import pytest

from drill import CardType, build_exam, load_blueprint
from drill.errors import BlueprintError
from drill.exam import load_blueprint_cards
from drill.exam.paper import ExamItem
from drill.text import normalize
from tests.conftest import ROOT

SEEDS = range(40)


def _bare(text: str) -> str:
    return normalize(re.sub(r"^【[^】]*】", "", text))


def given_away(item: ExamItem, other: ExamItem) -> bool:
    """Read as a candidate would: does ``other`` print ``item``'s answer?"""
    odd_one_out = item.type is CardType.MULTIPLE_CHOICE and item.card_id.split("/")[2] == "odd-one-out"
    if item.type in (CardType.CLOZE, CardType.TYPED) or odd_one_out:
        secret, places = item.answer, [other.prompt, *(o.text for o in other.options)]
    else:  # another key printed elsewhere tells nothing: it stands among its own options anyway
        return False
    key = normalize(secret)
    return len(key) >= 2 and any(key in _bare(p) for p in places)


def leaking_pairs(paper) -> list[tuple[str, str]]:
    items = paper.items
    return [(a.card_id, b.card_id) for a in items for b in items if a is not b and given_away(a, b)]


@pytest.mark.parametrize("blueprint", ["exams/counter-staff-cert.yaml", "tests/data/counter-staff-mini.yaml"])
def test_forty_papers_never_print_one_items_answer_in_another(blueprint):
    bp, cards = load_blueprint_cards(ROOT / blueprint)
    for seed in SEEDS:
        [paper] = build_exam(bp, cards, seed=seed)
        assert leaking_pairs(paper) == [], f"seed {seed}"
        assert len({(i.deck, i.fact) for i in paper.items}) == len(paper.items)


@pytest.fixture
def leaky(tmp_path):
    """A deck where the one cloze's answer is an option of the multiple-choice items, and a blueprint for it."""
    deck = tmp_path / "leaky.yaml"
    deck.write_text(textwrap.dedent("""\
        deck: leaky
        title: 泄题测试
        facts:
          - {id: ticket, kind: rule, topic: 投诉, source: 一, text: '投诉须在{{24小时}}内立单。', cards: [cloze]}
          - {id: a, kind: term, topic: 时限, source: 一, term: 24小时, definition: 投诉立单的时限, cards: [name]}
          - {id: b, kind: term, topic: 时限, source: 一, term: 48小时, definition: 回访客户的时限, cards: [name]}
          - {id: c, kind: term, topic: 时限, source: 一, term: 72小时, definition: 处理完毕的时限, cards: [name]}
          - {id: d, kind: term, topic: 时限, source: 一, term: 12小时, definition: 退款到账的时限, cards: [name]}
          - {id: e, kind: term, topic: 时限, source: 一, term: 30分钟, definition: 排队等候的时限, cards: [name],
             distractors: [15分钟, 45分钟, 60分钟]}
        """), encoding="utf-8")

    def blueprint(mc: int) -> object:
        path = tmp_path / f"bp{mc}.yaml"
        path.write_text(textwrap.dedent(f"""\
            exam: leaky
            title: 泄题测试
            decks: [leaky.yaml]
            pass_mark: 60
            sections:
              - {{title: 一, types: [cloze], count: 1, points: 1}}
              - {{title: 二, types: [multiple_choice], count: {mc}, points: 1}}
            """), encoding="utf-8")
        return path

    return blueprint


def test_a_paper_that_can_avoid_the_leak_does(leaky):
    bp, cards = load_blueprint_cards(leaky(1))
    for seed in SEEDS:
        [paper] = build_exam(bp, cards, seed=seed)
        mc = [i for i in paper.items if i.type is CardType.MULTIPLE_CHOICE]
        # every other multiple-choice item prints 24小时 (an answer or an option): only 30分钟's fits
        assert [i.fact for i in mc] == ["e"]
        assert leaking_pairs(paper) == []


def test_a_blueprint_that_cannot_be_filled_without_a_leak_is_an_error_naming_the_section(leaky):
    bp, cards = load_blueprint_cards(leaky(2))
    with pytest.raises(BlueprintError) as info:
        build_exam(bp, cards, seed=1)
    [problem] = info.value.problems
    assert problem.code == "leak" and "giving away" in problem.message and "24小时" in problem.message
    assert problem.field in {"sections[0].count", "sections[1].count"}


def test_a_paper_that_mixes_decks_says_whom_each_question_is_about():
    # without an operator stated on the paper, every question names its company
    bp = load_blueprint(ROOT / "exams" / "counter-staff-cert.yaml").model_copy(update={"operator": None})
    _, cards = load_blueprint_cards(ROOT / "exams" / "counter-staff-cert.yaml")
    [paper] = build_exam(bp, cards, seed=3)
    assert len({i.deck for i in paper.items}) > 1
    assert all(i.prompt.startswith("【") for i in paper.items)


def test_a_reviewed_only_blueprint_draws_only_reviewed_cards(tmp_path):
    deck = tmp_path / "rev.yaml"
    deck.write_text(textwrap.dedent("""\
        deck: rev
        title: 审读测试
        reviewed: [s1/order, 's2/*']
        facts:
          - {id: s1, kind: sequence, topic: 流程, source: 一, name: 接待流程, steps: [问候, 受理, 送别]}
          - {id: s2, kind: sequence, topic: 流程, source: 一, name: 投诉流程, steps: [倾听, 记录, 处理, 回访]}
          - {id: s3, kind: sequence, topic: 流程, source: 一, name: 交班流程, steps: [清点, 登记, 交接]}
        """), encoding="utf-8")
    bp = tmp_path / "bp.yaml"
    bp.write_text(textwrap.dedent("""\
        exam: rev
        title: 审读测试
        decks: [rev.yaml]
        pass_mark: 60
        reviewed_only: true
        sections:
          - {title: 一, types: [ordering], count: 2, points: 1}
        """), encoding="utf-8")
    blueprint, cards = load_blueprint_cards(bp)
    assert sorted(c.id for c in cards if c.type is CardType.ORDERING) == ["rev/s1/order", "rev/s2/order"]
    assert not any(c.fact == "s3" for c in cards)
    [paper] = build_exam(blueprint, cards, seed=1)
    assert {i.fact for i in paper.items} == {"s1", "s2"}


def test_a_weak_spot_pool_never_holds_two_cards_that_give_each_other_away(write_deck):
    from drill import load_deck, make_cards
    from drill.exam import select_weak_cards

    deck = load_deck(write_deck(textwrap.dedent("""\
        deck: weak
        title: 测试
        facts:
          - {id: cash, kind: rule, text: '现金交接时应{{唱收唱付}}，并将钱币双手递到客户手中。'}
          - {id: hand, kind: rule, text: '与客户交接物品时要{{双手}}递送。'}
          - {id: pen, kind: rule, text: '递笔时{{笔尖}}朝向自己。'}
    """)))
    cloze = [c for c in make_cards(deck) if c.type is CardType.CLOZE]
    # the learner is weakest on the two that leak: the answer 「双手」 is printed in the other rule
    weakest = {"weak/hand/cloze/1": 0.1, "weak/cash/cloze/1": 0.2, "weak/pen/cloze/1": 0.3}
    chosen = [c.id for c in select_weak_cards(cloze, weakest, 2)]
    assert chosen == ["weak/hand/cloze/1", "weak/pen/cloze/1"]


SMALL_PAPER = """\
exam: small-paper
title: 小卷
decks: [sample-counter-basics]
pass_mark: 80
sections:
  - {title: 一、单项选择题, types: [multiple_choice], count: 4, points: 2}
  - {title: 二、判断题, types: [true_false], count: 2, points: 2}
  - {title: 三、填空与简答题, types: [cloze, typed], count: 2, points: 3, topics: [投诉处理, 服务用语]}
  - {title: 四、排序题, types: [ordering], count: 1, points: 5}
  - {title: 五、多项选择题, types: [multiple_select], count: 1, points: 2, scoring: half}
"""


def test_a_small_deck_fills_its_paper_for_every_seed_and_the_same_seed_gives_the_same_paper(tmp_path):
    # a greedy draw can corner itself on a small deck; a derived redraw must save it, deterministically
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_PAPER, encoding="utf-8")
    blueprint, cards = load_blueprint_cards(path)
    for seed in range(1, 16):
        [paper] = build_exam(blueprint, cards, seed)
        assert sum(len(s.items) for s in paper.sections) == 10
        assert leaking_pairs(paper) == [], seed
        again = build_exam(blueprint, cards, seed)[0]
        assert [i.card_id for i in again.items] == [i.card_id for i in paper.items]
