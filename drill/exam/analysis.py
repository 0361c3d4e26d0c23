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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import mul
from typing import Any

#: p above this: too easy; below TOO_HARD: too hard.
TOO_EASY = 0.9
TOO_HARD = 0.2
#: share of candidates in each of the upper and lower groups
GROUP_SHARE = 0.27


@dataclass(frozen=True, slots=True)  # slots: one per distinct (item, answer), and a sheet may hold many
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
    """Statistics for every item any candidate had, in ``item_order`` then first-seen order.

    Worked out on a :class:`~drill.exam.sitting.Sitting` (a list of results is packed into one), a
    column of codes at a time: per item, the candidates per distinct response, and the totals of
    those who got credit, give p, the point-biserial and the option counts without a per-candidate
    list; the upper and lower 27 % are the candidates above and below two score thresholds (ties
    at a threshold settled by candidate id, as a sort by score and id would).
    """
    from .sitting import Sitting

    sitting = Sitting.of(results)
    places: dict[str, list[tuple[int, int]]] = {item_id: [] for item_id in item_order}
    for b, block in enumerate(sitting.blocks):  # blocks come in the order their variant is first seen
        for position, item_id in enumerate(block.item_ids):
            places.setdefault(item_id, []).append((b, position))
    shares = [r.share for r in sitting.responses]
    awarded = sitting.awarded
    subsets: dict[tuple[int, ...], _Subset] = {}
    stats = []
    for item_id, where in places.items():
        # the item's codes, block by block (a strided copy each, made once)
        columns = [sitting.blocks[b].item(position) for b, position in where]
        counts: Counter[int] = Counter()
        for (b, position), column in zip(where, columns):
            counts.update(sitting.blocks[b].counts(position, column))
        n = sum(counts.values())
        if not n:
            continue
        key = tuple(b for b, _p in where)
        subset = subsets.get(key)
        if subset is None:
            subset = subsets[key] = _Subset(sitting, key)
        sx = sum(times * shares[code] for code, times in counts.items())
        difficulty = sx / n
        pbis = _point_biserial(sitting, subset, where, columns, counts, shares, awarded, sx)
        upper_lower = None
        if n >= 2:
            g = group_size(n)
            upper, lower = subset.groups(g)
            up = low = 0.0
            for column, top, bottom in zip(columns, upper, lower):
                up += sum(times * shares[code] for code, times in column.counts(top).items())
                low += sum(times * shares[code] for code, times in column.counts(bottom).items())
            upper_lower = up / g - low / g
        chosen: Counter[str] = Counter()
        for code, times in counts.items():
            chosen[sitting.responses[code].choice] += times
        choices = dict(sorted(chosen.items()))
        stats.append(
            ItemStats(item_id, n, difficulty, pbis, upper_lower, choices,
                      item_flags(difficulty, pbis if pbis is not None else upper_lower))
        )
    return stats


class _Subset:
    """The candidates of some blocks (those who had an item): their totals' spread, and the 27 % groups."""

    def __init__(self, sitting: Any, blocks: tuple[int, ...]) -> None:
        self.sitting = sitting
        self.blocks = [sitting.blocks[b] for b in blocks]
        self.n = sum(len(b) for b in self.blocks)
        self.mean = sum(sum(b.scores) for b in self.blocks) / self.n if self.n else 0.0
        mean = self.mean
        self.centred = sum(sum(b.scores) - len(b) * mean for b in self.blocks)
        self.squares = sum(sum(map(pow, map(mean.__rsub__, b.scores), repeat(2))) for b in self.blocks)
        self._groups: dict[int, tuple[list[bytearray], list[bytearray]]] = {}

    def groups(self, g: int) -> tuple[list[bytearray], list[bytearray]]:
        """Per block, a 0/1 mask of the top ``g`` and one of the bottom ``g`` by (−score, candidate id)."""
        got = self._groups.get(g)
        if got is not None:
            return got
        ordered = sorted(chain.from_iterable(b.scores for b in self.blocks))
        high, low = ordered[-g], ordered[g - 1]
        above = len(ordered) - bisect_right(ordered, high)  # strictly higher: all in the upper group
        below = bisect_left(ordered, low)
        del ordered
        upper = [bytearray(map(high.__lt__, b.scores)) for b in self.blocks]
        lower = [bytearray(map(low.__gt__, b.scores)) for b in self.blocks]
        # ties at a threshold: the upper group takes the smallest ids, the lower group the largest
        for masks, value, wanted, smallest in ((upper, high, g - above, True), (lower, low, g - below, False)):
            tied = sorted(
                ((self.sitting.candidate(block.members[row]), k, row)
                 for k, block in enumerate(self.blocks)
                 for row in compress(range(len(block)), map(value.__eq__, block.scores))),
                reverse=not smallest)
            for _candidate, k, row in tied[:wanted]:
                masks[k][row] = 1
        got = self._groups[g] = (upper, lower)
        return got


def _point_biserial(sitting: Any, subset: _Subset, where: Sequence[tuple[int, int]], columns: Sequence[Any],
                    counts: Counter[int], shares: Sequence[float], awarded: Sequence[float],
                    sx: float) -> float | None:
    """Pearson correlation of an item's share with the total minus the item, from grouped sums.

    With K the mean total of the candidates who had the item and T'ᶜ the sum of (total − K)
    over those who gave code c (needed only for codes worth something):
    Σy = Σ(t−K) − Σa, Σy² = Σ(t−K)² − 2Σ aᶜT'ᶜ + Σ a², Σxy = Σ xᶜ(T'ᶜ − nᶜaᶜ).
    """
    n = subset.n
    if n < 2 or len({shares[code] for code in counts}) < 2:
        return None  # the item's score does not vary
    mx = sx / n
    sxx = sum(times * (shares[code] - mx) ** 2 for code, times in counts.items())
    worth = [code for code in counts if awarded[code] or shares[code]]
    centred: dict[int, float] = dict.fromkeys(worth, 0.0)  # code → Σ (total − K)
    for (b, position), column in zip(where, columns):
        block = sitting.blocks[b]
        present = [code for code in worth if block.counts(position)[code]]
        if len(present) <= 16:
            for code in present:
                centred[code] += sum(compress(block.scores, column.marks(code)))
        else:
            wanted = set(present)
            for code, total in zip(column.wide, block.scores):
                if code in wanted:
                    centred[code] += total
    mean = subset.mean
    for code in worth:
        centred[code] -= counts[code] * mean
    sum_a = sum(times * awarded[code] for code, times in counts.items())
    sum_y = subset.centred - sum_a
    sum_yy = (subset.squares - 2 * sum(awarded[code] * centred[code] for code in worth)
              + sum(times * awarded[code] ** 2 for code, times in counts.items()))
    syy = sum_yy - sum_y * sum_y / n
    if syy <= 1e-12 * (subset.squares + sum(times * awarded[code] ** 2 for code, times in counts.items())):
        return None  # the rest score does not vary
    sxy = sum(shares[code] * (centred[code] - counts[code] * awarded[code]) for code in worth) - sx * sum_y / n
    return float(sxy / math.sqrt(sxx * syy))


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
    _, sd_total = mean_sd([sum(row) for row in matrix])
    item_var = sum(mean_sd([row[i] for row in matrix])[1] ** 2 for i in range(k))
    return _reliability(n, k, item_var, sd_total)


def _reliability(n: int, k: int, item_var: float, sd_total: float) -> float | None:
    if n < 2 or k < 2 or sd_total == 0:
        return None
    return k / (k - 1) * (1 - item_var / sd_total**2)


def form_stats(results: Sequence[CandidateResult]) -> list[FormStats]:
    """Statistics per form (candidates grouped by the set of items they had), in first-seen order."""
    from .sitting import Sitting

    sitting = Sitting.of(results)
    groups: dict[tuple[str, ...], list[Any]] = {}
    for block in sitting.blocks:
        groups.setdefault(tuple(sorted(block.item_ids)), []).append(block)
    shares = [r.share for r in sitting.responses]
    awarded = sitting.awarded
    out = []
    for ids, blocks in groups.items():
        n = sum(len(b) for b in blocks)
        if not n:
            continue
        mean = sum(sum(b.scores) for b in blocks) / n
        sd = math.sqrt(sum(sum(map(pow, map(mean.__rsub__, b.scores), repeat(2))) for b in blocks) / n)
        item_var = 0.0
        present: set[int] = set()
        for item_id in ids:  # the population variance of the points awarded on each item, from its codes
            counts: Counter[int] = Counter()
            for b in blocks:
                counts.update(b.counts(b.item_ids.index(item_id)))
            present.update(counts)
            m = sum(times * awarded[code] for code, times in counts.items()) / n
            item_var += sum(times * (awarded[code] - m) ** 2 for code, times in counts.items()) / n
        dichotomous = all(shares[code] in (0.0, 1.0) for code in present)
        reliability = _reliability(n, len(ids), item_var, sd)
        sem = sd * math.sqrt(1 - reliability) if reliability is not None and 0 <= reliability <= 1 else None
        out.append(FormStats(
            variants=tuple(dict.fromkeys(b.variant for b in blocks)), candidates=n, items=len(ids),
            total_points=blocks[0].total, mean=mean, sd=sd, minimum=min(min(b.scores) for b in blocks if len(b)),
            maximum=max(max(b.scores) for b in blocks if len(b)), reliability=reliability,
            reliability_method="KR-20" if len(set(blocks[0].points)) <= 1 and dichotomous else "alpha", sem=sem,
        ))
    return out


def section_stats(results: Sequence[CandidateResult]) -> list[SectionStats]:
    """Mean points per section title, over the candidates whose paper has it."""
    from .sitting import Sitting

    sitting = Sitting.of(results)
    awarded = sitting.awarded
    scored: dict[str, list[float]] = {}  # title → [candidates, Σ awarded, Σ points]
    for block in sitting.blocks:
        if not len(block):
            continue
        places: dict[str, list[int]] = {}
        for i, title in enumerate(block.sections):
            places.setdefault(title, []).append(i)
        for title, where in places.items():
            got = scored.setdefault(title, [0, 0.0, 0.0])
            got[0] += len(block)
            got[1] += sum(times * awarded[code] for i in where for code, times in block.counts(i).items())
            got[2] += sum(block.points[i] for i in where) * len(block)
    return [SectionStats(title, int(n), points / n, awarded / n) for title, (n, awarded, points) in scored.items()]


def percents(results: Sequence[CandidateResult]) -> Iterator[tuple[float, float]]:
    """(percent, pass mark) of every candidate, block by block."""
    from .sitting import Sitting

    for block in Sitting.of(results).blocks:
        total, mark = block.total, block.pass_mark
        for score in block.scores:
            yield (100.0 * score / total if total else 0.0), mark


def score_summary(results: Sequence[CandidateResult], stats: Sequence[ItemStats] = ()) -> ScoreSummary:
    """Mean, SD, pass count, per-form reliability and SEM, per-section means, and the item-analysis base."""
    from .sitting import Sitting

    results = Sitting.of(results)
    mean, sd = mean_sd([p for p, _mark in percents(results)])
    passed = sum(p + 1e-9 >= mark for p, mark in percents(results))  # as CandidateResult.passed
    return ScoreSummary(
        candidates=len(results), passed=passed, mean_percent=mean, sd_percent=sd,
        forms=tuple(form_stats(results)), sections=tuple(section_stats(results)),
        fewest_per_item=min((s.candidates for s in stats), default=0),
    )
