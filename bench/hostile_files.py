"""Makers of hostile files, for bench/hostile.py and the tests: zips, nested zip bombs, PDFs."""
from __future__ import annotations

import io
import zipfile

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

SAID = b"The minister said that the talks in Cairo would go on for another week. "


def zip_of(members: dict[str, bytes]) -> bytes:
    """A zip archive holding the given members, compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def nested_bomb(inner_zips: int, text_bytes: int) -> bytes:
    """A zip of many copies of one small zip that holds a highly compressible text."""
    inner = zip_of({"report.txt": SAID * (text_bytes // len(SAID))})
    return zip_of({f"part{number}.zip": inner for number in range(inner_zips)})


def shared_stream_pdf(pages: int, operation: bytes, stream_bytes: int = 2**20) -> bytes:
    """A PDF whose pages all draw one shared content stream of `operation` repeated."""
    writer = PdfWriter()
    stream = DecodedStreamObject()
    stream.set_data(operation * (stream_bytes // len(operation)))
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    first = writer.add_blank_page(width=612, height=792)
    first.replace_contents(stream.flate_encode())
    for page in [first, *(writer.add_blank_page(width=612, height=792) for _ in range(pages - 1))]:
        page[NameObject("/Contents")] = first.raw_get("/Contents")
        page[NameObject("/Resources")] = resources
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
