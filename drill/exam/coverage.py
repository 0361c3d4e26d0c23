"""Planned coverage of a paper's topics (知识点): quotas per section and the spread rule.

A blueprint may ask, per section, for an exact number of items of a topic
(``quotas``), and for the whole paper (``coverage: spread``) that every topic
in its ``topics`` gets an item before any topic gets a second, the rest
spread as evenly as the decks allow (a paper with fewer items than topics
gives each item a topic of its own). :func:`assign_covering` picks the facts
for every section under those rules (in each section's seeded order, so the
draw stays reproducible); :func:`coverage_problems` says, before any draw, which
section and topic cannot be met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from ..errors import Problem
from ..i18n import _

if TYPE_CHECKING:
    from ..card import Card
    from .blueprint import Blueprint

FactKey = tuple[str, str]


class FactOrder(Protocol):
    """A section's facts in the order they are tried: a list, or an order drawn lazily as it is read."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> FactKey: ...


def planned(blueprint: Blueprint) -> bool:
    """Whether the blueprint plans its topics (a spread rule or a quota anywhere)."""
    return blueprint.coverage == "spread" or any(s.quotas for s in blueprint.sections)


def _topic(cards: Sequence[Card]) -> str:
    return cards[0].topic or ""


def _by_topic(eligible: Mapping[FactKey, Sequence[Card]]) -> dict[str, list[FactKey]]:
    out: dict[str, list[FactKey]] = {}
    for fact in sorted(eligible):
        out.setdefault(_topic(eligible[fact]), []).append(fact)
    return out


def coverage_problems(blueprint: Blueprint, eligible: Sequence[Mapping[FactKey, Sequence[Card]]]) -> list[Problem]:
    """What the decks cannot give the blueprint's quotas and spread rule, each naming the section and topic."""
    problems = []
    topics = [_by_topic(facts) for facts in eligible]
    for i, section in enumerate(blueprint.sections):
        for topic, wanted in section.quotas.items():
            have = len(topics[i].get(topic, ()))
            if have < wanted:
                problems.append(Problem(
                    _("section {section} asks for {wanted} item(s) of topic {topic}, but the decks have only {have} "
                      "fact(s) of that topic with cards the section takes").format(
                        section=repr(section.title), wanted=wanted, topic=repr(topic), have=have),
                    field=f"sections[{i}].quotas.{topic}", code="shortfall"))
    if blueprint.coverage == "spread" and sum(s.count for s in blueprint.sections) >= len(set(blueprint.topics)):
        # (a paper with fewer items than topics represents the topics it can, one item each)
        quota_topics = {t for s in blueprint.sections for t in s.quotas}
        for topic in dict.fromkeys(blueprint.topics):
            if topic in quota_topics:
                continue
            if not any(topic in by_topic and section.count > sum(section.quotas.values())
                       for section, by_topic in zip(blueprint.sections, topics)):
                titles = ", ".join(repr(s.title) for s in blueprint.sections)
                problems.append(Problem(
                    _("topic {topic} cannot be represented: no section ({sections}) has room for a card of it "
                      "in the decks").format(topic=repr(topic), sections=titles),
                    field="topics", code="shortfall"))
    return problems


def assign_covering(
    blueprint: Blueprint, eligible: Sequence[Mapping[FactKey, Sequence[Card]]], orders: Sequence[FactOrder],
    topic_order: Sequence[str],
) -> list[dict[FactKey, None]] | None:
    """Facts for every section meeting the quotas and the spread rule; ``None`` when this draw cannot.

    ``orders`` are the sections' facts in this variant's seeded order and
    ``topic_order`` the paper's topics in a seeded order (for ties). Quotas are
    filled first; then each topic not yet on the paper gets one item, in the
    section with the most room among those that can take it (topics with the
    fewest such sections first); then every remaining slot goes to the topic
    with the fewest items so far. A fact gives at most one item.
    """
    sections = blueprint.sections
    rank = {t: k for k, t in enumerate(topic_order)}
    pools: list[dict[str, list[FactKey]]] = []
    for order, facts in zip(orders, eligible):
        pool: dict[str, list[FactKey]] = {}
        for k in range(len(order)):
            fact = order[k]
            pool.setdefault(_topic(facts[fact]), []).append(fact)
        pools.append(pool)
    used: set[FactKey] = set()
    assigned: list[dict[FactKey, None]] = [{} for _ in sections]
    count: dict[str, int] = {}

    def take(i: int, topic: str) -> bool:
        fact = next((f for f in pools[i].get(topic, ()) if f not in used), None)
        if fact is None:
            return False
        used.add(fact)
        assigned[i][fact] = None
        count[topic] = count.get(topic, 0) + 1
        return True

    for i, section in enumerate(sections):
        for topic, wanted in section.quotas.items():
            for _n in range(wanted):
                if not take(i, topic):
                    return None
    room = [s.count - len(a) for s, a in zip(sections, assigned)]
    free = [i for i, s in enumerate(sections)]
    if blueprint.coverage == "spread":
        missing = [t for t in dict.fromkeys(blueprint.topics) if t not in count]
        homes = {t: [i for i in free if t in pools[i] and t not in sections[i].quotas] for t in missing}
        # a paper with fewer items than topics gives each item its own topic (in seeded order): it cannot
        # represent them all, and none gets a second
        placeable = sum(room[i] for i in free)
        if placeable < len(missing):
            missing = sorted(missing, key=lambda t: rank.get(t, 0))[:placeable]
        for topic in sorted(missing, key=lambda t: (len(homes[t]), rank.get(t, 0))):
            for i in sorted(homes[topic], key=lambda k: (-room[k], k)):
                if room[i] > 0 and take(i, topic):
                    room[i] -= 1
                    break
            else:
                if placeable >= len(blueprint.topics):
                    return None
    # the rest, one slot at a time over all sections: the least represented topic any section with room can
    # still draw goes next (ties: fewer facts to choose from first, then the seeded topic order)
    def best(i: int) -> str | None:
        candidates = [t for t, fs in pools[i].items()
                      if t not in sections[i].quotas and any(f not in used for f in fs)]
        if not candidates:
            return None
        return min(candidates, key=lambda t: (count.get(t, 0), rank.get(t, len(rank)), t))

    while any(r > 0 for r in room):
        options = []
        for i in free:
            if room[i] > 0:
                found = best(i)
                if found is None:
                    return None
                options.append((count.get(found, 0), len(eligible[i]), i, found))
        _n, _size, i, topic = min(options, key=lambda o: (o[0], o[1], o[2], rank.get(o[3], len(rank))))
        take(i, topic)
        room[i] -= 1
    return assigned


def coverage_gaps(blueprint: Blueprint, chosen: Sequence[Sequence[Card]]) -> list[Problem]:
    """Where a drawn paper misses its quotas or leaves a topic out (each naming the section or topic)."""
    problems = []
    for i, (section, cards) in enumerate(zip(blueprint.sections, chosen)):
        for topic, wanted in section.quotas.items():
            got = sum(c.topic == topic for c in cards)
            if got != wanted:
                problems.append(Problem(
                    _("section {section} should hold {wanted} item(s) of topic {topic}; the draw gave {got}").format(
                        section=repr(section.title), wanted=wanted, topic=repr(topic), got=got),
                    field=f"sections[{i}].quotas.{topic}", code="shortfall"))
    if blueprint.coverage == "spread":
        counts: dict[str | None, int] = {}
        for cards in chosen:
            for c in cards:
                counts[c.topic] = counts.get(c.topic, 0) + 1
        if sum(counts.values()) < len(set(blueprint.topics)):
            crowded = sorted(str(t) for t, n in counts.items() if n > 1)
            if crowded:
                problems.append(Problem(
                    _("topic {topic} gets a second item while other topics have none").format(topic=repr(crowded[0])),
                    field="topics", code="shortfall"))
            return problems
        for topic in dict.fromkeys(blueprint.topics):
            if topic not in counts:
                problems.append(Problem(
                    _("topic {topic} gets no item on the paper: every fact of it clashes with another item").format(
                        topic=repr(topic)),
                    field="topics", code="shortfall"))
    return problems
