"""Exam formats: no answer in any student paper, byte-identical rebuilds, real readers (python-docx,
an XML parser, headless Chromium)."""

from __future__ import annotations

import gc
import hashlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from drill_exam_formats import key_path
from drill_exam_formats.banks import accepted_forms, gift_escape, gift_exporter, moodle_exporter
from drill_exam_formats.docx_format import exporter as docx_exporter
from drill_exam_formats.html import exporter as html_exporter
from drill_exam_formats.text_bank import exporter as txt_exporter
from drill_exam_formats.xlsx_bank import exporter as xlsx_exporter
from hypothesis import given, settings
from hypothesis import strategies as st

from drill import CardType, build_exam
from drill.cli import cli
from drill.exam import load_blueprint_cards

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BLUEPRINT = ROOT / "tests" / "data" / "counter-staff-mini.yaml"
EXPORTERS = {"html": html_exporter, "docx": docx_exporter, "moodle": moodle_exporter, "gift": gift_exporter,
             "xlsx": xlsx_exporter, "txt": txt_exporter}


@cache
def _sample():
    blueprint, cards = load_blueprint_cards(SAMPLE_BLUEPRINT)
    return blueprint, tuple(cards)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def student_texts(fmt: str, path: Path) -> list[str]:
    """Everything a student could read or dig out of the file: raw content and extracted text."""
    raw = path.read_bytes()
    if fmt == "docx":
        with zipfile.ZipFile(path) as z:
            parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        document = docx.Document(str(path))
        props = document.core_properties
        extracted = [p.text for p in document.paragraphs]
        extracted += [p.text for s in document.sections for p in s.header.paragraphs]
        extracted += [str(getattr(props, a)) for a in ("title", "subject", "author", "keywords", "comments",
                                                       "category", "content_status", "identifier")]
        return parts + extracted
    if fmt == "xlsx":
        import openpyxl

        with zipfile.ZipFile(path) as z:
            parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        book = openpyxl.load_workbook(path)
        return parts + [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                        for c in row if c is not None] + [str(book.properties.title)]
    text = raw.decode("utf-8")
    if fmt == "html":
        parser = _Text()
        parser.feed(text)
        return [text, "".join(parser.parts)]
    if fmt == "moodle":
        return [text, " ".join(ET.fromstring(text).itertext())]
    return [text]


MARKERS = {
    "html": ["correct", "checked", "data-", "hidden", "display:none", "display: none", "✓", "答案："],
    "docx": ["correct", "✓", "答案：", "<w:vanish", "w:vanish"],
    "moodle": ["fraction", "<answer", "correct", "truefalse", "shortanswer", "multichoice"],
    "gift": ["{=", "{~", "{T}", "{F}", "####"],
    "xlsx": ["正确答案", "解析", "答案"],
    "txt": ["答案：", "解析："],
}


def _visible(paper) -> str:
    return "\n".join([i.prompt for i in paper.items] + [o.text for i in paper.items for o in i.options])


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_student_paper_holds_no_answer(fmt, seed, tmp_path):
    blueprint, cards = _sample()
    (paper,) = build_exam(blueprint, cards, seed)
    exporter = EXPORTERS[fmt]
    written = exporter.export(paper, tmp_path / f"paper{exporter.suffix}", {})
    student, key = written
    assert key == key_path(student) and key.exists()
    texts = student_texts(fmt, student)
    blob = "\n".join(texts)
    for marker in MARKERS[fmt]:
        assert marker not in blob, f"{fmt}: marker {marker!r} in the student paper"
    visible = _visible(paper)
    checked = 0
    for item in paper.items:
        forbidden = [item.card_id, f"{item.key}（{item.answer}）"]
        if item.explanation and item.explanation not in visible:
            forbidden.append(item.explanation)
        if item.type in (CardType.CLOZE, CardType.TYPED, CardType.ORDERING) and item.answer not in visible:
            forbidden.append(item.answer)
        if item.type is CardType.ORDERING:
            forbidden.append(item.key)
        for secret in forbidden:
            assert secret not in blob, f"{fmt}: {secret!r} (item {item.number}) is in the student paper"
            checked += 1
    assert checked >= 2 * len(paper.items)
    # and the answer key does carry the answers
    key_blob = "\n".join(student_texts(fmt, key))
    for item in paper.items:
        if item.type is CardType.TYPED and item.key_points and fmt in ("html", "docx"):
            # a 简答 is keyed by its scoring points, each with every accepted wording
            assert all("／".join(p.split("|")) in key_blob for p in item.key_points)
        elif item.type in (CardType.CLOZE, CardType.TYPED):
            assert item.answer in key_blob


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_same_seed_builds_byte_identical_files_in_every_format(seed):
    import tempfile

    runner = CliRunner()
    for fmt in sorted(EXPORTERS):
        digests = []
        for _ in range(2):
            with tempfile.TemporaryDirectory() as out:
                result = runner.invoke(cli, ["exam", "build", str(SAMPLE_BLUEPRINT), "--variants", "2",
                                             "--seed", str(seed), "--format", fmt, "--out", out])
                assert result.exit_code == 0, result.output
                files = sorted(p for p in Path(out).rglob("*") if p.is_file())
                assert len(files) == 6  # 2 papers; in keys/ 2 keys, manifest, answer-sheet template
                digests.append({str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files})
        assert digests[0] == digests[1], fmt


def test_docx_opens_with_header_name_lines_and_fixed_metadata(tmp_path):
    blueprint, cards = _sample()
    paper = build_exam(blueprint, cards, 5, 2)[1]
    student, key = docx_exporter.export(paper, tmp_path / "b.docx", {})
    document = docx.Document(str(student))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "B 卷" in header
    body = "\n".join(p.text for p in document.paragraphs)
    assert all(field in body for field in ("单位", "姓名", "准考证号", "考试说明"))
    assert all(f"{i.number}. " in body for i in paper.items)
    props = document.core_properties
    assert props.created.year == 2000 and props.modified == props.created
    with zipfile.ZipFile(student) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    key_doc = docx.Document(str(key))
    cells = [c.text for t in key_doc.tables for r in t.rows for c in r.cells]
    first = paper.items[0]
    assert any(c.startswith(first.key if first.type is not CardType.TRUE_FALSE else "√×"[first.key == "B"])
               for c in cells)
    assert not any(i.card_id in c for i in paper.items for c in cells)  # no internal ids in a printed key


def test_moodle_key_parses_with_the_expected_question_types(tmp_path):
    blueprint, cards = _sample()
    # the first seed whose paper holds a standard phrase (the sample paper draws one on most seeds)
    paper = next(p for s in range(40) for p in build_exam(blueprint, cards, s)
                 if CardType.TYPED in {i.type for i in p.items})
    student, key = moodle_exporter.export(paper, tmp_path / "a.xml", {})
    root = ET.parse(key).getroot()
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    # standard phrases (typed) are judged by key points, which Moodle cannot do: essays a teacher marks
    expected = {CardType.MULTIPLE_CHOICE: "multichoice", CardType.TRUE_FALSE: "truefalse",
                CardType.CLOZE: "shortanswer", CardType.TYPED: "essay", CardType.ORDERING: "matching"}
    assert [q.get("type") for q in questions] == [expected[i.type] for i in paper.items]
    assert CardType.TYPED in {i.type for i in paper.items}
    for q, item in zip(questions, paper.items):
        if item.type is CardType.ORDERING:
            # each printed step matched to its place in the right order
            pairs = [(sub.findtext("text"), sub.findtext("answer/text")) for sub in q.findall("subquestion")]
            from html import escape

            order = sorted(pairs, key=lambda pair: int(pair[1].split()[1]))
            assert [p for _, p in order] == [f"第 {n} 步" for n in range(1, len(item.options) + 1)]
            assert [t for t, _ in order] == [f"<p>{escape(item.options[ord(ch) - 65].text)}</p>" for ch in item.key]
            assert float(q.findtext("defaultgrade")) == item.points
            continue
        fractions = [a.get("fraction") for a in q.findall("answer")]
        if item.type is CardType.TYPED:
            assert fractions == [] and item.key in q.find("graderinfo").findtext("text")
            continue
        if item.type is CardType.CLOZE:  # the key first, then every accepted form, all full marks
            assert set(fractions) == {"100"}
        else:
            assert fractions.count("100") == 1
        right = next(a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100")
        if item.type is CardType.ORDERING:
            assert right == item.key
        elif item.type is CardType.CLOZE:
            assert right == item.key
        elif item.type is CardType.TRUE_FALSE:
            assert right == ("true" if item.answer == "正确" else "false")
        else:
            assert right == item.answer
        assert float(q.findtext("defaultgrade")) == item.points
    student_root = ET.parse(student).getroot()
    assert {q.get("type") for q in student_root.findall("question")} == {"category", "description"}


def test_gift_key_has_one_gradable_question_per_item(tmp_path):
    blueprint, cards = _sample()
    (paper,) = build_exam(blueprint, cards, 11)
    _, key = gift_exporter.export(paper, tmp_path / "a.gift", {})
    blocks = [b for b in key.read_text(encoding="utf-8").split("\n\n") if "::" in b]
    assert len(blocks) == len(paper.items)
    for block, item in zip(blocks, paper.items):
        answers = re.search(r"(?<!\\)\{(.*)(?<!\\)\}\s*$", block, re.S)
        assert answers, block
        choices = answers.group(1).split("####")[0]  # general feedback follows ####
        if item.type is CardType.TRUE_FALSE:
            assert choices == ("T" if item.answer == "正确" else "F")
        elif item.type is CardType.ORDERING:
            assert choices.count(" -> ") == len(item.options)
        elif item.type is CardType.TYPED:  # an essay: no answer to match, the marking notes as feedback
            assert answers.group(1).startswith("####") and gift_escape(item.key) in answers.group(1)
        elif item.type is CardType.CLOZE:  # the key and every accepted form
            assert choices.count("=") - choices.count("\\=") >= 1 and "~" not in choices
        else:
            assert choices.count("=") - choices.count("\\=") == 1


def test_html_paper_prints_in_chromium_with_a_cjk_font(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "headless Chromium is needed (apt-get install chromium fonts-noto-cjk)"
    blueprint, cards = _sample()
    (paper,) = build_exam(blueprint, cards, 3)
    student, _ = html_exporter.export(paper, tmp_path / "a.html", {})
    pdf = tmp_path / "a.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", student.as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # the CJK text was set in a real CJK face, so no tofu boxes
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Noto(Sans|Serif)CJK", data), "no CJK font embedded"


def test_html_marks_the_variant_on_every_page_and_escapes_deck_text(tmp_path):
    blueprint, cards = _sample()
    paper = build_exam(blueprint, cards, 3, 3)[2]
    item = paper.sections[0].items[0]
    evil = paper.model_copy(update={"sections": (paper.sections[0].model_copy(update={"items": (
        item.model_copy(update={"prompt": "<script>alert(1)</script>"}),)}),)})
    student, _ = html_exporter.export(evil, tmp_path / "c.html", {})
    text = student.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert re.search(r"@top-right \{ content: \"[^\"]*C[^\"]*\"", text)
    assert "@page" in text and "A4" in text and "Noto Sans CJK SC" in text


@cache
def _bank_paper():
    blueprint, cards = _sample()
    return build_exam(blueprint, list(cards), 5)[0]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # openpyxl refusing a character
@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12), min_size=3,
                      max_size=3), title=st.text(max_size=8), points=st.sampled_from([1, 2.5, 0.1, 10_000]))
def test_xlsx_bank_is_the_workbook_openpyxl_writes(texts, title, points):
    """The bank is set into openpyxl's own sheet markup: for any text (spaces, markup, control characters,
    astral characters, ``=``), the bytes are those openpyxl writes itself."""
    from drill_exam_formats.xlsx_bank import bank_xlsx, item_row, openpyxl_xlsx
    from openpyxl.utils.exceptions import IllegalCharacterError

    from drill.atomic import formula_safe

    paper = _bank_paper()
    first = paper.sections[0]
    items = [first.items[0].model_copy(update={"prompt": texts[0], "explanation": texts[1], "topic": texts[2],
                                              "points": points}), *first.items[1:]]
    paper = paper.model_copy(update={"title": title, "sections": (first.model_copy(update={"items": tuple(items)}),
                                                                 *paper.sections[1:])})
    for with_key in (False, True):
        name = paper.title + ("（答案）" if with_key else "")
        rows = [[formula_safe(c) if isinstance(c, str) else c for c in item_row(paper, i, with_key)]
                for i in paper.items]
        try:
            expected = openpyxl_xlsx(name, rows, with_key)
        except (IllegalCharacterError, ValueError) as exc:  # openpyxl refuses a control character: so must the bank
            with pytest.raises(type(exc)):
                bank_xlsx(paper, with_key)
            gc.collect()  # openpyxl's half-written sheet complains when collected: here, where it is expected
            continue
        assert bank_xlsx(paper, with_key) == expected


@pytest.mark.parametrize("with_key", [False, True])
def test_the_shipped_blank_bank_is_the_one_openpyxl_writes(with_key):
    """Banks are filled into a blank bank shipped with the exporter, so a build need not load openpyxl."""
    from importlib import resources

    from drill_exam_formats.xlsx_bank import blank_bank, blank_bank_file

    shipped = (resources.files("drill_exam_formats") / "templates" / blank_bank_file(with_key)).read_bytes()
    assert shipped == blank_bank(with_key), "openpyxl writes another blank bank: run tools/blank_templates.py"


def test_the_shipped_blank_paper_is_the_one_python_docx_writes():
    from importlib import resources

    from drill_exam_formats.docx_format import BLANK_PAPER, blank_paper

    shipped = (resources.files("drill_exam_formats") / "templates" / BLANK_PAPER).read_bytes()
    assert shipped == blank_paper(), "python-docx writes another blank paper: run tools/blank_templates.py"


def test_papers_and_banks_are_written_without_loading_openpyxl_or_python_docx():
    import sys

    script = ("import sys; from drill import build_exam; from drill.exam import load_blueprint_cards; "
              f"paper = build_exam(*load_blueprint_cards({str(SAMPLE_BLUEPRINT)!r}), 5)[0]; "
              "from drill_exam_formats.xlsx_bank import bank_xlsx; bank_xlsx(paper, True); "
              "from drill_exam_formats.docx_format import student_docx, key_docx; "
              "student_docx(paper, seal=True); key_docx(paper); "
              "print(sorted({'openpyxl', 'docx'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_docx_and_xlsx_parts_deflated_once_give_the_bytes_zipfile_writes(monkeypatch):
    """The styles every DOCX carries are deflated once per process; the package is byte for byte the one
    :mod:`zipfile` writes when it deflates every part itself."""
    from drill_exam_formats import docx_format, xlsx_bank, zipped

    paper = _bank_paper()
    fast = [docx_format.student_docx(paper), docx_format.key_docx(paper), xlsx_bank.bank_xlsx(paper, True)]
    plain_write = zipped.write_package

    def deflate_each(entries):
        return plain_write((name, data, None) for name, data, _ in entries)

    monkeypatch.setattr(docx_format, "write_package", deflate_each)
    monkeypatch.setattr(xlsx_bank, "write_package", deflate_each)
    assert [docx_format.student_docx(paper), docx_format.key_docx(paper), xlsx_bank.bank_xlsx(paper, True)] == fast


_XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r&<>\"'"),
                    max_size=10)
_TREES = st.recursive(
    st.tuples(st.sampled_from(["quiz", "question", "text", "answer"]),
              st.dictionaries(st.sampled_from(["type", "format", "fraction"]), _XML_TEXT, max_size=2),
              st.none() | _XML_TEXT, st.just(())),
    lambda children: st.tuples(st.sampled_from(["quiz", "question", "name"]),
                               st.dictionaries(st.sampled_from(["type", "format"]), _XML_TEXT, max_size=2),
                               st.none() | _XML_TEXT, st.lists(children, max_size=3).map(tuple)),
    max_leaves=8)


def _tree(spec):
    tag, attrs, text, children = spec
    el = ET.Element(tag, attrs)
    el.text = text
    el.extend(_tree(c) for c in children)
    return el


@settings(max_examples=80, deadline=None)
@given(spec=_TREES)
def test_moodle_xml_is_written_as_elementtree_writes_it(spec):
    from drill_exam_formats.banks import _serialize

    reference = _tree(spec)
    ET.indent(reference)
    expected = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(reference, encoding="unicode") + "\n"
    assert _serialize(_tree(spec)) == expected
