"""Fit FSRS parameters to the learner's own review log with fsrs-rs (the engine Anki uses).

>>> result = optimize_parameters(store)  # doctest: +SKIP
>>> result.stored, result.loss_before, result.loss_after  # doctest: +SKIP
(True, 0.41, 0.36)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from itertools import groupby
from typing import Any

from .i18n import N_, _
from .scheduling import DEFAULT_PARAMETERS
from .store import Store, from_text

#: Fewer reviews than this and a fit would only learn noise; the defaults stay.
MIN_REVIEWS = 400


@dataclass
class OptimizeResult:
    reviews: int
    items: int
    loss_before: float | None = None
    loss_after: float | None = None
    parameters_before: tuple[float, ...] = ()
    parameters_after: tuple[float, ...] = ()
    stored: bool = False
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    #: the message before its values were filled in (marked for translation), and those values
    template: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    def say(self, template: str, **values: Any) -> None:
        """Set the message: English in ``message`` (as ``--json`` gives it), translatable by :meth:`text`."""
        self.template, self.values = template, values
        self.message = template.format(**values)

    def text(self) -> str:
        """The message in the interface language."""
        return _(self.template).format(**self.values) if self.template else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "items": self.items, "log_loss_before": self.loss_before,
                "log_loss_after": self.loss_after, "parameters_before": list(self.parameters_before),
                "parameters_after": list(self.parameters_after), "stored": self.stored, "message": self.message}


def card_histories(store: Store, tz: tzinfo) -> tuple[int, list[list[tuple[int, int]]]]:
    """(review count, per card [(day number, rating)…]) from the log, days the learner's (time zone and
    rollover hour), as Anki counts them when it fits parameters."""
    from .days import LearnerDay
    from .store.encoding import log_order

    day = LearnerDay(store.settings().rollover_hour, tz)

    rows = store.conn.execute("SELECT card_id, rating, reviewed_at, origin FROM reviews ORDER BY card_id, id")
    histories: list[list[tuple[int, int]]] = []
    count = 0
    for _, group in groupby(rows, key=lambda r: r[0]):
        history = []
        # reviews imported from Anki take their place in time, as when the card's state is replayed
        for _, rating, reviewed_at, _ in log_order(list(group), time=2, origin=3):
            moment: datetime = from_text(reviewed_at)  # type: ignore[assignment]
            history.append((day.date(moment).toordinal(), rating))
            count += 1
        histories.append(history)
    return count, histories


def fsrs_items(histories: list[list[tuple[int, int]]]) -> list[Any]:
    """fsrs-rs training items: one per review that came on a later day than the one before."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for history in histories:
        reviews = []
        last_day = history[0][0]
        for day, rating in history:
            delta = day - last_day
            reviews.append(FSRSReview(rating, delta))
            if delta > 0:
                items.append(FSRSItem(list(reviews)))
            last_day = day
    return [item for item in items if item.long_term_review_cnt() > 0]


def _clamp(parameters: list[float]) -> tuple[float, ...]:
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return tuple(min(max(float(p), lo), hi)
                 for p, lo, hi in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))


def optimize_parameters(store: Store, *, tz: tzinfo | None = None, min_reviews: int = MIN_REVIEWS,
                        store_result: bool = True) -> OptimizeResult:
    """Fit parameters to the store's review log; keep them if they predict it better.

    The log loss of the current and the fitted parameters is measured on the same
    log. With fewer than ``min_reviews`` reviews nothing is fitted.
    """
    local = tz or datetime.now().astimezone().tzinfo
    assert local is not None
    count, histories = card_histories(store, local)
    current = store.settings().parameters
    result = OptimizeResult(reviews=count, items=0, parameters_before=current)
    if count < min_reviews:
        result.say(N_("{count} reviews so far; at least {needed} are needed to fit parameters. "
                      "The current parameters stay."), count=count, needed=min_reviews)
        return result
    items = fsrs_items(histories)
    result.items = len(items)
    if not items:
        result.say(N_("no card has been reviewed on two different days yet; the current parameters stay."))
        return result
    from fsrs_rs_python import FSRS

    try:
        fitted = _clamp(FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items))
        result.loss_before = FSRS(list(current)).evaluate(items).log_loss
        result.loss_after = FSRS(list(fitted)).evaluate(items).log_loss
    except Exception as exc:  # the engine rejects degenerate logs with assorted errors
        result.say(N_("the optimizer could not fit this log ({error}); the current parameters stay."), error=exc)
        return result
    result.parameters_after = fitted
    if result.loss_after >= result.loss_before:
        result.say(N_("the fitted parameters do not predict your log better; the current parameters stay."))
        return result
    if store_result:
        store.set_settings(parameters=fitted)
        result.stored = True
    result.say(N_("new parameters stored; they apply to your next answers."))
    return result


__all__ = ["MIN_REVIEWS", "OptimizeResult", "card_histories", "fsrs_items", "optimize_parameters"]
