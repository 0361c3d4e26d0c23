"""Assembling papers from a blueprint: pure and seeded.

Each variant is drawn with its own RNG seeded from ``(exam, seed, variant)``,
so variant A is the same whether one or twenty variants are built. Each section's
facts are shuffled once per variant and taken in that order; sections are
filled together (a greedy pass, then augmenting paths of a bipartite matching
of item slots to facts when the greedy pass leaves one short), so a section
never starves because an earlier one took the facts it needed, and no fact
gives more than one item per paper.
"""

from __future__ import annotations

import difflib
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from ..card import Card, CardType, Option, shuffle_options
from ..collector import collector_paused
from ..errors import BlueprintError, Problem
from ..i18n import _
from ..itemrules import NEAR_LENGTH, near_in, similar_in
from ..text import normalize, seeded_rng
from .blueprint import Blueprint, BlueprintSection
from .coverage import assign_covering, coverage_gaps, coverage_problems, planned
from .crossitem import by_content, conflict, facets_of, may_clash
from .keying import speakable
from .multiselect import select_giveaway
from .paper import ExamItem, ExamPaper, ExamSection

FactKey = tuple[str, str]  # (deck, fact)

#: The most variants one build makes (A … Z).
MAX_VARIANTS = 26


def variant_letters(count: int) -> list[str]:
    """``A``, ``B``, … for ``count`` variants (1 to 26)."""
    if not 1 <= count <= MAX_VARIANTS:
        raise BlueprintError(Problem(_("variants must be between 1 and {max}, not {count}").format(
            max=MAX_VARIANTS, count=count), field="variants"))
    return [chr(65 + i) for i in range(count)]


def build_exam(blueprint: Blueprint, cards: Iterable[Card], seed: int, variants: int = 1,
               same_items: bool = False, difficulty: Mapping[str, float] | None = None) -> list[ExamPaper]:
    """Papers A, B, … for ``blueprint`` drawn from ``cards``.

    Each variant is its own draw; with ``same_items`` (乱序卷) every variant has
    variant A's items, in another order within each section and with the options
    shuffled again. With ``difficulty`` (card id → proportion correct from an
    earlier grading), each variant after A is the one of :data:`BALANCE_DRAWS`
    draws whose expected score is closest to variant A's. Same inputs → same
    papers. Raises
    :class:`~drill.errors.BlueprintError` naming each section that cannot be
    filled, what it asked for and what the cards offer.

    >>> papers = build_exam(blueprint, cards, seed=7, variants=2)  # doctest: +SKIP
    >>> [p.variant for p in papers]  # doctest: +SKIP
    ['A', 'B']
    """
    with collector_paused():  # a build makes no reference cycles; each collection would rescan the whole bank
        return _build_exam(blueprint, cards, seed, variants, same_items, difficulty)


def _build_exam(blueprint: Blueprint, cards: Iterable[Card], seed: int, variants: int, same_items: bool,
                difficulty: Mapping[str, float] | None) -> list[ExamPaper]:
    letters = variant_letters(variants)
    pool = with_wordings(sorted(cards, key=lambda c: c.id), blueprint.wordings)
    eligible = [_eligible_by_fact(section, pool) for section in blueprint.sections]
    _check_fillable(blueprint, eligible)
    sorted_facts = [sorted(facts) for facts in eligible]
    if not same_items and difficulty:
        first = build_variant(blueprint, eligible, seed, letters[0], sorted_facts)
        target = expected_percent(first, difficulty)
        return [first] + [
            min((build_variant(blueprint, eligible, seed, letter, sorted_facts, draw)
                 for draw in range(BALANCE_DRAWS)),
                key=lambda paper: abs(expected_percent(paper, difficulty) - target))
            for letter in letters[1:]
        ]
    if not same_items:
        return [build_variant(blueprint, eligible, seed, letter, sorted_facts) for letter in letters]
    first = build_variant(blueprint, eligible, seed, letters[0], sorted_facts)
    by_id = {c.id: c for c in pool}
    return [first] + [reorder_variant(first, by_id, letter) for letter in letters[1:]]


#: Draws tried per variant when balancing difficulty (the closest is kept; ties go to the first).
BALANCE_DRAWS = 24


def expected_percent(paper: ExamPaper, difficulty: Mapping[str, float]) -> float:
    """The percent a typical earlier candidate would score: Σ points·p / total.

    ``difficulty`` maps card ids to the proportion correct; an item without
    one counts at the mean of those known.
    """
    default = sum(difficulty.values()) / len(difficulty) if difficulty else 0.5
    total = paper.total_points
    got = sum(i.points * difficulty.get(i.card_id, default) for i in paper.items)
    return 100.0 * got / total if total else 0.0


def reorder_variant(paper: ExamPaper, cards: Mapping[str, Card], variant: str) -> ExamPaper:
    """Variant ``variant`` of a 乱序卷: ``paper``'s items, reordered within each section, options reshuffled.

    The order and options depend only on (exam, seed, variant). A section of
    two or more items never keeps ``paper``'s order.
    """
    rng = seeded_rng("drill-exam-same-items", paper.exam, paper.seed, variant)
    number = 0
    sections = []
    for section in paper.sections:
        picked = [cards[item.card_id] for item in section.items]
        scoring = {item.card_id: item.scoring for item in section.items}
        original = list(picked)
        for _attempt in range(8):
            rng.shuffle(picked)
            if picked != original or len(picked) < 2:
                break
        if picked == original and len(picked) > 1:
            picked = picked[1:] + picked[:1]
        places = key_places(picked, rng)
        items = []
        for card in picked:
            number += 1
            items.append(_for_operator(make_item(card, number, section.points_each, rng, scoring[card.id],
                                                 key_at=places.get(card.id)), paper.operator))
        sections.append(section.model_copy(update={"items": tuple(items)}))
    return paper.model_copy(update={"variant": variant, "sections": tuple(sections)})


def with_wordings(cards: Sequence[Card], wordings: Sequence[Sequence[str]]) -> list[Card]:
    """``cards`` with each fill-in and typed key accepting the other wordings of its group in ``wordings``.

    Two handbooks may word one rule differently (有诉必录 / 每诉必录); a candidate
    trained on either is right.
    """
    groups = [[w for w in group if normalize(w)] for group in wordings]
    by_word = {normalize(w): group for group in groups for w in group}
    if not by_word:
        return list(cards)
    out = []
    for card in cards:
        if card.type in (CardType.CLOZE, CardType.TYPED):
            keyed = [card.answer, *card.accept]
            extra = [w for k in keyed for w in by_word.get(normalize(k), ())
                     if normalize(w) not in {normalize(x) for x in keyed}]
            if extra:
                card = card.model_copy(update={"accept": (*card.accept, *dict.fromkeys(extra))})
        elif card.type is CardType.TRUE_FALSE:
            # a false statement hides the handbook's word (首问责任制 behind 岗位责任制): its other wordings
            # (首问负责制) printed elsewhere give it away as well
            hidden = [normalize(t) for t in false_statement_truth(card)]
            extra = [w for group in groups for w in group
                     if any(h in normalize(g) or normalize(g) in h for g in group for h in hidden if h)]
            if extra:
                card = card.model_copy(update={"accept": (*card.accept, *dict.fromkeys(extra))})
        out.append(card)
    return out


def _eligible_by_fact(section: BlueprintSection, pool: Sequence[Card]) -> dict[FactKey, list[Card]]:
    out: dict[FactKey, list[Card]] = {}
    for card in pool:
        if section.accepts(card) and _usable(card):
            out.setdefault((card.deck, card.fact), []).append(card)
    return out


def _usable(card: Card) -> bool:
    if card.type is CardType.MULTIPLE_SELECT:
        right = [o.text for o in card.options if o.correct]
        wrong = [o.text for o in card.options if not o.correct]
        if card.kind == "question":  # a trainer's own item: the audit may warn about it, assembly takes it as written
            return bool(right) and bool(wrong)
        # a 多选 whose right options alone echo the stem (or share a look) is answered without knowing
        return len(right) >= 2 and bool(wrong) and select_giveaway(_LABEL.sub("", card.prompt), right, wrong) is None
    if card.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        return len(card.options) >= 2 and sum(o.correct for o in card.options) == 1
    if card.type is CardType.ORDERING:
        return len(card.items) >= 2 and sorted(o.text for o in card.options) == sorted(card.items)
    if card.type is CardType.TYPED and not card.points and not speakable(card.answer):
        return False  # a script with ×× or （等待用户回应） and no scoring points cannot be keyed on paper
    return bool(card.answer.strip())


def _check_fillable(blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]]) -> None:
    problems = []
    for i, (section, facts) in enumerate(zip(blueprint.sections, eligible)):
        if len(facts) < section.count:
            problems.append(
                Problem(
                    _("section {section} asks for {wanted}, but the decks ({decks}) have only {n} fact(s) with "
                      "such cards (one item per fact per paper)").format(
                        section=repr(section.title), wanted=section.describe(), decks=", ".join(blueprint.decks),
                        n=len(facts)),
                    field=f"sections[{i}].count", code="shortfall",
                )
            )
    problems += coverage_problems(blueprint, eligible)
    if problems:
        raise BlueprintError(problems)
    # each section fits alone; check they fit together (they may compete for the same facts)
    orders = [_FactOrder(sorted(facts), None) for facts in eligible]
    assigned = _assign([s.count for s in blueprint.sections], eligible, orders)
    unfilled = [i for i, s in enumerate(blueprint.sections) if len(assigned[i]) < s.count]
    problems = []
    for i in unfilled:
        competing = [j for j, facts in enumerate(eligible) if not facts.keys().isdisjoint(eligible[i])]
        needed = sum(blueprint.sections[j].count for j in competing)
        available = len(set().union(*(eligible[j] for j in competing)))
        others = ", ".join(repr(blueprint.sections[j].title) for j in competing if j != i)
        problems.append(
            Problem(
                _("section {section} asks for {wanted}; it draws on the same facts as {others}: together they "
                  "need {needed} item(s) but only {available} fact(s) fit them (one item per fact per paper)").format(
                    section=repr(blueprint.sections[i].title), wanted=blueprint.sections[i].describe(),
                    others=others, needed=needed, available=available),
                field=f"sections[{i}].count", code="shortfall",
            )
        )
    if problems:
        raise BlueprintError(problems)


class _FactOrder:
    """A section's eligible facts in a seeded random order, shuffled lazily.

    A paper needs only a few facts from a section that offers thousands, so the
    Fisher-Yates shuffle runs only as far as the facts looked at: the prefix is
    that of a full shuffle, at the cost of the items drawn, not of the bank.
    ``rng=None`` keeps the given (sorted) order.
    """

    def __init__(self, facts: list[FactKey], rng: random.Random | None) -> None:
        self._facts = facts
        self._rng = rng
        self._done = 0 if rng is not None else len(facts)

    def __len__(self) -> int:
        return len(self._facts)

    def __getitem__(self, index: int) -> FactKey:
        facts = self._facts
        if index >= self._done:
            rng = self._rng
            assert rng is not None
            n = len(facts)
            for i in range(self._done, index + 1):
                j = rng.randrange(i, n)
                facts[i], facts[j] = facts[j], facts[i]
            self._done = index + 1
        return facts[index]


def _assign(
    counts: list[int], eligible: list[dict[FactKey, list[Card]]], orders: list[_FactOrder]
) -> list[dict[FactKey, None]]:
    """Distinct facts for every section: ``counts[i]`` of them from ``eligible[i]``, taken in ``orders[i]``.

    First greedily, each section taking its next facts not yet used (the
    sections with the fewest facts to choose from go first); then, for a
    section left short, by augmenting paths (Kuhn): another section gives up a
    fact for one of its own still free. That is a maximum matching of item
    slots to facts, so a section stays short only if no assignment fills it.
    Results are dicts (insertion-ordered), never sets: the order must not
    depend on string hashing.
    """
    owner: dict[FactKey, int] = {}
    assigned: list[dict[FactKey, None]] = [{} for _ in counts]
    cursor = [0] * len(counts)
    for i in sorted(range(len(counts)), key=lambda k: (len(eligible[k]), k)):
        order, taken = orders[i], assigned[i]
        k, n = cursor[i], len(order)
        while len(taken) < counts[i] and k < n:
            fact = order[k]
            k += 1
            if fact not in owner:
                owner[fact] = i
                taken[fact] = None
        cursor[i] = k
    for root in range(len(counts)):
        while len(assigned[root]) < counts[root]:
            if not _augment(root, owner, assigned, orders):
                break
    return assigned


def _augment(
    root: int, owner: dict[FactKey, int], assigned: list[dict[FactKey, None]], orders: list[_FactOrder]
) -> bool:
    """Give section ``root`` one more fact along a shortest chain of hand-overs; False if none exists."""
    # breadth-first over sections: reaching a section once is enough, any chain
    # through it again could be cut short
    parent: dict[int, tuple[int, FactKey]] = {root: (-1, ("", ""))}
    queue = [root]
    for section in queue:
        order = orders[section]
        for k in range(len(order)):
            fact = order[k]
            holder = owner.get(fact)
            if holder is None:
                # section gains ``fact``; walking back, each section takes the fact its child gave up
                while True:
                    owner[fact] = section
                    assigned[section][fact] = None
                    if section == root:
                        return True
                    prev, given = parent[section]
                    del assigned[section][given]
                    section, fact = prev, given
            if holder not in parent:
                parent[holder] = (section, fact)
                queue.append(holder)
    return False


#: how many draws a variant gets before a blueprint is declared impossible to fill without leaks (a small bank
#: whose items say what each other's options are may fill one draw in ten)
LEAK_REDRAWS = 128


def build_variant(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], seed: int, variant: str,
    sorted_facts: list[list[FactKey]] | None = None, draw: int = 0,
) -> ExamPaper:
    """One variant; its draw depends only on (exam, seed, variant) and, when balancing, the draw number."""
    if sorted_facts is None:
        sorted_facts = [sorted(facts) for facts in eligible]
    first_error: BlueprintError | None = None
    # the pick is greedy: a draw that paints itself into a corner (no item left that gives away no
    # other's answer) is drawn again from a seed derived from this one, a bounded number of times,
    # before the blueprint is declared unfillable; a draw that works the first time is unchanged
    for attempt in range(LEAK_REDRAWS):
        parts: tuple[object, ...] = (blueprint.exam, seed, variant) + ((draw,) if draw else ())
        rng = seeded_rng("drill-exam", *parts) if attempt == 0 else seeded_rng("drill-exam", *parts, "redraw", attempt)
        orders = [_FactOrder(list(facts), rng) for facts in sorted_facts]
        try:
            assigned = _assign_facts(blueprint, eligible, orders, rng)
            chosen = _pick_without_leaks(blueprint, eligible, orders, assigned, rng)
            gaps = coverage_gaps(blueprint, chosen) if planned(blueprint) else []
            if gaps:
                raise BlueprintError(gaps)
            break
        except BlueprintError as exc:
            first_error = first_error or exc
    else:
        assert first_error is not None
        raise first_error
    mixed = len({c.deck for picked in chosen for c in picked}) > 1
    contexts = {c.deck: m.group(1) for picked in chosen for c in picked if (m := _LABEL_TEXT.match(c.prompt))}
    number = 0
    sections = []
    for section, picked in zip(blueprint.sections, chosen):
        rng.shuffle(picked)
        places = key_places(picked, rng)
        items = []
        for card in picked:
            number += 1
            # a paper that states the company it certifies heads no item with a company of its own
            item = make_item(card, number, section.points, rng, section.scoring,
                             label=mixed and not blueprint.operator, context=contexts.get(card.deck),
                             key_at=places.get(card.id))
            items.append(_for_operator(item, blueprint.operator))
        sections.append(
            ExamSection(title=section.title, points_each=section.points, instructions=section.instructions,
                        scoring=section.scoring if CardType.MULTIPLE_SELECT in section.types else None,
                        items=tuple(items))
        )
    return ExamPaper(
        exam=blueprint.exam, title=blueprint.title, variant=variant, seed=seed,
        duration_minutes=blueprint.duration_minutes, pass_mark=blueprint.pass_mark, operator=blueprint.operator,
        instructions=blueprint.instructions, seal_line=blueprint.seal_line, sections=tuple(sections),
    )


def _assign_facts(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], orders: list[_FactOrder], rng: random.Random,
) -> list[dict[FactKey, None]]:
    """The facts of every section: under the blueprint's quotas and spread rule when it plans its topics."""
    if not planned(blueprint):
        return _assign([s.count for s in blueprint.sections], eligible, orders)
    topics = list(dict.fromkeys([*blueprint.topics, *(t for s in blueprint.sections for t in s.quotas)]))
    rng.shuffle(topics)
    assigned = assign_covering(blueprint, eligible, orders, topics)
    if assigned is None:
        raise BlueprintError(Problem(
            _("the decks cannot meet the blueprint's topic quotas and spread rule together with the section "
              "counts (one item per fact per paper); lower a count or a quota"), field="topics", code="shortfall"))
    return assigned


def _pick_without_leaks(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], orders: list[_FactOrder],
    assigned: list[dict[FactKey, None]], rng: random.Random,
) -> list[list[Card]]:
    """One card for each assigned fact, such that no item prints another's answer.

    Sections with the fewest facts to draw on go first. A fact none of whose
    cards fits beside the items already drawn gives way to the next unused fact
    of its section (in the section's seeded order); failing that, an item
    already drawn that is in the way is redrawn from its own section. When
    nothing fits, the paper cannot be made under that rule: a
    :class:`BlueprintError` names the section and the answer that would be given away.
    """
    used = {fact for taken in assigned for fact in taken}
    chosen: list[dict[FactKey, Card]] = [{} for _ in blueprint.sections]
    spares = [_walk(order) for order in orders]

    def picked(skip: Card | None = None) -> list[Card]:
        return [c for section in chosen for c in section.values() if c is not skip]

    covering = planned(blueprint)
    topic_of = {f: cards[0].topic for facts in eligible for f, cards in facts.items()} if covering else {}
    on_paper = Counter(topic_of[f] for taken in assigned for f in taken) if covering else Counter()

    def next_spare(i: int, instead: FactKey) -> FactKey | None:
        if not covering:
            fact = next((f for f in spares[i] if f not in used), None)
        else:
            # a paper that plans its topics replaces a fact by one of the same topic where it can, else by one of
            # the topic it has least of
            topic = topic_of[instead]
            free = [f for f in _walk(orders[i]) if f not in used]
            fact = next((f for f in free if topic_of[f] == topic), None)
            if fact is None and free:
                fact = min(free, key=lambda f: on_paper[topic_of[f]])
            if fact is not None:
                on_paper[topic] -= 1
                on_paper[topic_of[fact]] += 1
        if fact is not None:
            used.add(fact)
        return fact

    def give_back(spare: FactKey, kept: FactKey) -> None:
        """A spare drawn in vain: the topic count goes back to the fact that stays on the paper."""
        if covering and spare != kept:
            on_paper[topic_of[spare]] -= 1
            on_paper[topic_of[kept]] += 1

    for i in sorted(range(len(blueprint.sections)), key=lambda k: (len(eligible[k]), k)):
        for fact in assigned[i]:
            blocked = fact
            card = _fitting(eligible[i][fact], picked(), rng)
            while card is None and (spare := next_spare(i, fact)) is not None:
                fact = spare
                card = _fitting(eligible[i][fact], picked(), rng)
            if card is None:
                give_back(fact, blocked)
                fact, card = blocked, _redraw_in_the_way(blueprint, eligible, chosen, i, blocked, next_spare,
                                                         give_back, rng)
            if card is None:
                why_not = next(
                    (why for c in eligible[i][blocked] for p in picked() if (why := clash(c, p))), ""
                )
                raise BlueprintError(
                    Problem(
                        _("section {section} cannot be filled without one item giving away another's answer "
                          "({clash}); add facts to the decks or lower the count").format(
                            section=repr(blueprint.sections[i].title), clash=why_not),
                        field=f"sections[{i}].count", code="leak",
                    )
                )
            chosen[i][fact] = card
    if blueprint.coverage == "spread":
        _even_out(blueprint, eligible, orders, chosen, used, rng)
    return [list(section.values()) for section in chosen]


#: A spread paper's most frequent topic may hold this many items more than its least frequent one.
SPREAD_SLACK = 2


def _even_out(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], orders: list[_FactOrder],
    chosen: list[dict[FactKey, Card]], used: set[FactKey], rng: random.Random,
) -> None:
    """Move items off a crowded topic, in place, where a section can take a fact of a scarcer one instead.

    Replacing items that give each other away can push a section with few topics
    to draw (a 单选 section full of one topic's posts) onto one topic again and
    again; a section with many topics to draw on (判断, 填空) then gives up an item
    of that topic for one of the least represented topics it has, as long as the
    new item clashes with nothing on the paper. Sections with quotas keep theirs.
    """
    counts = Counter(c.topic for section in chosen for c in section.values())
    for _round in range(sum(len(s) for s in chosen)):
        least = min(counts.values())
        crowded = sorted((t for t in counts if counts[t] - least > SPREAD_SLACK), key=lambda t: (-counts[t], str(t)))
        if not crowded or not any(_move_one(blueprint, eligible, orders, chosen, used, rng, counts, top)
                                  for top in crowded):
            return


def _move_one(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], orders: list[_FactOrder],
    chosen: list[dict[FactKey, Card]], used: set[FactKey], rng: random.Random, counts: Counter[str | None],
    top: str | None,
) -> bool:
    """One item of topic ``top`` replaced by a fitting fact of a scarcer topic of its section (False if none)."""
    moved = False
    for i, section in enumerate(chosen):
        if blueprint.sections[i].quotas or moved:
            continue
        for fact, card in list(section.items()):
            if card.topic != top:
                continue
            others = [c for s in chosen for c in s.values() if c is not card]
            free = [f for f in _walk(orders[i]) if f not in used
                    and counts[eligible[i][f][0].topic] < counts[top] - 1]
            for spare in sorted(free, key=lambda f: counts[eligible[i][f][0].topic]):
                new = _fitting(eligible[i][spare], others, rng)
                if new is not None:
                    del section[fact]
                    section[spare] = new
                    used.add(spare)
                    counts[top] -= 1
                    counts[new.topic] += 1
                    moved = True
                    break
            if moved:
                break
    return moved


def _walk(order: _FactOrder) -> Iterator[FactKey]:
    return (order[k] for k in range(len(order)))


def _redraw_in_the_way(
    blueprint: Blueprint, eligible: list[dict[FactKey, list[Card]]], chosen: list[dict[FactKey, Card]],
    section: int, fact: FactKey, next_spare: Callable[[int, FactKey], FactKey | None],
    give_back: Callable[[FactKey, FactKey], None], rng: random.Random,
) -> Card | None:
    """A card of ``fact`` after redrawing the one item in its way (``None`` if that does not help)."""
    all_picked = [c for s in chosen for c in s.values()]
    for card in eligible[section][fact]:
        in_way = [p for p in all_picked if clash(card, p)]
        if len(in_way) != 1:
            continue
        (old,) = in_way
        j = next(k for k, s in enumerate(chosen) if any(c is old for c in s.values()))
        old_fact = next(f for f, c in chosen[j].items() if c is old)
        rest = [p for p in all_picked if p is not old] + [card]
        replacement = _fitting([c for c in eligible[j][old_fact] if c is not old], rest, rng)
        new_fact = old_fact
        # each spare stands in for the one before it, so the paper's topic counts follow the last one drawn
        while replacement is None and (spare := next_spare(j, new_fact)) is not None:
            new_fact = spare
            replacement = _fitting(eligible[j][new_fact], rest, rng)
        if replacement is None:
            give_back(new_fact, old_fact)
        else:
            del chosen[j][old_fact]
            chosen[j][new_fact] = replacement
            return card
    return None


def _fitting(cards: list[Card], picked: list[Card], rng: random.Random) -> Card | None:
    """A card of one fact (drawn with ``rng``) that leaks nothing to or from ``picked``."""
    order = list(cards)
    rng.shuffle(order)
    on_paper = [(p, _profile(p)) for p in picked]
    for card in order:
        mine = _profile(card)
        if not any(_clash(card, mine, p, theirs) for p, theirs in on_paper):
            return card
    return None


_LABEL = re.compile(r"^【[^】]*】")
_LABEL_TEXT = re.compile(r"^【([^】]*)】")
#: A label and the operator a paper certifies are one company when they begin alike this far (中国移动…).
SAME_COMPANY = 4


def _for_operator(item: ExamItem, operator: str | None) -> ExamItem:
    """``item`` without its 【company】 label when the paper states that company as the one it certifies."""
    match = _LABEL_TEXT.match(item.prompt)
    if operator and match and match.group(1)[:SAME_COMPANY] == operator[:SAME_COMPANY]:
        return item.model_copy(update={"prompt": item.prompt[match.end():]})
    return item
_ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")


class _Profile:
    """What one card prints and hides on a paper, normalised once.

    ``sought`` is everything :func:`_away` looks for in another item (an answer, either half of one, a false
    statement's wrong words, a 单选 key), ``cues`` their first two characters, and ``bigrams`` the
    two-character stretches of what the card prints: when no cue of one item is among the other's bigrams,
    or nothing sought is in what it prints, either way round, :func:`_away` finds nothing, which a few set
    lookups tell for most pairs of a paper (:func:`_apart`).
    """

    __slots__ = ("bigrams", "card_id", "cues", "decoys", "deck", "everywhere", "facets", "fact", "key", "printed",
                 "prompt", "secrets", "shown", "sought", "statement")

    def __init__(self, card: Card) -> None:
        self.card_id, self.deck, self.fact = card.id, card.deck, card.fact
        secrets, self.everywhere = _secrets(card)
        self.secrets = [(s, normalize(s)) for s in secrets if len(normalize(s)) >= 2]
        self.prompt = normalize(_LABEL.sub("", card.prompt))
        self.shown = [self.prompt, *(normalize(o.text) for o in card.options)]
        self.statement = normalize(_statement(card) or "")
        self.facets = facets_of(card)
        self.key = _named_key(card)
        # the wrong words a false statement prints (交接班本 for 设备故障登记簿): printed elsewhere in their own
        # place, they tell the candidate the statement is false
        self.decoys = [(w, normalize(w)) for w, _truth in false_statement_changes(card) if len(normalize(w)) >= 3]
        self.printed = "\x00".join(self.shown)  # normalised text holds no control character
        self.bigrams = frozenset(text[i:i + 2] for text in self.shown for i in range(len(text) - 1))
        # every secret, decoy and key is two characters or more; near_in finds a near wording only where the
        # key's first or second half is printed whole
        halves = [half for _s, key in self.secrets if len(key) >= NEAR_LENGTH
                  for half in (key[:len(key) // 2], key[len(key) // 2:])]
        self.sought = tuple(dict.fromkeys([*(key for _s, key in self.secrets), *halves,
                                           *(key for _w, key in self.decoys), *([self.key[1]] if self.key else [])]))
        self.cues = frozenset(key[:2] for key in self.sought)


#: A 单选 key this long or longer (合宜原则, 流动服务岗) named in another item's question singles itself out.
KEY_NAMED = 3


def _named_key(card: Card) -> tuple[str, str, tuple[str, ...]] | None:
    """A 单选 key that another item's question must not name alone: (key, normalised, its other options)."""
    if card.type is not CardType.MULTIPLE_CHOICE or card.template == "odd-one-out":
        return None
    key = next((o.text for o in card.options if o.correct), "")
    if len(normalize(key)) < KEY_NAMED:
        return None
    return key, normalize(key), tuple(normalize(o.text) for o in card.options if not o.correct and normalize(o.text))


_TRUTH = re.compile(r"^正确说法：(.*)$", re.MULTILINE)


def false_statement_truth(card: Card) -> list[str]:
    """What a false 判断 statement changed: the handbook's own words in place of the printed wrong ones.

    >>> false_statement_truth(tf_card)  # doctest: +SKIP
    ['每诉必录']
    """
    return [truth for _shown, truth in false_statement_changes(card)]


def false_statement_changes(card: Card) -> list[tuple[str, str]]:
    """Each change a false 判断 statement made: (the wrong words it prints, the handbook's words).

    >>> false_statement_changes(tf_card)  # doctest: +SKIP
    [('交接班本', '设备故障登记簿')]
    """
    if card.type is not CardType.TRUE_FALSE or not card.explanation:
        return []
    m = _TRUTH.search(card.explanation)
    if not m:
        return []
    truth, shown = m.group(1).strip(), _LABEL.sub("", card.prompt)
    matcher = difflib.SequenceMatcher(None, shown, truth, autojunk=False)
    return [(_word(shown, i1, i2), _word(truth, j1, j2)) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag == "replace" or tag == "insert" and j2 > j1]


def _word(text: str, start: int, end: int) -> str:
    """``text[start:end]`` grown to a word: a number whole, then neighbours within its phrase.

    A changed digit or character alone (24 for 12) is no word: its neighbours come with it (24小时), but never
    across a quotation mark or a comma (“每诉必录”).
    """
    while start > 0 and end > start and text[start - 1].isdigit() and text[start].isdigit():
        start -= 1
    while end < len(text) and end > start and text[end].isdigit() and text[end - 1].isdigit():
        end += 1
    while end - start < TRUTH_SPAN:
        if end < len(text) and text[end] not in _BOUNDARY:
            end += 1
        elif start > 0 and text[start - 1] not in _BOUNDARY:
            start -= 1
        else:
            break
    return text[start:end]


#: The shortest stretch of a false statement's truth taken as its hidden word.
TRUTH_SPAN = 4
_BOUNDARY = frozenset("“”‘’「」『』《》（）()，,。；;：:、！!？? ")


_PROFILES: dict[tuple[str, str], _Profile] = {}


def _profile(card: Card) -> _Profile:
    return by_content(_PROFILES, card, _Profile)


def _secrets(card: Card) -> tuple[list[str], bool]:
    """What another item must not print, and whether options count too (else the question only).

    A written answer (cloze, typed, list) must appear nowhere else; the odd one
    out must not appear in another item either (as an option it would tell
    where it belongs). Any other multiple-choice key is printed among its own
    options anyway, so seeing it elsewhere tells nothing.
    """
    if card.type in (CardType.CLOZE, CardType.TYPED, CardType.BASIC):
        # every accepted wording is an answer: 「有诉必录」 printed elsewhere answers a blank keyed 每诉必录
        return [card.answer, *card.accept], True
    if card.type is CardType.LIST_RECALL:  # an item's other wordings answer it as well
        return [*card.items, card.answer, *(w for a in card.accept for w in a.split("|")[1:])], True
    if card.type is CardType.MULTIPLE_CHOICE and card.template == "odd-one-out":
        return [card.answer], True
    if card.type is CardType.TRUE_FALSE:
        # a false statement hides the handbook's word (每诉必录 behind 每诉必报): printed elsewhere, it refutes this
        # one, and so do the other wordings a blueprint names for it (kept in ``accept``)
        return [*false_statement_truth(card), *card.accept], True
    return [], False


def _away(mine: _Profile, theirs: _Profile) -> str | None:
    """How the item of ``theirs`` prints the answer of ``mine`` or states the same rule (one direction)."""
    where = theirs.shown if mine.everywhere else theirs.shown[:1]
    for secret, key in mine.secrets:
        if any(key in text for text in where):
            return _("the answer {answer} of {card} is printed in {other}").format(
                answer=repr(secret), card=mine.card_id, other=theirs.card_id)
        # another wording of the same maxim, or the rule's own contrast, one character away (有诉必录 / 每诉必录)
        near = next(filter(None, (near_in(text, key) for text in where)), None) if len(key) >= NEAR_LENGTH else None
        if near:
            return _("{other} prints {near}, one character away from the answer {answer} of {card}").format(
                near=repr(near), answer=repr(secret), card=mine.card_id, other=theirs.card_id)
    their_decoys = {key for _w, key in theirs.decoys}
    for decoy, key in mine.decoys:
        if key not in their_decoys and any(key in text for text in theirs.shown):
            return _("the wrong words {words} of the false statement {card} stand in {other}").format(
                words=repr(decoy), card=mine.card_id, other=theirs.card_id)
    if mine.key:
        raw, key, others = mine.key
        if key in theirs.prompt and not any(o in theirs.prompt for o in others):
            return _("the question of {other} names {answer}, the key of {card}, and none of its other "
                     "options").format(answer=repr(raw), card=mine.card_id, other=theirs.card_id)
    if similar_in(mine.statement, theirs.statement):
        return _("{card} and {other} state the same thing").format(card=mine.card_id, other=theirs.card_id)
    return None


def clash(card: Card, other: Card) -> str | None:
    """Why two cards cannot stand on one paper, in either direction (``None`` when they can).

    Every rule of assembly: one prints the other's answer, both state the same rule, or a cross-item rule
    of :mod:`drill.exam.crossitem`.
    """
    return _clash(card, _profile(card), other, _profile(other))


def _clash(card: Card, a: _Profile, other: Card, b: _Profile) -> str | None:
    """:func:`clash` of cards whose profiles are at hand."""
    if a.deck == b.deck and a.fact == b.fact:
        return None  # one item per fact per paper; the same fact never meets itself
    why = None if _apart(a, b) else _away(a, b) or _away(b, a)
    if why is None and may_clash(a.facets, b.facets):
        why = conflict(card, other)
    return why


def _apart(a: _Profile, b: _Profile) -> bool:
    """Whether :func:`_away` finds nothing either way, told cheaply (see :class:`_Profile`)."""
    return ((a.cues.isdisjoint(b.bigrams) or not any(key in b.printed for key in a.sought))
            and (b.cues.isdisjoint(a.bigrams) or not any(key in a.printed for key in b.sought))
            and not (a.statement and b.statement and similar_in(a.statement, b.statement)))


def leaks(card: Card, other: Card) -> str | None:
    """How ``other`` gives away ``card``'s answer on the same paper (``None`` when it does not).

    Besides one item printing the other's answer and two stating the same
    rule, the cross-item rules of :mod:`drill.exam.crossitem` count: an option
    right in one and wrong in the other, a level list against a count, a
    scoring point printed elsewhere.

    >>> leaks(cloze_card, mc_card)  # doctest: +SKIP
    "the answer '24小时' of a/b/cloze/1 is printed in c/d/name"
    """
    mine, theirs = _profile(card), _profile(other)
    if mine.deck == theirs.deck and mine.fact == theirs.fact:
        return None
    return _away(mine, theirs) or conflict(card, other)


def _statement(card: Card) -> str | None:
    """The rule a cloze or true/false card is about, in plain words (for "two facts say the same")."""
    if card.type is CardType.CLOZE and card.context:
        return _LABEL.sub("", _ANKI_CLOZE.sub(lambda m: m.group(1), card.context))
    if card.type is CardType.TRUE_FALSE:
        return _LABEL.sub("", card.prompt)
    return None


def key_places(cards: Sequence[Card], rng: random.Random) -> dict[str, int]:
    """Where each 单选 key of a section goes (card id → option index), spread evenly over the letters.

    Shuffled options alone may put half the keys under A on a short section; a
    candidate who notices guesses A. Each item in turn gets the letter used least
    so far among those it has, ties drawn with ``rng`` (seeded: the same paper
    every time).
    """
    used: Counter[int] = Counter()
    out: dict[str, int] = {}
    for card in cards:
        if card.type is not CardType.MULTIPLE_CHOICE or len(card.options) < 2:
            continue
        free = [i for i, o in enumerate(card.options) if not o.fixed]
        if not free:
            continue
        least = min(used[i] for i in free)
        place = rng.choice([i for i in free if used[i] == least])
        used[place] += 1
        out[card.id] = place
    return out


def _put_key(options: tuple[Option, ...], place: int | None) -> tuple[Option, ...]:
    """``options`` with the right one moved to ``place`` (swapped with what stood there; fixed ones stay)."""
    at = next(i for i, o in enumerate(options) if o.correct)
    if place is None or place == at or place >= len(options) or options[place].fixed or options[at].fixed:
        return options
    out = list(options)
    out[at], out[place] = out[place], out[at]
    return tuple(out)


def make_item(
    card: Card, number: int, points: float, rng: random.Random, scoring: str | None = None, *,
    label: bool = False, context: str | None = None, key_at: int | None = None,
) -> ExamItem:
    """An exam item from a card, options shuffled with ``rng`` (true/false keeps 正确/错误).

    With ``label`` (a paper that mixes decks) a question that does not say whom
    it is about is headed with its deck's ``context`` (the company, as the
    deck's other items are), else with the deck's id.
    """
    options: tuple[Option, ...] = ()
    prompt = card.prompt if not label or _LABEL.match(card.prompt) else f"【{context or card.deck}】{card.prompt}"
    if card.type is CardType.MULTIPLE_SELECT:
        options = shuffle_options(card.options, rng)  # fixed options (「以上都对」) keep their place
        key = "".join(_letter(i) for i, o in enumerate(options) if o.correct)
        answer = "、".join(o.text for o in options if o.correct)
        return ExamItem(
            number=number, card_id=card.id, deck=card.deck, fact=card.fact, type=card.type, prompt=prompt,
            options=options, key=key, answer=answer, points=points, explanation=card.explanation,
            topic=card.topic, source=card.source, kind=card.kind, scoring=scoring or "all-or-nothing",
        )
    if card.type is CardType.MULTIPLE_CHOICE:
        options = _put_key(shuffle_options(card.options, rng), key_at)
        key = _letter(next(i for i, o in enumerate(options) if o.correct))
    elif card.type is CardType.TRUE_FALSE:
        options = card.options
        key = _letter(next(i for i, o in enumerate(options) if o.correct))
    elif card.type is CardType.ORDERING:
        steps = list(card.items)
        order = list(range(len(steps)))
        for _ in range(8):  # a printed order equal to the answer would give it away
            rng.shuffle(order)
            if order != sorted(order):
                break
        options = tuple(Option(text=steps[i]) for i in order)
        key = "".join(_letter(order.index(i)) for i in range(len(steps)))
    else:
        key = card.answer
    return ExamItem(
        number=number, card_id=card.id, deck=card.deck, fact=card.fact, type=card.type, prompt=prompt,
        options=options, key=key, answer=card.answer, points=points, explanation=card.explanation,
        topic=card.topic, source=card.source, kind=card.kind, key_points=card.points,
        # a 判断 key is 正确 or 错误: the wordings its statement hides are for assembly, not for the key
        accept=card.accept if card.type is not CardType.TRUE_FALSE else (),
        items=card.items if card.type is CardType.LIST_RECALL else (),
    )


def _letter(index: int) -> str:
    return chr(65 + index)


def select_weak_cards(
    cards: Iterable[Card], retrievability: Mapping[str, float], count: int
) -> list[Card]:
    """The ``count`` cards a learner is most likely to forget, at most one per fact.

    Cards without a retrievability (never reviewed) are left out; ties go by card id.
    A card whose answer another chosen card prints (or that prints another's) is
    passed over, so the cards can stand on one paper.
    """
    known = sorted((retrievability[c.id], c.id, c) for c in cards if c.id in retrievability)
    out: list[Card] = []
    facts: set[FactKey] = set()
    for _score, _key, card in known:
        if len(out) >= count:
            break
        if (card.deck, card.fact) in facts or any(clash(card, p) for p in out):
            continue
        facts.add((card.deck, card.fact))
        out.append(card)
    return out


def weak_blueprint(
    blueprint: Blueprint, cards: Iterable[Card], retrievability: Mapping[str, float], count: int
) -> tuple[Blueprint, list[Card]]:
    """A blueprint and card pool for a weak-spot paper.

    The ``count`` weakest cards that fit any section of ``blueprint`` (one per
    fact) go into the first section that accepts them; each section's count
    becomes how many landed there, and empty sections are dropped. Raises
    :class:`BlueprintError` when no reviewed card fits the blueprint.
    """
    fitting = [c for c in cards if _usable(c) and any(s.accepts(c) for s in blueprint.sections)]
    weak = select_weak_cards(fitting, retrievability, count)
    counts = [0] * len(blueprint.sections)
    for card in weak:
        counts[next(i for i, s in enumerate(blueprint.sections) if s.accepts(card))] += 1
    sections = [s.model_copy(update={"count": n, "quotas": {}}) for s, n in zip(blueprint.sections, counts) if n]
    if not sections:
        raise BlueprintError(
            Problem(_("no reviewed card fits blueprint {exam}; review some cards first").format(
                exam=repr(blueprint.exam)), code="shortfall")
        )
    pool_ids = {c.id for c in weak}
    # a weak-spot paper follows the learner's gaps, not the blueprint's topic plan or full marks
    # Translators: the title of a weak-spot paper made from the blueprint titled {title}
    weak_bp = blueprint.model_copy(update={"title": _("{title} (weak spots)").format(title=blueprint.title),
                                           "sections": sections, "coverage": "free", "total": None})
    return weak_bp, [c for c in cards if c.id in pool_ids]


def weak_shortfall(weak_bp: Blueprint, asked: int, retrievability: Mapping[str, float]) -> str | None:
    """Why a weak-spot paper has fewer items than ``asked`` (None when it has them all)."""
    got = sum(s.count for s in weak_bp.sections)
    if got >= asked:
        return None
    message = _("asked for {asked} weak item(s), the paper has {got}: only {got} fact(s) with a reviewed card "
                "fit the blueprint's sections (one item per fact; {reviewed} card(s) of its decks were ever "
                "reviewed). Review more cards, or ask for fewer.")
    return message.format(asked=asked, got=got, reviewed=len(retrievability))
