"""Choosing the sentence(s) inside a passage that answer the question best."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np

from index import analyze, skeleton
from index.article import Span
from index.segment import is_fragment
from retrieval import news_words

LEXICAL_WEIGHT = 0.15
MAX_QUOTE_CHARS = 600
SENTENCES_CACHED = 8192  # sentences whose terms are kept from one question to the next (a few MB)


@dataclass(frozen=True)
class Quote:
    """A run of whole sentences and how well it answers."""

    start: int
    end: int
    score: float


def sentence_scores(text: str, sentences: list[tuple[Span, np.ndarray]], question_vector: np.ndarray,
                    question_terms: dict[str, frozenset[str]]) -> np.ndarray:
    """Similarity of each sentence to the question, plus the share of the question's terms it contains.

    question_terms maps each term to the skeletons by which it is also found (a name written in Latin
    letters found in its Arabic spelling, see index/skeleton.py), or to none.
    """
    if not sentences:
        return np.zeros(0)
    vectors = np.vstack([vector for _, vector in sentences])
    scores = vectors @ question_vector
    if question_terms:
        overlap = [term_share(question_terms, text[s.start:s.end]) for s, _ in sentences]
        scores = scores + LEXICAL_WEIGHT * np.array(overlap)
    for i, (span, _) in enumerate(sentences):
        if is_fragment(text[span.start:span.end]):
            scores[i] = -1.0
    return scores


def term_share(question_terms: dict[str, frozenset[str]], sentence: str) -> float:
    """The share of the question's terms (each with its skeletons, as for sentence_scores) found in a sentence,
    as written, by their skeletons, or — an English term — by the Arabic words of news that write it
    (retrieval/news_words.py)."""
    found = sentence_terms(sentence)
    spelt = sentence_skeletons(sentence) if any(question_terms.values()) else frozenset()
    written = _written(tuple(question_terms))
    return sum(term in found or not skeletons.isdisjoint(spelt) or (bool(arabic) and not arabic.isdisjoint(found))
               for (term, skeletons), arabic in zip(question_terms.items(), written)) / len(question_terms)


@lru_cache(maxsize=256)
def _written(terms: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The Arabic words of news that write each of a question's terms (none for an Arabic one), read once per
    question rather than once per sentence."""
    return tuple(news_words.written(term) for term in terms)


@lru_cache(maxsize=SENTENCES_CACHED)
def sentence_terms(sentence: str) -> frozenset[str]:
    """A sentence's terms; the candidates' sentences come back within a question and from one to the next."""
    return frozenset(analyze.terms(sentence))


@lru_cache(maxsize=SENTENCES_CACHED)
def sentence_skeletons(sentence: str) -> frozenset[str]:
    """The skeletons of a sentence's Arabic words, to find a name asked in Latin letters."""
    return frozenset(skeleton.of_text(sentence))


def best_quote(text: str, sentences: list[tuple[Span, np.ndarray]], scores: np.ndarray,
                max_chars: int = MAX_QUOTE_CHARS) -> Quote | None:
    """The best-scoring sentence with the sentences on either side of it, the better-scoring one first, each
    joined while the whole fits in max_chars (a fragment is never joined); scored by that best sentence.

    The answer is often beside the sentence that repeats the question's words: quoted with its neighbours
    it is shown about 8 points more often in the first five quotes, on XQuAD and on AAQAD alike
    (docs/BENCHMARKS.md, "The quote with its neighbours")."""
    if len(scores) == 0 or scores.max() < -0.5:
        return None
    best = int(np.argmax(scores))
    first = last = best
    beside = [i for i in (best - 1, best + 1) if 0 <= i < len(scores) and scores[i] > -0.5]
    for neighbour in sorted(beside, key=lambda i: -scores[i]):
        lo, hi = min(first, neighbour), max(last, neighbour)
        if sentences[hi][0].end - sentences[lo][0].start <= max_chars:
            first, last = lo, hi
    return Quote(sentences[first][0].start, sentences[last][0].end, float(scores.max()))


_CLAUSE_END = re.compile(r"[.!?؟;؛:,،…]+[\"'”’»)\]]*\s+|\n\s*")
_WORD_GAP = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
EDGE_SHARE = 3  # an edge moves inward by at most a third of the cap to reach a clause or word boundary


def capped(text: str, quote: Span, max_chars: int, terms: Iterable[str] = ()) -> Span:
    """The quote when it has at most max_chars characters; else the part of it of at most max_chars around the
    densest run of the question's terms (from its start when none occurs), cut at clause ends, else between
    words, else anywhere. Still a span of `text`: the part shown is exactly the text as kept."""
    if quote.end - quote.start <= max_chars:
        return quote
    centre = _densest(text, quote, max_chars, frozenset(terms))
    start = min(max(quote.start, centre - max_chars // 2), quote.end - max_chars)
    end = start + max_chars
    slack = max_chars // EDGE_SHARE
    if start > quote.start:
        start = _first_boundary(text, start, start + slack)
    if end < quote.end:
        end = _last_boundary(text, end - slack, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _densest(text: str, quote: Span, width: int, terms: frozenset[str]) -> int:
    """The middle of the window of `width` characters holding the most words that are question terms."""
    if not terms:
        return quote.start
    found = [word.start() for word in _WORD.finditer(text, quote.start, quote.end)
             if not terms.isdisjoint(analyze.terms(word.group()))]
    best, best_count, first = quote.start, 0, 0
    for last, position in enumerate(found):
        while position - found[first] > width:
            first += 1
        if last - first + 1 > best_count:
            best, best_count = (found[first] + position) // 2, last - first + 1
    return best


def _first_boundary(text: str, low: int, high: int) -> int:
    """The first place in text[low:high] that starts a clause, else a word, else low."""
    for boundary in (_CLAUSE_END, _WORD_GAP):
        match = boundary.search(text, low - 1, high)
        if match:
            return match.end()
    return low


def _last_boundary(text: str, low: int, high: int) -> int:
    """The last place in text[low:high] that ends a clause, else a word, else high."""
    for boundary in (_CLAUSE_END, _WORD_GAP):
        ends = [match.start() + len(match.group().rstrip()) for match in boundary.finditer(text, low, high + 1)]
        if ends:
            return ends[-1]
    return high
