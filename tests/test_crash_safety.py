"""Crash safety and concurrency of the store, with real processes on a real SQLite file.

A child process answers cards in a loop through the library and is killed with
SIGKILL at random moments; afterwards the file must pass integrity_check, every
card's state must be the replay of its log, and at most the answer in flight may
be missing. Two processes answering at once must not lose an answer.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from drill.scheduling import replay
from drill.store import Store, sync_decks
from tests.conftest import ROOT, SAMPLE_DECK

WORKER = r"""
import random, sys
from datetime import datetime, timedelta, timezone
from drill.store import Store, from_text

db, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
store = Store(db)
cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY id")]
print("ready", flush=True)
go = (sys.argv[4] if len(sys.argv) > 4 else "") or None
pause = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
if go:
    import os, time
    while not os.path.exists(go):  # start together with the other process
        time.sleep(0.001)
done = 0
while count < 0 or done < count:
    card = rng.choice(cards)
    # the clock moves on from the newest answer, as a learner's would
    last = store.conn.execute("SELECT max(reviewed_at) FROM reviews").fetchone()[0]
    now = (from_text(last) if last else datetime(2024, 1, 1, tzinfo=timezone.utc)) + timedelta(
        minutes=rng.randint(1, 60 * 24 * 5))
    store.answer(card, rng.randint(1, 4), now, duration_ms=rng.randint(500, 9000), answer=f"p{seed}")
    done += 1
    print(done, flush=True)
    if pause:  # leave the other process room to take the lock, as a learner's think time would
        import time
        time.sleep(pause)
"""


def _start(db, seed, count=-1, go=None, pause=0.0):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [str(db), str(seed), str(count), str(go or ""), str(pause)]
    return subprocess.Popen([sys.executable, "-c", WORKER, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_consistent(db):
    with Store(db) as store:
        assert store.check(full=True) == ["ok"]
        settings = store.settings()
        cards = [r[0] for r in store.conn.execute("SELECT id FROM cards")]
        for card in cards:
            log = store.reviews_for(card)
            state = store.card_state(card)
            assert state.reps == len(log), card
            assert replay(card, log, settings) == state, card
        return store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "drill.db"
    with Store(path) as store:
        sync_decks(store, [SAMPLE_DECK], datetime(2024, 1, 1, tzinfo=UTC))
    return path


@pytest.mark.slow
def test_kill_9_loses_at_most_the_answer_in_flight(db):
    rng = random.Random(20240501)
    total = 0
    for round_ in range(8):
        child = _start(db, seed=round_)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.05, 0.5)
        printed = 0
        # read progress until a random moment, then kill mid-loop
        os.set_blocking(child.stdout.fileno(), False)
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.strip().isdigit():
                printed = int(line)
            elif not line:
                time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
        child.wait()
        rest = child.stdout.read() or ""
        for line in rest.splitlines():
            if line.strip().isdigit():
                printed = int(line)
        assert child.returncode == -signal.SIGKILL
        count = _assert_consistent(db)
        committed = count - total
        assert printed <= committed <= printed + 1, (printed, committed)
        total = count
    assert total > 8  # the loop really answered cards between kills


@pytest.mark.slow
def test_two_processes_answering_at_once_lose_nothing(db, tmp_path):
    per_process = 150
    go = tmp_path / "go"
    children = [_start(db, seed=s, count=per_process, go=go, pause=0.002) for s in (1, 2)]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [c.communicate(timeout=120) for c in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        assert out.split()[-1] == str(per_process)
    assert _assert_consistent(db) == 2 * per_process
    with Store(db) as store:
        writers = [r[0] for r in store.conn.execute("SELECT answer FROM reviews ORDER BY id")]
    assert writers.count("p1") == writers.count("p2") == per_process
    switches = sum(1 for a, b in zip(writers, writers[1:]) if a != b)
    assert switches > 1, "the two processes did not actually write at the same time"
