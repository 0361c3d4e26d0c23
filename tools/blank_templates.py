"""Write the blank documents the exam exporters ship, as openpyxl and python-docx write them.

    uv run python tools/blank_templates.py

The XLSX bank fills each paper's rows into a copy of a blank bank (header row,
placeholder title) that openpyxl wrote, the DOCX paper its body into a blank
document python-docx wrote; they are shipped so that a build need not load
either. Run this after upgrading openpyxl or python-docx when the test comparing
the shipped blanks with their output fails.
"""

from __future__ import annotations

from pathlib import Path


def main() -> int:
    from drill_exam_formats import docx_format, xlsx_bank

    from drill.atomic import write_bytes

    folder = Path(xlsx_bank.__file__).parent / "templates"
    blanks = {folder / xlsx_bank.blank_bank_file(k): xlsx_bank.blank_bank(k) for k in (False, True)}
    blanks[folder / docx_format.BLANK_PAPER] = docx_format.blank_paper()
    for path, data in blanks.items():
        write_bytes(path, data)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
