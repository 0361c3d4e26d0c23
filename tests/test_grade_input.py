"""Answer sheets as trainers in China save them, damaged sheets, rosters and the scores sheet."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from drill.cli import cli

OPTIONS = ["甲", "乙", "丙", "丁"]


def manifest(keys: str = "ABCD", sections: str | None = None, tf: bool = False) -> dict:
    sections = sections or "一" * len(keys)
    items = [
        {"number": n, "id": f"d/f{n}/t", "deck": "d", "fact": f"f{n}", "type": "multiple_choice",
         "section": sections[n - 1], "points": 1, "key": key, "answer": OPTIONS[ord(key) - 65],
         "options": OPTIONS, "prompt": f"第{n}题的题干"}
        for n, key in enumerate(keys, start=1)
    ]
    if tf:
        items.append({"number": len(keys) + 1, "id": "d/tf/t", "deck": "d", "fact": "tf", "type": "true_false",
                      "section": "二", "points": 1, "key": "B", "answer": "错误", "options": ["正确", "错误"],
                      "prompt": "营业厅可以拒收零钞。"})
    return {"manifest_version": 1, "exam": "t", "title": "测试", "seed": 1, "format": "html", "pass_mark": 60,
            "duration_minutes": None,
            "variants": {"A": {"total_points": len(items), "pass_mark": 60, "files": [], "items": items}}}


ROWS = [["考生", "试卷", "1", "2", "3", "4"],
        ["张三", "A", "A", "B", "C", "D"],
        ["李四", "A", "a", "C", "C", ""],
        ["王五", "A", "Ｂ", "B", "D", "A"]]


def csv_text(rows, sep=","):
    return "".join(sep.join(r) + "\r\n" for r in rows)


def grade(tmp_path, responses: Path, *extra, man=None):
    m = tmp_path / "manifest.json"
    m.write_text(json.dumps(man or manifest(), ensure_ascii=False), encoding="utf-8")
    return CliRunner().invoke(cli, ["exam", "grade", str(m), str(responses), *extra])


def graded_json(tmp_path, responses, *extra, man=None):
    result = grade(tmp_path, responses, "--json", *extra, man=man)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return data


def write_xlsx(path: Path, rows) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([int(c) if c.isdigit() and len(c) < 3 and sheet.max_row > 1 else c for c in row])
    book.save(path)
    return path


# -- encodings -----------------------------------------------------------------------------


def test_gbk_utf16_bom_and_xlsx_sheets_grade_exactly_like_the_utf8_csv(tmp_path):
    (tmp_path / "utf8.csv").write_bytes(csv_text(ROWS).encode("utf-8"))
    reference = graded_json(tmp_path, tmp_path / "utf8.csv")
    assert reference["encoding"] == "UTF-8"
    assert [c["candidate"] for c in reference["candidates"]] == ["张三", "李四", "王五"]
    saved = {
        "bom.csv": ("\ufeff" + csv_text(ROWS)).encode("utf-8"),
        "excel-gbk.csv": csv_text(ROWS).encode("gbk"),
        "gb18030.csv": csv_text(ROWS).encode("gb18030"),
        # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
        "unicode.txt": csv_text(ROWS, "\t").encode("utf-16"),
        "utf16be.csv": "\ufeff".encode("utf-16-be") + csv_text(ROWS).encode("utf-16-be"),
    }
    for name, data in saved.items():
        (tmp_path / name).write_bytes(data)
    write_xlsx(tmp_path / "sheet.xlsx", ROWS)
    for name in [*saved, "sheet.xlsx"]:
        got = graded_json(tmp_path, tmp_path / name)
        assert got["candidates"] == reference["candidates"], name
        assert got["items"] == reference["items"], name
        assert got["summary"] == reference["summary"], name
    assert graded_json(tmp_path, tmp_path / "excel-gbk.csv")["encoding"] == "GB18030"


def test_xlsx_numbers_are_read_as_the_text_a_trainer_typed(tmp_path):
    rows = [["candidate", "variant", "第1题", "第2题", "第3题", "第4题"], [10086, "A卷", "A", "B", "C", "D"]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    data = graded_json(tmp_path, tmp_path / "r.xlsx")
    assert data["candidates"][0]["candidate"] == "10086" and data["candidates"][0]["percent"] == 100.0


def test_true_false_takes_ticks_crosses_and_chinese_marks(tmp_path):
    man = manifest(tf=True)
    rows = [["candidate", "variant", "1", "2", "3", "4", "5"]]
    marks = {"c1": "×", "c2": "错", "c3": "F", "c4": "B", "c5": "√", "c6": "对", "c7": "A"}
    rows += [[c, "A", "A", "B", "C", "D", mark] for c, mark in marks.items()]
    (tmp_path / "r.csv").write_text(csv_text(rows), encoding="utf-8")
    data = graded_json(tmp_path, tmp_path / "r.csv", man=man)
    assert {c["candidate"]: c["score"] for c in data["candidates"]} == {
        "c1": 5, "c2": 5, "c3": 5, "c4": 5, "c5": 4, "c6": 4, "c7": 4}


# -- damaged sheets --------------------------------------------------------------------------

HEADER = "candidate,variant,1,2,3,4\n"
DAMAGED = {
    "row cut short": (HEADER + "c1,A,A,B,C,D\nc2,A,A,B\n", 3, 5, "has 4 cells but the header has 6"),
    "header missing items": ("candidate,variant,1,2\nc1,A,A,B\n", 1, 5, "no column for item(s) 3, 4"),
    "duplicated item column": ("candidate,variant,1,2,2,4\nc1,A,A,B,C,D\n", 1, 5, "repeats item 2"),
    "item column no variant has": ("candidate,variant,1,2,3,4,9\nc1,A,A,B,C,D,\n", 1, 7, "no variant has an item 9"),
    "unterminated quote": (HEADER + 'c1,A,"A,B,C,D\nc2,A,A,B,C,D\n', 2, 3, "never closed"),
    "text after a closing quote": (HEADER + 'c1,A,"A"B,B,C,D\n', 2, 3, "must be doubled"),
    "header only": (HEADER, 2, 1, "no candidate rows"),
    "empty file": ("", 1, None, "empty file"),
    "letter the item does not have": (HEADER + "c1,A,A,E,C,D\n", 2, 4, "'E' is not among the options A–D"),
    "two letters on a single-answer item": (HEADER + "c1,A,AB,B,C,D\n", 2, 3, "gives 2 letters"),
    "cell beyond the header": (HEADER + "c1,A,A,B,C,D,X\n", 2, 7, "beyond the header"),
    "cell over the csv field limit": (HEADER + "c1,A,A,B,C," + "D" * 140_000 + "\n", 2, 6, "larger than 128 KB"),
    "cell over 128 KB in Chinese": (HEADER + "c1,A,A,B,C," + "答" * 50_000 + "\n", 2, 6, "larger than 128 KB"),
    "duplicate candidate": (HEADER + "c1,A,A,B,C,D\nc1,A,A,B,C,D\n", 3, 1, "already on row 2"),
    "unknown variant": (HEADER + "c1,Q,A,B,C,D\n", 2, 2, "unknown variant 'Q'"),
}


@pytest.mark.parametrize("case", list(DAMAGED), ids=list(DAMAGED))
def test_each_damaged_sheet_exits_2_naming_row_and_column_and_writes_nothing(tmp_path, case):
    text, row, column, message = DAMAGED[case]
    responses = tmp_path / "r.csv"
    responses.write_text(text, encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = grade(tmp_path, responses, "--out-csv", str(out), "--report", str(tmp_path / "r.html"))
    assert result.exit_code == 2, result.output
    where = f"{responses}:{row}" + (f":{column}:" if column else ":")
    assert where in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "r.html").exists()


def test_every_problem_of_a_sheet_is_reported_at_once(tmp_path):
    responses = tmp_path / "r.csv"
    responses.write_text(HEADER + "c1,A,E,B,C,D\nc2,A,A,B\nc3,A,A,B,C,AB\n", encoding="utf-8")
    result = grade(tmp_path, responses)
    assert result.exit_code == 2
    for where in (":2:3:", ":3:5:", ":4:6:"):
        assert f"{responses}{where}" in result.output


def test_xls_and_garbage_workbooks_are_refused_with_a_hint(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    result = grade(tmp_path, tmp_path / "old.xls")
    assert result.exit_code == 2 and "save it as .xlsx" in result.output
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = grade(tmp_path, tmp_path / "bad.xlsx")
    assert result.exit_code == 2 and "not a readable .xlsx" in result.output


# -- roster and scores sheet -----------------------------------------------------------------


def test_roster_refuses_unknown_candidates_and_lists_absent_ones(tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_text("考号,姓名\n张三,张三丰\n李四,李思\n王五,王武\n赵六,赵柳\n", encoding="gbk")
    (tmp_path / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    scores = tmp_path / "scores.csv"
    data = graded_json(tmp_path, tmp_path / "r.csv", "--roster", str(roster), "--out-csv", str(scores))
    assert data["absent"] == [{"candidate": "赵六", "name": "赵柳"}]
    assert [c["name"] for c in data["candidates"]] == ["张三丰", "李思", "王武"]
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("考生,姓名,试卷,得分,满分,得分率(%),结果,")
    assert lines[-1].startswith("赵六,赵柳,,,,,缺考")

    (tmp_path / "r2.csv").write_text(csv_text(ROWS + [["钱七", "A", "A", "B", "C", "D"]]), encoding="utf-8")
    result = grade(tmp_path, tmp_path / "r2.csv", "--roster", str(roster))
    assert result.exit_code == 2
    assert f"{tmp_path / 'r2.csv'}:5:1:" in result.output and "not on the roster" in result.output


def test_scores_csv_neutralises_formula_cells_and_the_xlsx_keeps_them_as_text(tmp_path):
    rows = [ROWS[0], ["=1+1", "A", "A", "B", "C", "D"], ["@SUM(A1)", "A", "A", "B", "C", "D"],
            ["-2", "A", "A", "B", "C", "D"], ["+86", "A", "A", "B", "C", "D"]]
    (tmp_path / "r.csv").write_text(csv_text(rows), encoding="utf-8")
    scores, book = tmp_path / "s.csv", tmp_path / "s.xlsx"
    assert grade(tmp_path, tmp_path / "r.csv", "--out-csv", str(scores), "--out-xlsx", str(book)).exit_code == 0
    raw = scores.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    firsts = [line.split(",")[0] for line in raw.decode("utf-8-sig").splitlines()[1:]]
    assert firsts == ["'=1+1", "'@SUM(A1)", "'-2", "'+86"]
    sheet = openpyxl.load_workbook(book).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, 6)]
    # the workbook stores text as text: the id is exactly what the candidate wrote, no apostrophe
    assert [c.value for c in cells] == ["=1+1", "@SUM(A1)", "-2", "+86"] and all(c.data_type == "s" for c in cells)


def test_scores_xlsx_holds_sections_items_and_pass_fail(tmp_path):
    man = manifest("ABCD", sections="一一二二")
    (tmp_path / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    book = tmp_path / "成绩.xlsx"
    assert grade(tmp_path, tmp_path / "r.csv", "--out-xlsx", str(book), man=man).exit_code == 0
    rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0] == ("考生", "试卷", "得分", "满分", "得分率(%)", "结果", "一", "二", "第1题", "第2题", "第3题", "第4题")
    # 张三 all right; 李四 A C C blank → 1 + 0 + 1 + 0; 王五 B B D A → 0 1 0 0
    assert rows[1] == ("张三", "A", 4, 4, 100, "通过", 2, 2, 1, 1, 1, 1)
    assert rows[2] == ("李四", "A", 2, 4, 50, "未通过", 1, 1, 1, 0, 1, 0)
    assert rows[3] == ("王五", "A", 1, 4, 25, "未通过", 1, 0, 0, 1, 0, 0)


def test_scores_are_not_written_over_the_responses_file(tmp_path):
    responses = tmp_path / "r.csv"
    responses.write_text(csv_text(ROWS), encoding="utf-8")
    result = grade(tmp_path, responses, "--out-csv", str(responses))
    assert result.exit_code == 2
    assert responses.read_bytes() == csv_text(ROWS).encode("utf-8")
