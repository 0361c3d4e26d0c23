"""Write the blank documents the exam exporters ship, as openpyxl writes them.

    uv run python tools/blank_templates.py

The XLSX bank fills each paper's rows into a copy of a blank bank (header row,
placeholder title) that openpyxl wrote; it is shipped so that a build need not
load openpyxl. Run this after upgrading openpyxl when the test comparing the
shipped blanks with openpyxl's output fails.
"""

from __future__ import annotations

from pathlib import Path


def main() -> int:
    from drill_exam_formats import xlsx_bank

    from drill.atomic import write_bytes

    folder = Path(xlsx_bank.__file__).parent / "templates"
    for with_key in (False, True):
        path = folder / xlsx_bank.blank_bank_file(with_key)
        write_bytes(path, xlsx_bank.blank_bank(with_key))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
