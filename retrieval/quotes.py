"""Choosing the sentence(s) inside a passage that answer the question best."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index import analyze, skeleton
from index.article import Span
from index.segment import is_fragment

LEXICAL_WEIGHT = 0.15
NEIGHBOUR_MARGIN = 0.01
MAX_QUOTE_CHARS = 600


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
        overlap = [_share(question_terms, text[s.start:s.end]) for s, _ in sentences]
        scores = scores + LEXICAL_WEIGHT * np.array(overlap)
    for i, (span, _) in enumerate(sentences):
        if is_fragment(text[span.start:span.end]):
            scores[i] = -1.0
    return scores


def _share(question_terms: dict[str, frozenset[str]], sentence: str) -> float:
    """The share of the question's terms found in a sentence, as written or by their skeletons."""
    found = set(analyze.terms(sentence))
    spelt = skeleton.of_text(sentence) if any(question_terms.values()) else set()
    return sum(term in found or not skeletons.isdisjoint(spelt)
               for term, skeletons in question_terms.items()) / len(question_terms)


def best_quote(text: str, sentences: list[tuple[Span, np.ndarray]], scores: np.ndarray) -> Quote | None:
    """The best sentence, joined by an adjacent one that scores nearly as well."""
    if len(scores) == 0 or scores.max() < -0.5:
        return None
    best = int(np.argmax(scores))
    first = last = best
    for neighbour in (best - 1, best + 1):
        if 0 <= neighbour < len(scores) and scores[neighbour] >= scores[best] - NEIGHBOUR_MARGIN:
            lo, hi = min(first, neighbour), max(last, neighbour)
            if sentences[hi][0].end - sentences[lo][0].start <= MAX_QUOTE_CHARS:
                first, last = lo, hi
    return Quote(sentences[first][0].start, sentences[last][0].end, float(scores[best]))
