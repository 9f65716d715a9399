"""PDF files: the text layer of the pages, with the document's title and author if set.

Text is taken page by page and no more is extracted once the article's length limit is
reached. The work on one PDF is bounded whatever its shape: at most `max_pdf_pages` pages,
a parsing budget for each page's drawing instructions (a page over it is skipped), and a
time limit for the whole document; each stop is recorded in the article's notes.
"""
from __future__ import annotations

import io
import time

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from index.article import Article
from index.read_text import normalise_line_ends
from index.reading import ReadLimits, Unreadable

PAGE_PARSING_WORK = 200_000  # operators and operands parsed per content stream: about 500 KB of drawing
FORMS_PER_PAGE = 100  # drawings reused by reference (form XObjects) followed on one page


class _OutOfTime(Exception):
    """The document's time limit passed while a page was being read."""


def pdf_article(data: bytes, label: str, limits: ReadLimits) -> Article:
    """One article from a PDF's text layer, pages separated by a blank line."""
    try:
        with apply_configuration(stream_parsing_work_maximum_count=PAGE_PARSING_WORK,
                                 xform_maximum_invocations_per_extraction=FORMS_PER_PAGE):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Unreadable("PDF is password-protected")
            pages, notes = _page_texts(reader, limits)
            info = reader.metadata
    except PyPdfError as error:
        raise Unreadable(f"not a readable PDF ({error})") from None
    text = normalise_line_ends("\n\n".join(pages))
    if not text:
        raise Unreadable("PDF has no text layer (scanned?)" if not notes else f"PDF gave no text ({notes[-1]})")
    return Article(
        text=text,
        title=str(info.title or "") if info else "",
        author=str(info.author or "") if info else "",
        input=label,
        notes=notes,
    )


def _page_texts(reader: PdfReader, limits: ReadLimits) -> tuple[list[str], list[str]]:
    """The non-empty text of the pages read within the limits, and notes on what was left out."""
    deadline = time.monotonic() + limits.max_pdf_seconds

    def stop_when_late(*_) -> None:
        """Called before each drawing instruction, also inside reused drawings."""
        if time.monotonic() > deadline:
            raise _OutOfTime

    texts: list[str] = []
    notes: list[str] = []
    chars = 0
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        if chars > limits.max_article_chars:
            break
        if number > limits.max_pdf_pages:
            notes.append(f"only the first {limits.max_pdf_pages:,} of {count:,} pages were read")
            break
        try:
            stop_when_late()
            text = (page.extract_text(visitor_operand_before=stop_when_late) or "").strip()
        except _OutOfTime:
            notes.append(f"reading stopped at page {number:,} of {count:,}: "
                         f"the PDF takes over {limits.max_pdf_seconds:g} s to read")
            break
        except LimitReachedError:
            notes.append(f"page {number:,} skipped: its drawing is too complex to read")
            continue
        if text:
            texts.append(text)
            chars += len(text) + 2
    return texts, notes
