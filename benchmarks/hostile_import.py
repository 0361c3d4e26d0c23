"""`drill import` against hostile packages at full size: bombs, and how long a big import holds the store.

    uv run python benchmarks/hostile_import.py [--quick] [--bomb-gb 4] [--reviews 1000000]

Each case runs the real command (`python -m drill import`) in a child process
with its own temporary folder, and prints:

* ``deflate-bomb`` / ``zstd-bomb``: a package whose collection unpacks to
  ``--bomb-gb`` GB of zeros (deflate in the zip; zstd as Anki 2.1.50+ packs it).
  Printed: package size, exit code, the most the temporary folder ever held
  (polled every 5 ms), peak memory of the child, time. Target: refused, ≤ 100 MB written.
* ``meta-bomb``: a ``meta`` file of ``--bomb-gb`` GB of zeros beside a real collection.
* ``lock``: a store of 10,000 cards and a package of ``--reviews`` Anki answers to them;
  a second process keeps asking for the store's write lock (as an answer in
  `drill review` does) and the longest it had to wait is the time the import held it.

``--quick`` runs everything at tiny sizes (a smoke run: the test suite runs it).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

CHUNK = 1 << 20


def _folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def _high_water_kb(pid: int) -> int:
    """The child's peak resident memory so far (VmHWM; ru_maxrss would count the parent's at fork)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_import(package: Path, store: Path, work: Path, source: Path | None = None) -> dict[str, Any]:
    """Run `drill import` as a child (of the drill in ``source``, a checkout, if given); its exit code,
    seconds, peak temp-folder bytes and peak RSS (MB)."""
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "LANGUAGE": "en"}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "drill", "import", str(package), "--db", str(store), "--json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=source or work)
    peak = hwm = 0
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    while True:
        pid, status, _usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _folder_bytes(tmp))
        hwm = max(hwm, _high_water_kb(proc.pid))
        time.sleep(0.005)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    err = b"".join(err_chunks)
    return {"exit": proc.returncode, "seconds": seconds, "temp_peak_mb": peak / 1e6,
            "rss_mb": hwm / 1024, "message": err.decode("utf-8", "replace").strip().splitlines()[:1],
            "left_behind": len(list(tmp.iterdir()))}


def deflate_bomb(path: Path, size: int) -> Path:
    zero = bytes(CHUNK)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("collection.anki21", "w", force_zip64=True) as out:
            for _ in range(size // CHUNK):
                out.write(zero)
    return path


def zstd_bomb(path: Path, size: int) -> Path:
    import zstandard

    zero = bytes(CHUNK)
    frame = Path(f"{path}.zst")
    with open(frame, "wb") as fh, zstandard.ZstdCompressor(level=19).stream_writer(fh, size=size) as out:
        for _ in range(size // CHUNK):
            out.write(zero)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("meta", b"\x08\x03")
        zf.write(frame, "collection.anki21b")
    frame.unlink()
    return path


def small_collection(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE col (id integer primary key, ver); INSERT INTO col VALUES (1, 11);
        CREATE TABLE notes (id integer primary key, guid, flds);
        CREATE TABLE cards (id integer primary key, nid, ord);
        CREATE TABLE revlog (id integer primary key, cid, ease, time, type, factor);
    """)
    conn.close()
    return path


def meta_bomb(path: Path, size: int, work: Path) -> Path:
    zero = bytes(CHUNK)
    db = small_collection(work / "small.anki21")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("meta", "w", force_zip64=True) as out:
            out.write(b"\x08\x02")
            for _ in range(size // CHUNK):
                out.write(zero)
        zf.write(db, "collection.anki21")
    return path


def review_package(path: Path, card_ids: list[str], reviews: int, work: Path) -> Path:
    """A collection of one note per store card and ``reviews`` answers spread over them, a day or more apart."""
    from drill.exporting import note_guid

    db = work / "big.anki21"
    db.unlink(missing_ok=True)
    small_collection(db)
    conn = sqlite3.connect(db)
    rng = random.Random(7)
    per_card = max(1, reviews // len(card_ids))
    start = datetime.now(UTC) - timedelta(days=per_card * 3 + 10)
    base = int(start.timestamp() * 1000)
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?)",
                     ((i + 1, note_guid(cid), cid) for i, cid in enumerate(card_ids)))
    conn.executemany("INSERT INTO cards VALUES (?, ?, 0)", ((i + 1, i + 1) for i in range(len(card_ids))))
    rows = []
    for i in range(len(card_ids)):
        for j in range(per_card):
            if len(rows) + 0 >= reviews:
                break
            rid = base + j * 3 * 86_400_000 + i * 1000 + rng.randrange(500)
            rows.append((rid, i + 1, rng.choice((1, 3, 3, 3, 3, 4)), 4000, 1 if j else 0, 2500))
    conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(db, "collection.anki21")
    return path


def lock_case(work: Path, cards: int, reviews: int, source: Path | None = None) -> dict[str, Any]:
    from gen_store import make_store

    from drill.store import Store

    store_path = make_store(work / "store.db", cards)
    with Store(store_path) as store:
        card_ids = store.known_card_ids()
    package = review_package(work / "reviews.colpkg", card_ids, reviews, work)
    waits: list[float] = []
    stop = threading.Event()

    def prober() -> None:  # as an answer in `drill review` would: take the write lock, briefly
        conn = sqlite3.connect(store_path, isolation_level=None, timeout=3600)
        while not stop.is_set():
            t0 = time.monotonic()
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.monotonic() - t0)
            conn.execute("COMMIT")
            time.sleep(0.02)
        conn.close()

    thread = threading.Thread(target=prober, daemon=True)
    thread.start()
    result = run_import(package, store_path, work, source)
    stop.set()
    thread.join()
    result["longest_wait_s"] = max(waits, default=0.0)
    result["package_mb"] = package.stat().st_size / 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a smoke run")
    parser.add_argument("--bomb-gb", type=float, default=4.0)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of an earlier drill (e.g. `git archive main | tar -x -C DIR`): the lock case "
                             "runs with it too, side by side")
    args = parser.parse_args()
    bomb = int((0.05 if args.quick else args.bomb_gb) * (1 << 30)) // CHUNK * CHUNK
    reviews, cards = (2_000, 200) if args.quick else (args.reviews, args.cards)
    cases = args.only or ["deflate-bomb", "zstd-bomb", "meta-bomb", "lock"]
    print("| case | package | exit | temp folder peak | child peak RSS | time | note |")
    print("|---|---|---|---|---|---|---|")
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="drill-bench-") as folder:
            work = Path(folder)
            from drill.store import Store

            store = work / "empty.db"
            Store(store).close()
            if case == "deflate-bomb":
                package = deflate_bomb(work / "bomb.colpkg", bomb)
                r = run_import(package, store, work)
                note = f"unpacks to {bomb / 1e9:.2f} GB"
            elif case == "zstd-bomb":
                package = zstd_bomb(work / "zbomb.colpkg", bomb)
                r = run_import(package, store, work)
                note = f"unpacks to {bomb / 1e9:.2f} GB"
            elif case == "meta-bomb":
                package = meta_bomb(work / "mbomb.colpkg", bomb, work)
                r = run_import(package, store, work)
                note = f"meta unpacks to {bomb / 1e9:.2f} GB"
            else:
                package = work / "reviews.colpkg"
                if args.baseline is not None:
                    base = lock_case(work, cards, reviews, args.baseline.resolve())
                    print(f"| lock (baseline) | {base['package_mb']:.2f} MB | {base['exit']} | "
                          f"{base['temp_peak_mb']:.1f} MB | {base['rss_mb']:.0f} MB | {base['seconds']:.1f} s | "
                          f"{reviews:,} reviews on {cards:,} cards; a writer waited at most "
                          f"{base['longest_wait_s']:.2f} s for the lock |", flush=True)
                r = lock_case(work, cards, reviews)
                note = (f"{reviews:,} reviews on {cards:,} cards; a writer waited at most "
                        f"{r['longest_wait_s']:.2f} s for the lock")
                if args.baseline is not None:
                    note += (f" ({r['longest_wait_s'] / max(base['longest_wait_s'], 1e-9):.2f}× the baseline's; "
                             f"time {r['seconds'] / max(base['seconds'], 1e-9):.2f}×)")
            print(f"| {case} | {package.stat().st_size / 1e6:.2f} MB | {r['exit']} | {r['temp_peak_mb']:.1f} MB "
                  f"| {r['rss_mb']:.0f} MB | {r['seconds']:.1f} s | {note}; left behind: {r['left_behind']}; "
                  f"{' '.join(r['message'])[-140:]} |", flush=True)


if __name__ == "__main__":
    main()
