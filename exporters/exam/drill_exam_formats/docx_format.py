"""DOCX exam papers (python-docx), byte-identical for the same paper.

python-docx stamps the current time into the core properties and the zip
entries; both are fixed here so a rebuild with the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drill.exam import ExamPaper

from . import key_path
from .common import answer_line, key_text, letter, paper_facts, points_text, section_heading

EAST_ASIAN_FONT = "Noto Sans CJK SC"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _new_document(paper: ExamPaper, title: str) -> Any:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    header = section.header.paragraphs[0]
    header.text = f"{paper.title} · 试卷 {paper.variant} 卷"
    props = document.core_properties
    props.title = title
    props.subject = f"{paper.exam} {paper.variant}"
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
    document.add_heading(title, level=0)
    document.add_paragraph("　|　".join(paper_facts(paper)))
    return document


def student_document(paper: ExamPaper) -> Any:
    document = _new_document(paper, paper.title)
    document.add_paragraph("姓名：＿＿＿＿＿＿＿＿　　考号：＿＿＿＿＿＿＿＿　　得分：＿＿＿＿")
    if paper.instructions:
        document.add_paragraph(paper.instructions)
    for section in paper.sections:
        document.add_heading(section_heading(section.title, len(section.items), section.points_each), level=1)
        if section.instructions:
            document.add_paragraph(section.instructions)
        for item in section.items:
            document.add_paragraph(f"{item.number}. {item.prompt}")
            for i, option in enumerate(item.options):
                document.add_paragraph(f"　　{letter(i)}. {option.text}")
            document.add_paragraph(f"　　{answer_line(item)}")
    return document


def key_document(paper: ExamPaper) -> Any:
    document = _new_document(paper, f"{paper.title}（答案）")
    for section in paper.sections:
        document.add_heading(section_heading(section.title, len(section.items), section.points_each), level=1)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("题号", "答案", "分值", "说明")):
            cell.text = text
        for item in section.items:
            cells = table.add_row().cells
            for cell, text in zip(cells, (str(item.number), key_text(item), points_text(item.points),
                                          item.explanation or "")):
                cell.text = text
    return document


def deterministic_docx(document: Any) -> bytes:
    """Save ``document`` with fixed zip timestamps and attributes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # keep the order: [Content_Types].xml must stay first
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


class DocxExamExporter:
    name = "docx"
    description = "Word (DOCX) exam paper and answer key"
    suffix = ".docx"
    accepts = frozenset({"exam"})

    def export(self, bundle: ExamPaper, path: Path, options: Mapping[str, str]) -> list[Path]:
        if not isinstance(bundle, ExamPaper):
            raise TypeError("the docx format writes exam papers only")
        path = Path(path)
        key = key_path(path)
        path.write_bytes(deterministic_docx(student_document(bundle)))
        key.write_bytes(deterministic_docx(key_document(bundle)))
        return [path, key]


exporter = DocxExamExporter()
