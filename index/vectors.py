"""The FAISS index over chunk vectors: derived from SQLite, saved atomically, kept in step."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np


@dataclass(frozen=True)
class VectorSettings:
    """Exact or approximate (HNSW) search, and for HNSW its links per node and search width."""

    kind: str = "exact"
    hnsw_neighbors: int = 32
    hnsw_search_depth: int = 512


class VectorIndex:
    """Inner-product search over normalised vectors, keyed by chunk id."""

    def __init__(self, path: Path, dim: int, settings: VectorSettings = VectorSettings()):
        self.path = path
        self.dim = dim
        self.settings = settings
        self.kind = settings.kind
        self.index = self._load() or self._empty()
        self.dirty = False
        self.lock = threading.Lock()

    def _empty(self):
        if self.kind == "hnsw":
            neighbors = self.settings.hnsw_neighbors
            inner = faiss.IndexHNSWFlat(self.dim, neighbors, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = max(40, neighbors * 2)
        else:
            inner = faiss.IndexFlatIP(self.dim)
        return faiss.IndexIDMap2(inner)

    def _load(self):
        if not self.path.exists():
            return None
        try:
            index = faiss.read_index(str(self.path))
        except RuntimeError:
            return None
        inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap2) else None
        wanted = faiss.IndexHNSWFlat if self.kind == "hnsw" else faiss.IndexFlatIP
        if inner is None or not isinstance(inner, wanted) or index.d != self.dim:
            return None
        return index

    def __len__(self) -> int:
        return self.index.ntotal

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            with self.lock:
                self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
                self.dirty = True

    def remove(self, ids: list[int]) -> None:
        """Forget chunks (an HNSW index cannot: the library rebuilds it instead)."""
        if not ids:
            return
        with self.lock:
            self.index.remove_ids(np.array(ids, dtype=np.int64))
            self.dirty = True

    def reset(self) -> None:
        with self.lock:
            self.index = self._empty()
            self.dirty = True

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and chunk ids of the k nearest chunks for each query vector (-1 pads)."""
        with self.lock:
            if self.kind == "hnsw":
                faiss.downcast_index(self.index.index).hnsw.efSearch = max(self.settings.hnsw_search_depth, k)
            return self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)

    def save(self) -> None:
        """Write to a temporary file, fsync it, then rename over the old one."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with self.lock:
            faiss.write_index(self.index, str(temporary))
            self.dirty = False
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
