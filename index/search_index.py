"""The search index of a library: what finds passages, derived from the SQLite store and rebuilt from it.

Two implementations: `LocalIndex` (index/local_index.py: FAISS beside the store's FTS5 tables, one machine)
and `MilvusIndex` (index/milvus_index.py: a Milvus collection, embedded Lite or a server). The library
(index/library.py) keeps either in step with the store and reads candidates from it; nothing above the
library knows which one runs.
"""
from __future__ import annotations

from typing import Callable, Iterable, Protocol

import numpy as np

from index.read_side import Ranked, Scope
from index.store import Store
from index.vectors import StoreState


class SearchIndex(Protocol):
    """Passage ids found by vector, by BM25 of their terms and of their names' skeletons (`dense`, `lexical`,
    `hybrid` and `by_names` as the read side's, index/read_side.py: of one chat's library for a scope, the
    others never ranked). `state` is the store state it reflects:
    None when unknown (the library then compares it with the store id by id)."""

    state: StoreState | None

    def __len__(self) -> int:
        """How many passages it holds."""

    def ids(self) -> np.ndarray:
        """Every passage id it holds."""

    def holding(self, ids: np.ndarray) -> np.ndarray:
        """Those of the ids that it holds."""

    def mismatched(self, ids: np.ndarray) -> np.ndarray:
        """Of the ids it holds, those whose vector is not the store's."""

    def update(self, gone: np.ndarray, missing: np.ndarray) -> None:
        """Forget the `gone` passages and write the stored ones of `missing` (ids it does not hold); passages
        no longer stored are skipped."""

    def save(self, latest: int) -> None:
        """Make what it holds last beyond this process (`latest`: the store's generation now)."""

    def close(self) -> None:
        """Let go of files and connections."""

    def dense(self, vector: np.ndarray, depth: int, scope: Scope = None) -> Ranked: ...

    def lexical(self, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked: ...

    def hybrid(self, vector: np.ndarray, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked: ...

    def by_names(self, skeletons: Iterable[str], depth: int, scope: Scope = None) -> Ranked: ...


# Opens the search index of a store, for vectors of `dim` dimensions; `fresh`: empty, whatever it held before.
IndexFactory = Callable[[Store, int, bool], SearchIndex]


def catch_up(store: Store, index: SearchIndex) -> None:
    """Bring an index from the store state it reflects to the store's own: by the chunks logged as changed
    since, or, for an index of unknown or another state, by comparing every id and vector with SQLite."""
    state = StoreState(store.store_id(), store.generation())
    known = index.state
    if known is None or known.store != state.store or known.generation > state.generation:
        _compare_all(store, index)
    elif known.generation < state.generation:
        changed = store.changed_chunks(known.generation, state.generation)
        stored, indexed = store.chunk_ids(changed), index.holding(changed)
        index.update(gone=np.setdiff1d(indexed, stored), missing=np.setdiff1d(stored, indexed))
    index.state = state


def _compare_all(store: Store, index: SearchIndex) -> None:
    """Repair: passages stored but not indexed are written, indexed ones no longer stored (or with another
    vector) dropped."""
    stored, indexed = store.chunk_ids(), index.ids()
    wrong = index.mismatched(np.intersect1d(stored, indexed))
    index.update(gone=np.union1d(np.setdiff1d(indexed, stored), wrong),
                 missing=np.union1d(np.setdiff1d(stored, indexed), wrong))
