"""PDF handbooks with a text layer, read with pypdf: the text of each page, line by line, pages in order.

Page headers, footers and lines broken inside sentences are left as they are:
``drill extract`` repairs them the same way for every format. A scanned PDF
(no text layer) gives no lines, and says so.
"""

from __future__ import annotations

from pathlib import Path

from drill.errors import InputError, Problem
from drill.i18n import _
from drill.reading import BankContent

#: a PDF bigger than this is refused before it is parsed
MAX_BYTES = 128 * 1024 * 1024


def _refuse(path: Path, reason: str, page: int | None = None) -> InputError:
    where = _("page {n}").format(n=page) if page is not None else None
    return InputError(Problem(_("cannot read this PDF: {reason}").format(reason=reason), file=str(path),
                              field=where, code="pdf"))


def pdf_lines(path: Path) -> list[str]:
    """The text of every page, one line per text line, blank lines left out; a page break is an empty line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if path.stat().st_size > MAX_BYTES:
            raise _refuse(path, _("it is larger than {n} MB").format(n=MAX_BYTES // 2**20))
        with path.open("rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise _refuse(path, _("it does not start with %PDF (is it a PDF?)"))
        pdf = PdfReader(str(path), strict=False)
        if pdf.is_encrypted:
            raise _refuse(path, _("it is encrypted"))
        pages = list(pdf.pages)
    except InputError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _refuse(path, f"{type(exc).__name__}: {exc}") from None
    lines: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many kinds on a damaged content stream
            raise _refuse(path, f"{type(exc).__name__}: {exc}", page=number) from None
        lines.extend(line.strip() for line in text.splitlines() if line.strip())
        lines.append("")  # the page break: a sentence broken across it is joined by drill extract
    if not any(lines):
        raise _refuse(path, _("it has no text layer (a scanned document?)"))
    return lines


class PdfHandbookReader:
    """Reads the text layer of PDF handbooks."""

    name = "pdf"
    description = "PDF handbooks with a text layer (pypdf)"
    suffixes = (".pdf",)
    reads = frozenset({"handbook"})
    contract_version = "1.0"

    def read_bank(self, path: Path) -> BankContent:  # pragma: no cover - reads handbooks only
        raise _refuse(Path(path), _("PDF question banks are not read; use .xlsx, .docx or .txt"))

    def read_handbook(self, path: Path) -> list[str]:
        return pdf_lines(Path(path))


reader = PdfHandbookReader()
