"""How times and card states are written in the store (text columns and JSON)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any, overload

from ..errors import StoreError
from ..i18n import _
from ..scheduling import CardState, State, require_utc

#: The scheduling columns of ``cards``, in the order the helpers below read and write them.
STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
SELECT_STATE = f"SELECT {', '.join(STATE_COLUMNS)} FROM cards WHERE id = ?"
UPDATE_STATE = f"UPDATE cards SET {', '.join(c + ' = ?' for c in STATE_COLUMNS)} WHERE id = ?"


@overload
def to_text(moment: datetime) -> str: ...
@overload
def to_text(moment: None) -> None: ...
@overload
def to_text(moment: datetime | None) -> str | None: ...


def to_text(moment: datetime | None) -> str | None:
    """A UTC datetime as fixed-width ISO text (sorts as it should, keeps microseconds)."""
    if moment is None:
        return None
    # isoformat is several times cheaper than strftime and this runs on every answer;
    # after require_utc the offset suffix is always "+00:00"
    return require_utc(moment, "time").isoformat(timespec="microseconds")[:-6] + "Z"


def from_text(text: str | None) -> datetime | None:
    """The inverse of :func:`to_text` (a UTC-aware datetime)."""
    if text is None:
        return None
    if len(text) != 27 or text[-1] != "Z":
        # fromisoformat alone would also take other shapes; the store only ever holds this one
        raise ValueError(f"not a stored time: {text!r}")
    return datetime.fromisoformat(text)


def state_from_row(row: Sequence[Any]) -> CardState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return CardState(State(state), step, stability, difficulty, from_text(due), from_text(last_review), reps, lapses)


def state_values(s: CardState) -> tuple[Any, ...]:
    for value in (s.stability, s.difficulty):
        if value is not None and not math.isfinite(value):
            raise StoreError(_("refusing to store a non-finite scheduling value: {value}").format(value=s))
    return (int(s.state), s.step, s.stability, s.difficulty, to_text(s.due), to_text(s.last_review), s.reps, s.lapses)


def state_json(s: CardState) -> str:
    # built by hand: dataclasses.asdict deep-copies the datetimes, a measurable cost per answer
    return json.dumps({"state": int(s.state), "step": s.step, "stability": s.stability,
                       "difficulty": s.difficulty, "due": to_text(s.due), "last_review": to_text(s.last_review),
                       "reps": s.reps, "lapses": s.lapses})


def state_from_json(text: str) -> CardState:
    d = json.loads(text)
    return CardState(State(d["state"]), d["step"], d["stability"], d["difficulty"], from_text(d["due"]),
                     from_text(d["last_review"]), d["reps"], d["lapses"])


def log_order(rows: Sequence[Any], *, time: int, origin: int) -> list[Any]:
    """A card's review log rows (given in row id order) in the order they are replayed.

    drill's own answers keep the order they were written (two processes may
    write an earlier clock reading second; each state was built on the row
    before it). Reviews brought in from elsewhere (``origin`` set) are placed by
    time: before the first of drill's answers given after them. With no imported
    reviews this is simply row id order. ``time`` and ``origin`` are the indexes
    of those columns in a row.
    """
    native = [r for r in rows if r[origin] is None]
    imported = sorted((r for r in rows if r[origin] is not None), key=lambda r: (r[time], r[origin]))
    if not imported:
        return list(rows)
    out: list[Any] = []
    j = 0
    for row in native:
        while j < len(imported) and imported[j][time] < row[time]:
            out.append(imported[j])
            j += 1
        out.append(row)
    out.extend(imported[j:])
    return out
