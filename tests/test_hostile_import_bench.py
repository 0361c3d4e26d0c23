"""benchmarks/hostile_import.py at tiny sizes, so the full-size script cannot rot (no timing assertions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_hostile_import_benchmark_runs_and_every_bomb_is_refused(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hostile_import.py"), "--quick"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path,
                          env={**os.environ, "DRILL_HOME": str(tmp_path), "LANGUAGE": "en"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[1:-1]]
            for line in proc.stdout.splitlines() if line.startswith("| ") and not line.startswith("| case")}
    assert set(rows) == {"deflate-bomb", "zstd-bomb", "meta-bomb", "lock"}
    for case in ("deflate-bomb", "zstd-bomb", "meta-bomb"):
        assert rows[case][2] == "2", rows[case]  # refused
        assert float(rows[case][3].split()[0]) <= 100, rows[case]  # at most 100 MB ever unpacked
    assert rows["lock"][2] == "0"
    assert all("left behind: 0" in r[6] for r in rows.values())
