"""Timing, child processes and the results table for ``benchmarks/run.py``.

Every measurement runs in a fresh child process, so one benchmark's imports,
caches and heap never leak into the next, and the child's peak RSS comes from
the kernel (``os.wait4``) rather than from sampling.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"

# A child that wants to time only part of its work prints this prefix and a JSON
# object (at least {"seconds": …}) as its last such line; otherwise wall time counts.
RESULT_PREFIX = "BENCH_RESULT "
# A measurement whose first run takes longer than this is not repeated.
SLOW_SECONDS = 20.0


class BenchUnavailable(Exception):
    """A side of a benchmark cannot run here (missing module, tool or data); the row says why."""


class ChildFailed(RuntimeError):
    """A measured child process exited non-zero."""


@dataclass
class Sample:
    """One run of one side: the measured seconds and the child's peak RSS."""

    seconds: float
    maxrss_mb: float
    extra: dict = field(default_factory=dict)


@dataclass
class Measurement:
    """Repeated samples of one side of a benchmark."""

    samples: list[Sample]
    note: str = ""

    @property
    def times(self) -> list[float]:
        return [s.seconds for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def low(self) -> float:
        return min(self.times)

    @property
    def high(self) -> float:
        return max(self.times)

    @property
    def peak_rss_mb(self) -> float:
        return max(s.maxrss_mb for s in self.samples)


@dataclass
class Side:
    """A side's outcome: a measurement, or the reason there is none."""

    name: str
    measurement: Measurement | None = None
    unavailable: str | None = None


@dataclass
class Row:
    """One line of the table: drill against a comparator (or against an absolute target)."""

    bench: str
    drill: Side
    comparator: Side | None
    target: str
    # given (drill, comparator-or-None) measurements, whether the target is met
    check: Callable[[Measurement, Measurement | None], bool] | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """drill median / comparator median (below 1 means drill is faster)."""
        if self.comparator is None or self.drill.measurement is None or self.comparator.measurement is None:
            return None
        base = self.comparator.measurement.median
        return self.drill.measurement.median / base if base > 0 else None

    @property
    def met(self) -> bool | None:
        if self.check is None or self.drill.measurement is None:
            return None
        comp = self.comparator.measurement if self.comparator else None
        if self.comparator is not None and comp is None:
            return None
        return self.check(self.drill.measurement, comp)


def run_child(
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
) -> tuple[Sample, str]:
    """Run ``argv`` to completion; return its timing sample and its stdout.

    The sample's seconds are the child's own ``BENCH_RESULT`` figure when it
    prints one, else the wall time from spawn to exit. Peak RSS comes from
    ``os.wait4`` (Linux reports ``ru_maxrss`` in KiB).
    """
    child_env = dict(os.environ)
    child_env.update(env or {})
    # a fixed hash seed: set and dict orders (and so the work done) are the same in every run
    child_env.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, env=child_env, cwd=cwd)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        raise ChildFailed(f"{' '.join(map(str, argv[:4]))} … exited {proc.returncode}:\n{tail}")
    seconds, extra = wall, {}
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            extra = json.loads(line[len(RESULT_PREFIX):])
            seconds = float(extra["seconds"])
    return Sample(seconds=seconds, maxrss_mb=usage.ru_maxrss / 1024, extra=extra), stdout


def measure(
    argv: Sequence[str],
    repeat: int,
    *,
    prepare: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    warmup: bool = True,
    timeout: float = 1800,
    slow: float = SLOW_SECONDS,
    expect_output: bool = False,
) -> Measurement:
    """Run ``argv`` ``repeat`` times after one unmeasured warm-up run (it fills the page and bytecode caches).

    ``prepare`` runs before every run, untimed (e.g. copying a fresh collection).
    A warm-up that takes longer than ``slow`` seconds is kept as the only sample:
    caches matter little at that scale, and repeating would take many minutes.
    ``expect_output``: a run that prints nothing (e.g. no card shown) is a failure, not a fast run.
    """
    samples: list[Sample] = []
    note = ""
    if warmup:
        if prepare:
            prepare()
        first, out = run_child(argv, env=env, timeout=timeout)
        if expect_output and not out.strip():
            raise ChildFailed(f"{' '.join(map(str, argv[:4]))} … printed nothing")
        if first.seconds > slow:
            samples, note = [first], f"one run only: it took over {slow:.0f} s"
    for _ in range(0 if samples else repeat):
        if prepare:
            prepare()
        sample, _ = run_child(argv, env=env, timeout=timeout)
        samples.append(sample)
    return Measurement(samples, note)


def report_result(seconds: float, **extra: object) -> None:
    """Called in a child: hand the measured seconds (and any figures) to the parent."""
    print(RESULT_PREFIX + json.dumps({"seconds": seconds, **extra}), flush=True)


def python_argv(script: str | Path, *args: object) -> list[str]:
    """argv for running a benchmarks/ script with the interpreter running the harness."""
    return [sys.executable, str(script), *map(str, args)]


# --- the table -------------------------------------------------------------------


def _fmt_seconds(s: float) -> str:
    if s >= 100:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 0.001:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_side(side: Side | None) -> tuple[str, str, str]:
    """(median, spread, peak RSS) cells for one side."""
    if side is None:
        return ("—", "", "")
    if side.measurement is None:
        return (f"n/a ({side.unavailable or 'not available'})", "", "")
    m = side.measurement
    spread = f"{_fmt_seconds(m.low)}–{_fmt_seconds(m.high)}" if len(m.samples) > 1 else "(1 run)"
    return (_fmt_seconds(m.median), spread, f"{m.peak_rss_mb:.0f} MB")


def _fmt_ratio(r: float | None) -> str:
    if r is None:
        return "—"
    if r < 0.01:
        return f"{r:.4f}× (1/{1 / r:.0f})"
    return f"{r:.2f}×"


def table_rows(rows: Sequence[Row]) -> list[list[str]]:
    header = ["benchmark", "drill median", "drill spread", "drill RSS", "comparator",
              "comp. median", "comp. spread", "comp. RSS", "drill/comp.", "target", "met"]
    out = [header]
    for row in rows:
        d = fmt_side(row.drill)
        c = fmt_side(row.comparator)
        met = row.met
        out.append([
            row.bench, *d,
            row.comparator.name if row.comparator else "—", *c,
            _fmt_ratio(row.ratio), row.target,
            "n/a" if met is None else ("yes" if met else "NO"),
        ])
    return out


def render_markdown(rows: Sequence[Row]) -> str:
    """The table as GitHub markdown (also readable in a terminal), notes underneath."""
    cells = table_rows(rows)
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {row.bench}: {row.note}" for row in rows if row.note]
    for row in rows:
        for side in (row.drill, row.comparator):
            if side is not None and side.measurement is not None and side.measurement.note:
                notes.append(f"- {row.bench} ({side.name}): {side.measurement.note}")
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def rows_to_json(rows: Sequence[Row]) -> list[dict]:
    """Machine-readable results (one object per row)."""

    def side(s: Side | None) -> dict | None:
        if s is None:
            return None
        if s.measurement is None:
            return {"name": s.name, "unavailable": s.unavailable}
        m = s.measurement
        return {"name": s.name, "median_s": m.median, "min_s": m.low, "max_s": m.high,
                "runs": m.times, "peak_rss_mb": m.peak_rss_mb, "note": m.note}

    return [{"bench": r.bench, "drill": side(r.drill), "comparator": side(r.comparator),
             "ratio": r.ratio, "target": r.target, "met": r.met, "note": r.note} for r in rows]
