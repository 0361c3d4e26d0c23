"""Markdown study-sheet and exam-paper exporter for drill.

A deck bundle becomes a study sheet: one section per deck, one subsection per
topic, each card as question, options, answer, explanation and source. An
exam paper becomes two files: the student paper at ``path`` (questions and
options only, no answer anywhere) and the answer key beside it
(``paper-A.md`` → ``paper-A.key.md``).

Deck text is text: Markdown and HTML punctuation in it is escaped, so a deck
cannot inject markup into the rendered sheet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from drill.atomic import write_text
from drill.card import Card, CardType
import drill.exam.printform as printform
from drill.exam.paper import ExamPaper
from drill.exporting import CONTRACT_VERSION, DeckBundle, check_options

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&$])")
_NO_TOPIC = "其他"


def md(text: str | None) -> str:
    """Deck text → Markdown that shows exactly that text (one paragraph; line breaks kept)."""
    if not text:
        return ""
    lines = [_SPECIAL.sub(r"\\\1", line) for line in text.replace("\r\n", "\n").split("\n")]
    return "<br>".join(lines)


def md_block(text: str | None) -> str:
    """:func:`md` for a paragraph of its own: a leading "-", "+" or "1." must not start a list."""
    return re.sub(r"^(\s*)([-+=]|\d+[.)])", r"\1\\\2", md(text))


def key_path(path: Path) -> Path:
    """Where the answer key of the paper at ``path`` goes: ``paper-A.md`` → ``paper-A.key.md``."""
    return path.with_name(f"{path.stem}.key{path.suffix or '.md'}")


def _letters(n: int) -> list[str]:
    return [chr(65 + i) for i in range(n)]


def _card_lines(card: Card) -> list[str]:
    lines = [f"**问：** {md(card.prompt)}", ""]
    if card.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE, CardType.ORDERING):
        for letter, o in zip(_letters(len(card.options)), card.options):
            lines.append(f"- {letter}. {md(o.text)}")
        lines.append("")
    if card.type == CardType.ORDERING or (card.type == CardType.LIST_RECALL and card.items):
        lines.append("**答：**")
        lines.append("")
        lines.extend(f"{i}. {md(item)}" for i, item in enumerate(card.items, 1))
    elif card.type in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
        letter = next((l for l, o in zip(_letters(len(card.options)), card.options) if o.correct), "")
        lines.append(f"**答：** {letter}. {md(card.answer)}" if letter else f"**答：** {md(card.answer)}")
    else:
        lines.append(f"**答：** {md(card.answer)}")
    lines.append("")
    if card.explanation:
        lines += [f"> {md(card.explanation)}", ""]
    if card.source:
        lines += [f"*出处：{md(card.source)}*", ""]
    return lines


def render_study_sheet(bundle: DeckBundle) -> str:
    """The study sheet for ``bundle`` as Markdown text."""
    out: list[str] = []
    for deck in bundle.decks:
        cards = [c for c in bundle.cards if c.deck == deck.deck]
        if not cards:
            continue
        out += [f"# {md(deck.title)}", ""]
        meta = []
        if deck.source:
            meta.append(" · ".join(md(x) for x in (deck.source.title, deck.source.publisher,
                                                    str(deck.source.year) if deck.source.year else None) if x))
        if deck.version:
            meta.append(f"版本 {md(deck.version)}")
        meta.append(f"{len(cards)} 张卡片")
        out += [" ｜ ".join(meta), ""]
        if deck.description:
            out += [md_block(deck.description), ""]
        topics: dict[str, list[Card]] = {}
        for c in cards:
            topics.setdefault(c.topic or _NO_TOPIC, []).append(c)
        for topic, group in topics.items():
            out += [f"## {md(topic)}", ""]
            for n, card in enumerate(group, 1):
                out += [f"### {n}", ""]
                out += _card_lines(card)
    return "\n".join(out).rstrip() + "\n"


def _runs(runs: tuple[tuple[str, bool], ...]) -> str:
    """Text with its emphasised words (a question's 不属于, 错误的是) in **bold**."""
    return "".join(f"**{md(t)}**" if emphasised else md(t) for t, emphasised in runs if t)


def _table(rows: tuple[tuple[str, ...], ...] | list[list[str]]) -> list[str]:
    """A Markdown table, the first row its header; an empty cell stays empty for the marker's pen."""
    head, *rest = rows
    lines = ["| " + " | ".join(md(c) for c in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rest]
    return lines


def _paper_header(form: printform.PrintForm, title: str) -> list[str]:
    lines = [md(form.operator), ""] if form.operator else []
    return lines + [f"# {md(title)}", "", " ｜ ".join(md(f) for f in form.facts), ""]


#: How a cover field and a written answer's line are printed.
_FILL = "＿" * 8
_RULED = "＿" * 30


def _item_lines(item: printform.PrintedItem) -> list[str]:
    """One item: number and stem (the slot on its line), options a row at a time, the answer's lines."""
    rows = [item.options[i:i + item.columns] for i in range(0, len(item.options), item.columns)]
    lines = ["　　".join(md(o) for o in row) for row in rows]
    if item.answer_line:
        lines.append(md(item.answer_line))
    lines += [_RULED] * item.ruled_lines
    text = f"**{item.number}.** {_runs(item.stem)}"
    # each row on a line of its own within the item's paragraph
    return [text + "".join(f"<br>\n{line}" for line in lines), ""]


def render_student_paper(paper: ExamPaper) -> str:
    """The student paper in the training centre's form: cover block, 考试说明, 题号/得分 table, sections with
    their totals and 得分/评卷人 boxes, blanks as underlines, choice and 判断 slots on the item line — never an
    answer, key or explanation."""
    form = printform.print_form(paper)
    out = _paper_header(form, form.title)
    out += ["　　".join(f"{md(f)}：{_FILL}" for f in form.cover_fields), ""]
    out += ["## 考试说明", ""]
    out += [f"{n}. {md(rule)}" for n, rule in enumerate(form.rules, start=1)] + [""]
    out += _table(form.score_table) + [""]
    for section in form.sections:
        out += [f"## {md(section.heading)}", ""]
        out += _table(printform.MARKER_BOX) + [""]
        if section.instructions:
            out += [md_block(section.instructions), ""]
        for item in section.items:
            out += _item_lines(item)
    return "\n".join(out).rstrip() + "\n"


def render_answer_key(paper: ExamPaper) -> str:
    """参考答案及评分标准: per item the answer (a fill-in's other wordings, a 简答's scoring points), points, 说明."""
    form = printform.print_form(paper)
    out = _paper_header(form, form.key_title)
    for section in printform.key_form(paper):
        out += [f"## {md(section.heading)}", ""]
        out += _table([list(printform.KEY_HEADER), *(list(row) for row in section.rows)]) + [""]
    return "\n".join(out).rstrip() + "\n"


class MarkdownExporter:
    """Study sheets for decks; student paper + answer key for exam papers."""

    name = "markdown"
    description = "Markdown study sheet (by topic) or exam paper with a separate answer key (.key.md)"
    suffix = ".md"
    accepts = frozenset({"deck", "exam"})
    contract_version = CONTRACT_VERSION

    def export(self, bundle: DeckBundle | ExamPaper, path: Path, options: Mapping[str, str]) -> list[Path]:
        check_options(self.name, options, {})
        path = Path(path)
        if isinstance(bundle, ExamPaper):
            key = key_path(path)
            write_text(path, render_student_paper(bundle))
            write_text(key, render_answer_key(bundle))
            return [path, key]
        write_text(path, render_study_sheet(bundle))
        return [path]


exporter = MarkdownExporter()

__all__ = ["MarkdownExporter", "exporter", "key_path", "md", "render_answer_key", "render_student_paper",
           "render_study_sheet"]
