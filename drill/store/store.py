"""The :class:`Store`: one SQLite file holding decks, cards, their scheduling state and the review log.

It is assembled from one part per concept, each in its own module of this package:
:mod:`.connection` (opening, transactions), :mod:`.settings`, :mod:`.cards`,
:mod:`.queue` (what to show next), :mod:`.answers` (the review log) and
:mod:`.exam_results`; :mod:`.sync` brings it in line with deck files.
"""

from __future__ import annotations

from .answers import AnswersMixin
from .cards import CardsMixin
from .exam_results import ExamResultsMixin
from .queue import QueueMixin
from .settings import SettingsMixin


class Store(AnswersMixin, QueueMixin, CardsMixin, SettingsMixin, ExamResultsMixin):
    """An open review store. Use as a context manager or call :meth:`close`.

    Each answer is one ``BEGIN IMMEDIATE`` transaction writing the log row and the
    new state together, so a crash loses at most the answer in flight and two
    processes answering at once never lose one.
    """
