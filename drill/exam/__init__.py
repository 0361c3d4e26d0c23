"""Exams: blueprints, variant papers with answer keys, grading and item analysis."""

from __future__ import annotations

from .paper import ExamItem, ExamPaper, ExamSection

__all__ = ["ExamItem", "ExamPaper", "ExamSection"]
