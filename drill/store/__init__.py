"""The review store: one SQLite file holding cards, their scheduling state and the review log.

The review log (``reviews``) is the truth and is append-only; the scheduling
columns of ``cards`` are a cache that :func:`drill.scheduling.replay` rebuilds from
it. Each answer is one ``BEGIN IMMEDIATE`` transaction writing the log row and the
new state together, so a crash loses at most the answer in flight and two
processes answering at once never lose one.

One module per concept: ``migrations`` (schema), ``connection`` (opening, write
transactions), ``encoding`` (times and states as stored), ``settings``, ``cards``,
``queue``, ``answers``, ``exam_results``, ``sync`` (deck files), and ``store``,
which puts the :class:`Store` together.

>>> store = Store(":memory:")  # doctest: +SKIP
>>> store.settings().desired_retention  # doctest: +SKIP
0.9
"""

from __future__ import annotations

from .answers import Answer
from .connection import default_store_path
from .encoding import from_text, to_text
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .queue import LEARN_AHEAD, QueueFilter, QueuedCard
from .settings import SETTING_KEYS
from .store import Store
from .sync import SyncReport, file_hash, sync_decks

__all__ = [
    "APPLICATION_ID",
    "LEARN_AHEAD",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SETTING_KEYS",
    "Answer",
    "QueueFilter",
    "QueuedCard",
    "Store",
    "SyncReport",
    "default_store_path",
    "file_hash",
    "from_text",
    "sync_decks",
    "to_text",
]
