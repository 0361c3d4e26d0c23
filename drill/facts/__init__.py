"""Fact kinds: one pydantic model (with its card templates) per module, and the registry.

Adding a kind: write ``drill/facts/<kind>.py`` with a ``FactBase`` subclass whose
``kind`` is a ``Literal`` and whose ``make`` yields cards, then list it in
``FACT_TYPES`` below.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import FactBase, GenContext, Warning_
from .category import CategoryFact, Member
from .duty import DutyFact
from .list_ import ListFact
from .prohibited_phrase import ProhibitedPhraseFact
from .question import QuestionFact, QuestionOption
from .rule import Deletion, RuleFact, parse_cloze
from .script import ScriptFact
from .sequence import SequenceFact
from .term import TermFact

FACT_TYPES: dict[str, type[FactBase]] = {
    "term": TermFact,
    "category": CategoryFact,
    "duty": DutyFact,
    "list": ListFact,
    "sequence": SequenceFact,
    "rule": RuleFact,
    "prohibited_phrase": ProhibitedPhraseFact,
    "script": ScriptFact,
    "question": QuestionFact,
}

Fact = Annotated[
    TermFact | CategoryFact | DutyFact | ListFact | SequenceFact | RuleFact | ProhibitedPhraseFact | ScriptFact
    | QuestionFact,
    Field(discriminator="kind"),
]

__all__ = [
    "FACT_TYPES",
    "CategoryFact",
    "Deletion",
    "DutyFact",
    "Fact",
    "FactBase",
    "GenContext",
    "ListFact",
    "Member",
    "ProhibitedPhraseFact",
    "QuestionFact",
    "QuestionOption",
    "RuleFact",
    "ScriptFact",
    "SequenceFact",
    "TermFact",
    "Warning_",
    "parse_cloze",
]
