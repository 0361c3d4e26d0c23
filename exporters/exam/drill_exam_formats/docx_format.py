"""DOCX exam papers (python-docx), byte-identical for the same paper.

Set for Chinese offices: 宋体 text, 黑体 headings, 微软雅黑 header and footer (each with its
English name as a fallback), language zh-CN, 「第 N 页 / 共 M 页」 in the footer, and every item
(question, options, answer line) kept together on one page. The student paper has the training
centre's form: operator and title, 单位/姓名/准考证号, 考试说明, the 题号/得分 table, a 得分/评卷人
box before each section, short options side by side (tab stops), 判断 answered in 「（　　）」 on
the item line, and, when the blueprint asks for it, a 密封线 down the left margin of every page.

python-docx stamps the current time into the core properties and the zip
entries; both are fixed here so a rebuild with the same seed gives the same bytes.
python-docx builds one blank document (styles, page, header, properties:
:func:`blank_paper`), shipped with this module so that a build need not load
python-docx; each paper's body is written as WordprocessingML into a copy of
its parts, which is the markup python-docx itself writes, at a fraction of the cost.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from drill.exam import ExamPaper
from drill.exam.printform import KEY_HEADER, MARKER_BOX, PrintForm, key_form, print_form

from . import PaperAndKeyExporter
from .zipped import precompress, rewrite_package, write_package, xml_text

#: Fonts every Chinese Windows / Office has: 宋体 for the text, 黑体 for titles and headings, 微软雅黑 for
#: the running header and footer. Each is named with its English name as Word's fallback (``w:altName``),
#: and LibreOffice maps them to a CJK font of the same kind where they are missing.
BODY_FONT = ("宋体", "SimSun", "02010600030101010101")
HEADING_FONT = ("黑体", "SimHei", "02010609060101010101")
UI_FONT = ("微软雅黑", "Microsoft YaHei", "020B0503020204020204")
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-CN"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

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
    compressed: dict[str, bytes]  # the parts that are the same in every paper, deflated once


#: The shipped :func:`blank_paper`, in this package's ``templates`` folder.
BLANK_PAPER = "paper.docx"


def blank_paper() -> bytes:
    """The blank exam document every paper is filled into, as python-docx writes it, with placeholders.

    python-docx loads and parses its default template, and finds styles by
    name through XPath, on every call: far slower than the paper itself. So it
    builds this one blank document, shipped with the exporter
    (``tools/blank_templates.py`` writes it, and a test checks it against
    python-docx), and each paper's XML is set into a copy of its parts.
    """
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

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
    from docx.shared import RGBColor

    for name in ("Title", "Heading 1", "Heading 2"):
        # a paper is printed in black: no theme colour, no rule under the title
        style = document.styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        for border in style.element.iter(qn("w:pBdr")):
            border.getparent().remove(border)
    document.styles["Title"].font.size = Pt(20)
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
    return deterministic_docx(document)


@functools.cache
def _template() -> _Template:
    """The parts of the shipped :func:`blank_paper`, read once per process."""
    blank = (resources.files(__package__) / "templates" / BLANK_PAPER).read_bytes()
    entries: list[tuple[str, bytes | tuple[str, tuple[str, ...]]]] = []
    with zipfile.ZipFile(io.BytesIO(blank)) as z:
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
    compressed = {name: precompress(data) for name, data in entries if isinstance(data, bytes)}
    return _Template(tuple(entries), compressed)


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
            out.append(f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>')
    return "".join(out)


def _para(text: str | list[tuple[str, bool]], style: str | None = None, keep_next: bool = False,
          keep_lines: bool = False, *, tabs: tuple[int, ...] = (), align: str | None = None, bold: bool = False,
          heading_font: bool = False, size: int | None = None) -> str:
    """A paragraph; ``keep_next`` keeps it on the page of the next one, ``keep_lines`` keeps its lines together.

    ``text`` is the text, or runs of (text, emphasised): an emphasised run is bold with 着重号 (a question's
    不属于, 错误的是). ``tabs`` are left tab stops (twips from the margin), ``align`` a ``w:jc`` value,
    ``size`` half-points.
    """
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + (
        "<w:keepLines/>" if keep_lines else "")
    if tabs:
        props += "<w:tabs>" + "".join(f'<w:tab w:val="left" w:pos="{t}"/>' for t in tabs) + "</w:tabs>"
    if align:
        props += f'<w:jc w:val="{align}"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    runs = [(text, False)] if isinstance(text, str) else text
    if not "".join(t for t, _ in runs):
        return f"<w:p>{ppr}</w:p>"
    rpr = _run_props(bold, heading_font, size)
    emphasis = _run_props(True, heading_font, size, emphasis=True)
    body = "".join(f"<w:r>{emphasis if emphasised else rpr}{_run_content(t)}</w:r>" for t, emphasised in runs if t)
    return f"<w:p>{ppr}{body}</w:p>"


def _run_props(bold: bool = False, heading_font: bool = False, size: int | None = None,
               emphasis: bool = False) -> str:
    """A run's properties, in the order WordprocessingML wants them; ``emphasis`` adds the 着重号 (dots)."""
    props = (f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{HEADING_FONT[0]}" '
             'w:hint="eastAsia"/>' if heading_font else "") + ("<w:b/>" if bold else "") + (
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "") + (
        '<w:em w:val="dot"/>' if emphasis else "")
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _table(rows: Sequence[Sequence[str]], column_twips: int | list[int], *, centred: bool = False,
           row_twips: int | None = None, keep_next: bool = False) -> str:
    """A "Table Grid" table, the markup of python-docx's ``add_table`` with every cell's text set.

    ``centred`` centres the table and its cells' text; ``row_twips`` sets a minimum row height;
    ``keep_next`` keeps the table on the page of the paragraph after it.
    """
    cols = len(rows[0])
    widths = column_twips if isinstance(column_twips, list) else [column_twips] * cols
    props = ("<w:keepNext/>" if keep_next else "") + ('<w:jc w:val="center"/>' if centred else "")
    jc = f"<w:pPr>{props}</w:pPr>" if props else ""
    height = f'<w:trPr><w:trHeight w:val="{row_twips}"/></w:trPr>' if row_twips else ""
    body = "".join(
        f"<w:tr>{height}" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/><w:vAlign w:val="center"/></w:tcPr>'
            f"<w:p>{jc}<w:r>{_run_content(text)}</w:r></w:p></w:tc>" for w, text in zip(widths, row)) + "</w:tr>"
        for row in rows)
    table_jc = '<w:jc w:val="center"/>' if centred else ""
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>{table_jc}'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
        'w:noVBand="1" w:val="04A0"/></w:tblPr>'
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" + body + "</w:tbl>"
    )


def _render(paper: ExamPaper, form: PrintForm, title: str, body: list[str], seal: bool = False) -> bytes:
    """The DOCX file: the template's parts with this paper's header, properties and body."""
    template = _template()
    head = [_para(form.operator, align="center", heading_font=True, size=28)] if form.operator else []
    head += [_para(title, "Title", align="center"), _para("　|　".join(form.facts), align="center")]
    header = (f'<w:r><w:rPr><w:rFonts w:eastAsia="{UI_FONT[0]}" w:hint="eastAsia"/></w:rPr>'
              f"{_run_content(form.running_header)}</w:r>")
    filled = {
        _BODY_MARK: "".join(head + body),
        _HEADER_MARK: header + (_seal_line() if seal else ""),
        _TITLE_MARK: f">{xml_text(title)}<",
        _SUBJECT_MARK: f">{xml_text(f'{paper.exam} {paper.variant}')}<",
    }
    entries: list[tuple[str, bytes, bytes | None]] = []
    for name, data in template.entries:  # keep the order: [Content_Types].xml must stay first
        if isinstance(data, tuple):
            text, marks = data
            for mark in marks:
                text = text.replace(_SLOTS[mark], filled[mark])
            entries.append((name, text.encode("utf-8"), None))
        else:
            entries.append((name, data, template.compressed[name]))
    return write_package(entries)


#: Width of the text block (A4 less 18 mm margins each side), in twips.
TEXT_TWIPS = 9865
#: Indent of options and answer lines under the question, in twips (two CJK characters at 11 pt).
INDENT_TWIPS = 440


def _option_lines(options: list[str], columns: int) -> tuple[list[str], tuple[int, ...]]:
    """Options laid out ``columns`` to a line, and the tab stops that line them up."""
    if columns <= 1:
        return [f"　　{o}" for o in options], ()
    step = (TEXT_TWIPS - INDENT_TWIPS) // columns
    stops = tuple(INDENT_TWIPS + k * step for k in range(columns))
    lines = ["\t" + "\t".join(options[i:i + columns]) for i in range(0, len(options), columns)]
    return lines, stops


def _marker_box() -> str:
    """The 得分/评卷人 box a marker fills in before each section."""
    return _table(list(MARKER_BOX), 1000, row_twips=380, keep_next=True)


def student_docx(paper: ExamPaper, seal: bool = False) -> bytes:
    """The student paper as DOCX bytes: cover block, 考试说明, score table, then the questions."""
    form = print_form(paper)
    cover = "\t".join(f"{f}：＿＿＿＿＿＿＿＿" for f in form.cover_fields)
    body = [_para(cover, tabs=(TEXT_TWIPS // 3, 2 * TEXT_TWIPS // 3))]
    body.append(_para("考试说明", align="center", bold=True, heading_font=True, keep_next=True))
    # （1）（2）…: a line beginning 「1. 」 is an item's
    body += [_para(f"（{n}）{rule}", keep_next=True) for n, rule in enumerate(form.rules, start=1)]
    grid = list(form.score_table)
    width = min(1100, TEXT_TWIPS // len(grid[0]))
    body.append(_table(grid, width, centred=True, row_twips=420))
    for section in form.sections:
        body.append(_para("", keep_next=True))
        body.append(_marker_box())
        body.append(_para(section.heading, "Heading1", keep_next=True))
        if section.instructions:
            body.append(_para(section.instructions, keep_next=True))
        for item in section.items:
            # an item never breaks across pages: it is one paragraph (a line per row of options) that keeps its
            # lines together; a chain of keep-with-next paragraphs is not always honoured by LibreOffice
            lines: list[str] = []
            stops: tuple[int, ...] = ()
            if item.options:
                option_rows, stops = _option_lines(list(item.options), item.columns)
                lines += option_rows
            if item.answer_line:
                lines.append(f"　　{item.answer_line}")
            lines += ["　　" + "＿" * 38] * item.ruled_lines
            runs = _merged([(f"{item.number}. ", False), *item.stem, *(("\n" + line, False) for line in lines)])
            body.append(_para(runs, keep_lines=True, tabs=stops))
    return _render(paper, form, form.title, body, seal=seal)


def _merged(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Neighbouring runs of the same kind as one."""
    out: list[tuple[str, bool]] = []
    for text, emphasised in runs:
        if out and out[-1][1] == emphasised:
            out[-1] = (out[-1][0] + text, emphasised)
        else:
            out.append((text, emphasised))
    return out


def key_docx(paper: ExamPaper) -> bytes:
    """参考答案及评分标准 as DOCX bytes: one table per section (题号, answer and scoring points, points, 说明)."""
    widths = [800, 4400, 800, TEXT_TWIPS - 6000]
    body = []
    for section in key_form(paper):
        body.append(_para(section.heading, "Heading1", keep_next=True))
        body.append(_table([list(KEY_HEADER), *map(list, section.rows)], widths))
    form = print_form(paper)
    return _render(paper, form, form.key_title, body)


def _seal_line() -> str:
    """A 密封线 down the left margin of every page: a text box anchored in the header, written top to bottom.

    It holds the cover fields again and 「密 封 线 内 不 要 答 题」 between dashed rules, as papers for
    a sealed marking are printed: the marker folds the strip over before marking.
    """
    text = ("单位：＿＿＿＿＿＿＿　　姓名：＿＿＿＿＿＿　　准考证号：＿＿＿＿＿＿＿＿　　"
            "┄┄┄┄ 密 ┄┄┄┄ 封 ┄┄┄┄ 线 ┄┄┄┄ 内 ┄ 不 ┄ 要 ┄ 答 ┄ 题 ┄┄┄┄")
    height, width = 9_000_000, 380_000  # EMU: about 250 mm by 10.5 mm
    ns = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
    return (
        f'<w:r><w:drawing><wp:anchor {ns} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>180000</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>900000</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="密封线"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        '<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:eastAsia="{BODY_FONT[0]}" w:hint="eastAsia"/><w:sz w:val="18"/></w:rPr>'
        f"{_run_content(text)}</w:r></w:p></w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="vert270" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def deterministic_docx(document: Any) -> bytes:
    """Save ``document`` with fixed zip timestamps and attributes."""
    raw = io.BytesIO()
    document.save(raw)
    return rewrite_package(raw.getvalue())


class DocxExamExporter(PaperAndKeyExporter):
    name = "docx"
    description = "Word (DOCX) exam paper and answer key"
    suffix = ".docx"

    def render(self, paper: ExamPaper) -> tuple[bytes, bytes]:
        return student_docx(paper, seal=paper.seal_line), key_docx(paper)


exporter = DocxExamExporter()
