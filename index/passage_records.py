"""Passages read from the SQLite store as the plain records of index/read_side.py."""
from __future__ import annotations

from index.read_side import ArticleRecord, PassageRecord, Provenance
from index.store import Store

ALL_SENTENCES = 1 << 30


def read_passages(store: Store, ids: list[int], scope: int | None = None) -> dict[int, PassageRecord]:
    """The stored passages of these ids, by id, each with its article's record (read once per article), whose
    near-copies are those of the chat's library, for a scope."""
    if not ids:
        return {}
    rows = store.chunks(ids)
    vectors = {int(i): v for batch_ids, batch in store.chunk_vectors(list(rows)) for i, v in zip(batch_ids, batch)}
    rowids = sorted({row.article_rowid for row in rows.values()})
    articles = {rowid: _article(store, rowid, stored, scope) for rowid, stored in store.by_rowids(rowids).items()}
    return {chunk_id: PassageRecord(chunk_id, articles[row.article_rowid], row.start, row.end, row.first_sentence,
                                    row.last_sentence, vectors[chunk_id])
            for chunk_id, row in rows.items()}


def _article(store: Store, rowid: int, stored, scope: int | None) -> ArticleRecord:
    article = stored.article
    return ArticleRecord(
        id=stored.id, text=article.text, sentences=tuple(store.sentences(rowid, 0, ALL_SENTENCES)),
        statements=tuple(store.statements(rowid)),
        provenance=Provenance(article.title, article.source, article.author, article.url, article.published,
                              article.edited),
        also_in=tuple(copy.article.source or copy.article.input for copy in store.copies_of(rowid, scope)))
