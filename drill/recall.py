"""How likely a learner is to recall each card now: FSRS retrievability from the review store.

The figure the weak-spot paper ranks cards by, and what an embedder needs to
pick its own "cards you are about to forget"::

    from drill import Store, retrievability_by_card
    with Store("my-progress.db") as store:
        weakest = sorted(retrievability_by_card(store).items(), key=lambda kv: kv[1])[:10]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .errors import NotFoundError
from .scheduling import require_utc, retrievability

if TYPE_CHECKING:
    from .store import Store


def retrievability_by_card(store: Store, card_ids: Iterable[str] | None = None,
                           now: datetime | None = None) -> dict[str, float]:
    """Card id → probability (0–1) of recalling the card at ``now`` (UTC; default: the system clock).

    ``card_ids`` limits the answer to those cards (default: every card in the
    store). Cards never answered, and ids the store does not hold, are left out.
    """
    when = require_utc(now or datetime.now(UTC))
    settings = store.settings()
    if card_ids is None:
        card_ids = [row[0] for row in store.conn.execute("SELECT id FROM cards WHERE orphaned = 0 ORDER BY id")]
    out: dict[str, float] = {}
    for card_id in card_ids:
        try:
            state = store.card_state(card_id)
        except NotFoundError:
            continue
        r = retrievability(state, when, settings)
        if r is not None:
            out[card_id] = r
    return out


__all__ = ["retrievability_by_card"]
