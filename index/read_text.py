"""Plain-text and Markdown files in any common encoding, decoded to the text as written.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; UTF-8 damaged in a
few places (a file cut mid-letter) with those places marked U+FFFD; Windows-1256 when that
gives mostly Arabic letters; otherwise charset-normalizer's best guess. Trailing NUL padding
is dropped; other NUL bytes without a byte-order mark mean a binary file. Line ends become
"\n" and surrounding blank space goes.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from index.article import Article
from index.reading import ReadLimits, Unreadable, title_from

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ARABIC_SCRIPT_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
MOSTLY = 0.5
SAMPLE_CHARS = 20_000
DAMAGED_UTF8_SHARE = 0.01


def decode_text(data: bytes) -> str:
    """The text of a file's bytes, line ends as "\n"; Unreadable for binary or undecodable data."""
    text = normalise_line_ends(_decode(data)).strip()
    _refuse_lost_letters(text)
    return text


def normalise_line_ends(text: str) -> str:
    """Windows and old Mac line ends as "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_article(data: bytes, label: str, limits: ReadLimits) -> Article:
    """A .txt file as one article, titled by its first non-empty line (`limits` apply when it is checked)."""
    return Article(text=decode_text(data), input=label)


def markdown_article(data: bytes, label: str, limits: ReadLimits) -> Article:
    """A .md file as one article, titled by its first line without the heading marks."""
    text = decode_text(data)
    return Article(text=text, title=title_from(text.lstrip("#")), input=label)


def arabic_share(text: str) -> float:
    """The share of the text's letters that are Arabic-script letters (0 without letters)."""
    letters = _letters(text)
    return _letters("".join(ARABIC_SCRIPT_RUN.findall(text))) / letters if letters else 0.0


def _letters(text: str) -> int:
    """How many letters the text has."""
    return sum(map(str.isalpha, text))


def _refuse_lost_letters(text: str) -> None:
    """Unreadable when most letters were replaced by '?' (saved in a code page without them)."""
    sample = text[:SAMPLE_CHARS]
    if sample.count("?") > _letters(sample):
        raise Unreadable("the text's letters were lost before it was saved (they show as '?')")


def _decode(data: bytes) -> str:
    """The bytes decoded by the order in the module docstring."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise Unreadable("cannot decode text") from None
    data = data.rstrip(b"\x00")
    if b"\x00" in data:
        raise Unreadable("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore"))
    if as_utf8.count("\ufffd") <= DAMAGED_UTF8_SHARE * non_ascii:
        return as_utf8
    as_cp1256 = data.decode("cp1256")
    if arabic_share(as_cp1256[:SAMPLE_CHARS]) >= MOSTLY:
        return as_cp1256
    best = from_bytes(data).best()
    if best is None:
        _refuse_lost_letters(as_cp1256)
        raise Unreadable("cannot decode text")
    return str(best)
