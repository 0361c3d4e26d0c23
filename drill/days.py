"""The learner's day: when it starts (a rollover hour in local time) and which day a moment falls on.

Review cards fall due on a day, not at a clock time, as in Anki: a card due at 21:30
on its due day is offered from the start of that day. The day starts at the
rollover hour (default 04:00), so a session after midnight still counts as the
evening before. Daily limits, burying, "today" in ``drill stats`` and the session
summary all use this one definition.

>>> from zoneinfo import ZoneInfo
>>> day = LearnerDay(rollover_hour=4, tz=ZoneInfo("Asia/Shanghai"))
>>> now = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)   # 01:00 on 2 March in Shanghai
>>> day.date(now).isoformat(), day.start(now).isoformat()
('2026-03-01', '2026-02-28T20:00:00+00:00')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_Date = date  # the type, under a name LearnerDay.date does not hide

from .i18n import _

#: The hour (local time) at which a new learner day starts, as in Anki.
DEFAULT_ROLLOVER_HOUR = 4

_HOURS = tuple(timedelta(hours=h) for h in range(24))


@dataclass(frozen=True, slots=True)
class LearnerDay:
    """Days as the learner lives them: local time ``tz`` (None: this machine's), starting at ``rollover_hour``."""

    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError(_("the rollover hour must be 0–23, not {hour}").format(hour=self.rollover_hour))

    def date(self, moment: datetime) -> _Date:
        """The learner's date ``moment`` falls on (before the rollover hour it is still the day before)."""
        return (moment.astimezone(self.tz) - _HOURS[self.rollover_hour]).date()

    def start_of(self, day: _Date) -> datetime:
        """When learner date ``day`` starts, in UTC."""
        local = datetime.combine(day, time(self.rollover_hour))
        if self.tz is None:
            return local.astimezone().astimezone(UTC)  # naive: this machine's local time
        return local.replace(tzinfo=self.tz).astimezone(UTC)

    def start(self, now: datetime) -> datetime:
        """The start of the learner day containing ``now`` (UTC)."""
        return self.start_of(self.date(now))

    def end(self, now: datetime) -> datetime:
        """The start of the next learner day (UTC): a review due before it is due today."""
        return self.start_of(self.date(now) + timedelta(days=1))


__all__ = ["DEFAULT_ROLLOVER_HOUR", "LearnerDay"]
