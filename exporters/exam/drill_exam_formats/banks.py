"""Moodle XML and GIFT question banks.

The gradable bank (multichoice, truefalse, shortanswer) is the *answer key*
file: Moodle needs the answers to grade and hides them from students itself.
Ordering items become matching questions — each step, as printed, is matched
to its place (第 1 步, 第 2 步 …), which Moodle marks step by step — since
Moodle's ordering question is not in every installation and GIFT has none; an
ordering of two steps (too few for Moodle's matching type) is a multiple
choice between orders. The student file
holds the same questions as ``description`` items: text and options, no answers.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape

from drill.card import CardType
from drill.exam import ExamItem, ExamPaper, ExamSection
from drill.judge import (PHRASE_KINDS, PLACEHOLDER, AnswerKey, answer_key, list_forms, split_accept, strip_directions,
                         synonyms)
from drill.text import seeded_rng

from . import PaperAndKeyExporter
from .common import letter, points_text, select_fractions


#: a list's items in their other wordings make at most this many whole answers in a bank's 可接受答案
MAX_LIST_FORMS = 8


def accepted_answers(item: ExamItem) -> list[str]:
    """Whole answers accepted besides the key, for a bank's 可接受答案 (the text bank's line, the xlsx key's
    column): a list's per-item wordings written out as whole lists (a 可接受答案 holds whole answers only)."""
    whole, per_item = split_accept(item.items, item.accept)
    if not any(per_item):
        return list(whole)
    key = AnswerKey(item.answer, items=item.items, item_accept=per_item)
    return [*whole, *list_forms(key, MAX_LIST_FORMS + 1)[1:]]


def order_choices(paper: ExamPaper, item: ExamItem) -> list[tuple[str, bool]]:
    """Letter orders offered for an ordering item: (order, is_right), shuffled, seeded by the paper."""
    rng = seeded_rng("drill-order-choices", paper.exam, paper.seed, paper.variant, item.number)
    letters = item.letters
    wrong: list[str] = []
    # bounded: a long sequence has too many permutations to list; sample instead
    if len(letters) <= 4:
        wrong = ["".join(p) for p in itertools.permutations(letters) if "".join(p) != item.key]
        rng.shuffle(wrong)
    else:
        while len(wrong) < 3:
            shuffled = list(letters)
            rng.shuffle(shuffled)
            candidate = "".join(shuffled)
            if candidate != item.key and candidate not in wrong:
                wrong.append(candidate)
    choices = [(item.key, True)] + [(w, False) for w in wrong[:3]]
    rng.shuffle(choices)
    return choices


#: Ordering items with at least this many steps are matching questions (each step → its position);
#: Moodle's matching type needs three answers, so shorter ones stay a choice between orders.
MATCHING_MIN_STEPS = 3
MATCHING_HINT = "（为每一步选出它是第几步）"


def as_matching(item: ExamItem) -> bool:
    return item.type is CardType.ORDERING and len(item.options) >= MATCHING_MIN_STEPS


def step_positions(item: ExamItem) -> list[tuple[str, str]]:
    """Each step as printed (shuffled) with its place in the right order: (step, 「第 N 步」)."""
    return [(o.text, f"第 {item.key.index(letter(i)) + 1} 步") for i, o in enumerate(item.options)]


_SLASHED = re.compile(r"([^，。、；：？！,.;:?!「」“”\s×…/／]+(?:[/／][^，。、；：？！,.;:?!「」“”\s×…/／]+)+)")
#: a shortanswer question with more accepted forms than this is cut short (the first ones are kept)
MAX_FORMS = 24


def is_phrase(item: ExamItem) -> bool:
    """A standard phrase: judged by key points, which a bank's text match cannot do (a grader marks it)."""
    return item.type is CardType.TYPED and (item.kind in PHRASE_KINDS or bool(item.key_points))


def accepted_forms(item: ExamItem) -> list[str]:
    """Every text a bank should accept for a fill-in item, for Moodle's and GIFT's literal match.

    The key and its accepted alternatives, without stage directions; ``A／B``
    written out both ways; placeholders (``××``) as Moodle's ``*`` wildcard; a
    list with each item in any of its accepted wordings (in key order); a
    ``、``-separated set in every order (up to four items).
    """
    key = answer_key({**item.model_dump(), "answer": item.key, "points": None})
    forms: list[str] = []
    for form in key.forms:
        body = strip_directions(form).strip()
        pieces = _SLASHED.split(body)
        variants = [""]
        for k, piece in enumerate(pieces):
            options = re.split(r"[/／]", piece) if k % 2 else [piece]
            variants = [v + o for v in variants for o in options][:MAX_FORMS]
        for v in variants:
            forms.append(PLACEHOLDER.sub("*", v.replace("*", "\\*")))
    if any(key.item_accept):
        forms.extend(list_forms(key, MAX_FORMS)[1:])
    if key.items and 1 < len(key.items) <= 4 and not key.ordered:
        forms.extend("、".join(p) for p in itertools.permutations(key.items))
    return list(dict.fromkeys(f for f in forms if f))[:MAX_FORMS]


def grader_notes(item: ExamItem) -> str:
    """What a person marking a standard phrase needs: the model answer, accepted wordings, key points."""
    lines = [f"参考答案：{item.key}"]
    if item.accept:
        lines.append("也可：" + "；".join(item.accept))
    if item.key_points:
        lines.append("要点（每点须答到，同义词任一即可）：" + "；".join("／".join(synonyms(p)) for p in item.key_points))
    else:
        lines.append("没有列出要点：对照参考答案评分。")
    return "\n".join(lines)


def _html(text: str) -> str:
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


def _question_html(item: ExamItem, with_options: bool) -> str:
    body = _html(item.prompt)
    if item.options and with_options:
        body += "<ol type=\"A\">" + "".join(f"<li>{escape(o.text)}</li>" for o in item.options) + "</ol>"
    return body


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _text_el(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    el = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(el, "text", text)
    return el


def _common(q: ET.Element, paper: ExamPaper, item: ExamItem, html: str) -> None:
    name = _sub(q, "name")
    _sub(name, "text", f"{paper.exam}-{paper.variant}-{item.number:02d}")
    _text_el(q, "questiontext", html, "html")


def _category(quiz: ET.Element, paper: ExamPaper) -> None:
    q = _sub(quiz, "question", type="category")
    _text_el(q, "category", f"$course$/drill/{paper.exam}/{paper.variant}")


def _answer(q: ET.Element, fraction: int, text: str, fmt: str = "html") -> None:
    a = _sub(q, "answer", fraction=str(fraction), format=fmt)
    _sub(a, "text", text)
    _text_el(a, "feedback", "", "html")


def key_xml(paper: ExamPaper) -> str:
    quiz = ET.Element("quiz")
    _category(quiz, paper)
    for item in paper.items:
        if item.type is CardType.TRUE_FALSE:
            q = _sub(quiz, "question", type="truefalse")
            _common(q, paper, item, _html(item.prompt))
            right = item.options[ord(item.key) - 65].text == "正确"
            _answer(q, 100 if right else 0, "true", "moodle_auto_format")
            _answer(q, 0 if right else 100, "false", "moodle_auto_format")
        elif item.type is CardType.MULTIPLE_SELECT:
            q = _sub(quiz, "question", type="multichoice")
            _common(q, paper, item, _question_html(item, False))
            _sub(q, "single", "false")
            _sub(q, "shuffleanswers", "0")
            _sub(q, "answernumbering", "ABCD")
            for option, fraction in zip(item.options, select_fractions(item)):
                a = _sub(q, "answer", fraction=fraction, format="html")
                _sub(a, "text", escape(option.text))
                _text_el(a, "feedback", "", "html")
        elif item.type is CardType.ORDERING and as_matching(item):
            q = _sub(quiz, "question", type="matching")
            _common(q, paper, item, _html(item.prompt + MATCHING_HINT))
            _sub(q, "shuffleanswers", "true")
            for step, position in step_positions(item):
                sub = _sub(q, "subquestion", format="html")
                _sub(sub, "text", _html(step))
                _sub(_sub(sub, "answer"), "text", position)
        elif is_phrase(item):
            # judged by key points, which Moodle cannot do: an essay a teacher marks with the notes
            q = _sub(quiz, "question", type="essay")
            _common(q, paper, item, _html(item.prompt))
            _sub(q, "responseformat", "plain")
            _sub(q, "responserequired", "1")
            _sub(q, "responsefieldlines", "5")
            _sub(q, "attachments", "0")
            _text_el(q, "graderinfo", _html(grader_notes(item)), "html")
            _text_el(q, "responsetemplate", "", "html")
        elif item.type in (CardType.CLOZE, CardType.TYPED, CardType.LIST_RECALL):
            q = _sub(quiz, "question", type="shortanswer")
            _common(q, paper, item, _html(item.prompt))
            _sub(q, "usecase", "0")
            for form in accepted_forms(item):
                _answer(q, 100, form, "moodle_auto_format")
        else:
            q = _sub(quiz, "question", type="multichoice")
            _common(q, paper, item, _question_html(item, item.type is CardType.ORDERING))
            if item.type is CardType.ORDERING:
                choices = [(escape(order), right) for order, right in order_choices(paper, item)]
            else:
                choices = [(escape(o.text), i == ord(item.key) - 65) for i, o in enumerate(item.options)]
            _sub(q, "single", "true")
            _sub(q, "shuffleanswers", "0")
            _sub(q, "answernumbering", "ABCD")
            for text, right in choices:
                _answer(q, 100 if right else 0, text)
        _text_el(q, "generalfeedback", _html(item.explanation) if item.explanation else "", "html")
        _sub(q, "defaultgrade", points_text(item.points))
        _sub(q, "penalty", "0")
        _sub(q, "hidden", "0")
        _sub(q, "idnumber", item.card_id)
    return _serialize(quiz)


def student_xml(paper: ExamPaper) -> str:
    quiz = ET.Element("quiz")
    _category(quiz, paper)
    for item in paper.items:
        q = _sub(quiz, "question", type="description")
        _common(q, paper, item, _question_html(item, True))
    return _serialize(quiz)


def _serialize(root: ET.Element) -> str:
    """The quiz as ``ET.tostring`` writes it, indented: tags, attributes and text only (no namespaces),
    so one plain walk serves (a test holds it to ElementTree's bytes)."""
    ET.indent(root)
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, out.append)
    out.append("\n")
    return "".join(out)


def _write(el: ET.Element, write: Callable[[str], object]) -> None:
    write("<" + el.tag)
    for key, value in el.items():
        write(f' {key}="{_attrib(value)}"')
    if el.text or len(el):
        write(">")
        if el.text:
            write(_cdata(el.text))
        for child in el:
            _write(child, write)
        write("</" + el.tag + ">")
    else:
        write(" />")
    if el.tail:
        write(_cdata(el.tail))


def _cdata(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attrib(text: str) -> str:
    text = _cdata(text)
    for ch, ref in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if ch in text:
            text = text.replace(ch, ref)
    return text


_GIFT_SPECIAL = "\\~=#{}:"
_GIFT_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _GIFT_SPECIAL})


def gift_escape(text: str) -> str:
    """Escape GIFT's control characters; newlines become ``\\n`` so a blank line cannot end a question."""
    return text.translate(_GIFT_ESCAPES).replace("\r\n", "\n").replace("\n", "\\n")


def gift_html(text: str) -> str:
    """Deck text for a GIFT ``[html]`` field: HTML-escaped (``<script>`` shows as text), then GIFT-escaped."""
    return gift_escape(escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>"))


def _gift_prompt(item: ExamItem, with_options: bool) -> str:
    text = gift_html(item.prompt)
    if item.options and with_options:
        text += "<br>" + "<br>".join(f"{letter(i)}. {gift_html(o.text)}" for i, o in enumerate(item.options))
    return "[html]" + text


def _gift_title(paper: ExamPaper, item: ExamItem) -> str:
    return f"::{gift_escape(f'{paper.exam}-{paper.variant}-{item.number:02d}')}::"


def gift_category(paper: ExamPaper, section: ExamSection) -> str:
    """One category per section, named with its points: GIFT has no syntax for a question's mark,
    so the category says what each question is worth (set it as the quiz slot's mark)."""
    title = section.title.replace("/", "／")
    return f"$CATEGORY: $course$/drill/{paper.exam}/{paper.variant}/{title}（每题 {points_text(section.points_each)} 分）"


def _gift_head(paper: ExamPaper) -> list[str]:
    return [f"// {' '.join(paper.title.split())} · {paper.variant}", ""]


def key_gift(paper: ExamPaper) -> str:
    """The gradable GIFT bank: question and choice text as escaped HTML, short-answer keys as plain
    text (Moodle compares them with what was typed); points in a comment and the section's category."""
    lines = _gift_head(paper)
    for section in paper.sections:
        lines.extend([gift_category(paper, section), ""])
        for item in section.items:
            head = f"// points: {points_text(item.points)}; card: {item.card_id}\n{_gift_title(paper, item)}"
            feedback = f"####{gift_html(item.explanation)}" if item.explanation else ""
            if item.type is CardType.TRUE_FALSE:
                right = item.options[ord(item.key) - 65].text == "正确"
                body = f"{_gift_prompt(item, False)} {{{'T' if right else 'F'}{feedback}}}"
            elif is_phrase(item):
                # an essay: GIFT cannot judge key points; the marking notes go in the general feedback
                notes = gift_html(grader_notes(item) + ("\n" + item.explanation if item.explanation else ""))
                body = f"{_gift_prompt(item, False)} {{####{notes}}}"
            elif item.type in (CardType.CLOZE, CardType.TYPED, CardType.LIST_RECALL):
                # GIFT has no wildcard: a form with a placeholder is left out
                forms = [f for f in accepted_forms(item) if "*" not in f.replace("\\*", "")] or [item.key]
                answers = " ".join("=" + gift_escape(f.replace("\\*", "*")) for f in forms)
                body = f"{_gift_prompt(item, False)} {{{answers}{feedback}}}"
            elif item.type is CardType.ORDERING and as_matching(item):
                pairs = " ".join(f"={gift_html(step)} -> {position}" for step, position in step_positions(item))
                body = f"[html]{gift_html(item.prompt + MATCHING_HINT)} {{{pairs}{feedback}}}"
            elif item.type is CardType.MULTIPLE_SELECT:
                answers = " ".join(f"~%{fraction}%{gift_html(o.text)}"
                                   for o, fraction in zip(item.options, select_fractions(item)))
                body = f"{_gift_prompt(item, False)} {{{answers}{feedback}}}"
            else:
                if item.type is CardType.ORDERING:
                    choices = order_choices(paper, item)
                    prompt = _gift_prompt(item, True)
                else:
                    choices = [(o.text, i == ord(item.key) - 65) for i, o in enumerate(item.options)]
                    prompt = _gift_prompt(item, False)
                answers = " ".join(("=" if right else "~") + gift_html(text) for text, right in choices)
                body = f"{prompt} {{{answers}{feedback}}}"
            lines.extend([head + body, ""])
    return "\n".join(lines)


def student_gift(paper: ExamPaper) -> str:
    lines = _gift_head(paper)
    for section in paper.sections:
        lines.extend([gift_category(paper, section), ""])
        for item in section.items:
            # a GIFT item without braces is a description: shown, never graded
            lines.extend([f"{_gift_title(paper, item)}{_gift_prompt(item, True)}", ""])
    return "\n".join(lines)


class MoodleXmlExporter(PaperAndKeyExporter):
    name = "moodle"
    description = "Moodle XML question bank (gradable bank in the key file)"
    suffix = ".xml"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return student_xml(paper), key_xml(paper)


class GiftExporter(PaperAndKeyExporter):
    name = "gift"
    description = "GIFT question bank (gradable bank in the key file)"
    suffix = ".gift"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return student_gift(paper), key_gift(paper)


moodle_exporter = MoodleXmlExporter()
gift_exporter = GiftExporter()
