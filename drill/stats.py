"""Figures about a store: cards by state, reviews today, true retention, due forecast, weak topics.

Everything is computed in SQL, so it stays quick on large stores.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime, timedelta, tzinfo
from typing import Any

from .days import LearnerDay
from .due import forecast as due_forecast
from .scheduling import State
from .store import Store, to_text


def _ensure_pow(store: Store) -> None:
    try:
        store.conn.execute("SELECT pow(2, 0.5)").fetchone()
    except sqlite3.OperationalError:  # SQLite built without math functions
        store.conn.create_function("pow", 2, math.pow, deterministic=True)


def compute_stats(store: Store, now: datetime, day_start: datetime, tz: tzinfo | None = None) -> dict[str, Any]:
    """All the figures ``drill stats`` shows, as a JSON-ready dict.

    ``day_start`` is the start of the learner's day (UTC, see :class:`drill.days.LearnerDay`)
    in time zone ``tz`` (None: this machine's); forecast days are the learner's days too.
    """
    conn = store.conn
    settings = store.settings()
    live = "orphaned = 0 AND suspended = 0"
    by_state = {s.name.lower(): 0 for s in State}
    for state, n in conn.execute(f"SELECT state, count(*) FROM cards WHERE {live} GROUP BY state"):
        by_state[State(state).name.lower()] = n
    flags = conn.execute(
        "SELECT count(*), sum(suspended), sum(orphaned), sum(buried_until > ?), sum(leech AND NOT orphaned)"
        " FROM cards", (to_text(now),)
    ).fetchone()

    reviews_today, correct_today = conn.execute(
        "SELECT count(*), sum(rating > 1) FROM reviews WHERE reviewed_at >= ?", (to_text(day_start),)
    ).fetchone()
    month_ago = to_text(now - timedelta(days=30))
    mature, passed = conn.execute(
        "SELECT count(*), sum(rating > 1) FROM reviews WHERE state_before = ? AND reviewed_at >= ?",
        (int(State.REVIEW), month_ago),
    ).fetchone()

    # the forecast is drill.due's, as review and its summary count: by learner day, a buried card on the
    # day its burial ends
    day = LearnerDay(settings.rollover_hour, tz)
    start_date = day.date(now)
    forecast = [{"date": d.isoformat(), "due": n} for d, n in due_forecast(store, now, day)]
    waiting = store.due_counts(now, day.start(now), day_end=day.end(now))

    _ensure_pow(store)
    decay = -settings.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    weakest = [
        {"topic": topic, "cards": n, "retrievability": round(r, 4)}
        for topic, n, r in conn.execute(
            f"""SELECT coalesce(topic, ''), count(*),
                       avg(pow(1 + ? * max(0, julianday(?) - julianday(last_review)) / stability, ?)) AS r
                FROM cards WHERE state > 0 AND {live} AND stability IS NOT NULL
                GROUP BY 1 ORDER BY r ASC, 1 LIMIT 5""",
            (factor, to_text(now)[:-1], decay),
        )
    ]
    return {
        "cards": {
            "total": flags[0],
            "by_state": by_state,
            "suspended": int(flags[1] or 0),
            "orphaned": int(flags[2] or 0),
            "buried": int(flags[3] or 0),
        },
        # cards that lapsed leech_threshold times (suspended unless leech_action is "tag")
        "leeches": int(flags[4] or 0),
        # the learner's day these figures call "today" (it starts at the rollover hour)
        "today": {"date": start_date.isoformat(), "starts_at": to_text(day_start)},
        "reviews_today": reviews_today,
        "correct_today": int(correct_today or 0),
        "true_retention_30d": (passed / mature) if mature else None,
        "mature_reviews_30d": mature,
        "due": {
            # what `drill review` would show now, as its header counts it (daily limits applied)
            "now": {"learning": waiting["learning"], "review": waiting["review"], "new": waiting["new"]},
            "today": forecast[0]["due"],
            "next_7_days": sum(f["due"] for f in forecast[:7]),
            "next_30_days": sum(f["due"] for f in forecast),
            "by_day": forecast,
        },
        "weakest_topics": weakest,
        "desired_retention": settings.desired_retention,
    }


__all__ = ["compute_stats"]
