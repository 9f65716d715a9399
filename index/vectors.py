"""The FAISS index over chunk vectors: derived from SQLite, stamped with the store state it reflects,
saved atomically, and never written over a file of a newer state."""
from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import faiss
import numpy as np

HEADER = b"qawl-vectors"  # the file: "qawl-vectors <store id> <generation>\n", then the FAISS index
MAX_HEADER = 200


@dataclass(frozen=True)
class VectorSettings:
    """Exact or approximate (HNSW) search, and for HNSW its links per node and search width."""

    kind: str = "exact"
    hnsw_neighbors: int = 32
    hnsw_search_depth: int = 512


@dataclass(frozen=True)
class StoreState:
    """Which store, after how many of its changes: what a vector index reflects."""

    store: str
    generation: int


class VectorIndex:
    """Inner-product search over normalised vectors, keyed by chunk id. `state` is the store state the
    vectors reflect: that of the file when loaded (None for a missing, unreadable or unstamped file), set by
    the library as it brings them in step."""

    def __init__(self, path: Path, dim: int, settings: VectorSettings = VectorSettings()):
        self.path = path
        self.dim = dim
        self.settings = settings
        self.kind = settings.kind
        self.state: StoreState | None = None
        self.index = self._load() or self._empty()
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
        try:
            with open(self.path, "rb") as handle:
                state = _read_header(handle)
                index = faiss.read_index(faiss.PyCallbackIOReader(handle.read))
        except (OSError, RuntimeError, ValueError):
            return None
        inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap2) else None
        wanted = faiss.IndexHNSWFlat if self.kind == "hnsw" else faiss.IndexFlatIP
        if inner is None or not isinstance(inner, wanted) or index.d != self.dim:
            return None
        self.state = state
        return index

    def __len__(self) -> int:
        return self.index.ntotal

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of chunks that are in the index."""
        with self.lock:
            return self.index.reconstruct_batch(ids.astype(np.int64))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            with self.lock:
                self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> None:
        """Forget chunks (an HNSW index cannot: it is rebuilt instead)."""
        if len(ids):
            with self.lock:
                self.index.remove_ids(ids.astype(np.int64))

    def rebuild(self, batches: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Replace every vector by the given (ids, vectors) batches; searches use the old ones meanwhile."""
        index = self._empty()
        for ids, vectors in batches:
            index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
        with self.lock:
            self.index = index

    def search(self, vectors: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores and chunk ids of the k nearest chunks for each query vector (-1 pads), among the `allowed`
        chunk ids only when given (FAISS skips the others as it searches)."""
        depth = max(self.settings.hnsw_search_depth, k)
        selector = None if allowed is None else faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
        params = None
        if selector is not None:
            params = (faiss.SearchParametersHNSW(sel=selector, efSearch=depth) if self.kind == "hnsw"
                      else faiss.SearchParameters(sel=selector))
        with self.lock:
            if self.kind == "hnsw":
                faiss.downcast_index(self.index.index).hnsw.efSearch = depth
            return self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k, params=params)

    def save(self, latest: int) -> None:
        """Write the index with its state, unless the file already reflects this state or a newer one of the
        same store (up to `latest`, the store's generation now: a file ahead of the store is of another
        history). A unique temporary file in the same folder, fsynced, is renamed over the old one; savers
        take turns under a lock file, so that the check and the rename are one step, and a temporary file
        found under it was left by a saver that died."""
        if self.state is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.path.with_name(self.path.name + ".lock")):
            on_disk = read_state(self.path)
            if (on_disk is not None and on_disk.store == self.state.store
                    and self.state.generation <= on_disk.generation <= latest):
                return
            for left in self.path.parent.glob(self.path.name + ".*.tmp"):  # a dead saver's
                left.unlink(missing_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    with self.lock:
                        handle.write(b"%s %s %d\n" % (HEADER, self.state.store.encode(), self.state.generation))
                        faiss.write_index(self.index, faiss.PyCallbackIOWriter(handle.write))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def read_state(path: Path) -> StoreState | None:
    """The store state a saved index reflects, or None (no file, or one without a state)."""
    try:
        with open(path, "rb") as handle:
            return _read_header(handle)
    except (OSError, ValueError):
        return None


def _read_header(handle) -> StoreState | None:
    """The state in a file's header, leaving the handle at the FAISS index (at the start when unstamped)."""
    if handle.read(len(HEADER)) != HEADER:
        handle.seek(0)
        return None
    store, generation = handle.readline(MAX_HEADER).split()
    return StoreState(store.decode(), int(generation))


@contextmanager
def _exclusive(lock_path: Path):
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
