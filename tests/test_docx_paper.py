"""DOCX papers: fonts Word on Windows has, zh-CN language, page numbers, items kept on one page
(checked in LibreOffice's own layout when LibreOffice is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from drill import CardType, build_exam
from drill.exam import load_blueprint_cards
from drill_exam_formats.docx_format import exporter as docx_exporter

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = ROOT / "exams" / "counter-staff-cert.yaml"


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    blueprint, cards = load_blueprint_cards(BLUEPRINT)
    out = tmp_path_factory.mktemp("docx")
    return [(p, docx_exporter.export(p, out / f"paper-{p.variant}.docx", {})[0])
            for p in build_exam(blueprint, cards, 7, 3)]


def test_docx_names_windows_chinese_fonts_with_fallbacks_and_tags_zh_cn(papers):
    _, path = papers[0]
    xml = parts(path)
    styles = xml["word/styles.xml"]
    langs = re.findall(r"<w:lang [^>]*>", styles)
    assert langs and all('w:val="zh-CN"' in tag and 'w:eastAsia="zh-CN"' in tag for tag in langs)
    assert "eastAsiaTheme" not in styles  # a theme font would win over the named one in Word
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    assert "Noto" not in "".join(xml.values())
    fonts = xml["word/fontTable.xml"]
    for name, alt in (("宋体", "SimSun"), ("黑体", "SimHei"), ("微软雅黑", "Microsoft YaHei")):
        assert re.search(rf'<w:font w:name="{name}"><w:altName w:val="{alt}"/>', fonts)


def test_docx_numbers_pages_and_keeps_each_item_together(papers):
    paper, path = papers[0]
    xml = parts(path)
    footer = next(text for name, text in xml.items() if name.startswith("word/footer"))
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer and "第 " in footer
    body = xml["word/document.xml"]
    for item in paper.items:
        start = body.index(f">{item.number}. ")
        paragraph = body[body.rindex("<w:p>", 0, start):body.index("</w:p>", start)]
        # the whole item, options and answer line included, is one paragraph whose lines stay together
        assert "<w:keepLines/>" in paragraph
        assert all(f"{letter}. " in paragraph for letter in item.letters) or item.type is CardType.TRUE_FALSE


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not (_soffice() and shutil.which("pdftotext")),
                    reason="needs LibreOffice (apt libreoffice-writer) and pdftotext (apt poppler-utils)")
def test_no_item_is_split_across_pages_in_libreoffice(papers, tmp_path):
    profile = tmp_path / "lo-profile"
    for paper, path in papers:
        subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
        pdf = tmp_path / f"{path.stem}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        pages = text.split("\f")
        assert len([p for p in pages if p.strip()]) >= 2  # long enough for page breaks to matter
        opened: dict[int, int] = {}
        split: dict[int, tuple[int, int]] = {}
        current = None
        for page_no, page in enumerate(pages, start=1):
            assert not page.strip() or f"第{page_no}页/共" in re.sub(r"\s+", "", page)  # page numbers
            for line in page.splitlines():
                bare = re.sub(r"\s+", "", line)
                if not bare or "试卷" in bare and "卷" in bare[-2:] or re.fullmatch(r"第\d+页/共\d+页", bare):
                    continue  # running header and footer
                if match := re.match(r"^\s*(\d+)\. ", line):
                    current = int(match.group(1))
                    opened[current] = page_no
                elif re.match(r"^\s*(得分|[一二三四五六七八九十]+、)", line):
                    current = None  # the next section's marker box or heading
                elif current is not None and page_no != opened[current]:
                    split[current] = (opened[current], page_no)  # a line of the item on another page
        assert sorted(opened) == [i.number for i in paper.items]
        assert not split, f"variant {paper.variant}: items split across pages (start, later line): {split}"
