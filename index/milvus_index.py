"""The search index in Milvus: one collection of passages (vector, analysed terms, names' skeletons, article
and offsets), embedded Milvus Lite for a `.db` path, a Milvus server (Standalone or Distributed) for a URL.

Milvus Lite has no Arabic analyzer (only `standard` and `jieba`), so the collection is given Qawl's own analysis:
the terms and skeletons the store's FTS5 tables hold (index/analyze.py, index/skeleton.py), which the
standard analyzer only splits at spaces and punctuation (a decimal 67.3 too, as FTS5 does). BM25 runs in
Milvus as a function of each text field into a sparse field. The collection is bound to one store (its id in
the collection's properties): chunk ids are never given twice within a store, so a held id has its vector.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from index.errors import QawlError
from index.fusion import RRF_K, reciprocal_rank
from index.read_side import Ranked, Scope
from index.store import Store
from index.vectors import StoreState, VectorSettings

STORE_PROPERTY = "qawl.store"
GENERATION_PROPERTY = "qawl.generation"
LITE_LOGGER = "milvus_lite.server_manager"
ID_BATCH = 4096  # ids per query or delete
ID_WINDOW = 16384  # the most rows one query returns
MAX_TEXT_BYTES = 65535  # Milvus's longest VARCHAR


@dataclass(frozen=True)
class MilvusSettings:
    """Where the collection is: a `.db` folder (Milvus Lite, one process) or a server URL (`http://host:19530`),
    the server's token ("user:password" or an API key; none for Lite), and the collection's name."""

    uri: str = ""
    token: str = field(default="", repr=False)
    collection: str = "qawl_passages"


class MilvusIndex:
    """The passages of one store in one Milvus collection; dense HNSW (COSINE) and BM25 over terms and names."""

    def __init__(self, store: Store, dim: int, fresh: bool = False, settings: MilvusSettings = MilvusSettings(),
                 vectors: VectorSettings = VectorSettings()):
        self.store = store
        self.name = settings.collection
        self.search_depth = vectors.hnsw_search_depth
        self.uri = settings.uri
        self.client = connect(settings)
        self.state: StoreState | None = None
        self.written = False  # since the last flush
        try:
            if fresh and self.client.has_collection(self.name):
                self.client.drop_collection(self.name)
            if self.client.has_collection(self.name):
                self.state = self._recorded_state(self._check_bound(dim))
                self.client.load_collection(self.name)
            else:
                self._create(dim, vectors.hnsw_neighbors)
        except BaseException:
            self.close()
            raise

    def _create(self, dim: int, neighbors: int) -> None:
        from pymilvus import DataType, Function, FunctionType

        schema = self.client.create_schema(auto_id=False, description="Qawl passages")
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("article", DataType.INT64)
        schema.add_field("start", DataType.INT64)
        schema.add_field("end", DataType.INT64)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        indexes = self.client.prepare_index_params()
        indexes.add_index("vector", index_type="HNSW", metric_type="COSINE",
                          params={"M": neighbors, "efConstruction": max(40, neighbors * 2)})
        for text_field in ("terms", "names"):
            schema.add_field(text_field, DataType.VARCHAR, max_length=MAX_TEXT_BYTES, enable_analyzer=True)
            schema.add_field(f"{text_field}_bm25", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(Function(name=f"{text_field}_bm25", function_type=FunctionType.BM25,
                                         input_field_names=[text_field], output_field_names=[f"{text_field}_bm25"]))
            indexes.add_index(f"{text_field}_bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        self.client.create_collection(self.name, schema=schema, index_params=indexes, consistency_level="Strong",
                                      properties={STORE_PROPERTY: self.store.store_id()})

    def _check_bound(self, dim: int) -> dict:
        """Refuse a collection of another library, or of vectors of another size, naming what to do; its
        description when it is this library's."""
        described = self.client.describe_collection(self.name)
        bound = described.get("properties", {}).get(STORE_PROPERTY)
        sizes = [f.get("params", {}).get("dim") for f in described["fields"] if f["name"] == "vector"]
        if bound != self.store.store_id() or [int(s) for s in sizes] != [dim]:
            raise QawlError(f"the Milvus collection {self.name} holds the index of another library or model: set "
                            "milvus.collection to another name, or run `qawl reindex --index` to rebuild it from "
                            "this library")
        return described

    def _recorded_state(self, described: dict | None = None) -> StoreState | None:
        """The store state the collection records (from its description, read again unless given)."""
        described = described if described is not None else self.client.describe_collection(self.name)
        generation = described.get("properties", {}).get(GENERATION_PROPERTY)
        return StoreState(self.store.store_id(), int(generation)) if generation is not None else None

    def __len__(self) -> int:
        return int(self.client.query(self.name, filter="", output_fields=["count(*)"])[0]["count(*)"])

    def ids(self) -> np.ndarray:
        """Read in windows of ids up to the highest the store ever gave (a query returns at most ID_WINDOW)."""
        found = []
        for low in range(0, int(self.store.meta("last_chunk")) + 1, ID_WINDOW):
            found.extend(row["id"] for row in self.client.query(
                self.name, filter=f"id >= {low} and id < {low + ID_WINDOW}", output_fields=["id"], limit=ID_WINDOW))
        return np.array(sorted(found), dtype=np.int64)

    def holding(self, ids: np.ndarray) -> np.ndarray:
        found = [row["id"] for part in _parts(ids) for row in
                 self.client.query(self.name, filter=f"id in {part}", output_fields=["id"], limit=len(part))]
        return np.array(sorted(found), dtype=np.int64)

    def mismatched(self, ids: np.ndarray) -> np.ndarray:
        """Those held with another article or other offsets than the store's: ids given again by a store
        restored from an older copy."""
        wrong = []
        for part in _parts(ids):
            stored = {row.id: (row.article_rowid, row.start, row.end) for row in self.store.chunks(part).values()}
            wrong.extend(row["id"] for row in self.client.query(
                self.name, filter=f"id in {part}", output_fields=["id", "article", "start", "end"], limit=len(part))
                if (row["article"], row["start"], row["end"]) != stored.get(row["id"]))
        return np.array(sorted(wrong), dtype=np.int64)

    def update(self, gone: np.ndarray, missing: np.ndarray) -> None:
        for part in _parts(gone):
            self.client.delete(self.name, ids=part)
        self.written = self.written or bool(len(gone) or len(missing))
        for rows in self.store.passage_rows(missing.tolist()):
            self.client.upsert(self.name, [
                {"id": chunk_id, "article": article, "start": start, "end": end,
                 "vector": np.frombuffer(vector, dtype=np.float32).tolist(), "terms": terms, "names": names}
                for chunk_id, article, start, end, vector, terms, names in rows])

    def save(self, latest: int) -> None:
        """Flush what was written since the last save into sealed segments (Milvus keeps every write it
        acknowledged anyway, but Lite searches unflushed rows one by one, and builds their indexes on a flush),
        then record the state it reflects, unless the collection records this state or a newer one (up to
        `latest`, the store's generation now: a record ahead of the store is of another history)."""
        if self.written:
            self.client.flush(self.name)
            self.written = False
        if self.state is None:
            return
        recorded = self._recorded_state()
        if recorded is None or not self.state.generation <= recorded.generation <= latest:
            self.client.alter_collection_properties(
                self.name, properties={GENERATION_PROPERTY: str(self.state.generation)})

    def close(self) -> None:
        self.client.close()
        release(self.uri)

    def dense(self, vector: np.ndarray, depth: int, scope: Scope = None) -> Ranked:
        within = self._within(scope)
        if within is None:
            return []
        request = self._dense_request(depth)
        return self._ranked(self.client.search(self.name, data=[vector.tolist()], anns_field="vector",
                                               search_params=request["param"], limit=depth, filter=within,
                                               output_fields=["id"]))

    def lexical(self, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self._text("terms_bm25", terms, depth, scope)

    def by_names(self, skeletons: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self._text("names_bm25", skeletons, depth, scope)

    def hybrid(self, vector: np.ndarray, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        """One `hybrid_search`: dense and BM25 of the terms, fused by Milvus's RRFRanker (index/fusion.py's rule)."""
        from pymilvus import AnnSearchRequest, RRFRanker

        query, within = " ".join(terms), self._within(scope)
        if within is None:
            return []
        if not query:
            return reciprocal_rank([self.dense(vector, depth, scope)], [1.0], depth)
        requests = [AnnSearchRequest([vector.tolist()], **self._dense_request(depth), expr=within or None),
                    AnnSearchRequest([query], "terms_bm25", {}, limit=depth, expr=within or None)]
        return self._ranked(self.client.hybrid_search(self.name, requests, RRFRanker(RRF_K), limit=depth,
                                                      output_fields=["id"]))

    def _within(self, scope: Scope) -> str | None:
        """A filter to the passages of a chat's library: '' for every passage, None when that library is empty."""
        if scope is None:
            return ""
        articles = self.store.library_articles(scope)
        return f"article in {articles}" if articles else None

    def _dense_request(self, depth: int) -> dict:
        return {"anns_field": "vector", "param": {"params": {"ef": max(self.search_depth, depth)}}, "limit": depth}

    def _text(self, text_field: str, words: Iterable[str], depth: int, scope: Scope) -> Ranked:
        query, within = " ".join(words), self._within(scope)
        if not query or within is None:
            return []
        hits = self.client.search(self.name, data=[query], anns_field=text_field, limit=depth, filter=within,
                                  output_fields=["id"])
        return [(passage_id, abs(score)) for passage_id, score in self._ranked(hits)]  # Lite's BM25 is negative

    @staticmethod
    def _ranked(results) -> Ranked:
        """The hits of the one query as (id, score), best first."""
        return [(int(hit["id"]), float(hit["distance"])) for hit in results[0]]


def connect(settings: MilvusSettings):
    """A client of the configured Milvus; a Lite folder another process holds is named with what to do."""
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    lite = _is_lite(settings.uri)
    if lite:
        Path(settings.uri).parent.mkdir(parents=True, exist_ok=True)
    starting = logging.getLogger(LITE_LOGGER)
    reasons = _Reasons()
    starting.addFilter(reasons)
    try:
        client = MilvusClient(uri=settings.uri, token=settings.token)
    except MilvusException as error:
        if not lite:
            raise QawlError(f"cannot reach the Milvus server at {settings.uri} ({error.message})") from error
        raise QawlError(f"Milvus Lite cannot open {settings.uri} ({'; '.join(reasons.seen) or error.message}): Lite "
                        "serves one process per folder, and the one holding it (the bot, say) brings it in step "
                        "with the library itself; give milvus.uri a Milvus server for several processes") from error
    finally:
        starting.removeFilter(reasons)
    if lite:
        with _clients_lock:
            _lite_clients[settings.uri] = _lite_clients.get(settings.uri, 0) + 1
    return client


class _Reasons(logging.Filter):
    """Keeps why Lite could not start (which it logs with a traceback) for the one-line message instead."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            self.seen.append(str(record.exc_info[1]))
        return False


def release(uri: str) -> None:
    """After the last client of a Lite folder in this process closed: stop its server and let go of the
    folder, so that another process may open it."""
    if not _is_lite(uri):
        return
    with _clients_lock:
        _lite_clients[uri] -= 1
        if _lite_clients[uri]:
            return
        del _lite_clients[uri]
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(uri)


def _is_lite(uri: str) -> bool:
    return not uri.startswith(("http://", "https://"))


_lite_clients: dict[str, int] = {}  # open clients by Lite folder, in this process
_clients_lock = threading.Lock()


def _parts(ids: np.ndarray) -> Iterable[list[int]]:
    values = [int(i) for i in ids]
    return (values[at : at + ID_BATCH] for at in range(0, len(values), ID_BATCH))
