"""The search index on one machine: FAISS over the passage vectors (index/vectors.py, a file beside the store)
and the store's own FTS5 tables for BM25 of terms and names."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from index.fusion import reciprocal_rank
from index.read_side import Ranked, Scope
from index.store import Store
from index.vectors import VectorIndex, VectorSettings

VECTORS = "vectors.faiss"
VECTOR_TOLERANCE = 1e-6  # a vector in the index differing more from its chunk's in SQLite is not that chunk's


class LocalIndex:
    """`vectors.faiss` beside the store's file, and the store's FTS5 tables (written with each article)."""

    def __init__(self, store: Store, dim: int, fresh: bool = False, settings: VectorSettings = VectorSettings()):
        self.store = store
        path = store.path.with_name(VECTORS)
        if fresh:
            path.unlink(missing_ok=True)
        self.vectors = VectorIndex(path, dim, settings)

    @property
    def state(self):
        return self.vectors.state

    @state.setter
    def state(self, state) -> None:
        self.vectors.state = state

    def __len__(self) -> int:
        return len(self.vectors)

    def ids(self) -> np.ndarray:
        return self.vectors.ids()

    def holding(self, ids: np.ndarray) -> np.ndarray:
        return np.intersect1d(self.vectors.ids(), ids)

    def mismatched(self, ids: np.ndarray) -> np.ndarray:
        wrong = [stored[np.any(np.abs(self.vectors.vectors(stored) - vectors) > VECTOR_TOLERANCE, axis=1)]
                 for stored, vectors in self.store.chunk_vectors(ids.tolist())]
        return np.concatenate(wrong) if wrong else np.empty(0, dtype=np.int64)

    def update(self, gone: np.ndarray, missing: np.ndarray) -> None:
        """Drop chunks from the index and add stored ones; an HNSW index that must drop any is rebuilt."""
        if len(gone) and self.vectors.kind == "hnsw":
            self.vectors.rebuild(self.store.chunk_vectors())
            return
        self.vectors.remove(gone)
        for ids, vectors in self.store.chunk_vectors(missing.tolist()):
            self.vectors.add(ids, vectors)

    def save(self, latest: int) -> None:
        self.vectors.save(latest)

    def close(self) -> None:
        """Nothing to let go: the store is the library's."""

    def dense(self, vector: np.ndarray, depth: int, scope: Scope = None) -> Ranked:
        """The nearest passages; of a chat's library, FAISS searching among its chunks alone."""
        allowed = None if scope is None else self.store.library_chunks(scope)
        if allowed is not None and not len(allowed):
            return []
        scores, ids = self.vectors.search(vector[None, :], depth, allowed)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def lexical(self, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self.store.lexical(terms, depth, scope)

    def hybrid(self, vector: np.ndarray, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return reciprocal_rank([self.dense(vector, depth, scope), self.lexical(terms, depth, scope)], [1.0, 1.0],
                               depth)

    def by_names(self, skeletons: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self.store.by_names(skeletons, depth, scope)
