"""The store's rows as plain records: an article as kept, what is derived from one, a chunk to quote; the
columns of an article's own fields and the query that reads articles back."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.article import Article, Chunk, Span, Statement


@dataclass
class StoredArticle:
    """An article as kept, with its public id and bookkeeping."""

    id: str
    article: Article
    added_at: str
    chunks: int
    copy_of: str | None = None


@dataclass
class Indexed:
    """Everything derived from one article, written together or not at all."""

    sentences: list[Span]
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    chunk_terms: list[str]
    chunk_skeletons: list[str]
    statements: list[Statement]


@dataclass
class ChunkRow:
    """A stored chunk with the article fields needed to quote it."""

    id: int
    article_rowid: int
    start: int
    end: int
    first_sentence: int
    last_sentence: int


FIELDS = "title, source, author, url, published, input, added_by, notes, text, edited"  # the article's own


def fields(article: Article) -> tuple:
    """The values of FIELDS."""
    return (article.title, article.source, article.author, article.url, article.published, article.input,
            article.added_by, "\n".join(article.notes), article.text, article.edited)


ARTICLE_QUERY = (
    "SELECT a.id, a.text, a.title, a.source, a.author, a.url, a.published, a.input, a.added_by, a.notes,"
    " a.edited, a.added_at, (SELECT count(*) FROM chunks c WHERE c.article = a.rowid),"
    " (SELECT o.id FROM articles o WHERE o.rowid = a.copy_of), a.rowid FROM articles a"
)


def stored_article(row) -> StoredArticle:
    (article_id, text, title, source, author, url, published, input_, added_by, notes, edited, added_at,
     chunks, copy_of, _rowid) = row
    article = Article(text=text, title=title, source=source, author=author, url=url, published=published,
                      input=input_, added_by=added_by, notes=notes.split("\n") if notes else [], edited=edited)
    return StoredArticle(article_id, article, added_at, chunks, copy_of)
