"""Makers of hostile inputs, for bench/hostile.py and the tests: zips, nested zip bombs, PDFs, a server that
trickles its headers."""
from __future__ import annotations

import io
import socket
import threading
import zipfile
from typing import Callable

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


def trickling_headers() -> tuple[str, Callable[[], None]]:
    """A local server that sends its response headers one byte every 0.1 s (for about 100 s): its URL, and
    what stops it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle():
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 1000:
                if stop.wait(0.1):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def close():
        stop.set()
        listener.close()

    threading.Thread(target=trickle, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/slowly", close
