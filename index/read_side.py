"""What answering a question reads from a library, as plain data keyed by public ids.

The search asks a read side for candidate passages (by vector and BM25 of terms together, or either alone, and
by the consonant skeletons of names) and then for the candidates themselves with everything needed to quote
them. `Library` is the read side over SQLite and a search index (index/search_index.py: FAISS and FTS5, or
Milvus); how a backend stores or queries its data stays inside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

import numpy as np

from index.article import Span, Statement

Ranked = list[tuple[int, float]]  # (passage id, score), best first
# Every method taking a `scope` reads only the library of that chat (its articles and everyone's, index/store.py
# `in_library`), or every article for None: candidates are restricted before they are ranked, never after.
Scope = int | None


@dataclass(frozen=True)
class Provenance:
    """Where an article came from, as shown beside a quote of it."""

    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    edited: str = ""  # when the post it was made from was last edited


@dataclass(frozen=True)
class ArticleRecord:
    """An article holding candidate passages: its whole text, its sentences (span and vector, in order),
    its attributed statements (by start), its provenance, and the outlets whose near-copies link to it."""

    id: str
    text: str
    sentences: tuple[tuple[Span, np.ndarray], ...]
    statements: tuple[Statement, ...]
    provenance: Provenance
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class PassageRecord:
    """A stored passage: its id, its article, its span of the article's text, the article's sentences
    `first_sentence` up to (not with) `last_sentence` that it holds, and its vector."""

    id: int
    article: ArticleRecord
    start: int
    end: int
    first_sentence: int
    last_sentence: int
    vector: np.ndarray

    @property
    def sentences(self) -> list[tuple[Span, np.ndarray]]:
        return list(self.article.sentences[self.first_sentence : self.last_sentence])


@dataclass(frozen=True)
class SaidRecord:
    """A statement as a speaker's profile lists it: its article's public id and provenance, the statement,
    its content as written (`text[statement.start:statement.end]` of the article), and the vector of the
    sentence the content begins in."""

    article_id: str
    statement: Statement
    content: str
    provenance: Provenance
    vector: np.ndarray


class ReadSide(Protocol):
    """A library as the search reads it; `open()` once before anything else."""

    def open(self) -> None:
        """Make the library ready to search (load and bring its indexes in step); idempotent."""

    def passage_count(self, scope: Scope = None) -> int:
        """How many passages can be found; 0 for an empty library."""

    def dense(self, vector: np.ndarray, depth: int, scope: Scope = None) -> Ranked:
        """The `depth` passages most similar to a question vector, with their similarity."""

    def lexical(self, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        """The `depth` passages best matching any of the terms (index/analyze.py terms) by BM25."""

    def hybrid(self, vector: np.ndarray, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        """The `depth` passages of `dense` and `lexical` (each `depth` deep) fused by reciprocal rank
        (index/fusion.py), with their fused score."""

    def by_names(self, skeletons: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        """The `depth` passages best matching any of the consonant skeletons (index/skeleton.py) by BM25."""

    def passages(self, ids: list[int], scope: Scope = None) -> dict[int, PassageRecord]:
        """The passages of these ids that exist, by id; passages of one article share its record (with the
        near-copies of the scope's library in `also_in`)."""


class SpeakerSide(Protocol):
    """Who said what across a library, for speakers' profiles."""

    def speakers(self, scope: Scope = None) -> dict[str, int]:
        """Every speaker's name as stored, with how many statements it has."""

    def said_by(self, names: Iterable[str], limit: int, scope: Scope = None) -> list[SaidRecord]:
        """Up to `limit` statements of speakers of these names, their articles' newest first (by `published`,
        then the last added), each article's in the order of the text."""
