"""The simulated learner of benchmarks/daily_load.py: reviews by day keep the daily load even.

No timing here (benchmarks/ reports the full 60-day run); this pins the behaviour
the benchmark shows on a shorter run, and that the measure can tell the two apart.
"""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import daily_load

DECKS = sorted(p for p in (ROOT / "decks").glob("*.yaml") if not p.name.startswith("sample"))


def test_reviews_due_by_day_keep_the_daily_load_from_see_sawing(tmp_path):
    by_day = daily_load.simulate("day", 24, 15, 1, DECKS, tmp_path).summary()
    by_clock = daily_load.simulate("clock", 24, 15, 1, DECKS, tmp_path).summary()
    assert by_day["seesaw_days"] == 0 and by_day["swing"] < 0.3, by_day
    assert by_day["min"] > 0
    # the same learner with reviews due at their clock time (drill before) see-saws
    assert by_clock["seesaw_days"] >= 2 and by_clock["swing"] > 2 * by_day["swing"], by_clock
