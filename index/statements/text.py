"""Positions in an article's text: its sentences, quotations, and stretches trimmed of spaces and punctuation."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from index.article import Span

QUOTE_OPENERS = "\"“”«»"
_CLOSER_FOR = {"«": "»", "»": "«»", "“": "”“", "”": "”“", "\"": "\""}
TRIM = " \t\n.,،;؛:!؟?…-–—"
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())

# Every look around a cue is bounded, so the work per cue does not grow with the sentence: the text before a
# cue read for its subject, the text after it read for its subject and setting (a subject, a setting or a
# short quotation is far shorter), and the words read after it.
REACH = 1000


class Sentences:
    """Finds the sentence around an offset, falling back to lines when no sentences are given; a piece ending in
    `؛` goes on in the next one (`وكان X؛ القائم بأعمال السفارة، قد كشف`)."""

    def __init__(self, text: str, sentences: list[Span]):
        spans = sorted(sentences, key=lambda s: s.start) or [
            Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)
        ]
        joined: list[Span] = []
        for span in spans:
            if joined and _last_char(text, joined[-1]) == "؛":
                joined[-1] = Span(joined[-1].start, span.end)
            else:
                joined.append(span)
        self.spans = joined
        self.starts = [s.start for s in joined]
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def before(self, sentence: Span) -> Span | None:
        """The sentence before a sentence of this article, or None for the first."""
        i = bisect.bisect_left(self.starts, sentence.start)
        return self.spans[i - 1] if i > 0 else None

    def around(self, offset: int) -> Span:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        b = bisect.bisect_left(self.breaks, offset)
        line_start = self.breaks[b - 1] + 1 if b > 0 else 0
        return Span(line_start, self.breaks[b] if b < len(self.breaks) else len(self.text))


def _last_char(text: str, span: Span) -> str:
    """The last character of a span that is not a space, or "" when it has none."""
    end = strip_back(text, span.start, span.end, SPACES)
    return text[end - 1] if end > span.start else ""


def _strip_forward(text: str, start: int, end: int, chars: str) -> int:
    """Where text[start:end] begins without leading `chars`, read in pieces so a long run costs one pass."""
    while start < end:
        piece = text[start:min(end, start + 64)]
        kept = piece.lstrip(chars)
        start += len(piece) - len(kept)
        if kept:
            break
    return start


def strip_back(text: str, start: int, end: int, chars: str) -> int:
    """Where text[start:end] ends without trailing `chars`, read in pieces so a long run costs one pass."""
    while end > start:
        piece = text[max(start, end - 64):end]
        kept = piece.rstrip(chars)
        end -= len(piece) - len(kept)
        if kept:
            break
    return end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding spaces and punctuation; an enclosing pair of quotes is dropped too."""
    while True:
        start = _strip_forward(text, start, end, TRIM + SPACES)
        end = strip_back(text, start, end, TRIM + SPACES)
        if end - start <= 1 or text[start] not in QUOTE_OPENERS:
            return start, end
        closer = closing_quote(text, start, end)
        if closer < 0:
            start += 1
        elif closer == end - 1:
            start, end = start + 1, end - 1
        else:
            return start, end


def closing_quote(text: str, opener: int, limit: int) -> int:
    """Where the quotation opened at `opener` closes (not past `limit` nor its line), or -1."""
    closers = _CLOSER_FOR.get(text[opener], "")
    if not closers:
        return -1
    stops = _quote_stops(text, closers)
    i = bisect.bisect_right(stops, opener)
    if i == len(stops) or stops[i] >= limit or text[stops[i]] == "\n":
        return -1
    return stops[i]


@lru_cache(maxsize=16)
def _quote_stops(text: str, closers: str) -> list[int]:
    """Offsets of the characters that end a quotation closed by one of `closers`: those and line breaks."""
    return [m.start() for m in re.finditer(f"[{re.escape(closers)}\n]", text)]


def more_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether text[start:end] holds more than `count` words; a stretch longer than REACH is taken to."""
    return end - start > REACH or len(text[start:end].split()) > count


class Finder:
    """Where a pattern first matches in a stretch of the text, without rescanning the text for every stretch:
    the offsets it can match at are found once. The pattern must not look behind or ahead of its match."""

    def __init__(self, text: str, pattern: re.Pattern):
        self.text = text
        self.pattern = pattern
        self.starts = [m.start() for m in re.finditer(f"(?=(?:{pattern.pattern}))", text)]

    def search(self, start: int, end: int) -> re.Match | None:
        """As pattern.search(text, start, end)."""
        for i in range(bisect.bisect_left(self.starts, start), len(self.starts)):
            if self.starts[i] >= end:
                break
            found = self.pattern.match(self.text, self.starts[i], end)
            if found:
                return found
        return None
