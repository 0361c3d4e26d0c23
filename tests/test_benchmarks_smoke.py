"""The benchmark harness at tiny sizes, so it cannot rot (no timing assertions)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import gen_reviews
import harness


@pytest.fixture(scope="module")
def quick_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "rows.json"
    proc = subprocess.run(
        # --quick as the README gives it: no torch venv is built, the torch side says why
        [sys.executable, str(BENCH / "run.py"), "--quick", "--repeat", "1",
         "--data", str(tmp / "data"), "--json", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DRILL_HOME": str(tmp / "home")},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| benchmark" in proc.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_benchmark_produces_a_row(quick_rows: list[dict]) -> None:
    prefixes = sorted({row["bench"].split(".")[0].rstrip("ab") for row in quick_rows})
    assert prefixes == ["1", "2", "3", "4", "5", "6", "7"]


def test_every_side_has_numbers_or_says_why_not(quick_rows: list[dict]) -> None:
    for row in quick_rows:
        sides = [row["drill"]] + ([row["comparator"]] if row["comparator"] else [])
        for side in sides:
            if side["name"] == "fsrs torch":
                assert side.get("unavailable", "") == "torch comparator skipped (--quick: add --torch)", row
                continue
            assert "unavailable" not in side, f"{row['bench']} ({side['name']}): {side.get('unavailable')}"
            assert side["median_s"] > 0 and side["min_s"] <= side["median_s"] <= side["max_s"], row
            assert side["peak_rss_mb"] > 1, row
        if row["comparator"] and "unavailable" not in row["comparator"]:
            assert row["ratio"] == pytest.approx(row["drill"]["median_s"] / row["comparator"]["median_s"])
            assert row["met"] in (True, False)


def test_child_peak_rss_is_the_childs_own(tmp_path: Path) -> None:
    # a child that touches 200 MB must report at least that, and a bare one far less. Measured from a
    # small parent, as benchmarks/run.py is: Linux counts the forking parent's resident memory into a
    # child's peak, and this test process may by now hold more than 200 MB itself.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import harness\n"
        "big, _ = harness.run_child([sys.executable, '-c', 'b = bytearray(200 * 1024 * 1024)'])\n"
        "small, _ = harness.run_child([sys.executable, '-c', 'pass'])\n"
        "print(big.maxrss_mb, small.maxrss_mb)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(Path(harness.__file__).parent)], capture_output=True,
                         text=True, check=True)
    big_mb, small_mb = map(float, run.stdout.split())
    assert big_mb >= 200 > small_mb


def test_child_reported_seconds_win_over_wall_time() -> None:
    code = "import time; time.sleep(0.3); print('BENCH_RESULT {\"seconds\": 0.001, \"n\": 3}')"
    sample, _ = harness.run_child([sys.executable, "-c", code])
    assert sample.seconds == 0.001 and sample.extra["n"] == 3


def test_failing_child_raises_with_its_error() -> None:
    with pytest.raises(harness.ChildFailed, match="boom"):
        harness.run_child([sys.executable, "-c", "raise SystemExit('boom')"])


@settings(max_examples=25, deadline=None)
@given(n_cards=st.integers(1, 40), per_card=st.integers(1, gen_reviews.MAX_PER_CARD - 1), extra=st.integers(0, 39),
       seed=st.integers(0, 2**32))
def test_review_log_is_exact_ordered_and_reproducible(n_cards: int, per_card: int, extra: int, seed: int) -> None:
    n = n_cards * per_card + min(extra, n_cards - 1)
    log = gen_reviews.generate_reviews(n, n_cards, seed)
    assert log == gen_reviews.generate_reviews(n, n_cards, seed)
    assert len(log) == n
    assert {r.card_id for r in log} == set(range(1, n_cards + 1))
    assert all(r.rating in (1, 2, 3, 4) and r.reviewed_at.utcoffset() == timedelta(0) for r in log)
    for a, b in itertools.pairwise(log):
        if a.card_id == b.card_id:
            assert b.reviewed_at > a.reviewed_at


def test_review_log_refuses_more_reviews_per_card_than_it_can_date() -> None:
    with pytest.raises(ValueError, match="per card"):
        gen_reviews.generate_reviews(gen_reviews.MAX_PER_CARD * 3 + 1, 3)


def test_review_log_csv_round_trip(tmp_path: Path) -> None:
    log = gen_reviews.generate_reviews(500, 50, 3)
    path = tmp_path / "log.csv"
    gen_reviews.write_reviews(path, log)
    assert gen_reviews.read_reviews(path) == log


def test_a_missing_or_failing_part_becomes_an_na_row_not_a_crash() -> None:
    import run

    def missing() -> harness.Measurement:
        raise harness.BenchUnavailable("drill/optimize.py not available")

    def failing() -> harness.Measurement:
        return harness.measure([sys.executable, "-c", "raise SystemExit('no such command')"], 1)

    anki = harness.Side("anki", harness.Measurement([harness.Sample(0.5, 90.0)]))
    rows = [
        harness.Row("missing", run.side("drill", missing), anki, "≤ Anki", check=lambda d, c: True),
        harness.Row("failing", run.side("drill", failing), anki, "≤ Anki", check=lambda d, c: True),
    ]
    table = harness.render_markdown(rows)
    assert "n/a (drill/optimize.py not available)" in table
    assert "n/a (failed: no such command)" in table
    assert [r.met for r in rows] == [None, None] and [r.ratio for r in rows] == [None, None]
