"""Print-ready HTML exam papers in the form of a Chinese training centre: self-contained, A4.

The student paper: the operator and title, the cover block (单位 / 姓名 /
准考证号), 考试说明 (time, full marks, pass mark in points and percent, the
rule of each item type), the 题号/得分 table, and per section a 得分/评卷人
box beside a heading that gives the section's total. Text is set in 宋体
(SimSun, with the Songti and Noto Serif CJK faces as fallbacks), headings in
黑体. The key gives per item the answer, a fill-in's other accepted wordings
and a 简答's scoring points; never an internal id or an editor's remark.
"""

from __future__ import annotations

from html import escape

from drill.card import CardType
from drill.exam import ExamItem, ExamPaper, ExamSection

from . import PaperAndKeyExporter
from .common import (
    ANSWER_LINES,
    COVER_FIELDS,
    answer_line,
    exam_rules,
    key_text,
    letter,
    option_columns,
    paper_facts,
    points_text,
    printed_prompt,
    score_table,
    section_heading,
    shows_options,
)

#: 宋体 for the text, as Word and WPS name it, then the faces Mac and Linux have.
FONT_STACK = ('"SimSun", "宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", '
              '"Noto Sans CJK SC", serif')
#: 黑体 for titles and headings.
HEADING_STACK = ('"SimHei", "黑体", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", '
                 '"Microsoft YaHei", sans-serif')


def _css(running: str) -> str:
    # CSS strings take backslash escapes, not HTML entities: quote the running header for CSS
    css_string = '"' + "".join(ch if ch.isalnum() or ch in " ·-" else f"\\{ord(ch):x} " for ch in running) + '"'
    return f"""
@page {{ size: A4; margin: 20mm 18mm 18mm 18mm;
  @top-right {{ content: {css_string}; font-size: 9pt; color: #444; }}
  @bottom-center {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #444; }} }}
html {{ font-family: {FONT_STACK}; font-size: 11pt; line-height: 1.65; color: #000; }}
body {{ margin: 0 auto; max-width: 180mm; }}
h1, h2, .operator, .rules-title, th {{ font-family: {HEADING_STACK}; }}
.operator {{ text-align: center; font-size: 13pt; margin: 0; }}
h1 {{ font-size: 17pt; text-align: center; margin: 1mm 0 2mm; }}
.facts {{ text-align: center; margin: 0 0 3mm; }}
.facts span + span::before {{ content: "　|　"; }}
.cover {{ display: flex; justify-content: space-between; margin: 0 0 4mm; }}
.cover span {{ white-space: nowrap; }}
.cover .fill {{ display: inline-block; border-bottom: 1px solid #000; min-width: 32mm; }}
.rules {{ border: 1px solid #000; padding: 2mm 4mm; margin: 0 0 4mm; }}
.rules-title {{ font-weight: bold; text-align: center; margin: 0; }}
.rules ol {{ margin: 1mm 0; padding-left: 6mm; }}
table.grid {{ border-collapse: collapse; margin: 0 auto 5mm; }}
table.grid th, table.grid td {{ border: 1px solid #000; padding: 1mm 3mm; min-width: 10mm; height: 7mm;
  text-align: center; font-weight: normal; }}
.section-head {{ display: flex; align-items: center; gap: 4mm; margin: 6mm 0 2mm; break-after: avoid; }}
table.marker {{ border-collapse: collapse; flex: 0 0 auto; }}
table.marker th, table.marker td {{ border: 1px solid #000; width: 14mm; height: 6mm; padding: 0 1mm;
  text-align: center; font-weight: normal; font-size: 9.5pt; }}
h2 {{ font-size: 13pt; margin: 0; }}
.section-note {{ margin: 0 0 2mm; }}
ol.items {{ list-style: none; padding: 0; margin: 0; }}
ol.items > li {{ margin: 0 0 3mm; break-inside: avoid; }}
.num {{ margin-right: 1mm; }}
ol.options {{ list-style: none; padding: 0 0 0 6mm; margin: 0.5mm 0; display: grid; column-gap: 4mm; }}
ol.options.cols-4 {{ grid-template-columns: repeat(4, 1fr); }}
ol.options.cols-2 {{ grid-template-columns: repeat(2, 1fr); }}
ol.options.cols-1 {{ grid-template-columns: 1fr; }}
.line {{ padding-left: 6mm; }}
.ruled {{ border-bottom: 1px solid #000; height: 8mm; margin-left: 6mm; }}
table.key {{ border-collapse: collapse; width: 100%; margin: 0 0 4mm; }}
table.key th, table.key td {{ border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; text-align: left; }}
table.key th {{ white-space: nowrap; }}
table.key td:first-child, table.key td:nth-child(3) {{ text-align: center; white-space: nowrap; width: 9mm; }}
table.key td:nth-child(2) {{ width: 72mm; }}
@media screen {{ body {{ padding: 10mm; }} }}
"""


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _page(paper: ExamPaper, heading: str, body: str) -> str:
    running = f"{paper.title} · 试卷 {paper.variant} 卷"
    facts = "".join(f"<span>{escape(f)}</span>" for f in paper_facts(paper))
    operator = f'<p class="operator">{escape(paper.operator)}</p>\n' if paper.operator else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n<style>{_css(running)}</style>\n</head>\n<body>\n"
        f"{operator}<h1>{escape(heading)}</h1>\n<p class=\"facts\">{facts}</p>\n{body}</body>\n</html>\n"
    )


def _grid(rows: list[list[str]], cls: str) -> str:
    head, *rest = rows
    out = [f'<table class="{cls}"><tr>' + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rest]
    return "".join(out) + "</table>"


def _item(item: ExamItem) -> str:
    out = [f'<li><span class="num">{item.number}.</span>{_text(printed_prompt(item))}']
    if shows_options(item):
        out.append(f'<ol class="options cols-{option_columns(item)}">')
        out.extend(f"<li>{letter(i)}. {_text(o.text)}</li>" for i, o in enumerate(item.options))
        out.append("</ol>")
    line = answer_line(item)
    if line:
        out.append(f'<div class="line">{escape(line)}</div>')
    if item.type is CardType.TYPED:
        out.extend('<div class="ruled"></div>' for _ in range(ANSWER_LINES))
    out.append("</li>")
    return "\n".join(out)


def _section_head(section: ExamSection, marker: bool) -> str:
    heading = f"<h2>{escape(section_heading(section.title, len(section.items), section.points_each))}</h2>"
    box = _grid([["得分", "评卷人"], ["", ""]], "marker") if marker else ""
    return f'<div class="section-head">{box}{heading}</div>\n'


def student_html(paper: ExamPaper) -> str:
    """The student paper: cover block, 考试说明, score table, then the sections with their questions."""
    cover = "".join(f'<span>{escape(f)}：<span class="fill">&#8195;</span></span>' for f in COVER_FIELDS)
    rules = "".join(f"<li>{_text(r)}</li>" for r in exam_rules(paper))
    parts = [
        f'<div class="cover">{cover}</div>\n',
        f'<div class="rules"><p class="rules-title">考试说明</p><ol>{rules}</ol></div>\n',
        _grid(score_table(paper), "grid score") + "\n",
    ]
    for section in paper.sections:
        parts.append(_section_head(section, marker=True))
        if section.instructions:
            parts.append(f'<p class="section-note">{_text(section.instructions)}</p>\n')
        parts.append('<ol class="items">\n' + "\n".join(_item(i) for i in section.items) + "\n</ol>\n")
    return _page(paper, f"{paper.title}（{paper.variant} 卷）", "".join(parts))


def key_html(paper: ExamPaper) -> str:
    """参考答案及评分标准: per item the answer (a fill-in's other wordings, a 简答's scoring points), points, 说明."""
    parts = []
    for section in paper.sections:
        parts.append(_section_head(section, marker=False))
        rows = "".join(
            f"<tr><td>{i.number}</td><td>{_text(key_text(i))}</td><td>{points_text(i.points)}</td>"
            f"<td>{_text(i.explanation or '')}</td></tr>\n"
            for i in section.items
        )
        parts.append(
            '<table class="key"><thead><tr><th>题号</th><th>答案及评分要点</th><th>分值</th><th>说明</th></tr>'
            f"</thead><tbody>\n{rows}</tbody></table>\n"
        )
    return _page(paper, f"{paper.title}（{paper.variant} 卷）参考答案及评分标准", "".join(parts))


class HtmlExamExporter(PaperAndKeyExporter):
    name = "html"
    description = "Print-ready HTML exam paper (A4, 宋体/黑体, training-centre form) and answer key"
    suffix = ".html"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return student_html(paper), key_html(paper)


exporter = HtmlExamExporter()
