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

from collections.abc import Mapping
from pathlib import Path

from drill.atomic import write_bytes, write_text
from drill.exporting import collector_paused
from drill.exam import ExamPaper


def key_path(path: Path) -> Path:
    """Where the answer key of the student paper at ``path`` goes."""
    return path.with_name(f"{path.stem}-key{path.suffix}")


class PaperAndKeyExporter:
    """An exam format: ``render`` gives (student paper, answer key); ``export`` writes both.

    Text is written as UTF-8 with ``\\n`` line ends, bytes as they are; each file atomically.
    """

    name: str
    description: str
    suffix: str
    accepts = frozenset({"exam"})

    def render(self, paper: ExamPaper) -> tuple[str | bytes, str | bytes]:  # pragma: no cover - abstract
        raise NotImplementedError

    def export(self, bundle: ExamPaper, path: Path, options: Mapping[str, str]) -> list[Path]:
        if not isinstance(bundle, ExamPaper):
            raise TypeError(f"the {self.name} format writes exam papers only")
        path = Path(path)
        written = []
        with collector_paused():  # rendering makes many small objects and no reference cycles
            rendered = self.render(bundle)
        for target, content in zip((path, key_path(path)), rendered, strict=True):
            if isinstance(content, bytes):
                write_bytes(target, content)
            else:
                write_text(target, content, newline="\n")
            written.append(target)
        return written
