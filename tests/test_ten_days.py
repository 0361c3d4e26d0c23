"""Ten learner days through the command line with `--now`, review in a real terminal (tmux).

Each day: the rollover (nothing due at 03:30, the day's cards at 04:01), `stats` = the review
screen's counts = the day before's summary, buried siblings counted on the day they come back,
learn-ahead said as such, a card that lapses every day becoming a leech at its 8th lapse, and at
the end `doctor --rebuild` after a preset change (new learning steps) keeping every lapse.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from drill.store import Store
from tests.conftest import REVIEW_SEED, ROOT
from tests.test_tmux_review import Terminal

TMUX = shutil.which("tmux")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]

TERMS = {"首问负责": "第一位接待客户的员工跟进到底", "微笑服务": "以真诚的微笑面对每一位客户",
         "静音服务": "在客户休息区保持安静", "限时办结": "承诺时限内办完客户的业务"}
LEECH_TERM = "服务补救"
LEECH = "ten-days/remedy/define"
DECK = "deck: ten-days\ntitle: 十天测试\nfacts:\n" + "".join(
    f"  - id: t{i}\n    kind: term\n    topic: 服务规范\n    term: {term}\n    definition: {definition}\n"
    f"    cards: [define, name]\n    source: 第{i + 1}章\n"
    for i, (term, definition) in enumerate(TERMS.items())) + (
    f"  - id: remedy\n    kind: term\n    topic: 服务补救\n    term: {LEECH_TERM}\n"
    "    definition: 服务失误后及时纠正并挽回客户\n    cards: [define]\n    source: 第九章\n")
DRILL = str(Path(sys.executable).with_name("drill"))
ENV = {"TZ": "Asia/Shanghai", "LANG": "C.UTF-8", "DRILL_SEED": REVIEW_SEED, "PYTHONPATH": str(ROOT)}
COUNTS = re.compile(r"(\d+) done · (\d+) new · (\d+) learning · (\d+) review")


def drill(*args: str, now: str, db: Path, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(ENV, DRILL_HOME=str(home))
    result = subprocess.run([DRILL, "--now", now, *args, "--db", str(db)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"simulated time: {now.replace('T', ' ')}" in result.stderr
    return result.stdout


def stats(now: str, db: Path, home: Path) -> dict:
    return json.loads(drill("stats", "--json", now=now, db=db, home=home))


class Screen(Terminal):
    def visible(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def until(self, test, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.visible()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen did not change as expected:\n{screen}")
            time.sleep(0.05)


def review_day(now: str, db: Path, home: Path, seen: dict) -> dict:
    """One day's session in tmux: every card answered (the leech card Again when in review); what it showed."""
    env = {**ENV, "DRILL_HOME": str(home), "HOME": str(home), "TERM": "xterm-256color"}
    term = Screen([DRILL, "--now", now, "review", "--db", str(db)], env, width=110, height=40)
    try:
        first = term.until(lambda s: COUNTS.search(s) or "Nothing is due" in s)
        shown = {"first": first, "headers": [], "screens": []}
        done = 0
        while True:
            def ready(s: str, d: int = done) -> bool:
                if "summary" in s and "due tomorrow" in s:
                    return True
                m = COUNTS.search(s)
                return m is not None and int(m.group(1)) == d and "show the answer" in s and "4 Easy" not in s

            screen = term.until(ready)
            if "summary" in screen and "due tomorrow" in screen:
                shown["summary"] = screen
                break
            header = next(line for line in screen.splitlines() if COUNTS.search(line))
            shown["headers"].append(header)
            shown["screens"].append(screen)
            if "[a–" in screen:  # multiple choice: the term whose definition is asked
                definition = next(d for d in TERMS.values() if d in screen)
                answer = next(t for t, d in TERMS.items() if d == definition)
                letter = re.search(r"^\s*([a-d])\) " + answer + r"\s*$", screen, re.M)
                assert letter is not None, screen
                term.keys(letter.group(1))
                after = term.until(lambda s: "4 Easy" in s)
                assert "✓ right" in after
                term.keys("Enter")
            else:
                term.keys("Space")
                after = term.until(lambda s: "4 Easy" in s)
                shown["screens"].append(after)
                leech_review = f"「{LEECH_TERM}」" in screen and " · review · " in header
                term.keys("1" if leech_review else "3")
            done += 1
            seen["answers"] += 1
        return shown
    finally:
        term.close()


def test_ten_learner_days_through_the_command_line(tmp_path):
    deck = tmp_path / "ten-days.yaml"
    deck.write_text(DECK, encoding="utf-8")
    db, home = tmp_path / "ten.db", tmp_path / "home"
    drill("add", str(deck), now="2026-03-01T08:00", db=db, home=home)
    seen = {"answers": 0}
    due_tomorrow: int | None = None
    learned_ahead = intervals_marked = False
    leech_shown = ""
    for k in range(1, 11):
        day = date(2026, 3, k)
        if k == 5:  # a preset with other learning steps from now on, for this deck
            drill("preset", "set", "slow", "learning_steps", "1m 10m 1h", now=f"{day}T08:00", db=db, home=home)
            drill("preset", "use", "slow", "ten-days", now=f"{day}T08:00", db=db, home=home)
        if k > 1:
            # the rollover: at 03:30 it is still yesterday, and yesterday's work is done; at 04:01 the day's cards
            night = stats(f"{day}T03:30", db, home)
            assert night["due"]["now"]["review"] == 0 and night["due"]["now"]["learning"] == 0
            assert night["due"]["by_day"][0]["due"] == 0
            morning = stats(f"{day}T04:01", db, home)
            assert morning["due"]["today"] == due_tomorrow  # what yesterday's summary said
            assert morning["due"]["now"]["review"] + morning["due"]["now"]["learning"] >= min(1, due_tomorrow)
        before = stats(f"{day}T09:00", db, home)
        shown = review_day(f"{day}T09:00", db, home, seen)
        first = COUNTS.search(shown["first"])
        assert first is not None, shown["first"]
        # the review screen's counts are stats' counts
        assert [int(first.group(i)) for i in (2, 3, 4)] == [
            before["due"]["now"]["new"], before["due"]["now"]["learning"], before["due"]["now"]["review"]]
        assert before["due"]["today"] == int(first.group(3)) + int(first.group(4))
        summary = shown["summary"]
        tomorrow = re.search(r"due tomorrow (\d+) · still waiting today (\d+)", summary)
        assert tomorrow is not None and tomorrow.group(2) == "0", summary
        due_tomorrow = int(tomorrow.group(1))
        after = stats(f"{day}T12:00", db, home)
        # nothing left today (buried siblings wait for tomorrow), and tomorrow as the summary said
        assert after["due"]["today"] == 0 and after["due"]["now"]["review"] == 0
        assert after["due"]["by_day"][1]["due"] == due_tomorrow
        nothing = drill("review", "--dry-run", now=f"{day}T12:00", db=db, home=home)
        assert "Nothing is due now." in nothing and "due now." not in nothing.replace("Nothing is due now.", "")
        learned_ahead |= any("learning ahead (due" in h for h in shown["screens"])
        intervals_marked |= any("3 Good <10m" in s for s in shown["screens"])
        if "leech: " in summary or any("leech: " in s for s in shown["screens"]):
            leech_shown = leech_shown or f"day {k}"
    assert seen["answers"] > 40
    assert learned_ahead, "no card was shown as learned ahead"
    assert intervals_marked, "no learning interval was marked as one learn-ahead may shorten"
    assert leech_shown == "day 10"  # the 8th lapse: Again on days 3 to 10
    final = stats("2026-03-10T20:00", db, home)
    assert final["leeches"] == 1 and final["cards"]["suspended"] == 1

    with Store(db) as store:
        lapses_before = dict(store.conn.execute("SELECT id, lapses FROM cards ORDER BY id").fetchall())
        ratings_before = store.conn.execute("SELECT id, rating FROM reviews ORDER BY id").fetchall()
        logged_lapses = dict(store.conn.execute(
            "SELECT card_id, count(*) FROM reviews WHERE rating = 1 AND state_before = 2 GROUP BY card_id"))
    assert lapses_before[LEECH] == 8 == logged_lapses[LEECH]
    report = json.loads(drill("doctor", "--json", now="2026-03-10T20:00", db=db, home=home))
    assert report["ok"] and report["state_differs_from_log"] == 0
    drill("doctor", "--rebuild", now="2026-03-10T20:00", db=db, home=home)
    with Store(db) as store:
        assert dict(store.conn.execute("SELECT id, lapses FROM cards ORDER BY id").fetchall()) == lapses_before
        assert store.conn.execute("SELECT id, rating FROM reviews ORDER BY id").fetchall() == ratings_before
    assert {k: v for k, v in lapses_before.items() if v} == logged_lapses
