"""Print-ready HTML exam papers: self-contained, A4, CJK fonts, variant letter on every page."""

from __future__ import annotations

from html import escape

from drill.exam import ExamItem, ExamPaper

from . import PaperAndKeyExporter
from .common import answer_line, key_text, letter, paper_facts, points_text, section_heading

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif'
)


def _css(running: str) -> str:
    # CSS strings take backslash escapes, not HTML entities: quote the running header for CSS
    css_string = '"' + "".join(ch if ch.isalnum() or ch in " ·-" else f"\\{ord(ch):x} " for ch in running) + '"'
    return f"""
@page {{ size: A4; margin: 20mm 18mm 18mm 18mm;
  @top-right {{ content: {css_string}; font-size: 9pt; color: #444; }}
  @bottom-center {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #444; }} }}
html {{ font-family: {FONT_STACK}; font-size: 11pt; line-height: 1.6; color: #000; }}
body {{ margin: 0 auto; max-width: 180mm; }}
h1 {{ font-size: 17pt; text-align: center; margin: 0 0 2mm; }}
.facts {{ text-align: center; margin: 0 0 4mm; }}
.facts span + span::before {{ content: "　|　"; }}
.who {{ display: flex; gap: 4mm; margin: 0 0 5mm; }}
.who div {{ flex: 1; border: 1px solid #000; padding: 2mm 3mm; min-height: 9mm; }}
.who .score {{ flex: 0 0 32mm; }}
.instructions {{ border-left: 3px solid #888; padding-left: 3mm; margin: 0 0 5mm; }}
h2 {{ font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }}
ol.items {{ list-style: none; padding: 0; margin: 0; }}
ol.items > li {{ margin: 0 0 4mm; break-inside: avoid; }}
.num {{ font-weight: bold; margin-right: 1.5mm; }}
ol.options {{ list-style: none; padding: 0 0 0 7mm; margin: 1mm 0; }}
ol.options li {{ margin: 0.5mm 0; }}
.line {{ padding-left: 7mm; color: #333; }}
table.key {{ border-collapse: collapse; width: 100%; }}
table.key th, table.key td {{ border: 1px solid #666; padding: 1mm 2mm; vertical-align: top; text-align: left; }}
@media screen {{ body {{ padding: 10mm; }} }}
"""


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _page(paper: ExamPaper, heading: str, body: str) -> str:
    running = f"{paper.title} · 试卷 {paper.variant} 卷"
    facts = "".join(f"<span>{escape(f)}</span>" for f in paper_facts(paper))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n<style>{_css(running)}</style>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n<p class=\"facts\">{facts}</p>\n{body}</body>\n</html>\n"
    )


def _item(item: ExamItem) -> str:
    out = [f'<li><span class="num">{item.number}.</span>{_text(item.prompt)}']
    if item.options:
        out.append('<ol class="options">')
        out.extend(f"<li>{letter(i)}. {_text(o.text)}</li>" for i, o in enumerate(item.options))
        out.append("</ol>")
    out.append(f'<div class="line">{escape(answer_line(item))}</div></li>')
    return "\n".join(out)


def student_html(paper: ExamPaper) -> str:
    """The student paper: questions and options only."""
    parts = [
        '<div class="who"><div>姓名：</div><div>考号：</div><div class="score">得分：</div></div>\n'
    ]
    if paper.instructions:
        parts.append(f'<p class="instructions">{_text(paper.instructions)}</p>\n')
    for section in paper.sections:
        parts.append(f"<h2>{escape(section_heading(section.title, len(section.items), section.points_each))}</h2>\n")
        if section.instructions:
            parts.append(f'<p class="instructions">{_text(section.instructions)}</p>\n')
        parts.append('<ol class="items">\n' + "\n".join(_item(i) for i in section.items) + "\n</ol>\n")
    return _page(paper, paper.title, "".join(parts))


def key_html(paper: ExamPaper) -> str:
    """The answer key: per item the key, the answer, points and explanation."""
    parts = []
    for section in paper.sections:
        parts.append(f"<h2>{escape(section_heading(section.title, len(section.items), section.points_each))}</h2>\n")
        rows = "".join(
            f"<tr><td>{i.number}</td><td>{_text(key_text(i))}</td><td>{points_text(i.points)}</td>"
            f"<td>{_text(i.explanation or '')}</td><td>{escape(i.card_id)}</td></tr>\n"
            for i in section.items
        )
        parts.append(
            '<table class="key"><thead><tr><th>题号</th><th>答案</th><th>分值</th><th>说明</th><th>卡片</th></tr>'
            f"</thead><tbody>\n{rows}</tbody></table>\n"
        )
    return _page(paper, f"{paper.title}（答案）", "".join(parts))


class HtmlExamExporter(PaperAndKeyExporter):
    name = "html"
    description = "Print-ready HTML exam paper (A4, CJK fonts) and answer key"
    suffix = ".html"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return student_html(paper), key_html(paper)


exporter = HtmlExamExporter()
