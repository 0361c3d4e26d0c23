"""Help screens that measure Chinese text by its display width.

click wraps help text by counting characters, so a line of Chinese (two
columns a character) runs past the terminal and option columns drift out of
line. This formatter measures cells, breaks between CJK characters as well as
at spaces, and never starts a line with closing punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import click
from rich.cells import cell_len

from .wrap import wrap as wrap_cells

def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Wrap one paragraph of help to ``width`` display columns (indents included), as the review screen wraps."""
    lead = max(cell_len(initial_indent), cell_len(subsequent_indent))
    lines = [line for line in wrap_cells(_join_lines(text), max(2, width - lead)) if line]
    return [(initial_indent if i == 0 else subsequent_indent) + line for i, line in enumerate(lines)]


class CJKHelpFormatter(click.HelpFormatter):
    """click's help formatter, measuring display width instead of characters."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        for i, para in enumerate(_paragraphs(text)):
            if i:
                self.write("\n")
            if para.startswith("\b"):
                for raw in para.splitlines()[1:]:
                    self.write(f"{indent}{raw}\n")
                continue
            lead = len(para) - len(para.lstrip(" "))
            pad = indent + " " * lead
            for out in wrap(para, width + self.current_indent, pad, pad):
                self.write(out + "\n")

    def write_heading(self, heading: str) -> None:
        colon = "：" if any(cell_len(ch) > 1 for ch in heading) else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((cell_len(r[0]) for r in rows), default=0), col_max) + col_spacing
        for term, definition in _iter(rows):
            self.write(f"{'':>{self.current_indent}}{term}")
            if not definition:
                self.write("\n")
                continue
            term_w = cell_len(term)
            if term_w <= first - col_spacing:
                self.write(" " * (first - term_w))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            text_width = max(self.width - first - 2, 10)
            indent = " " * (first + self.current_indent)
            lines = wrap(definition, text_width)
            if not lines:
                self.write("\n")
                continue
            self.write(lines[0] + "\n")
            for extra in lines[1:]:
                self.write(indent + extra + "\n")


def _join_lines(text: str) -> str:
    """One paragraph's lines as one line: a space between Latin words, none between CJK."""
    out = ""
    for part in (line.strip() for line in text.splitlines()):
        if not part:
            continue
        if out and not (cell_len(out[-1]) > 1 or cell_len(part[0]) > 1):
            out += " "
        out += part
    return out


def _iter(rows: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    for row in rows:
        yield row[0], row[1] if len(row) > 1 else ""


def _paragraphs(text: str) -> list[str]:
    paras: list[str] = []
    buf: list[str] = []
    for line in text.expandtabs().splitlines():
        if not line.strip():
            if buf:
                paras.append("\n".join(buf))
                buf = []
        else:
            buf.append(line)
    if buf:
        paras.append("\n".join(buf))
    return paras


class DrillContext(click.Context):
    formatter_class = CJKHelpFormatter
