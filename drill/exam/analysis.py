"""Item analysis of graded papers: pure maths, no I/O.

* difficulty ``p``: the proportion of candidates (who had the item) that got it right
  (with partial credit, the mean share of the item's points);
* discrimination, corrected point-biserial: the Pearson correlation of the item's
  0/1 score with the candidate's total *minus this item* (so an item does not
  correlate with itself);
* discrimination, upper-lower: ``p`` in the top 27 % of candidates by total minus
  ``p`` in the bottom 27 % (each group at least one candidate);
* how often each option (or, for text items, each answer) was chosen.
"""

from __future__ import annotations

import math
from operator import mul
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
    section: str = ""  # section title on the candidate's paper
    number: int = 0  # item number on the candidate's paper
    credit: float | None = None  # share of the points (partial credit on 多选题); None: all or nothing
    #: the judge's reason, and whether a right answer was accepted as equivalent to the key, not identical
    reason: str = ""
    equivalent: bool = False
    #: False when the judge left the answer to a person (a standard phrase without key points)
    judged: bool = True

    #: share of the item's points awarded, 0–1, and the points awarded: worked out once, as plain
    #: attributes (the analysis reads them millions of times on a big sitting)
    share: float = field(init=False, repr=False, compare=False)
    awarded: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        share = self.credit if self.credit is not None else (1.0 if self.correct else 0.0)
        object.__setattr__(self, "share", share)
        object.__setattr__(self, "awarded", self.points * share)


@dataclass(frozen=True, slots=True)  # slots: a sitting may hold a million of these
class CandidateResult:
    candidate: str
    variant: str
    responses: tuple[ItemResponse, ...]
    pass_mark: float  # percent
    name: str = ""  # from the roster, when one was given
    #: the answer sheet's own columns (姓名, 部门, 单位 …) as (header, value), carried to the scores
    extra: tuple[tuple[str, str], ...] = ()

    #: points awarded and points possible, summed once (the analysis ranks candidates by score for every item)
    score: float = field(init=False, repr=False, compare=False)
    total: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", sum(r.awarded for r in self.responses))
        object.__setattr__(self, "total", sum(r.points for r in self.responses))

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
    # the products summed with map(): C loops, so a sitting of 100,000 candidates stays quick
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxx = sum(map(mul, dx, dx))
    syy = sum(map(mul, dy, dy))
    if sxx == 0 or syy == 0:
        return None
    sxy = sum(map(mul, dx, dy))
    return float(sxy / math.sqrt(sxx * syy))


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
    first_seen: dict[str, int] = {}
    orders_seen: set[tuple[str, int]] = set()
    for result in results:  # every candidate of a variant has its items in the variant's order
        if (result.variant, len(result.responses)) in orders_seen:
            continue
        orders_seen.add((result.variant, len(result.responses)))
        for response in result.responses:
            first_seen.setdefault(response.item_id, len(first_seen))
    for item_id in first_seen:
        by_item.setdefault(item_id, [])
    # candidates taken best first: every item's column is then already ranked for the upper−lower groups
    columns: dict[str, tuple[list[float], list[float], dict[int, int]]] = {
        item_id: ([], [], {}) for item_id in by_item}
    distinct: dict[int, ItemResponse] = {}  # grading shares one response object per (item, answer)
    for result in sorted(results, key=lambda c: (-c.score, c.candidate)):
        total = result.score
        for response in result.responses:
            shares, rests, counted = columns[response.item_id]
            shares.append(response.share)
            rests.append(total - response.awarded)
            key = id(response)
            if key in counted:
                counted[key] += 1
            else:
                counted[key] = 1
                distinct[key] = response
    stats = []
    for item_id, (scores, rest, counted) in columns.items():
        chosen: Counter[str] = Counter()
        for key, times in counted.items():
            chosen[distinct[key].choice] += times
        n = len(scores)
        if not n:
            continue
        difficulty = sum(scores) / n
        pbis = pearson(scores, rest)
        upper_lower = None
        if n >= 2:
            g = group_size(n)
            upper = sum(scores[:g]) / g
            lower = sum(scores[-g:]) / g
            upper_lower = upper - lower
        choices = dict(sorted(chosen.items()))
        stats.append(
            ItemStats(item_id, n, difficulty, pbis, upper_lower, choices,
                      item_flags(difficulty, pbis if pbis is not None else upper_lower))
        )
    return stats


# -- the test as a whole -----------------------------------------------------------------------

#: Fewer candidates than this on an item and its difficulty and discrimination are too
#: unsteady to act on: at n = 30 the standard error of p is still up to 0.09 and that of a
#: correlation about 0.18 (1/√n); below it the analysis is shown with a warning.
MIN_CANDIDATES_PER_ITEM = 30


@dataclass(frozen=True)
class FormStats:
    """Score statistics of one form: the candidates who sat exactly the same items.

    Variances are population variances (divide by N), the convention of KR-20's
    Σpq. ``reliability`` is KR-20 when every item carries the same points and is
    scored right/wrong (the textbook case), otherwise coefficient α on the points
    awarded (the same formula, which KR-20 is a case of); ``sem`` =
    SD·√(1 − reliability), in points.
    """

    variants: tuple[str, ...]
    candidates: int
    items: int
    total_points: float
    mean: float
    sd: float
    minimum: float
    maximum: float
    reliability: float | None
    reliability_method: str  # "KR-20" or "alpha"
    sem: float | None


@dataclass(frozen=True)
class SectionStats:
    title: str
    candidates: int
    points: float  # points of the section on a paper (mean over candidates when forms differ)
    mean: float

    @property
    def mean_percent(self) -> float:
        return 100.0 * self.mean / self.points if self.points else 0.0


@dataclass(frozen=True)
class ScoreSummary:
    candidates: int
    passed: int
    mean_percent: float
    sd_percent: float
    forms: tuple[FormStats, ...]
    sections: tuple[SectionStats, ...]
    fewest_per_item: int  # least number of candidates any item was analysed on

    @property
    def pass_rate(self) -> float:
        return self.passed / self.candidates if self.candidates else 0.0

    @property
    def item_analysis_warning(self) -> bool:
        return 0 < self.fewest_per_item < MIN_CANDIDATES_PER_ITEM


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and population standard deviation (0, 0 for no values)."""
    n = len(values)
    if not n:
        return 0.0, 0.0
    mean = sum(values) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / n)


def kr20(matrix: Sequence[Sequence[float]]) -> float | None:
    """Reliability of a form from a candidates × items matrix of points awarded.

    KR-20 = k/(k−1) · (1 − Σ σ²ᵢ / σ²ₓ) with population variances; for 0/1 items
    σ²ᵢ = p·q. None with fewer than 2 candidates or items, or when totals do not vary.
    """
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2:
        return None
    totals = [sum(row) for row in matrix]
    _, sd_total = mean_sd(totals)
    if sd_total == 0:
        return None
    item_var = sum(mean_sd([row[i] for row in matrix])[1] ** 2 for i in range(k))
    return k / (k - 1) * (1 - item_var / sd_total**2)


def form_stats(results: Sequence[CandidateResult]) -> list[FormStats]:
    """Statistics per form (candidates grouped by the set of items they had), in first-seen order."""
    groups: dict[tuple[str, ...], list[CandidateResult]] = {}
    for result in results:
        groups.setdefault(tuple(sorted(r.item_id for r in result.responses)), []).append(result)
    out = []
    for ids, members in groups.items():
        # one order of items per variant, worked out once (a variant's responses always come in its order)
        orders: dict[str, list[int]] = {}
        matrix = []
        for c in members:
            order = orders.get(c.variant)
            if order is None or len(order) != len(c.responses):
                order = orders[c.variant] = sorted(range(len(c.responses)), key=lambda i: c.responses[i].item_id)
            matrix.append([c.responses[i].awarded for i in order])
        totals = [c.score for c in members]
        mean, sd = mean_sd(totals)
        points = {r.points for r in members[0].responses}
        # responses are shared per (item, answer): look at each distinct one once
        distinct = {id(r): r for c in members for r in c.responses}
        dichotomous = all(r.share in (0.0, 1.0) for r in distinct.values())
        reliability = kr20(matrix)
        sem = sd * math.sqrt(1 - reliability) if reliability is not None and 0 <= reliability <= 1 else None
        out.append(FormStats(
            variants=tuple(dict.fromkeys(c.variant for c in members)), candidates=len(members), items=len(ids),
            total_points=members[0].total, mean=mean, sd=sd, minimum=min(totals), maximum=max(totals),
            reliability=reliability, reliability_method="KR-20" if len(points) <= 1 and dichotomous else "alpha", sem=sem,
        ))
    return out


def section_stats(results: Sequence[CandidateResult]) -> list[SectionStats]:
    """Mean points per section title, over the candidates whose paper has it."""
    scored: dict[str, list[float]] = {}  # title → [candidates, Σ awarded, Σ points]
    layouts: dict[tuple[str, int], list[tuple[str, list[int], float]]] = {}
    for result in results:
        responses = result.responses
        layout = layouts.get((result.variant, len(responses)))
        if layout is None:  # a variant's sections sit at the same positions for every candidate
            places: dict[str, list[int]] = {}
            for i, r in enumerate(responses):
                places.setdefault(r.section, []).append(i)
            layout = layouts[(result.variant, len(responses))] = [
                (title, where, sum(responses[i].points for i in where)) for title, where in places.items()]
        for title, where, points in layout:
            got = scored.setdefault(title, [0, 0.0, 0.0])
            got[0] += 1
            got[1] += sum([responses[i].awarded for i in where])
            got[2] += points
    return [SectionStats(title, int(n), points / n, awarded / n) for title, (n, awarded, points) in scored.items()]


def score_summary(results: Sequence[CandidateResult], stats: Sequence[ItemStats] = ()) -> ScoreSummary:
    """Mean, SD, pass count, per-form reliability and SEM, per-section means, and the item-analysis base."""
    mean, sd = mean_sd([r.percent for r in results])
    return ScoreSummary(
        candidates=len(results), passed=sum(r.passed for r in results), mean_percent=mean, sd_percent=sd,
        forms=tuple(form_stats(results)), sections=tuple(section_stats(results)),
        fewest_per_item=min((s.candidates for s in stats), default=0),
    )
