"""DOCX exam papers (python-docx), byte-identical for the same paper.

Set for Chinese offices: 宋体 text, 黑体 headings, 微软雅黑 header and footer (each with its
English name as a fallback), language zh-CN, 「第 N 页 / 共 M 页」 in the footer, and every item
(question, options, answer line) kept together on one page.

python-docx stamps the current time into the core properties and the zip
entries; both are fixed here so a rebuild with the same seed gives the same bytes.
python-docx builds one blank document per process (styles, page, header,
properties); each paper's body is written as WordprocessingML into a copy of
its parts, which is the markup python-docx itself writes, at a fraction of the cost.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from drill.exam import ExamPaper

from . import PaperAndKeyExporter
from .common import answer_line, key_text, letter, paper_facts, points_text, section_heading

#: Fonts every Chinese Windows / Office has: 宋体 for the text, 黑体 for titles and headings, 微软雅黑 for
#: the running header and footer. Each is named with its English name as Word's fallback (``w:altName``),
#: and LibreOffice maps them to a CJK font of the same kind where they are missing.
BODY_FONT = ("宋体", "SimSun", "02010600030101010101")
HEADING_FONT = ("黑体", "SimHei", "02010609060101010101")
UI_FONT = ("微软雅黑", "Microsoft YaHei", "020B0503020204020204")
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-CN"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Placeholders in the cached template, replaced per paper; ASCII, so XML leaves them as they are.
_BODY_MARK = "DRILL-EXAM-BODY-PLACEHOLDER"
_HEADER_MARK = "DRILL-EXAM-HEADER-PLACEHOLDER"
_TITLE_MARK = "DRILL-EXAM-TITLE-PLACEHOLDER"
_SUBJECT_MARK = "DRILL-EXAM-SUBJECT-PLACEHOLDER"
_BREAKS = re.compile(r"([\t\r\n])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# What stands in each placeholder's place in the saved parts: the body's paragraph and the header's run
# are replaced whole; the property values are plain element text.
_SLOTS = {
    _BODY_MARK: f"<w:p><w:r><w:t>{_BODY_MARK}</w:t></w:r></w:p>",
    _HEADER_MARK: f"<w:r><w:t>{_HEADER_MARK}</w:t></w:r>",
    _TITLE_MARK: f">{_TITLE_MARK}<",
    _SUBJECT_MARK: f">{_SUBJECT_MARK}<",
}


@dataclass(frozen=True)
class _Template:
    """The zip entries of a blank exam document; parts with placeholders are kept as text."""

    entries: tuple[tuple[str, bytes | tuple[str, tuple[str, ...]]], ...]  # name, bytes or (text, its placeholders)
    column_twips: int  # width of one of the key table's four columns


@functools.cache
def _template() -> _Template:
    # python-docx loads and parses its default template, and finds styles by
    # name through XPath, on every call: far slower than the paper itself. So
    # it builds one blank document, and each paper's XML is set into a copy of
    # its parts: the markup python-docx itself writes.
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm, Pt

    document = docx.Document()
    styles_root = document.styles.element
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        document.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
    for fonts in styles_root.iter(qn("w:rFonts")):
        # theme fonts (a Western and a Japanese face in python-docx's template) give way to named ones:
        # headings (the theme's major fonts, and the title/heading styles) 黑体, everything else 宋体
        style = next((a for a in fonts.iterancestors() if a.tag == qn("w:style")), None)
        heading = fonts.get(qn("w:eastAsiaTheme"), "").startswith("major") or (
            style is not None and style.get(qn("w:styleId")) in ("Title", "Heading1", "Heading2"))
        _set_fonts(fonts, HEADING_FONT[0] if heading else BODY_FONT[0], qn)
    for lang in styles_root.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.header.paragraphs[0].text = _HEADER_MARK
    _page_numbers(section.footer.paragraphs[0])
    props = document.core_properties
    props.title = _TITLE_MARK
    props.subject = _SUBJECT_MARK
    props.author = "drill"
    props.last_modified_by = "drill"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = "zh-CN"
    props.version = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    document.add_paragraph(_BODY_MARK)
    block_width = section.page_width - section.left_margin - section.right_margin
    entries: list[tuple[str, bytes | tuple[str, tuple[str, ...]]]] = []
    with zipfile.ZipFile(io.BytesIO(deterministic_docx(document))) as z:
        for name in z.namelist():
            data = z.read(name)
            if name == "word/fontTable.xml":
                data = data.replace(b"</w:fonts>", _FONT_TABLE_ENTRIES.encode("utf-8") + b"</w:fonts>")
            # each part is filled only at its own placeholders: paper text that spells another one stays text
            marks = tuple(mark for mark in _SLOTS if mark.encode() in data)
            entries.append((name, (data.decode("utf-8"), marks) if marks else data))
    texts = [data[0] for _, data in entries if isinstance(data, tuple)]
    for mark, slot in _SLOTS.items():
        # a python-docx that writes these parts differently must fail here, not write a broken paper
        if sum(text.count(mark) for text in texts) != 1 or sum(text.count(slot) for text in texts) != 1:
            raise RuntimeError(f"unexpected python-docx output: placeholder {mark} is not where it should be")
    return _Template(tuple(entries), Emu(block_width // 4).twips)


def _set_fonts(fonts: Any, east_asian: str, qn: Any) -> None:
    """Name the fonts outright on a ``w:rFonts`` (a theme font attribute would win over them in Word)."""
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _page_numbers(paragraph: Any) -> None:
    """「第 N 页 / 共 M 页」, centred, in the UI font: PAGE and NUMPAGES fields Word and LibreOffice fill in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    fonts = (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{UI_FONT[0]}" '
             'w:hint="eastAsia"/><w:sz w:val="18"/></w:rPr>')

    def run(text: str) -> str:
        return f'<w:r {ns}>{fonts}<w:t xml:space="preserve">{text}</w:t></w:r>'

    def field(instr: str) -> str:
        return f'<w:fldSimple {ns} w:instr=" {instr} "><w:r>{fonts}<w:t>1</w:t></w:r></w:fldSimple>'

    for part in (run("第 "), field("PAGE"), run(" 页 / 共 "), field("NUMPAGES"), run(" 页")):
        paragraph._p.append(parse_xml(part))


_FONT_TABLE_ENTRIES = "".join(
    f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
    f'<w:family w:val="{"swiss" if name == UI_FONT[0] else "auto"}"/><w:pitch w:val="variable"/></w:font>'
    for name, alt, panose in (BODY_FONT, HEADING_FONT, UI_FONT)
)


def _run_content(text: str) -> str:
    """Run content for ``text`` as python-docx writes it: a tab → ``w:tab``, each CR or LF → ``w:br``."""
    if _NOT_XML.search(text):
        raise ValueError(f"text holds characters XML cannot carry: {text!r}")
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return "".join(out)


def _para(text: str, style: str | None = None, keep_next: bool = False, keep_lines: bool = False) -> str:
    """A paragraph; ``keep_next`` keeps it on the page of the next one, ``keep_lines`` keeps its lines together."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + (
        "<w:keepLines/>" if keep_lines else "")
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}<w:r>{_run_content(text)}</w:r></w:p>" if text else f"<w:p>{ppr}</w:p>"


def _table(rows: list[tuple[str, ...]], column_twips: int) -> str:
    """A "Table Grid" table, the markup of python-docx's ``add_table`` with every cell's text set."""
    cols = len(rows[0])
    cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{column_twips}"/></w:tcPr>'
    body = "".join("<w:tr>" + "".join(f"{cell}<w:p><w:r>{_run_content(text)}</w:r></w:p></w:tc>" for text in row) + "</w:tr>" for row in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
        'w:noVBand="1" w:val="04A0"/></w:tblPr>'
        "<w:tblGrid>" + f'<w:gridCol w:w="{column_twips}"/>' * cols + "</w:tblGrid>" + body + "</w:tbl>"
    )


def _render(paper: ExamPaper, title: str, body: list[str]) -> bytes:
    """The DOCX file: the template's parts with this paper's header, properties and body."""
    template = _template()
    head = [_para(title, "Title"), _para("　|　".join(paper_facts(paper)))]
    filled = {
        _BODY_MARK: "".join(head + body),
        _HEADER_MARK: f'<w:r><w:rPr><w:rFonts w:eastAsia="{UI_FONT[0]}" w:hint="eastAsia"/></w:rPr>'
                      f"{_run_content(f'{paper.title} · 试卷 {paper.variant} 卷')}</w:r>",
        _TITLE_MARK: f">{xml_escape(title)}<",
        _SUBJECT_MARK: f">{xml_escape(f'{paper.exam} {paper.variant}')}<",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in template.entries:  # keep the order: [Content_Types].xml must stay first
            if isinstance(data, tuple):
                text, marks = data
                for mark in marks:
                    text = text.replace(_SLOTS[mark], filled[mark])
                data = text.encode("utf-8")
            dst.writestr(_zip_info(name), data)
    return out.getvalue()


def _zip_info(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry


def student_docx(paper: ExamPaper) -> bytes:
    """The student paper as DOCX bytes: questions, options and answer lines only."""
    body = [_para("姓名：＿＿＿＿＿＿＿＿　　考号：＿＿＿＿＿＿＿＿　　得分：＿＿＿＿")]
    if paper.instructions:
        body.append(_para(paper.instructions))
    for section in paper.sections:
        body.append(_para(section_heading(section.title, len(section.items), section.points_each), "Heading1"))
        if section.instructions:
            body.append(_para(section.instructions, keep_next=True))
        for item in section.items:
            # an item never breaks across pages: it is one paragraph (a line per option) that keeps its
            # lines together; a chain of keep-with-next paragraphs is not always honoured by LibreOffice
            lines = [f"{item.number}. {item.prompt}"]
            lines += [f"　　{letter(i)}. {option.text}" for i, option in enumerate(item.options)]
            lines.append(f"　　{answer_line(item)}")
            body.append(_para("\n".join(lines), keep_lines=True))
    return _render(paper, paper.title, body)


def key_docx(paper: ExamPaper) -> bytes:
    """The answer key as DOCX bytes: one table per section (number, key, points, explanation)."""
    column_twips = _template().column_twips
    body = []
    for section in paper.sections:
        body.append(_para(section_heading(section.title, len(section.items), section.points_each), "Heading1"))
        rows = [("题号", "答案", "分值", "说明")]
        rows += [(str(item.number), key_text(item), points_text(item.points), item.explanation or "")
                 for item in section.items]
        body.append(_table(rows, column_twips))
    return _render(paper, f"{paper.title}（答案）", body)


def deterministic_docx(document: Any) -> bytes:
    """Save ``document`` with fixed zip timestamps and attributes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # keep the order: [Content_Types].xml must stay first
            dst.writestr(_zip_info(info.filename), src.read(info.filename))
    return out.getvalue()


class DocxExamExporter(PaperAndKeyExporter):
    name = "docx"
    description = "Word (DOCX) exam paper and answer key"
    suffix = ".docx"

    def render(self, paper: ExamPaper) -> tuple[bytes, bytes]:
        return student_docx(paper), key_docx(paper)


exporter = DocxExamExporter()
