"""PDF files: the text layer of every page, with the document's title and author if set."""
from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from index.article import Article
from index.read_text import normalise_line_ends
from index.reading import Unreadable


def pdf_article(data: bytes, label: str) -> Article:
    """One article from a PDF's text layer, pages separated by a blank line."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except PyPdfError as error:
        raise Unreadable(f"not a readable PDF ({error})") from None
    text = normalise_line_ends("\n\n".join(page.strip() for page in pages if page.strip()))
    if not text:
        raise Unreadable("PDF has no text layer (scanned?)")
    return Article(
        text=text,
        title=str(info.title or "") if info else "",
        author=str(info.author or "") if info else "",
        input=label,
    )
