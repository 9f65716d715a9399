"""What every reader shares: the limits, the unreadable-input error, and the final checks.

An article longer than `max_article_chars` is kept, cut at the last line break (or space)
before the limit, with a note saying so: what was read stays searchable and quotable, and
the user is told that the rest is missing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from index.article import Article, Rejected
from index.errors import QawlError

TITLE_CHARS = 100
FIELD_CHARS = 300  # longest title, source or author kept: they are shown with every quote
NAME_CHARS = 120  # longest file name, path or address in a label: labels are shown in messages


@dataclass(frozen=True)
class ReadLimits:
    """How much a reader accepts: per file, per article, per archive, per PDF and per web page.

    The archive limits hold for everything one input unpacks, nested archives included.
    """

    max_file_bytes: int = 20 * 2**20
    max_article_chars: int = 200_000
    url_timeout_s: float = 15.0
    max_url_bytes: int = 10 * 2**20
    max_archive_bytes: int = 500 * 2**20
    max_archive_files: int = 10_000
    max_file_items: int = 100_000
    max_pdf_pages: int = 2_000
    max_pdf_seconds: float = 15.0
    max_html_bytes: int = 2 * 2**20
    fetch_private_addresses: bool = False


class Unreadable(QawlError):
    """An input that cannot become an article; the message says why, for the user."""


def human_size(size: int) -> str:
    """A byte count as a person reads it: '63.2 MB', '50 MB', '12 KB', '300 bytes'."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def over_limit(what: str, size: int, limit: int) -> str:
    """The reason for an input over a size limit: 'file is 63.2 MB, over the 50 MB limit'."""
    return f"{what} is {human_size(size)}, over the {human_size(limit)} limit"


def title_from(text: str) -> str:
    """The first non-empty line, shortened at a word boundary to about 100 characters."""
    return shortened(next((line.strip() for line in text.splitlines() if line.strip()), ""), TITLE_CHARS)


def shortened(line: str, limit: int) -> str:
    """The line, or its words up to about `limit` characters followed by an ellipsis."""
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > 0 else limit].rstrip() + "…"


def shortened_name(name: str) -> str:
    """A file name, path or address of at most about 120 characters: its start and end around an ellipsis."""
    if len(name) <= NAME_CHARS:
        return name
    keep = NAME_CHARS // 2
    return name[:keep] + "…" + name[-keep:]


def link_note(anchor: str, url: str) -> str:
    """The note recording a link hidden behind some words of the text."""
    return f"link: {anchor.strip()} — {url}"


def checked(article: Article, limits: ReadLimits) -> Article | Rejected:
    """The article ready to store (titled, cut to the length limit), or why it cannot be."""
    text = article.text
    if not text.strip():
        return Rejected(article.input, "empty text")
    if not any(ch.isalpha() for ch in text):
        return Rejected(article.input, "no letters in text")
    notes = list(article.notes)
    if len(text) > limits.max_article_chars:
        text = _cut(text, limits.max_article_chars)
        notes.append(
            f"text cut to its first {len(text):,} of {len(article.text):,} characters "
            f"(limit {limits.max_article_chars:,})"
        )
    return replace(article, text=text, title=shortened(article.title.strip(), FIELD_CHARS) or title_from(text),
                   source=shortened(article.source, FIELD_CHARS), author=shortened(article.author, FIELD_CHARS),
                   notes=notes)


def _cut(text: str, limit: int) -> str:
    """The text up to the last line break (else space) before `limit` characters."""
    cut = text.rfind("\n", 0, limit + 1)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > 0 else limit].rstrip()
