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
