"""Exam paper exporters for drill: print-ready HTML, DOCX, Moodle XML and GIFT.

Each exporter takes one :class:`drill.exam.ExamPaper` variant and writes the
student paper at the given path and the answer key beside it
(``<name>-key<suffix>``). The student paper never holds an answer: not in
its text, markup, attributes or metadata.

Moodle XML and GIFT are question banks. A bank Moodle can grade must carry
the answers, so the *answer key* file is the importable, gradable bank
(multichoice, truefalse, shortanswer; ordering as a multiple choice between
orders); the student file is the same questions as answer-free
``description`` items, safe to hand out or preview.
"""

from __future__ import annotations

from pathlib import Path


def key_path(path: Path) -> Path:
    """Where the answer key of the student paper at ``path`` goes."""
    return path.with_name(f"{path.stem}-key{path.suffix}")
