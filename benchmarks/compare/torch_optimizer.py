"""Fit FSRS parameters with py-fsrs's torch optimizer (``fsrs.Optimizer``) on a review-log CSV.

Runs inside the separate torch virtualenv (benchmarks/.data/torch-venv), so it
uses only the standard library and ``fsrs[optimizer]``:

    benchmarks/.data/torch-venv/bin/python benchmarks/compare/torch_optimizer.py LOG.csv
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import UTC, datetime


def main(path: str) -> None:
    from fsrs import Rating, ReviewLog
    from fsrs.optimizer import Optimizer

    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    start = time.perf_counter()
    logs = [
        ReviewLog(card_id=int(r["card_id"]), rating=Rating(int(r["rating"])),
                  review_datetime=datetime.strptime(r["reviewed_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
                  review_duration=int(r["duration_ms"]))
        for r in rows
    ]
    params = Optimizer(logs).compute_optimal_parameters()
    seconds = time.perf_counter() - start
    print("BENCH_RESULT " + json.dumps({"seconds": seconds, "reviews": len(rows), "parameters": params}))


if __name__ == "__main__":
    main(sys.argv[1])
