"""The printed paper in training-centre form, read back from the HTML (an HTML parser) and the DOCX (python-docx),
and its key: scoring points and accepted wordings, never placeholders, card ids or editors' remarks."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from drill_exam_formats.common import SELECT_SLOT
from drill_exam_formats.docx_format import exporter as docx_exporter
from drill_exam_formats.html import exporter as html_exporter

from drill import CardType, build_exam
from drill.cli import cli
from drill.exam import load_blueprint_cards
from drill.exam.keying import key_lines, learner_note
from tests.conftest import ROOT

BLUEPRINT = ROOT / "exams" / "counter-staff-cert.yaml"


@pytest.fixture(scope="module")
def paper():
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    return build_exam(blueprint, cards, 31)[0]


class Page(HTMLParser):
    """The text of each element the tests look at: tables (rows of cells), h2 headings, item list entries."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.headings: list[str] = []
        self.items: list[str] = []
        self.rules: list[str] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._buffer: list[str] | None = None
        self._depth_li = 0
        self._in_rules = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append((attrs.get("class", ""), []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h2":
            self._buffer = []
        elif tag == "div" and attrs.get("class") == "rules":
            self._in_rules = True
        elif tag == "li":
            self._depth_li += 1
            if self._depth_li == 1:
                self._buffer = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "h2" and self._buffer is not None:
            self.headings.append("".join(self._buffer))
            self._buffer = None
        elif tag == "li":
            self._depth_li -= 1
            if self._depth_li == 0 and self._buffer is not None:
                (self.rules if self._in_rules else self.items).append("".join(self._buffer))
                self._buffer = None
        elif tag == "div" and self._in_rules and self._depth_li == 0:
            self._in_rules = False

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._buffer is not None:
            self._buffer.append(data)


def _html(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_html_paper_carries_cover_block_rules_score_table_and_marker_boxes(paper, tmp_path):
    student, _ = html_exporter.export(paper, tmp_path / "p.html", {})
    page = _html(student)
    text = "".join(page.text)
    for field in ("单位", "姓名", "准考证号", "中国移动湖北公司", "考试说明"):
        assert field in text
    rules = " ".join(page.rules)
    assert "考试时间 90 分钟" in rules and "满分 100 分" in rules and "80 分（80%）及格" in rules
    assert "少选且所选均正确得该题一半分" in rules and "错选不得分" in rules  # the 多选 rule, as the blueprint scores
    for kind in ("单项选择题", "多项选择题", "判断题", "填空题", "简答题", "排序题"):
        assert any(r.startswith(kind + "：") for r in page.rules), kind
    [score] = [rows for cls, rows in page.tables if "score" in cls]
    assert score[0] == ["题号", "一", "二", "三", "四", "五", "六", "总分"]
    assert score[1][1:] == [f"{s.points:g}" for s in paper.sections] + ["100"]
    assert score[2][0] == "得分" and not any(score[2][1:])
    markers = [rows for cls, rows in page.tables if cls == "marker"]
    assert len(markers) == len(paper.sections) and all(rows[0] == ["得分", "评卷人"] for rows in markers)
    # headings give the section's count, points each and total
    assert page.headings == [f"{s.title}（共 {len(s.items)} 题，每题 {s.points_each:g} 分，共 {s.points:g} 分）"
                             for s in paper.sections]
    assert 'font-family: "SimSun", "宋体"' in student.read_text(encoding="utf-8")
    assert '"SimHei", "黑体"' in student.read_text(encoding="utf-8")


def test_true_false_is_answered_on_its_line_and_blanks_are_underlines(paper, tmp_path):
    student, _ = html_exporter.export(paper, tmp_path / "p.html", {})
    items = _html(student).items
    assert len(items) == len(paper.items)
    for item, printed in zip(paper.items, items):
        if item.type is CardType.TRUE_FALSE:
            assert printed.rstrip().endswith("（　　）") and "正确" not in printed.replace(item.prompt, "")
        if item.type is CardType.MULTIPLE_SELECT:
            assert SELECT_SLOT in printed
        if item.type is CardType.CLOZE:
            assert "[…]" not in printed and "＿＿＿＿" in printed


def test_docx_paper_read_back_has_the_same_form_and_a_seal_line_when_asked(paper, tmp_path):
    student, _ = docx_exporter.export(paper, tmp_path / "p.docx", {})
    document = docx.Document(str(student))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "单位：" in text and "准考证号：" in text and "考试说明" in text
    assert "80 分（80%）及格" in text and "少选且所选均正确得该题一半分" in text
    score = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert score[0] == ["题号", "一", "二", "三", "四", "五", "六", "总分"] and score[1][-1] == "100"
    markers = [t for t in document.tables[1:] if t.rows[0].cells[0].text == "得分"]
    assert len(markers) == len(paper.sections)
    tf = [p.text for p in document.paragraphs if re.match(r"\d+\. ", p.text)]
    assert len(tf) == len(paper.items)
    for item, printed in zip(paper.items, tf):
        if item.type is CardType.TRUE_FALSE:
            assert printed.endswith("（　　）") and "\n" not in printed  # one line, no 正确/错误 options
    with zipfile.ZipFile(student) as z:
        header = next(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert paper.seal_line and 'name="密封线"' in header and "密 ┄" in header
    plain, _ = docx_exporter.export(paper.model_copy(update={"seal_line": False}), tmp_path / "q.docx", {})
    with zipfile.ZipFile(plain) as z:
        assert "密封线" not in next(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))


def test_short_options_share_a_line_and_long_ones_do_not(paper, tmp_path):
    student, _ = docx_exporter.export(paper, tmp_path / "p.docx", {})
    items = [p.text for p in docx.Document(str(student)).paragraphs if re.match(r"\d+\. ", p.text)]
    for item, printed in zip(paper.items, items):
        if item.type is not CardType.MULTIPLE_CHOICE:
            continue
        option_lines = [line for line in printed.split("\n") if re.match(r"^\s*[A-H]\. ", line)]
        if max(len(o.text) for o in item.options) <= 5:
            assert len(option_lines) == 1, printed  # A … D on one line, lined up by tab stops
        if max(len(o.text) for o in item.options) > 20:
            assert len(option_lines) == len(item.options), printed


def test_the_key_lists_scoring_points_and_accepted_wordings_never_ids_scripts_or_editors_remarks(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINT), "--seed", "4", "--variants", "3",
                                      "--format", "html", "--format", "docx", "--format", "markdown",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    papers = build_exam(blueprint, cards, 4, 3)
    typed = [i for p in papers for i in p.items if i.type is CardType.TYPED]
    assert typed and all(i.key_points for i in typed)
    keys_at = out / "keys"
    for paper in papers:
        keys = {
            "html": "".join(_html(keys_at / f"counter-staff-cert-{paper.variant}-key.html").text),
            "docx": "\n".join(c.text for t in docx.Document(str(keys_at / f"counter-staff-cert-{paper.variant}-key.docx"))
                              .tables for r in t.rows for c in r.cells),
            "markdown": (keys_at / f"counter-staff-cert-{paper.variant}.key.md").read_text(encoding="utf-8"),
        }
        for fmt, text in keys.items():
            for item in paper.items:
                assert item.card_id not in text, fmt
                if item.type is CardType.TYPED:
                    assert "评分要点" in text
                    for point in item.key_points:
                        assert "／".join(point.split("|")) in text, (fmt, point)
                if item.type is CardType.CLOZE:
                    for other in item.accept:
                        assert other in text, (fmt, other)
            for leak in ("××", "（等待", "原文", "转换中丢失", "疑为"):
                assert leak not in text, (fmt, leak)


@pytest.mark.parametrize(("note", "kept"), [
    ("原文各品牌的具体小时数在转换中丢失。", None),
    ("上网电脑供客户登录网上营业厅；自助售卡机由有条件的营业厅配置。原文“加油站”前的“手机”二字在转换中丢失。",
     "上网电脑供客户登录网上营业厅；自助售卡机由有条件的营业厅配置。"),
    ("课件原文的热线号码为10010（疑为沿用联通资料）；中国电信客服热线为10000。", "中国电信客服热线为10000。"),
    ("信用级别高低顺序为A＞B＞C，级别越高信用越好。", "信用级别高低顺序为A＞B＞C，级别越高信用越好。"),
    ("「应说」是本卡组的示例说法；手册的要求是首问责任人负责到底，不得推诿。", "手册的要求是首问责任人负责到底，不得推诿。"),
])
def test_a_note_keeps_what_speaks_to_a_candidate_and_drops_editors_remarks(note, kept):
    assert learner_note(note) == kept


def test_a_typed_key_shares_the_points_and_prints_a_reference_only_when_it_can_be_said(paper):
    typed = [i for i in paper.items if i.type is CardType.TYPED]
    assert typed
    for item in typed:
        lines = key_lines(item)
        assert lines[0].startswith(f"评分要点（共 {len(item.key_points)} 点")
        assert all("×" not in line and "（等待" not in line for line in lines)
    script = typed[0].model_copy(update={"answer": "××先生，请问还有什么需要？（等待用户回应）感谢您的来电。",
                                         "key_points": ("还有什么|还有其他", "感谢|谢谢")})
    lines = key_lines(script)
    assert lines == [f"评分要点（共 2 点，每点 {script.points / 2:g} 分）：", "① 还有什么／还有其他", "② 感谢／谢谢"]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
                    reason="needs LibreOffice and poppler-utils")
def test_the_docx_paper_renders_to_a_page_with_its_cover_and_score_table(paper, tmp_path):
    student, _ = docx_exporter.export(paper, tmp_path / "paper.docx", {})
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(student)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "paper.pdf"
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", first)
    for words in ("单位：", "准考证号：", "考试说明", "题号一二三四五六总分", "得分评卷人"):
        assert words in flat, words


def test_repeated_format_writes_every_format_named_and_says_what_it_wrote(tmp_path):
    for args, formats in ((["--format", "html", "--format", "markdown"], ["html", "markdown"]),
                          (["--format", "docx,txt", "--format", "docx"], ["docx", "txt"])):
        out = tmp_path / "-".join(formats)
        result = CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINT), "--seed", "2", "--variants", "2",
                                          *args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        suffixes = {"html": (".html", "-key.html"), "markdown": (".md", ".key.md"), "docx": (".docx", "-key.docx"),
                    "txt": (".txt", "-key.txt")}
        papers = {f"counter-staff-cert-{v}{suffixes[f][0]}" for v in "AB" for f in formats}
        keys = {f"counter-staff-cert-{v}{suffixes[f][1]}" for v in "AB" for f in formats}
        expected = papers | keys
        assert {p.name for p in out.iterdir()} == papers | {"keys"}
        assert {p.name for p in (out / "keys").iterdir()} == keys | {"manifest.json", "answer-sheet.csv"}
        assert f"formats: {', '.join(formats)}" in result.output
        assert all(name in result.output for name in expected)


@pytest.mark.parametrize(("stem", "emphasised"), [
    ("以下哪一项不属于「首问负责制」的要求？", ["不属于"]),
    ("下列说法中，不正确的是：", ["不正确"]),
    ("关于投诉立单，以下说法错误的是？", ["错误的是"]),
    ("营业员在服务中不得做的是哪一项？", ["不得"]),
    ("以下哪一句是服务禁语，不应对客户说？", ["不应"]),
    ("以下哪些做法不符合「仪容仪表」规范？", ["不符合"]),
    ("以下哪一项不包括在「三项基本原则」中？", ["不包括"]),
    ("下列哪项做法是错误的？", ["错误"]),
    ("以下哪一项属于「首问负责制」的要求？", []),
    ("以下哪一项不属于「不得使用的服务用语」？", ["不属于"]),  # a quoted name keeps its words
    ("客户问是不是可以退费，应如何回答？", []),  # 「是不是」 asks, it does not negate
    ("以下哪本书属于《不能说的秘密》系列？", []),
])
def test_the_negative_word_a_question_asks_with_is_emphasised(stem, emphasised):
    from drill.exam.printform import emphasis_runs

    runs = emphasis_runs(stem)
    assert "".join(t for t, _ in runs) == stem
    assert [t for t, e in runs if e] == emphasised


def _with_stems(paper, stems):
    """``paper`` with its first single-choice items asking ``stems``, and a 判断 stating a 不得 rule."""
    sections = []
    for section in paper.sections:
        items = list(section.items)
        if items and items[0].type is CardType.MULTIPLE_CHOICE:
            for i, stem in enumerate(stems):
                items[i] = items[i].model_copy(update={"prompt": stem})
        if items and items[0].type is CardType.TRUE_FALSE:
            items[0] = items[0].model_copy(update={"prompt": "营业员不得与客户争吵。"})
        sections.append(section.model_copy(update={"items": tuple(items)}))
    return paper.model_copy(update={"sections": tuple(sections)})


def test_negations_are_bold_with_emphasis_dots_in_html_and_docx_and_a_statement_is_left_plain(paper, tmp_path):
    stems = ["以下哪一项不属于「首问负责制」的要求？", "关于投诉立单，以下说法错误的是？"]
    changed = _with_stems(paper, stems)
    student, _ = html_exporter.export(changed, tmp_path / "p.html", {})
    html = student.read_text(encoding="utf-8")
    from drill.exam.printform import print_form

    asking = [i for s in print_form(changed).sections for i in s.items if any(e for _, e in i.stem)]
    assert html.count('<strong class="neg">') == sum(e for i in asking for _, e in i.stem) >= 2
    assert '以下哪一项<strong class="neg">不属于</strong>「首问负责制」' in html
    assert '以下说法<strong class="neg">错误的是</strong>？' in html
    assert "营业员不得与客户争吵。" in html  # a 判断 states; its negation is what the candidate judges
    assert "text-emphasis: filled dot" in html
    document = docx.Document(str(docx_exporter.export(changed, tmp_path / "p.docx", {})[0]))
    bold = [(r.text, r.element.xpath("string(./w:rPr/w:em/@w:val)")) for p in document.paragraphs for r in p.runs
            if r.bold and p.style.name != "Heading 1"]
    assert ("不属于", "dot") in bold and ("错误的是", "dot") in bold and not any(t == "不得" for t, _ in bold)
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("1. 以下哪一项不属于「首问负责制」的要求？（　　）") for t in texts)
