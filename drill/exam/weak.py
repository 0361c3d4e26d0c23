"""The weak-spot paper: a short exam over the cards a learner is most likely to forget.

Returned as data (an :class:`~drill.exam.paper.ExamPaper`, a pydantic model:
``paper.model_dump(mode="json")`` is its JSON), so a program can send it
wherever it likes; ``drill exam build --weak N`` writes it with an exporter::

    from drill import Store, weak_paper
    with Store("my-progress.db") as store:
        paper = weak_paper("exams/counter-staff-cert.yaml", store, count=10, seed=1)
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from ..i18n import speaking
from .assemble import build_exam, weak_blueprint
from .blueprint import Blueprint, load_blueprint_cards
from .paper import ExamPaper

if TYPE_CHECKING:
    from ..card import Card
    from ..store import Store


def weak_paper(blueprint: str | os.PathLike[str] | tuple[Blueprint, list[Card]], store: Store, count: int, *,
               seed: int = 0, now: datetime | None = None, language: str | None = None) -> ExamPaper:
    """A paper of the ``count`` cards of ``blueprint`` the learner of ``store`` is likeliest to forget at ``now``.

    ``blueprint`` is a blueprint file, or a blueprint with its card pool as
    :func:`~drill.exam.load_blueprint_cards` returns them. One item per fact;
    the items go into the first of the blueprint's sections that takes their
    type. The paper may hold fewer than ``count`` items (fewer facts were
    reviewed, or fit the sections); raises :class:`~drill.errors.BlueprintError`
    when no reviewed card fits at all. Messages and the title's "weak spots"
    are in ``language`` (default: the current language).
    """
    from ..recall import retrievability_by_card

    with speaking(language):
        bp, cards = load_blueprint_cards(blueprint) if not isinstance(blueprint, tuple) else blueprint
        known = retrievability_by_card(store, (c.id for c in cards), now)
        weak_bp, pool = weak_blueprint(bp, cards, known, count)
        return build_exam(weak_bp, pool, seed)[0]


__all__ = ["weak_paper"]
