"""A simulated learner over N days: the daily review load, due by day against due by clock time.

    uv run python benchmarks/daily_load.py [--days 60] [--new 20] [--seed 1]

The learner (in Asia/Shanghai) sits down once a day at a time drawn between 08:00
and 10:00, answers everything drill offers (every shipped deck, 20 new cards a day)
and recalls a review card with the probability FSRS gives it at that moment. Each
answer takes 15 seconds of the simulated clock, so learning steps come back within
the sitting.

Three runs from the same seed: ``day`` is drill as it is (reviews due on the
learner's day, siblings buried, each review moved within its fuzz range towards
lighter days), ``no-balance`` the same without that load balancing, ``clock``
makes reviews due at their clock time with no sibling burying or balancing, as
drill did before. For each it prints the reviews per day and,
after the first week: max, min, mean, the mean day-to-day swing as a share of the
mean, and the number of see-saw days (a rise then a fall, or a fall then a rise,
each by more than half the mean).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drill.days import LearnerDay
from drill.scheduling import Rating, State, retrievability
from drill.session import ReviewSession
from drill.store import Store, sync_decks
from drill.text import seeded_rng

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, tzinfo=TZ)
SECONDS_PER_ANSWER = 15
#: day: drill as it is · no-balance: due by day, without load balancing · clock: due at clock time (before)
MODES = ("day", "no-balance", "clock")


class ClockTimeDay:
    """Reviews due at their clock time (the day ends now): how drill scheduled before."""

    def __init__(self, day: LearnerDay):
        self._day = day
        self.tz = day.tz

    def start(self, now: datetime) -> datetime:
        return self._day.start(now)

    def date(self, moment: datetime) -> date:
        return self._day.date(moment)

    def start_of(self, day: date) -> datetime:
        return self._day.start_of(day)

    def end(self, now: datetime) -> datetime:
        return now + timedelta(microseconds=1)


@dataclass
class Day:
    date: str
    reviews: int
    new: int
    answers: int


@dataclass
class Figures:
    mode: str
    days: list[Day]

    @property
    def settled(self) -> list[int]:
        return [d.reviews for d in self.days[7:]]

    def summary(self) -> dict[str, float]:
        load = self.settled
        if len(load) < 3:
            return {}
        mean = statistics.fmean(load) or 1.0
        swings = [abs(b - a) for a, b in pairwise(load)]
        seesaw = sum(1 for a, b, c in zip(load, load[1:], load[2:])
                     if (b - a) * (c - b) < 0 and min(abs(b - a), abs(c - b)) > mean / 2)
        return {"max": max(load), "min": min(load), "mean": round(mean, 1),
                "swing": round(statistics.fmean(swings) / mean, 3), "seesaw_days": seesaw}


def simulate(mode: str, days: int, new_per_day: int, seed: int, decks: list[Path], workdir: Path) -> Figures:
    with Store(workdir / f"{mode}.db") as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # a throw-away store: no need to wait for the disk
        store.set_settings(new_per_day=new_per_day, reviews_per_day=9999, bury_siblings=(mode != "clock"),
                           load_balance=(mode == "day"))
        sync_decks(store, decks, START.astimezone(UTC) - timedelta(days=1))
        settings = store.settings()
        out: list[Day] = []
        for day_no in range(days):
            rng = seeded_rng("daily-load", seed, day_no)
            sit_down = START + timedelta(days=day_no, hours=8, minutes=rng.randrange(0, 120))
            clock = [sit_down.astimezone(UTC)]  # the simulated time the session reads
            session = ReviewSession(store, clock=lambda clock=clock: clock[0], tz=TZ)
            if mode == "clock":
                session.day = ClockTimeDay(session.day)  # type: ignore[assignment]
            reviews = new = answers = 0
            while answers < 2000 and (card := session.next_card()) is not None:
                state, now = card.state, clock[0]
                if state.state is State.REVIEW:
                    reviews += 1
                    recall = rng.random() < (retrievability(state, now, settings) or 0.0)
                else:
                    new += state.state is State.NEW
                    recall = rng.random() < 0.8
                if not recall:
                    rating = Rating.AGAIN
                else:
                    draw = rng.random()
                    rating = Rating.HARD if draw < 0.1 else Rating.EASY if draw > 0.9 else Rating.GOOD
                session.answer(card.id, rating)
                answers += 1
                clock[0] = now + timedelta(seconds=SECONDS_PER_ANSWER)
            out.append(Day(sit_down.date().isoformat(), reviews, new, answers))
    return Figures(mode, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    def days(text: str) -> int:
        n = int(text)
        if n < 10:  # the figures skip the first week and need a few days after it
            raise argparse.ArgumentTypeError("at least 10 days")
        return n

    ap.add_argument("--days", type=days, default=60)
    ap.add_argument("--new", type=int, default=20, help="new cards a day (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=MODES, help="run one mode only")
    a = ap.parse_args(argv)
    decks = sorted(p for p in (ROOT / "decks").glob("*.yaml") if not p.name.startswith("sample"))
    with tempfile.TemporaryDirectory(prefix="drill-load-") as tmp:
        runs = [simulate(m, a.days, a.new, a.seed, decks, Path(tmp)) for m in MODES if a.only in (None, m)]
    print(f"reviews per day, {a.days} days, {a.new} new cards a day, seed {a.seed} "
          "(day: due on the learner's day, load balanced, as now · no-balance: the same unbalanced · "
          "clock: due at clock time, as before)")
    print("day  date        " + "  ".join(f"{r.mode:>10}" for r in runs))
    for i in range(a.days):
        print(f"{i + 1:>3}  {runs[0].days[i].date}  " + "  ".join(f"{r.days[i].reviews:>10}" for r in runs))
    print("\nafter the first week:")
    for r in runs:
        s = r.summary()
        print(f"  {r.mode:>10}: max {s['max']} · min {s['min']} · mean {s['mean']} · "
              f"day-to-day swing {s['swing']:.0%} of the mean · see-saw days {s['seesaw_days']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
