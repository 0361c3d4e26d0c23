"""Zip packages (DOCX, XLSX) with the same bytes for the same content, and their fixed parts compressed once.

Office writers stamp the current time into zip entries; every entry here has a
fixed time and attributes, so a rebuild with the same seed gives the same bytes.
A DOCX carries some 800 KB of styles that are the same in every paper: they are
compressed once per process (:func:`precompress`) and each package takes the
compressed bytes as they are, the bytes :mod:`zipfile` would write itself.
"""

from __future__ import annotations

import html
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def xml_text(text: str) -> str:
    """``text`` as the content of an element of a part: ``&``, ``<`` and ``>`` escaped, as
    ``xml.sax.saxutils.escape`` does (which loads urllib, http and ssl with it)."""
    return html.escape(text, quote=False)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A deflated entry with a fixed time and attributes."""
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry


def precompress(data: bytes) -> bytes:
    """``data`` deflated as :mod:`zipfile` deflates an entry (default level, raw stream)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class _Compressed:
    """Stands in for an entry's compressor: hands over bytes deflated beforehand."""

    def __init__(self, compressed: bytes) -> None:
        self._compressed = compressed

    def compress(self, _data: bytes) -> bytes:
        out, self._compressed = self._compressed, b""
        return out

    def flush(self) -> bytes:
        return b""


def write_package(entries: Iterable[tuple[str, bytes, bytes | None]]) -> bytes:
    """A zip of ``(name, data, data deflated beforehand or None)``, in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data, compressed in entries:
            if compressed is None:
                dst.writestr(zip_entry(name), data)
                continue
            with dst.open(zip_entry(name), "w") as stream:
                # the entry's size and CRC are taken from ``data``; its deflated bytes are the ones given
                stream._compressor = _Compressed(compressed)  # type: ignore[attr-defined]
                stream.write(data)
    return out.getvalue()


def rewrite_package(data: bytes, change: Callable[[str, bytes], bytes] = lambda _name, content: content) -> bytes:
    """The zip ``data`` with fixed entry times and attributes, each entry's content passed through ``change``."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        # keep the order: a DOCX's [Content_Types].xml must stay first
        return write_package((info.filename, change(info.filename, src.read(info.filename)), None)
                             for info in src.infolist())
