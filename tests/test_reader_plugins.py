"""Reader plugins (group ``drill.readers``): found like exporters, broken ones recorded, chosen by suffix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.errors import InputError, NotFoundError
from drill.plugins import discover_readers, find_reader, reader_problems
from drill.reading import BankLines, Reader
from tests.test_plugins import make_dist_info


def make_reader_dist(site: Path, dist: str, version: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    make_dist_info(site, dist, version, entry_points, modules, group="drill.readers")


ODS_READER = '''
from drill.reading import BankLines

class OdsReader:
    name = "ods"
    description = "OpenDocument spreadsheets"
    suffixes = (".ods",)
    reads = frozenset({"bank"})

    def read_bank(self, path):
        return BankLines(lines=["1. 题干", "A. 是", "B. 否", "答案：A"])
'''


@pytest.fixture
def reader_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    make_reader_dist(site, "drill-ods-demo", "2.0.1", {"ods": "ods_reader:OdsReader"}, {"ods_reader": ODS_READER})
    make_reader_dist(site, "broken-reader", "0.1", {"boom": "boom_reader:reader"},
                     {"boom_reader": "import module_that_does_not_exist\n"})
    make_reader_dist(site, "half-reader", "0.2", {"half": "half_reader:reader"},
                     {"half_reader": "class R:\n    name = 'half'\n    description = 'x'\n"
                                     "    suffixes = ('XLS',)\n    reads = {'bank', 'minutes'}\nreader = R()\n"})
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    return site


def test_first_party_docx_reader_is_found_and_honours_the_protocol():
    found = {p.name: p for p in discover_readers()}
    docx_reader = found["docx"]
    assert docx_reader.status == "ok", docx_reader.error
    assert docx_reader.first_party and docx_reader.distribution == "drill-readers-office"
    assert docx_reader.reads == {"bank", "handbook"} and ".docx" in docx_reader.suffixes
    assert isinstance(docx_reader.reader, Reader)


def test_broken_readers_are_recorded_and_good_third_party_ones_load(reader_site):
    found = {p.entry_point: p for p in discover_readers()}
    assert found["ods"].status == "ok" and found["ods"].version == "2.0.1"
    assert found["boom"].status == "error" and "module_that_does_not_exist" in found["boom"].error
    half = found["half"].error
    assert "not a valid reader" in half and "'XLS'" in half and "minutes" in half and "read_bank" in half


def test_autoload_switch_skips_third_party_readers_but_keeps_drills_own(reader_site, monkeypatch):
    monkeypatch.setenv("DRILL_DISABLE_PLUGIN_AUTOLOAD", "1")
    found = {p.entry_point: p for p in discover_readers()}
    assert found["ods"].status == "skipped" and found["boom"].status == "skipped"
    assert found["docx"].status == "ok"


def test_find_reader_chooses_by_suffix_and_what_is_read(reader_site, tmp_path):
    assert find_reader(tmp_path / "bank.ODS", reads="bank").name == "ods"
    assert find_reader(tmp_path / "manual.docx", reads="handbook").name == "docx"
    with pytest.raises(NotFoundError) as missing:
        find_reader(tmp_path / "manual.ods", reads="handbook")
    assert "'.ods'" in str(missing.value) and ".docx" in str(missing.value)
    with pytest.raises(NotFoundError) as unknown:
        find_reader(tmp_path / "bank.pages", reads="bank")
    assert ".docx" in str(unknown.value) and ".ods" in str(unknown.value)


def test_reader_contract_problems_name_each_bad_attribute():
    class NoMethods:
        name = "Bad Name"
        description = ""
        suffixes = ".xlsx"
        reads = {"handbook"}

    problems = " | ".join(reader_problems(NoMethods()))
    for word in ("`name`", "`description`", "`suffixes`", "read_handbook"):
        assert word in problems


def test_plugins_command_lists_readers_with_their_suffixes(reader_site):
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["kind"] == "reader"]
    by_name = {r["entry_point"].split(" =")[0]: r for r in rows}
    assert by_name["ods"]["suffixes"] == [".ods"] and by_name["ods"]["reads"] == ["bank"]
    assert by_name["boom"]["status"] == "error"
    table = CliRunner().invoke(cli, ["plugins"])
    assert table.exit_code == 0 and ".docx" in table.output and "boom" in table.output


def test_docx_reader_gives_paragraphs_headings_and_table_cells_in_order(tmp_path):
    import docx  # python-docx: imported by the test that needs it, not at collection

    doc = docx.Document()
    doc.add_heading("第一章 服务规范", level=1)
    doc.add_paragraph("首问负责制：第一位接待的员工负责到底。")
    doc.add_paragraph("")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "营业时间"
    table.rows[0].cells[1].text = "9:00—18:00"
    p = doc.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    path = tmp_path / "handbook.docx"
    doc.save(path)
    lines = find_reader(path, reads="handbook").read_handbook(path)
    assert lines == ["第一章 服务规范", "首问负责制：第一位接待的员工负责到底。", "营业时间", "9:00—18:00",
                     "第一行", "第二行"]
    bank = find_reader(path, reads="bank").read_bank(path)
    assert isinstance(bank, BankLines) and bank.lines == lines


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04garbage"])
def test_docx_reader_refuses_a_damaged_file_with_its_name(tmp_path, content):
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as refused:
        find_reader(path, reads="handbook").read_handbook(path)
    assert refused.value.problems[0].file == str(path)
