"""The plain pipeline `qawl eval` measures Qawl against; it never answers a user.

What anyone could assemble from the same parts in an afternoon: every article of the library cut
into windows of at most 3 sentences and 600 characters (no overlap; a longer sentence is cut
between words), BM25 over the same light-stemmed terms as Qawl's lexical index, exact e5 search
over the windows' own vectors, and the two fused by reciprocal rank — no rerank, no quote: the
window is the answer. Windows of fewer than 3 real words are left out (a "." window is near every
English question). Window vectors are kept in a cache file keyed by each window's text and the
model, so that a second run embeds only windows it has not seen.
"""
from __future__ import annotations

import hashlib
import math
import os
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from index import analyze
from index.article import Span
from index.segment import is_fragment, split_sentences
from index.fusion import reciprocal_rank

MAX_SENTENCES = 3
MAX_CHARS = 600
DEPTH = 100  # candidates of each list that the fusion sees, as in Qawl
METHODS = ("bm25", "dense", "rrf")
BM25_K1 = 1.2
BM25_B = 0.75
EMBED_BATCH = 2048  # windows embedded between two saves of the cache


def windows(text: str, max_sentences: int = MAX_SENTENCES, max_chars: int = MAX_CHARS) -> list[Span]:
    """Consecutive runs of up to `max_sentences` sentences of at most `max_chars` characters; a longer
    sentence is cut into pieces of at most `max_chars` between words."""
    sentences = split_sentences(text)
    out, i = [], 0
    while i < len(sentences):
        start, last = sentences[i].start, i
        while (last + 1 < len(sentences) and last + 1 - i < max_sentences
               and sentences[last + 1].end - start <= max_chars):
            last += 1
        if sentences[last].end - start > max_chars:
            out.extend(_pieces(text, sentences[i], max_chars))
        else:
            out.append(Span(start, sentences[last].end))
        i = last + 1
    return [span for span in out if not is_fragment(text[span.start:span.end])]


def _pieces(text: str, span: Span, max_chars: int) -> list[Span]:
    """A span cut into parts of at most max_chars, at the last white space of each part when it has one."""
    out, start = [], span.start
    while span.end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        cut = cut if cut > start else start + max_chars
        out.append(Span(start, cut))
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    if start < span.end:
        out.append(Span(start, span.end))
    return out


class BM25:
    """Okapi BM25 over term lists, in memory."""

    def __init__(self, documents: Iterable[list[str]], k1: float = BM25_K1, b: float = BM25_B):
        postings: dict[str, tuple[list[int], list[int]]] = {}
        lengths = []
        for number, terms in enumerate(documents):
            lengths.append(len(terms))
            for term, count in Counter(terms).items():
                docs, counts = postings.setdefault(term, ([], []))
                docs.append(number)
                counts.append(count)
        self.size = len(lengths)
        lengths = np.array(lengths, dtype=np.float32)
        norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()) if self.size else 1.0, 1e-9))
        self.weights = {}
        for term, (docs, counts) in postings.items():
            docs_array, tf = np.array(docs), np.array(counts, dtype=np.float32)
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            self.weights[term] = (docs_array, idf * tf * (k1 + 1) / (tf + norm[docs_array]))

    def search(self, terms: Iterable[str], depth: int) -> list[tuple[int, float]]:
        """The best `depth` documents holding any of the terms, best first."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term in dict.fromkeys(terms):
            if term in self.weights:
                docs, weight = self.weights[term]
                scores[docs] += weight
        return _top(scores, depth, positive=True)


def _top(scores: np.ndarray, depth: int, positive: bool = False) -> list[tuple[int, float]]:
    """The indices of the `depth` highest scores (only those above zero when `positive`), best first."""
    if positive:
        candidates = np.flatnonzero(scores > 0)
    else:
        candidates = np.arange(len(scores))
    if len(candidates) > depth:
        candidates = candidates[np.argpartition(-scores[candidates], depth - 1)[:depth]]
    ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
    return [(int(i), float(scores[i])) for i in ordered]


class PlainPipeline:
    """Windows of a set of texts, searchable by BM25, by e5, and by both fused."""

    def __init__(self, texts: Iterable[str], embed_passages: Callable[[list[str]], np.ndarray], cache: Path,
                 model: str, announce=print):
        self.windows = [text[span.start:span.end] for text in texts for span in windows(text)]
        self.bm25 = BM25(analyze.terms(window) for window in self.windows)
        self.vectors = cached_vectors(self.windows, embed_passages, cache, model, announce)

    def ranked(self, method: str, question: str, vector: np.ndarray, depth: int) -> list[int]:
        """The first `depth` windows for a question by one method, as indices into `windows`."""
        lists = []
        if method in ("bm25", "rrf"):
            lists.append(self.bm25.search(analyze.terms(question), DEPTH))
        if method in ("dense", "rrf"):
            lists.append(_top(self.vectors @ vector, DEPTH))
        return [i for i, _ in reciprocal_rank(lists, [1.0] * len(lists), depth)]


def cached_vectors(texts: list[str], embed: Callable[[list[str]], np.ndarray], cache: Path, model: str,
                   announce=print) -> np.ndarray:
    """Vectors of the texts, from the cache file where it holds them for this model; the others embedded and
    added to it, saving after each batch so that an interrupted run keeps what it embedded."""
    keys = [hashlib.sha1(text.encode("utf-8")).hexdigest() for text in texts]
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as stored:
            if str(stored["model"]) == model:
                known = dict(zip(stored["keys"].tolist(), stored["vectors"]))
    missing = list({key: text for key, text in zip(keys, texts) if key not in known}.items())
    for at in range(0, len(missing), EMBED_BATCH):
        batch = missing[at:at + EMBED_BATCH]
        known.update(zip([key for key, _ in batch], embed([text for _, text in batch])))
        _save(cache, model, known)
        announce(f"plain pipeline: embedded {min(at + EMBED_BATCH, len(missing))} of {len(missing)} new windows")
    return np.vstack([known[key] for key in keys]) if keys else np.zeros((0, 1), dtype=np.float32)


def _save(cache: Path, model: str, vectors: dict[str, np.ndarray]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(cache.name + ".partial.npz")
    np.savez(partial, model=np.array(model), keys=np.array(list(vectors)),
             vectors=np.vstack(list(vectors.values())))
    os.replace(partial, cache)
