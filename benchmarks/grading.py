"""Grading at scale: `drill exam grade` on big answer sheets, time and peak memory.

    uv run python benchmarks/grading.py                 # 100,000 × 50 items, and 1,048,576 rows × 11 items
    uv run python benchmarks/grading.py --quick         # small sizes, a smoke run
    uv run python benchmarks/grading.py --candidates 20000 --items 50 --only wide
    uv run python benchmarks/grading.py --repeat 3       # median of three runs of each case

Each case writes a manifest and a CSV answer sheet (letter items, and up to
20 % fill-in items answered with a handful of wordings, some wrong, some blank),
then runs a fresh `drill exam grade MANIFEST SHEET --out-csv SCORES` process and
reports its wall time, its CPU time (user + system: the figure to trust on a
busy machine) and peak resident memory (the child's ru_maxrss); with
``--repeat N`` the median time of N runs and the highest peak. Targets:
100,000 candidates × 50 items in ≤ 10 s and ≤ 300 MB; 1,048,576 rows of an
11-item paper in ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILL_IN = [("7:30", ["7:30", "7：30", "七点半", "8:00", ""]), ("24小时", ["24小时", "二十四小时", "24h", "48小时", ""]),
           ("首问负责制", ["首问负责制", "首问责任制", "首问制", "", "一次告知"])]


def manifest(items: int, fill_share: float) -> dict:
    fills = int(items * fill_share)
    out = []
    for n in range(1, items + 1):
        if n > items - fills:
            key, _answers = FILL_IN[n % len(FILL_IN)]
            out.append({"number": n, "id": f"d/fill{n}/t", "deck": "d", "fact": f"fill{n}", "type": "typed",
                        "section": "二、填空题", "points": 2, "key": key, "answer": key, "prompt": f"第{n}题",
                        "topic": f"知识点{n % 5}"})
        else:
            key = "ABCD"[n % 4]
            out.append({"number": n, "id": f"d/mc{n}/t", "deck": "d", "fact": f"mc{n}", "type": "multiple_choice",
                        "section": "一、单选题", "points": 1, "key": key, "answer": "甲乙丙丁"[n % 4],
                        "options": ["甲", "乙", "丙", "丁"], "prompt": f"第{n}题", "topic": f"知识点{n % 5}"})
    total = sum(i["points"] for i in out)
    return {"manifest_version": 1, "exam": "bench", "title": "压力测试", "seed": 1, "format": "html",
            "pass_mark": 60, "duration_minutes": None,
            "variants": {"A": {"total_points": total, "pass_mark": 60, "files": [], "items": out}}}


def write_sheet(path: Path, man: dict, candidates: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    items = man["variants"]["A"]["items"]
    answers = []
    for it in items:
        if it["type"] == "typed":
            answers.append(next(a for k, a in FILL_IN if k == it["key"]))
        else:
            answers.append([it["key"]] * 3 + ["A", "B", "C", "D", ""])
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("考号,姓名,卷别," + ",".join(str(i["number"]) for i in items) + "\r\n")
        for c in range(candidates):
            skill = rng.random()
            row = [f"{c:07d}", f"考生{c}", "A"]
            for options in answers:
                row.append(options[0] if rng.random() < skill else rng.choice(options))
            fh.write(",".join(row) + "\r\n")


def run(args: list[str]) -> tuple[float, float, float, int]:
    """(seconds, CPU seconds, peak MB, exit code) of one fresh drill process."""
    drill = Path(sys.executable).with_name("drill")
    start = time.perf_counter()
    proc = subprocess.Popen([str(drill), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(err[-2000:], file=sys.stderr)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def case(name: str, candidates: int, items: int, fill_share: float, work: Path, repeat: int = 1) -> dict:
    man = manifest(items, fill_share)
    m = work / f"{name}-manifest.json"
    m.write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    sheet = work / f"{name}.csv"
    write_sheet(sheet, man, candidates)
    runs = [run(["exam", "grade", str(m), str(sheet), "--out-csv", str(work / f"{name}-scores.csv")])
            for _ in range(repeat)]
    return {"case": name, "candidates": candidates, "items": items, "fill_in": f"{fill_share:.0%}",
            "sheet_mb": round(sheet.stat().st_size / 2**20, 1),
            "seconds": round(statistics.median(r[0] for r in runs), 2),
            "cpu": round(statistics.median(r[1] for r in runs), 2),
            "peak_mb": round(max(r[2] for r in runs), 1), "exit": max(r[3] for r in runs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rows", type=int, default=1_048_576, help="rows of the 11-item case")
    parser.add_argument("--only", choices=["wide", "long"], default=None)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each case (the median is shown)")
    args = parser.parse_args()
    if args.quick:
        args.candidates, args.rows = 2_000, 5_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "wide"):
            rows.append(case("wide", args.candidates, args.items, 0.2, work, args.repeat))
        if args.only in (None, "long"):
            rows.append(case("long", args.rows, 11, 0.2, work, args.repeat))
    print(f"{'case':<6} {'candidates':>10} {'items':>5} {'fill-in':>7} {'sheet MB':>8} {'seconds':>8} {'CPU s':>6} "
          f"{'peak MB':>8}")
    for r in rows:
        print(f"{r['case']:<6} {r['candidates']:>10,} {r['items']:>5} {r['fill_in']:>7} {r['sheet_mb']:>8} "
              f"{r['seconds']:>8} {r['cpu']:>6} {r['peak_mb']:>8}" + ("" if r["exit"] == 0 else f"  (exit {r['exit']})"))
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
