"""Item analysis of graded papers: pure maths, no I/O.

* difficulty ``p``: the proportion of candidates (who had the item) that got it right;
* discrimination, corrected point-biserial: the Pearson correlation of the item's
  0/1 score with the candidate's total *minus this item* (so an item does not
  correlate with itself);
* discrimination, upper-lower: ``p`` in the top 27 % of candidates by total minus
  ``p`` in the bottom 27 % (each group at least one candidate);
* how often each option (or, for text items, each answer) was chosen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

#: p above this: too easy; below TOO_HARD: too hard.
TOO_EASY = 0.9
TOO_HARD = 0.2
#: share of candidates in each of the upper and lower groups
GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemResponse:
    """One candidate's answer to one item."""

    item_id: str
    correct: bool
    points: float  # points the item is worth
    choice: str  # what was chosen, as the analysis should count it ("" when blank)
    #: the judge's reason, and whether a right answer was accepted as equivalent to the key, not identical
    reason: str = ""
    equivalent: bool = False
    #: False when the judge left the answer to a person (a standard phrase without key points)
    judged: bool = True

    @property
    def awarded(self) -> float:
        return self.points if self.correct else 0.0


@dataclass(frozen=True)
class CandidateResult:
    candidate: str
    variant: str
    responses: tuple[ItemResponse, ...]
    pass_mark: float  # percent

    @property
    def score(self) -> float:
        return sum(r.awarded for r in self.responses)

    @property
    def total(self) -> float:
        return sum(r.points for r in self.responses)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        # a tiny tolerance so 79.99999… from float sums does not fail an 80 % pass mark
        return self.percent + 1e-9 >= self.pass_mark


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    candidates: int
    difficulty: float | None
    point_biserial: float | None  # corrected (item vs rest score)
    upper_lower: float | None
    choices: dict[str, int] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation, or None when either side does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return sxy / math.sqrt(sxx * syy)


def group_size(n: int) -> int:
    """Candidates in each of the upper and lower groups (27 %, at least one)."""
    return max(1, round(GROUP_SHARE * n))


def item_flags(difficulty: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if difficulty is not None and difficulty > TOO_EASY:
        flags.append("too easy")
    if difficulty is not None and difficulty < TOO_HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    return tuple(flags)


def analyse_items(results: Sequence[CandidateResult], item_order: Sequence[str] = ()) -> list[ItemStats]:
    """Statistics for every item any candidate had, in ``item_order`` then first-seen order."""
    by_item: dict[str, list[tuple[CandidateResult, ItemResponse]]] = {}
    for item_id in item_order:
        by_item.setdefault(item_id, [])
    for result in results:
        for response in result.responses:
            by_item.setdefault(response.item_id, []).append((result, response))
    stats = []
    for item_id, pairs in by_item.items():
        if not pairs:
            continue
        n = len(pairs)
        scores = [1.0 if r.correct else 0.0 for _, r in pairs]
        rest = [c.score - r.awarded for c, r in pairs]
        difficulty = sum(scores) / n
        pbis = pearson(scores, rest)
        upper_lower = None
        if n >= 2:
            ranked = sorted(pairs, key=lambda pr: (-pr[0].score, pr[0].candidate))
            g = group_size(n)
            upper = sum(r.correct for _, r in ranked[:g]) / g
            lower = sum(r.correct for _, r in ranked[-g:]) / g
            upper_lower = upper - lower
        choices = dict(sorted(Counter(r.choice for _, r in pairs).items()))
        stats.append(
            ItemStats(item_id, n, difficulty, pbis, upper_lower, choices,
                      item_flags(difficulty, pbis if pbis is not None else upper_lower))
        )
    return stats
