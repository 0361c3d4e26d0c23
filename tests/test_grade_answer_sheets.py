"""Answer sheets read as the candidate wrote them, refused when damaged, and checked against the build.

Workbooks are made in each test: with openpyxl for what Excel writes, and as raw
XML parts for what only a hostile or broken program writes.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.errors import InputError
from drill.workbook import format_number, open_workbook
from tests.test_grade_input import OPTIONS, manifest


def fill_in_manifest(fingerprint: str | None = None) -> dict:
    man = manifest("AB")
    man["variants"]["A"]["items"].append(
        {"number": 3, "id": "d/time/t", "deck": "d", "fact": "time", "type": "typed", "section": "二", "points": 1,
         "key": "7:30", "answer": "7:30", "prompt": "营业厅几点开门？"})
    man["variants"]["A"]["total_points"] = 3
    if fingerprint:
        man["fingerprint"] = fingerprint
    return man


def grade(tmp_path: Path, sheet: Path, man: dict, *extra: str):
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    return CliRunner().invoke(cli, ["exam", "grade", str(m), str(sheet), *extra])


def test_a_time_typed_in_excel_grades_as_the_candidate_wrote_it(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["考号", "卷别", "1", "2", "3"])
    sheet.append(["001", "A", "A", "B", datetime.time(7, 30)])  # Excel stores 7:30 as 0.3125, format h:mm
    sheet["E2"].number_format = "h:mm"
    sheet.append(["002", "A", "A", "B", datetime.time(8, 0)])
    sheet["E3"].number_format = "h:mm"
    path = tmp_path / "r.xlsx"
    book.save(path)
    result = grade(tmp_path, path, fill_in_manifest(), "--json")
    assert result.exit_code == 0, result.output
    people = {c["candidate"]: c for c in json.loads(result.output)["candidates"]}
    assert people["001"]["score"] == 3 and people["002"]["score"] == 2


@pytest.mark.parametrize("number, fmt, shown", [
    (0.3125, "h:mm", "7:30"), (0.3125, "hh:mm:ss", "07:30:00"), (45356, "yyyy/m/d", "2024/3/5"),
    (45356, 'yyyy"年"m"月"d"日"', "2024年3月5日"), (0.75, "h:mm AM/PM", "6:00 PM"), (3.0, "General", "3"),
    (3.5, "0.00", "3.50"), (0.25, "0%", "25%"), (1234.5, "#,##0.00", "1,234.50"), (7.0, "@", "7"),
])
def test_numbers_read_with_their_display_format(number, fmt, shown):
    assert format_number(number, fmt) == shown


# -- workbooks written part by part ---------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="答题卡" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def header_row() -> str:
    cells = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{v}</t></is></c>'
                    for c, v in zip("ABCDE", ["考号", "卷别", "1", "2", "3"], strict=True))
    return f'<row r="1">{cells}</row>'


def raw_xlsx(path: Path, rows_xml: str, strings: list[str] | None = None, *, head: str = SHEET_HEAD,
             sheet_bytes: bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        if strings is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in strings)
            z.writestr("xl/sharedStrings.xml", f'{SHEET_HEAD}<sst {NS}>{items}</sst>')
        data = sheet_bytes if sheet_bytes is not None else \
            f"{head}<worksheet {NS}><sheetData>{header_row()}{rows_xml}</sheetData></worksheet>".encode()
        z.writestr("xl/worksheets/sheet1.xml", data)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def good_row(n: int = 2, third: str = "") -> str:
    return f'<row r="{n}">{inline(f"A{n}", "001")}{inline(f"B{n}", "A")}{inline(f"C{n}", "A")}' \
           f'{inline(f"D{n}", "B")}{third}</row>'


def test_a_formula_with_a_cached_value_reads_as_its_value_and_one_without_is_refused_with_its_cell(tmp_path):
    cached = raw_xlsx(tmp_path / "cached.xlsx", good_row(third='<c r="E2" t="str"><f>"7:"&amp;"30"</f><v>7:30</v></c>'))
    result = grade(tmp_path, cached, fill_in_manifest(), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["candidates"][0]["score"] == 3
    blank = raw_xlsx(tmp_path / "blank.xlsx", good_row(third='<c r="E2"><f>A1&amp;B1</f></c>'))
    result = grade(tmp_path, blank, fill_in_manifest())
    assert result.exit_code == 2
    assert "blank.xlsx:2:5" in result.output and "答题卡!E2" in result.output and "formula" in result.output


HOSTILE = {
    "xxe": (SHEET_HEAD + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', None, "DTD"),
    "billion-laughs": (SHEET_HEAD + '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>', None,
                       "DTD"),
}


@pytest.mark.parametrize("kind", ["xxe", "billion-laughs", "bad-utf8", "cut", "sst-99999", "sst-minus-1",
                                  "sst-abc", "column-zzzzz", "row-zero", "not-a-number"])
def test_every_damaged_workbook_is_refused_with_its_place_never_misread(tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    strings = ["考号", "A", "B"]
    if kind in HOSTILE:
        head, _s, _w = HOSTILE[kind]
        body = good_row(third=inline("E2", "&e;" if kind == "xxe" else "&b;"))
        raw_xlsx(path, body, head=head)
    elif kind == "bad-utf8":
        raw_xlsx(path, "", sheet_bytes=f"{SHEET_HEAD}<worksheet {NS}><sheetData>".encode() + b"<row r=\"2\">\xff\xfe"
                 + b"</row></sheetData></worksheet>")
    elif kind == "cut":
        raw_xlsx(path, "", sheet_bytes=f"{SHEET_HEAD}<worksheet {NS}><sheetData>{header_row()}<row r=\"2\"><c r=".encode())
    elif kind.startswith("sst-"):
        index = kind.removeprefix("sst-").replace("minus-", "-")
        raw_xlsx(path, good_row(third=f'<c r="E2" t="s"><v>{index}</v></c>'), strings)
    elif kind == "column-zzzzz":
        raw_xlsx(path, good_row(third=inline("ZZZZZ2", "x")))
    elif kind == "row-zero":
        raw_xlsx(path, good_row(0))
    else:
        raw_xlsx(path, good_row(third='<c r="E2"><v>seven</v></c>'))
    result = grade(tmp_path, path, fill_in_manifest())
    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "Traceback" not in result.output
    assert "damaged workbook" in result.output
    if kind.startswith("sst-") or kind == "not-a-number":
        assert ":2:5:" in result.output and "答题卡!E2" in result.output  # the very cell


def test_shared_string_minus_one_is_never_the_last_string(tmp_path):
    path = raw_xlsx(tmp_path / "wrap.xlsx", good_row(third='<c r="E2" t="s"><v>-1</v></c>'), ["7:30"])
    with open_workbook(path) as book, pytest.raises(InputError):
        list(book.rows())


def test_a_zip_bomb_stops_at_the_byte_budget(tmp_path, monkeypatch):
    import drill.workbook as wb

    monkeypatch.setattr(wb, "MAX_SHEET_BYTES", 200_000)  # the budget, small; the size is the point
    rows = "".join(good_row(n) for n in range(2, 5000))
    path = raw_xlsx(tmp_path / "bomb.xlsx", rows)
    result = grade(tmp_path, path, fill_in_manifest())
    assert result.exit_code == 2 and "unpacks to more than" in result.output


# -- columns, fingerprint, what reaches a report -------------------------------------------------


def test_extra_columns_are_kept_and_carried_to_the_scores_in_any_order(tmp_path):
    sheet = tmp_path / "r.csv"
    sheet.write_text("姓名,部门,考号,卷别,1,2,3,单位\r\n张三,营业部,001,A,A,B,7:30,城区分公司\r\n"
                     "李四,客服部,002,A,B,B,8:00,城区分公司\r\n", encoding="utf-8")
    scores = tmp_path / "scores.xlsx"
    result = grade(tmp_path, sheet, fill_in_manifest(), "--out-xlsx", str(scores))
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(scores).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:4] == ["考生", "姓名", "部门", "单位"]
    assert list(rows[1][:4]) == ["001", "张三", "营业部", "城区分公司"]
    assert rows[2][header.index("得分")] == 1


def test_a_sheet_of_another_build_is_refused_and_one_without_a_fingerprint_is_said_unchecked(tmp_path):
    man = fill_in_manifest(fingerprint="3F9A2C71")
    other = tmp_path / "other.csv"
    other.write_text("考号,卷别,1,2,3,试卷指纹:0BADF00D\r\n001,A,A,B,7:30,\r\n", encoding="utf-8")
    result = grade(tmp_path, other, man)
    assert result.exit_code == 2 and "other.csv:1:6" in result.output and "0BADF00D" in result.output
    same = tmp_path / "same.csv"
    same.write_text("考号,卷别,1,2,3,试卷指纹:3f9a2c71\r\n001,A,A,B,7:30,\r\n", encoding="utf-8")
    data = json.loads(grade(tmp_path, same, man, "--json").output)
    assert data["fingerprint"] == {"manifest": "3F9A2C71", "sheet": "checked"}
    bare = tmp_path / "bare.csv"
    bare.write_text("考号,卷别,1,2,3\r\n001,A,A,B,7:30\r\n", encoding="utf-8")
    result = grade(tmp_path, bare, man)
    assert result.exit_code == 0 and "no fingerprint" in result.stderr


def test_a_build_prints_its_fingerprint_on_papers_template_and_manifest(tmp_path):
    from tests.conftest import ROOT

    out = tmp_path / "papers"
    result = CliRunner().invoke(cli, ["exam", "build", str(ROOT / "tests" / "data" / "counter-staff-mini.yaml"),
                                      "--seed", "5", "--variants", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    fingerprint = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))["fingerprint"]
    assert len(fingerprint) == 8
    template = (out / "keys" / "answer-sheet.csv").read_text(encoding="utf-8-sig")
    assert template.startswith("考号,姓名,部门,卷别,1,") and f"试卷指纹:{fingerprint}" in template
    for paper in out.glob("*.html"):
        assert f"试卷编号 {fingerprint}" in paper.read_text(encoding="utf-8")
    again = tmp_path / "again"
    CliRunner().invoke(cli, ["exam", "build", str(ROOT / "tests" / "data" / "counter-staff-mini.yaml"),
                             "--seed", "6", "--variants", "2", "--out", str(again)])
    assert json.loads((again / "keys" / "manifest.json").read_text(encoding="utf-8"))["fingerprint"] != fingerprint


def test_escape_bell_and_bidi_characters_in_candidate_ids_never_reach_csv_or_html(tmp_path):
    sheet = tmp_path / "r.csv"
    sheet.write_text("考号,卷别,1,2,3\r\n\x1b[31m张三\x07\u202e,A,A,B,7:30\r\n", encoding="utf-8")
    scores, report = tmp_path / "s.csv", tmp_path / "r.html"
    result = grade(tmp_path, sheet, fill_in_manifest(), "--out-csv", str(scores), "--report", str(report))
    assert result.exit_code == 0, result.output
    for text in (scores.read_text(encoding="utf-8-sig"), report.read_text(encoding="utf-8")):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "张三" in text
