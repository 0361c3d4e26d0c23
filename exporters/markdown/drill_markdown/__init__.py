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
from drill.exam.paper import ExamItem, ExamPaper
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


def _paper_header(paper: ExamPaper, key: bool) -> list[str]:
    title = f"{md(paper.title)}（{md(paper.variant)}卷）" + ("参考答案及评分标准" if key else "")
    meta = []
    if paper.duration_minutes:
        meta.append(f"考试时间 {paper.duration_minutes} 分钟")
    meta.append(f"满分 {paper.total_points:g} 分")
    meta.append(f"及格 {round(paper.pass_points, 2):g} 分（{paper.pass_mark:g}%）")
    lines = ([md(paper.operator), ""] if paper.operator else []) + [f"# {title}", "", " ｜ ".join(meta), ""]
    if not key:
        lines += ["单位：__________　　姓名：__________　　准考证号：__________", ""]
        if paper.instructions:
            lines += [md_block(paper.instructions), ""]
    return lines


def _blank(item: ExamItem) -> str:
    if item.type == CardType.LIST_RECALL:
        return "答：\n\n" + "\n".join(f"{i}. ______________________" for i in range(1, 4))
    if item.type == CardType.ORDERING:
        return "答（填写字母顺序）：______________________"
    return "答：______________________"


def render_student_paper(paper: ExamPaper) -> str:
    """The student paper: questions, options, blanks — never an answer, key or explanation."""
    out = _paper_header(paper, key=False)
    for section in paper.sections:
        out += [f"## {md(section.title)}（每题 {section.points_each:g} 分，共 {section.points:g} 分）", ""]
        if section.instructions:
            out += [md_block(section.instructions), ""]
        for item in section.items:
            out += [f"**{item.number}.** {md(item.prompt)}", ""]
            if item.options:
                out += [f"- {l}. {md(o.text)}" for l, o in zip(item.letters, item.options)]
                out.append("")
            if item.type not in (CardType.MULTIPLE_CHOICE, CardType.TRUE_FALSE):
                out += [_blank(item), ""]
    return "\n".join(out).rstrip() + "\n"


def render_answer_key(paper: ExamPaper) -> str:
    """The answer key: per item its key, the answer as read, points and explanation."""
    out = _paper_header(paper, key=True)
    for section in paper.sections:
        out += [f"## {md(section.title)}", "", "| 题号 | 答案及评分要点 | 说明 | 分值 |", "|---|---|---|---|"]
        for item in section.items:
            # a fill-in's other accepted wordings and a 简答's scoring points, never a script with ××
            shown = "<br>".join(md(line).replace("<br>", " / ") for line in item.key_lines())
            note = md(item.explanation or "").replace("<br>", " ")
            out.append(f"| {item.number} | {shown} | {note} | {item.points:g} |")
        out.append("")
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
