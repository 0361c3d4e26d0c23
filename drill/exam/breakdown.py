"""What a training centre files after a sitting: scores per 知识点, 分数段, ranking, each candidate's 错题, 缺考.

Pure functions over graded results and the manifest (no I/O); the HTML report
and the scores workbook show the same numbers.

* 知识点 (topic): the manifest's ``topic`` of each item (the fact's topic, a
  bank's 知识点 column); per topic, the candidates who had items of it, the
  mean points and the mean share of the points, and the mean difficulty of its
  items;
* 分数段: candidates per band of the percentage score, 10 points wide, the top
  band closed (90–100);
* 排名: by score, highest first; candidates with the same score share a rank
  (1, 2, 2, 4 …);
* 错题: per candidate, every item not given full points, with the answer given
  and the right answer.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import CandidateResult, ItemStats

#: the topic of items that have none in the manifest
NO_TOPIC = "（未标知识点）"
BAND_WIDTH = 10


@dataclass(frozen=True)
class TopicStats:
    topic: str
    items: int  # distinct items of the topic over every variant
    candidates: int
    points: float  # mean points of the topic on a candidate's paper
    mean: float  # mean points awarded

    @property
    def mean_percent(self) -> float:
        return 100.0 * self.mean / self.points if self.points else 0.0


@dataclass(frozen=True)
class WrongItem:
    number: int
    item_id: str
    prompt: str
    given: str
    right: str
    awarded: float
    points: float
    topic: str


def item_topics(manifest: Mapping[str, Any]) -> dict[str, str]:
    """Item id → its 知识点 (or :data:`NO_TOPIC`)."""
    return {it["id"]: str(it.get("topic") or NO_TOPIC) for spec in manifest["variants"].values()
            for it in spec["items"]}


def topic_stats(results: Sequence[CandidateResult], manifest: Mapping[str, Any]) -> list[TopicStats]:
    """Mean points per 知识点, over the candidates whose paper has items of it, in the manifest's order."""
    from .sitting import Sitting

    sitting = Sitting.of(results)
    topics = item_topics(manifest)
    order = list(dict.fromkeys(topics.values()))
    items: dict[str, set[str]] = {t: set() for t in order}
    for item_id, topic in topics.items():
        items[topic].add(item_id)
    awarded = sitting.awarded
    sums: dict[str, list[float]] = {t: [0, 0.0, 0.0] for t in order}  # candidates, Σ awarded, Σ points
    for block in sitting.blocks:  # a variant's candidates all have the same items: a column at a time
        if not len(block):
            continue
        places: dict[str, list[int]] = {}
        for i, item_id in enumerate(block.item_ids):
            places.setdefault(topics.get(item_id, NO_TOPIC), []).append(i)
        for topic, where in places.items():
            s = sums.setdefault(topic, [0, 0.0, 0.0])
            s[0] += len(block)
            s[1] += sum(times * awarded[code] for i in where for code, times in block.counts(i).items())
            s[2] += sum(block.points[i] for i in where) * len(block)
    return [TopicStats(t, len(items.get(t, ())), int(n), points / n, awarded / n)
            for t, (n, awarded, points) in sums.items() if n]


def topic_difficulty(stats: Sequence[ItemStats], manifest: Mapping[str, Any]) -> dict[str, float | None]:
    """Mean item difficulty (proportion correct) per 知识点."""
    topics = item_topics(manifest)
    grouped: dict[str, list[float]] = {}
    for s in stats:
        if s.difficulty is not None:
            grouped.setdefault(topics.get(s.item_id, NO_TOPIC), []).append(s.difficulty)
    return {t: sum(v) / len(v) for t, v in grouped.items()}


def band_of(percent: float) -> int:
    """The lower edge of a percentage's 分数段 (100 falls in 90–100)."""
    edge = int(percent // BAND_WIDTH) * BAND_WIDTH
    return min(max(edge, 0), 100 - BAND_WIDTH)


def band_label(low: int) -> str:
    high = 100 if low == 100 - BAND_WIDTH else low + BAND_WIDTH - 1
    return f"{low}–{high}"


def score_bands(results: Sequence[CandidateResult]) -> list[tuple[str, int]]:
    """(分数段, candidates) from 90–100 down to 0–9, every band listed (empty ones with 0)."""
    from .analysis import percents

    counts = {low: 0 for low in range(0, 100, BAND_WIDTH)}
    for percent, _mark in percents(results):
        # a hair of tolerance so 79.99999… from float sums lands in 80–89 like the pass mark does
        counts[band_of(percent + 1e-9)] += 1
    return [(band_label(low), counts[low]) for low in sorted(counts, reverse=True)]


class Ranking(Sequence[tuple[int, CandidateResult]]):
    """(rank, result), highest score first; equal scores share a rank (1, 2, 2, 4 …); ties by candidate id.

    Held as two arrays (who, and their rank); a result is made when it is read.
    """

    def __init__(self, results: Sequence[CandidateResult]) -> None:
        from .sitting import Sitting

        self.sitting = sitting = Sitting.of(results)
        keys = [-round(sitting.score(i), 9) for i in range(len(sitting))]
        order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: then each run of equal scores by id
        self.order, self.ranks = array("I"), array("I")
        start = 0
        while start < len(order):
            key = keys[order[start]]
            end = start + 1
            while end < len(order) and keys[order[end]] == key:
                end += 1
            run = order[start:end]
            if len(run) > 1:
                run.sort(key=sitting.candidate)
            self.order.extend(run)
            self.ranks.extend([start + 1] * len(run))
            start = end

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.ranks[index], self.sitting.result(self.order[index])

    def __iter__(self) -> Iterator[tuple[int, CandidateResult]]:
        for rank, index in zip(self.ranks, self.order):
            yield rank, self.sitting.result(index)


def ranking(results: Sequence[CandidateResult]) -> Ranking:
    """(rank, result), highest score first; equal scores share a rank (1, 2, 2, 4 …); ties by candidate id."""
    return Ranking(results)


def wrong_items(result: CandidateResult, manifest: Mapping[str, Any]) -> Iterator[WrongItem]:
    """A candidate's 错题: every item not given full points, with the answer given and the right one."""
    from .report import choice_shown

    items = {it["id"]: it for it in manifest["variants"][result.variant]["items"]}
    for r in result.responses:
        if r.share >= 1.0:
            continue
        it = items.get(r.item_id, {})
        right = str(it.get("key", ""))
        if it.get("options") and it.get("answer"):
            right = f"{right}（{it['answer']}）"
        elif it.get("answer") and it.get("answer") != right:
            right = str(it["answer"])
        yield WrongItem(r.number, r.item_id, str(it.get("prompt", r.item_id)), choice_shown(r.choice), right,
                        r.awarded, r.points, str(it.get("topic") or NO_TOPIC))


def workbook_views(manifest: Mapping[str, Any], results: Sequence[CandidateResult], stats: Sequence[ItemStats],
                   absent: Sequence[tuple[str, str]] = ()) -> list[tuple[str, list[str], Iterable[list[Any]]]]:
    """The report's views as sheets of the scores workbook: (sheet name, header, rows), numbers as numbers."""
    from .report import choice_shown
    from .scoresheet import Rows

    def num(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    difficulty = topic_difficulty(stats, manifest)
    topics = [[t.topic, t.items, t.candidates, num(t.mean), num(t.points), num(t.mean_percent),
               num(difficulty.get(t.topic))] for t in topic_stats(results, manifest)]
    bands = [[label, n] for label, n in score_bands(results)]
    ranked = ranking(results)
    ranks = Rows(lambda: ([rank, r.candidate, r.name or dict(r.extra).get("姓名", ""), r.variant, num(r.score),
                            num(r.total), num(r.percent)] for rank, r in ranked))
    wrong = Rows(lambda: ([r.candidate, r.variant, w.number, w.topic, w.prompt, w.given, w.right, num(w.awarded),
                            num(w.points)] for _rank, r in ranked for w in wrong_items(r, manifest)))
    topics_of = item_topics(manifest)
    prompts = {it["id"]: (it["number"], it.get("prompt", "")) for spec in manifest["variants"].values()
               for it in spec["items"]}
    items = [[prompts.get(s.item_id, (None, ""))[0], s.item_id, topics_of.get(s.item_id, NO_TOPIC),
              prompts.get(s.item_id, (None, ""))[1], s.candidates, num(s.difficulty), num(s.point_biserial),
              num(s.upper_lower), "；".join(f"{choice_shown(k)}: {v}" for k, v in s.choices.items())]
             for s in stats]
    return [
        ("知识点", ["知识点", "题数", "考生数", "平均得分", "满分", "得分率(%)", "平均难度"], topics),
        ("分数段", ["分数段", "人数"], bands),
        ("排名", ["名次", "考生", "姓名", "试卷", "得分", "满分", "得分率(%)"], ranks),
        ("错题", ["考生", "试卷", "题号", "知识点", "题目", "作答", "正确答案", "得分", "分值"], wrong),
        ("题目分析", ["题号", "题目编号", "知识点", "题目", "作答人数", "难度", "区分度r(pb)", "高低分组差", "各选项人数"],
         items),
        ("缺考", ["考生", "姓名"], [[c, n] for c, n in absent]),
    ]


__all__ = ["BAND_WIDTH", "NO_TOPIC", "TopicStats", "WrongItem", "band_label", "band_of", "item_topics", "ranking",
           "score_bands", "topic_difficulty", "topic_stats", "workbook_views", "wrong_items"]
