"""Sentences and passages of an article, as character offsets into its original text."""
from __future__ import annotations

import re
from typing import Callable

from index.analyze import word_count
from index.article import Chunk, Span

# A line break always ends a sentence, so sentences are looked for line by line.
_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_MARKS = ".!?؟؛…"
_CLOSERS = "\"'”’»)]}›"
_END = re.compile(f"[{re.escape(_MARKS)}]+[{re.escape(_CLOSERS)}]*")
_QUOTE = re.compile(r"[\"“”«»]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_BEFORE = re.compile(r"[\w.\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+$")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st no jr sr gen col lt sgt capt gov sen rep vs etc fig vol inc ltd co"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
    " بي تي جي جيه دي إف إس إم إن إل كيه إتش آر إيه".split()  # Latin letters spelled in Arabic: بي. بي. سي.
)
# A quote that does not close within this many characters (or on its line) does not hold sentences together.
LONGEST_QUOTE = 400


def _quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Positions (open, close) of the balanced quotes on a line; « pairs with », the others with each other."""
    pairs = []
    opened = -1
    for match in _QUOTE.finditer(text, start, end):
        char, at = match.group(), match.start()
        if opened < 0 or at - opened > LONGEST_QUOTE:
            opened = at if char != "»" else -1
        elif (char == "»") if text[opened] == "«" else (char not in "«»"):
            pairs.append((opened, at))
            opened = -1
    return pairs


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """Whether the dot closes an abbreviation or initial (د. م. J. Dr. U.S. e.g.) rather than a sentence."""
    word = _WORD_BEFORE.search(text, max(line_start, dot - 12), dot)
    if word is None:
        return False
    word = "".join(char for char in word.group() if char.isalpha() or char == ".").lstrip(".")
    return len(word) == 1 or word.lower() in _ABBREVIATIONS or bool(_INITIALISM.fullmatch(word))


def _sentence_end(
    text: str, marks: re.Match, quote: tuple[int, int] | None, line_start: int, line_end: int
) -> int:
    """Where the sentence ends at these end marks, or -1 if they end none (in a quote, a number, an abbreviation)."""
    marks_end = marks.start() + len(marks.group().rstrip(_CLOSERS))
    stop = marks.end()
    if quote and quote[0] < marks.start():
        return stop if quote[1] == marks_end else -1
    if quote and quote[0] < stop:
        stop = quote[0]
    if marks_end - marks.start() == 1 and text[marks.start()] == ".":
        if stop < line_end and (_LATIN_OR_DIGIT.match(text, stop) or text[stop] in ",،;:-/@_"):
            return -1
        if _is_abbreviation(text, marks.start(), line_start):
            return -1
    return stop


def _line_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of one stripped line text[start:end]; end marks with no letter before them end none."""
    spans = []
    quotes = _quotes(text, start, end) if _QUOTE.search(text, start, end) else []
    next_quote = 0
    sentence_start = lettered_from = start
    for marks in _END.finditer(text, start, end):
        while next_quote < len(quotes) and quotes[next_quote][1] < marks.start():
            next_quote += 1
        stop = _sentence_end(text, marks, quotes[next_quote] if next_quote < len(quotes) else None, start, end)
        if stop < 0:
            continue
        if not _LETTER.search(text, lettered_from, marks.start()):
            lettered_from = marks.start()
            continue
        spans.append(Span(sentence_start, stop))
        sentence_start = stop
        while sentence_start < end and text[sentence_start].isspace():
            sentence_start += 1
        lettered_from = sentence_start
    if sentence_start < end:
        spans.append(Span(sentence_start, end))
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentences as spans stripped of surrounding white space: text[span.start:span.end] is the sentence as written."""
    spans = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.extend(_line_sentences(text, start, end))
    return spans


# Fewer real words than this (links, e-mails and handles do not count) is a fragment: "...", "(1)", a name.
FRAGMENT_WORDS = 3
# A line this short with a dash inside is a byline or dateline: "عين اليوم – متابعات", "غزة - دنيا الوطن".
BYLINE_WORDS = 4
_DASH = re.compile(r"\S\s*[-–—]\s*\S|\sـ+\s")


def is_fragment(sentence: str) -> bool:
    """Whether a sentence is too little text to stand as a passage of its own."""
    words = word_count(sentence)
    return words < FRAGMENT_WORDS or (words <= BYLINE_WORDS and _DASH.search(sentence) is not None)


def _units(text: str, sentences: list[Span]) -> list[tuple[int, int]]:
    """Sentence ranges [first, last) that each end on a real sentence, the fragments before it attached."""
    units = []
    first = 0
    for index, span in enumerate(sentences):
        if not is_fragment(text[span.start:span.end]):
            units.append((first, index + 1))
            first = index + 1
    if units and first < len(sentences):
        units[-1] = (units[-1][0], len(sentences))
    return units


def chunk(
    text: str,
    sentences: list[Span],
    count_tokens: Callable[[str], int],
    budget: int = 200,
) -> list[Chunk]:
    """Passages of whole consecutive sentences up to `budget` tokens, each sharing one sentence with the next.

    Fragments never stand alone: they join the real sentence after them (or, at the end, before
    them); an article of fragments only has no passages. A sentence longer than the budget is a
    passage of its own. The shared sentence is left out when it would push the next passage over
    the budget. Token counts of parts are added up while that sum is within the budget (a passage
    has no more tokens than its parts); past it, the passage text itself is counted.
    """

    def tokens_of(first: int, last: int) -> int:
        return count_tokens(text[sentences[first].start:sentences[last - 1].end])

    def fits(first: int, last: int, estimate: int) -> bool:
        return estimate <= budget or tokens_of(first, last) <= budget

    units = _units(text, sentences)
    sizes = [tokens_of(first, last) for first, last in units]
    chunks: list[Chunk] = []
    unit = 0
    while unit < len(units):
        first, last = units[unit]
        size = sizes[unit]
        if chunks:
            shared = chunks[-1].last_sentence - 1
            shared_size = tokens_of(shared, shared + 1)
            if fits(shared, last, shared_size + size):
                first, size = shared, shared_size + size
        unit += 1
        while unit < len(units) and fits(first, units[unit][1], size + sizes[unit]):
            last = units[unit][1]
            size += sizes[unit]
            unit += 1
        chunks.append(Chunk(sentences[first].start, sentences[last - 1].end, first, last))
    return chunks
