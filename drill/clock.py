"""The one place drill reads "now" from, and the simulated clock behind ``--now`` / ``DRILL_NOW``.

Every command that needs the time asks :func:`now`. Normally that is the
machine's clock. A trainer showing tomorrow's queue, or a test driving the
command line through days, sets a simulated start with :func:`simulate`
(``drill --now 2026-03-02T04:01 …``): from then on :func:`now` is that moment
plus the real time elapsed since, so a learning step of one minute still takes
a minute within one run.

A simulated clock writes answers at made-up times, so the command line accepts
it only with an explicit store file (``--db``), never on the learner's default
store (:func:`require_explicit_store`).

>>> simulate(parse_moment("2026-03-02T04:01+08:00"))
>>> now().isoformat()[:16], is_simulated()
('2026-03-01T20:01', True)
>>> simulate(None); is_simulated()
False
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from .i18n import _

#: the environment variable that sets the simulated start, like ``--now``
ENV_VAR = "DRILL_NOW"

# (simulated start in UTC, time.monotonic() when it was set); None: the real clock
_simulated: tuple[datetime, float] | None = None


def now() -> datetime:
    """The current time in UTC: the machine's clock, or the simulated one when set."""
    if _simulated is None:
        return datetime.now(UTC)
    start, at = _simulated
    return start + timedelta(seconds=time.monotonic() - at)


def simulate(start: datetime | None) -> None:
    """Run the clock from ``start`` (a timezone-aware moment) on; None goes back to the real clock."""
    global _simulated
    if start is None:
        _simulated = None
        return
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("a simulated start must be timezone-aware")
    _simulated = (start.astimezone(UTC), time.monotonic())


def is_simulated() -> bool:
    """Whether :func:`now` runs from a simulated start."""
    return _simulated is not None


def parse_moment(text: str) -> datetime:
    """A moment as written after ``--now``: ISO 8601 date and time, local time unless an offset is given.

    ``2026-03-02T04:01``, ``2026-03-02 04:01:30``, ``2026-03-02T04:01+08:00``,
    ``2026-03-01T20:01Z`` or a date alone (``2026-03-02``: midnight). Raises
    ValueError with a message that shows the form.
    """
    cleaned = text.strip().replace("：", ":").replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(_("{value} is not a date and time; write it as 2026-03-02T04:01 (local time) "
                           "or 2026-03-02T04:01+08:00").format(value=repr(text))) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # this machine's local time zone (TZ), as the learner's day uses
    if not 1970 <= moment.astimezone(UTC).year <= 9998:
        raise ValueError(_("{value} is out of range (years 1970–9998)").format(value=repr(text)))
    return moment.astimezone(UTC)


def describe() -> str:
    """The simulated time as a line for the screen, in local time; empty when the clock is real."""
    if _simulated is None:
        return ""
    local = now().astimezone()
    return _("simulated time: {when}").format(when=local.strftime("%Y-%m-%d %H:%M %Z").strip())


def require_explicit_store(path: object) -> None:
    """Refuse the default store while the clock is simulated (InputError: exit 2 on the command line)."""
    if path is None and _simulated is not None:
        from .errors import InputError, Problem

        raise InputError(Problem(_("--now (or {env}) only works with an explicit store file: add --db FILE; "
                                   "a simulated time never writes into the default store").format(env=ENV_VAR),
                                 file="--now"))


__all__ = ["ENV_VAR", "describe", "is_simulated", "now", "parse_moment", "require_explicit_store", "simulate"]
