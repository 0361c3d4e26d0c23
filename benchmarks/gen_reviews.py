"""Deterministic synthetic review logs for the optimizer benchmark.

The log is a plain CSV (``card_id,rating,reviewed_at,duration_ms``; ratings 1–4
= Again/Hard/Good/Easy, ``reviewed_at`` ISO 8601 UTC), so both drill's optimizer
and py-fsrs's torch optimizer (run in a separate virtualenv that has neither
drill nor its dependencies) read the very same reviews.

Each card is reviewed by a simple learner model: a hidden per-card difficulty,
a stability that grows after each success and collapses after a lapse, recall
drawn from the FSRS forgetting curve, and a same-day relearning step after each
lapse. That gives an optimizer real signal to fit, and the same seed always
gives byte-identical output.

    python benchmarks/gen_reviews.py --reviews 100000 --cards 10000 --out log.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

FIELDS = ("card_id", "rating", "reviewed_at", "duration_ms")
_EPOCH = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
_FACTOR = 19 / 81  # FSRS: R = (1 + FACTOR * t / S) ** DECAY, so R(S) = 0.9
_DECAY = -0.5
MAX_STABILITY = 36_500.0  # days, FSRS's default maximum interval
MAX_PER_CARD = 50  # at 100-year intervals, more would run past datetime's year 9999


@dataclass(frozen=True)
class ReviewRecord:
    """One review: which card, the rating (1–4), when (UTC) and how long it took."""

    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int


def _card_history(card_id: int, n: int, rng: random.Random) -> Iterator[ReviewRecord]:
    difficulty = rng.uniform(0.6, 1.6)  # higher = harder
    when = _EPOCH + timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 600))
    stability = 0.0
    made = 0
    while made < n:
        if stability == 0.0:  # first sight
            rating = rng.choices((1, 2, 3, 4), weights=(20, 15, 50, 15))[0]
            stability = {1: 0.4, 2: 1.2, 3: 3.0, 4: 8.0}[rating] / difficulty
        else:
            interval = max(1.0, round(stability * rng.uniform(0.8, 1.2)))
            when += timedelta(days=interval, minutes=rng.randrange(-120, 120))
            recall = (1 + _FACTOR * interval / stability) ** _DECAY
            if rng.random() < recall:
                rating = rng.choices((2, 3, 4), weights=(15, 70, 15))[0]
                growth = 1 + math.exp(0.8) * (11 - 5 * difficulty) / 10 * stability ** -0.2 * (1.2 - recall) * 3
                stability = min(MAX_STABILITY, stability * max(1.05, growth) * {2: 0.7, 3: 1.0, 4: 1.4}[rating])
            else:
                rating = 1
                stability = max(0.3, stability * 0.25 / difficulty)
        yield ReviewRecord(card_id, rating, when, rng.randrange(2_000, 20_000))
        made += 1
        if rating == 1 and made < n:  # relearning step ten minutes later, same day
            when += timedelta(minutes=10)
            yield ReviewRecord(card_id, 3, when, rng.randrange(2_000, 12_000))
            made += 1


def generate_reviews(n_reviews: int, n_cards: int, seed: int = 1) -> list[ReviewRecord]:
    """``n_reviews`` reviews spread evenly over ``n_cards`` cards (ids 1…n_cards), in card order."""
    if n_cards <= 0 or n_reviews < n_cards:
        raise ValueError("need at least one review per card")
    if n_reviews > n_cards * MAX_PER_CARD:
        raise ValueError(f"at most {MAX_PER_CARD} reviews per card")
    rng = random.Random(seed)
    per_card, extra = divmod(n_reviews, n_cards)
    out: list[ReviewRecord] = []
    for card_id in range(1, n_cards + 1):
        out.extend(_card_history(card_id, per_card + (card_id <= extra), rng))
    return out


def write_reviews(path: Path, records: list[ReviewRecord]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        for r in records:
            w.writerow((r.card_id, r.rating, r.reviewed_at.strftime("%Y-%m-%dT%H:%M:%SZ"), r.duration_ms))


def read_reviews(path: Path) -> list[ReviewRecord]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return [
            ReviewRecord(int(r["card_id"]), int(r["rating"]),
                         datetime.strptime(r["reviewed_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
                         int(r["duration_ms"]))
            for r in rows
        ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviews", type=int, default=100_000)
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    write_reviews(a.out, generate_reviews(a.reviews, a.cards, a.seed))


if __name__ == "__main__":
    main()
