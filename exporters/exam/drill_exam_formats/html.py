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

from drill.exam import ExamPaper
from drill.exam.printform import (
    KEY_HEADER,
    MARKER_BOX,
    PrintedItem,
    PrintForm,
    key_form,
    print_form,
)

from . import PaperAndKeyExporter

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
strong.neg {{ font-weight: bold; text-emphasis: filled dot; -webkit-text-emphasis: filled dot;
  text-emphasis-position: under right; -webkit-text-emphasis-position: under right; }}
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


def _runs(runs: tuple[tuple[str, bool], ...]) -> str:
    """Text with its emphasised words (a question's 不属于, 错误的是) in bold with 着重号."""
    return "".join(f'<strong class="neg">{_text(t)}</strong>' if emphasised else _text(t) for t, emphasised in runs)


def _page(form: PrintForm, heading: str, body: str) -> str:
    facts = "".join(f"<span>{escape(f)}</span>" for f in form.facts)
    operator = f'<p class="operator">{escape(form.operator)}</p>\n' if form.operator else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n<style>{_css(form.running_header)}</style>\n</head>\n<body>\n"
        f"{operator}<h1>{escape(heading)}</h1>\n<p class=\"facts\">{facts}</p>\n{body}</body>\n</html>\n"
    )


def _grid(rows: tuple[tuple[str, ...], ...] | list[list[str]], cls: str) -> str:
    head, *rest = rows
    out = [f'<table class="{cls}"><tr>' + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rest]
    return "".join(out) + "</table>"


def _item(item: PrintedItem) -> str:
    out = [f'<li><span class="num">{item.number}.</span>{_runs(item.stem)}']
    if item.options:
        out.append(f'<ol class="options cols-{item.columns}">')
        out.extend(f"<li>{_text(o)}</li>" for o in item.options)
        out.append("</ol>")
    if item.answer_line:
        out.append(f'<div class="line">{escape(item.answer_line)}</div>')
    out.extend('<div class="ruled"></div>' for _ in range(item.ruled_lines))
    out.append("</li>")
    return "\n".join(out)


def _section_head(heading: str, marker: bool) -> str:
    box = _grid(MARKER_BOX, "marker") if marker else ""
    return f'<div class="section-head">{box}<h2>{escape(heading)}</h2></div>\n'


def student_html(paper: ExamPaper) -> str:
    """The student paper: cover block, 考试说明, score table, then the sections with their questions."""
    form = print_form(paper)
    cover = "".join(f'<span>{escape(f)}：<span class="fill">&#8195;</span></span>' for f in form.cover_fields)
    rules = "".join(f"<li>{_text(r)}</li>" for r in form.rules)
    parts = [
        f'<div class="cover">{cover}</div>\n',
        f'<div class="rules"><p class="rules-title">考试说明</p><ol>{rules}</ol></div>\n',
        _grid(form.score_table, "grid score") + "\n",
    ]
    for section in form.sections:
        parts.append(_section_head(section.heading, marker=True))
        if section.instructions:
            parts.append(f'<p class="section-note">{_text(section.instructions)}</p>\n')
        parts.append('<ol class="items">\n' + "\n".join(_item(i) for i in section.items) + "\n</ol>\n")
    return _page(form, form.title, "".join(parts))


def key_html(paper: ExamPaper) -> str:
    """参考答案及评分标准: per item the answer (a fill-in's other wordings, a 简答's scoring points), points, 说明."""
    head = "".join(f"<th>{h}</th>" for h in KEY_HEADER)
    parts = []
    for section in key_form(paper):
        parts.append(_section_head(section.heading, marker=False))
        rows = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>\n" for row in section.rows)
        parts.append(f'<table class="key"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n')
    form = print_form(paper)
    return _page(form, form.key_title, "".join(parts))


class HtmlExamExporter(PaperAndKeyExporter):
    name = "html"
    description = "Print-ready HTML exam paper (A4, 宋体/黑体, training-centre form) and answer key"
    suffix = ".html"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return student_html(paper), key_html(paper)


exporter = HtmlExamExporter()
