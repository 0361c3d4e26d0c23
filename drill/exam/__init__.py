"""Exams: blueprints, variant papers with answer keys, grading and item analysis.

    from drill import load_blueprint, build_exam
    from drill.exam import load_blueprint_cards
    blueprint, cards = load_blueprint_cards("exams/counter-staff-cert.yaml")
    papers = build_exam(blueprint, cards, seed=7, variants=3)
"""

from __future__ import annotations

from .assemble import build_exam, select_weak_cards, variant_letters, weak_blueprint
from .blueprint import (
    Blueprint,
    BlueprintSection,
    blueprint_deck_files,
    blueprint_schema,
    load_blueprint,
    load_blueprint_cards,
)
from .keying import key_lines, learner_note
from .paper import ExamItem, ExamPaper, ExamSection
from .scoring import check_answer, judge_item

__all__ = [
    "Blueprint",
    "BlueprintSection",
    "ExamItem",
    "ExamPaper",
    "ExamSection",
    "blueprint_deck_files",
    "blueprint_schema",
    "build_exam",
    "check_answer",
    "judge_item",
    "key_lines",
    "learner_note",
    "load_blueprint",
    "load_blueprint_cards",
    "select_weak_cards",
    "variant_letters",
    "weak_blueprint",
]
