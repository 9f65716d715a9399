"""SQLite, the source of truth: articles, sentences, chunks, vectors, lexical rows, statements."""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import numpy as np

from index.article import Article, Span, Statement
from index.errors import ModelMismatch, QawlError
from index.sqlite_db import Connection, Transaction
from index.store_rows import ARTICLE_QUERY, FIELDS, ChunkRow, Indexed, StoredArticle, fields, stored_article
from index.store_schema import BOOKKEEPING, COLUMNS, SCHEMA, in_library


LIBRARIES_KEPT = 64  # chats whose library's articles and chunks are kept between searches


class Store:
    """One SQLite file in WAL mode, a connection per thread; each article is one transaction.

    Every transaction that changes an article's chunks bumps the store's generation and logs the chunks it
    added or removed under it, so that a process holding a vector index can catch up with the others.
    Chunk ids are never given twice, so that a chunk id always means the same vector."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._libraries: dict[tuple[str, int], tuple[int, object]] = {}  # (what, chat) → (generation, it)
        self._libraries_lock = threading.Lock()
        self.db.executescript(SCHEMA)
        self._add_columns()
        self.db.executescript(BOOKKEEPING)

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                         factory=Connection)
            connection.database = self.path
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")  # a commit outlasts a power cut: the indexes trust it
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA busy_timeout = 30000")
            self._local.connection = connection
            self._connections.append(connection)
        return connection

    def _add_columns(self) -> None:
        """Bring a store made before some columns existed up to date (their defaults fill the rows it has)."""
        for table, column, definition in COLUMNS:
            if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        self._connections.clear()
        self._local = threading.local()

    # model identity -------------------------------------------------------
    def bind_model(self, identity: str, dim: int) -> None:
        """Record the embedding model on first use; refuse another one afterwards."""
        recorded = self.meta("model")
        if recorded is None:
            self.set_meta("model", identity)
            self.set_meta("dim", str(dim))
        elif recorded != identity or self.meta("dim") != str(dim):
            raise ModelMismatch(
                f"this library was indexed with the embedding model {recorded.split('|')[0]} "
                f"but the configured one is {identity.split('|')[0]}: run `qawl reindex` to re-embed it "
                "with the configured model, or set embedding.model back"
            )

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # writing -----------------------------------------------------------
    def add(self, article_id: str, text_hash: str, article: Article, signature: np.ndarray,
            bands: list[int], indexed: Indexed | None, copy_of_rowid: int | None) -> None:
        """Store an article and all that was derived from it, atomically."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            rowid = self.db.execute("INSERT INTO articles (id, text_hash, added_at, copy_of, signature, " + FIELDS
                                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                    (article_id, text_hash, now, copy_of_rowid, signature.astype(np.uint32).tobytes(),
                                     *fields(article))).lastrowid
            self._write_article_rows(rowid, article, bands)
            self.db.execute("INSERT INTO article_scopes (chat, article) VALUES (?, ?)", (article.scope, rowid))
            generation = self._next_generation()  # a near-copy has no passages, yet changes what its chat searches
            if indexed is not None:
                self._write_index(rowid, indexed, generation)

    def add_to_library(self, rowid: int, scope: int) -> None:
        """Put a stored article in a chat's library too (or in everyone's, scope 0), counting a change of the store
        when it was not there: what that chat searches has changed."""
        with self.transaction():
            if self.db.execute("INSERT OR IGNORE INTO article_scopes (chat, article) VALUES (?, ?)",
                               (scope, rowid)).rowcount:
                self._next_generation()

    def replace(self, rowid: int, article_id: str, text_hash: str, article: Article, signature: np.ndarray,
                bands: list[int], indexed: Indexed | None, copy_of_rowid: int | None) -> None:
        """Put an article (remade from an edited post) in place of the stored one of that row, all that was
        derived from the old text gone with it, atomically."""
        with self.transaction():
            generation = self._next_generation()
            self._drop_index(rowid, generation)
            for table in ("signature_bands", "posts"):
                self.db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
            self.db.execute("UPDATE articles SET (id, text_hash, copy_of, signature, " + FIELDS
                            + ") = (?,?,?,?,?,?,?,?,?,?,?,?,?,?) WHERE rowid = ?",
                            (article_id, text_hash, copy_of_rowid, signature.astype(np.uint32).tobytes(),
                             *fields(article), rowid))
            self._write_article_rows(rowid, article, bands)
            if indexed is not None:
                self._write_index(rowid, indexed, generation)

    def _write_article_rows(self, rowid: int, article: Article, bands: list[int]) -> None:
        """The rows beside an article's own: its signature's bands and the posts it was made from."""
        self.db.executemany("INSERT INTO signature_bands (band, article) VALUES (?, ?)",
                            [(band, rowid) for band in bands])
        self.db.executemany("INSERT OR REPLACE INTO posts (chat, message_id, article, post) VALUES (?, ?, ?, ?)",
                            [(chat, message_id, rowid, post) for chat, message_id, post in article.posts])

    def replace_index(self, rowid: int, indexed: Indexed) -> None:
        """Swap an article's derived rows for new ones (reindex)."""
        with self.transaction():
            generation = self._next_generation()
            self._drop_index(rowid, generation)
            self._write_index(rowid, indexed, generation)

    def _write_index(self, rowid: int, indexed: Indexed, generation: int) -> None:
        first = int(self.meta("last_chunk")) + 1
        chunk_ids = list(range(first, first + len(indexed.chunks)))
        self.set_meta("last_chunk", str(first + len(indexed.chunks) - 1))
        self._log_changes(generation, chunk_ids)
        self.db.executemany(
            "INSERT INTO sentences (article, ordinal, start, end, vector) VALUES (?,?,?,?,?)",
            [(rowid, i, s.start, s.end, vector.astype(np.float16).tobytes())
             for i, (s, vector) in enumerate(zip(indexed.sentences, indexed.sentence_vectors))],
        )
        for chunk_id, chunk, vector, terms, skeletons in zip(chunk_ids, indexed.chunks, indexed.chunk_vectors,
                                                             indexed.chunk_terms, indexed.chunk_skeletons):
            self.db.execute(
                "INSERT INTO chunks (id, article, start, end, first_sentence, last_sentence, vector)"
                " VALUES (?,?,?,?,?,?,?)",
                (chunk_id, rowid, chunk.start, chunk.end, chunk.first_sentence, chunk.last_sentence,
                 vector.astype(np.float32).tobytes()),
            )
            self.db.execute("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (chunk_id, terms))
            self.db.execute("INSERT INTO chunk_names (rowid, skeletons) VALUES (?, ?)", (chunk_id, skeletons))
        self.db.executemany(
            "INSERT INTO statements (article, speaker, role, cue, start, end, polarity, cites,"
            " speaker_start, speaker_end) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(rowid, s.speaker, s.role, s.cue, s.start, s.end, s.polarity, s.cites, s.speaker_start,
              s.speaker_end) for s in indexed.statements],
        )

    def _drop_index(self, rowid: int, generation: int) -> None:
        chunk_ids = [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE article = ?", (rowid,))]
        self._log_changes(generation, chunk_ids)
        for table in ("chunk_terms", "chunk_names"):
            self.db.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(i,) for i in chunk_ids])
        for table in ("chunks", "sentences", "statements"):
            self.db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))

    def _next_generation(self) -> int:
        """Within a transaction that changes chunks or what a chat searches: the store's generation, counted up,
        to log the chunks under."""
        generation = self.generation() + 1
        self.set_meta("generation", str(generation))
        return generation

    def _log_changes(self, generation: int, chunk_ids: list[int]) -> None:
        self.db.executemany("INSERT INTO chunk_changes (generation, chunk) VALUES (?, ?)",
                            [(generation, i) for i in chunk_ids])

    def delete(self, article_id: str) -> None:
        """Remove an article and everything derived from it."""
        rowid = self.rowid(article_id)
        with self.transaction():
            self._drop_index(rowid, self._next_generation())
            self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def transaction(self):
        return Transaction(self.db)

    # reading -----------------------------------------------------------
    def post_article(self, chat: int, message_id: int) -> tuple[int, list[str]] | None:
        """The row of the article made from a stored post, and the posts it was made from (as JSON, in the order
        of their messages); None for a post the store does not hold."""
        row = self.db.execute("SELECT article FROM posts WHERE chat = ? AND message_id = ?",
                              (chat, message_id)).fetchone()
        if row is None:
            return None
        posts = self.db.execute("SELECT post FROM posts WHERE article = ? ORDER BY message_id", (row[0],))
        return row[0], [post for (post,) in posts]

    def rowid(self, article_id: str, scope: int | None = None) -> int:
        """The row of an article (of the chat's library, for a scope)."""
        condition, chats = in_library("rowid", scope)
        row = self.db.execute(f"SELECT rowid FROM articles WHERE id = ? AND {condition}",
                              (article_id, *chats)).fetchone()
        if row is None:
            raise QawlError(f"no article with id {article_id}")
        return row[0]

    def by_hash(self, text_hash: str) -> StoredArticle | None:
        row = self.db.execute(f"{ARTICLE_QUERY} WHERE a.text_hash = ?", (text_hash,)).fetchone()
        return stored_article(row) if row else None

    def get(self, article_id: str, scope: int | None = None) -> StoredArticle:
        rowid = self.rowid(article_id, scope)
        return self.by_rowids([rowid])[rowid]

    def by_rowids(self, rowids: list[int]) -> dict[int, StoredArticle]:
        """Articles by their internal row ids (for search results)."""
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"{ARTICLE_QUERY} WHERE a.rowid IN ({marks})", rowids).fetchall()
        return {row[-1]: stored_article(row) for row in rows}

    def recent(self, limit: int = 20, offset: int = 0, scope: int | None = None) -> list[StoredArticle]:
        condition, chats = in_library("a.rowid", scope)
        rows = self.db.execute(f"{ARTICLE_QUERY} WHERE {condition} ORDER BY a.rowid DESC LIMIT ? OFFSET ?",
                               (*chats, limit, offset))
        return [stored_article(row) for row in rows]

    def all_articles(self):
        """Every article in the order it was added."""
        for row in self.db.execute(f"{ARTICLE_QUERY} ORDER BY a.rowid"):
            yield stored_article(row)

    def copies_of(self, rowid: int, scope: int | None = None) -> list[StoredArticle]:
        condition, chats = in_library("a.rowid", scope)
        rows = self.db.execute(f"{ARTICLE_QUERY} WHERE a.copy_of = ? AND {condition}", (rowid, *chats)).fetchall()
        return [stored_article(row) for row in rows]

    def candidates_sharing_bands(self, bands: list[int]) -> list[tuple[int, np.ndarray]]:
        """Original articles whose signature shares a band: near-copy candidates."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            "SELECT a.rowid, a.signature FROM articles a WHERE a.copy_of IS NULL AND a.rowid IN"
            f" (SELECT article FROM signature_bands WHERE band IN ({marks}))", bands)
        return [(rowid, np.frombuffer(blob, dtype=np.uint32)) for rowid, blob in rows]

    def counts(self, scope: int | None = None) -> dict:
        """How many articles, chunks, sentences and statements (of a chat's library), and when the last was added."""
        def one(select: str, column: str) -> int | str | None:
            condition, chats = in_library(column, scope)
            return self.db.execute(f"{select} WHERE {condition}", chats).fetchone()[0]
        return {
            "articles": one("SELECT count(*) FROM articles", "rowid"),
            "chunks": one("SELECT count(*) FROM chunks", "article"),
            "sentences": one("SELECT count(*) FROM sentences", "article"),
            "statements": one("SELECT count(*) FROM statements", "article"),
            "last_added": one("SELECT max(added_at) FROM articles", "rowid"),
        }

    def chunk_vectors(self, ids: list[int] | None = None, batch: int = 4096):
        """(chunk ids, vectors) in batches: of every chunk, or of the given ones that exist."""
        if ids is None:
            cursor = self.db.execute("SELECT id, vector FROM chunks ORDER BY id")
            batches = iter(lambda: cursor.fetchmany(batch), [])
        else:
            batches = (self.db.execute(f"SELECT id, vector FROM chunks WHERE id IN ({','.join('?' * len(part))})"
                                       " ORDER BY id", part).fetchall() for part in _parts(ids, batch))
        for rows in batches:
            if rows:
                yield (np.array([r[0] for r in rows], dtype=np.int64),
                       np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))

    def library_articles(self, scope: int) -> list[int]:
        """The row ids of the articles of a chat's library."""
        condition, chats = in_library("rowid", scope)
        return self._of_library("articles", scope, lambda: [
            r[0] for r in self.db.execute(f"SELECT rowid FROM articles WHERE {condition}", chats).fetchall()])

    def library_chunks(self, scope: int) -> np.ndarray:
        """The ids of the chunks of a chat's library."""
        condition, chats = in_library("article", scope)
        return self._of_library("chunks", scope, lambda: np.array(
            [r[0] for r in self.db.execute(f"SELECT id FROM chunks WHERE {condition}", chats)], dtype=np.int64))

    def _of_library(self, what: str, scope: int, read):
        """What `read` reads of a chat's library, read again only once the store's generation moved (every
        change of what a chat searches moves it); kept for the last LIBRARIES_KEPT chats asked about."""
        generation = self.generation()  # before reading: a change in between only makes it read again
        with self._libraries_lock:
            kept = self._libraries.pop((what, scope), None)
        if kept is None or kept[0] != generation:
            kept = (generation, read())
        with self._libraries_lock:
            self._libraries[(what, scope)] = kept
            while len(self._libraries) > LIBRARIES_KEPT:
                del self._libraries[next(iter(self._libraries))]
        return kept[1]

    def chunk_ids(self, among: np.ndarray | None = None) -> np.ndarray:
        """The ids of every stored chunk, or of those of the given ids that are stored."""
        if among is None:
            return np.array([r[0] for r in self.db.execute("SELECT id FROM chunks")], dtype=np.int64)
        found = [r[0] for part in _parts(among.tolist(), 4096)
                 for r in self.db.execute(f"SELECT id FROM chunks WHERE id IN ({','.join('?' * len(part))})", part)]
        return np.array(found, dtype=np.int64)

    def store_id(self) -> str:
        """A random name given to the store when it was made: vectors of another store are not its own."""
        return self.meta("store_id")

    def generation(self) -> int:
        """How many transactions have changed the store's chunks."""
        return int(self.meta("generation"))

    def changed_chunks(self, after: int, up_to: int) -> np.ndarray:
        """The chunks added or removed by the generations after `after`, up to and with `up_to`."""
        rows = self.db.execute("SELECT DISTINCT chunk FROM chunk_changes WHERE generation > ? AND generation <= ?",
                               (after, up_to))
        return np.array([r[0] for r in rows], dtype=np.int64)

    def passage_rows(self, ids: list[int], batch: int = 1024):
        """(chunk id, article rowid, start, end, vector bytes, terms, skeletons) of the given chunks that exist,
        in batches: what a search index holds of each."""
        for part in _parts(ids, batch):
            rows = self.db.execute(
                "SELECT c.id, c.article, c.start, c.end, c.vector, t.terms, coalesce(n.skeletons, '') FROM chunks c"
                " JOIN chunk_terms t ON t.rowid = c.id LEFT JOIN chunk_names n ON n.rowid = c.id"
                f" WHERE c.id IN ({','.join('?' * len(part))})", part).fetchall()
            if rows:
                yield rows

    def chunks(self, ids: list[int]) -> dict[int, ChunkRow]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, article, start, end, first_sentence, last_sentence FROM chunks WHERE id IN ({marks})",
            ids).fetchall()
        return {row[0]: ChunkRow(*row) for row in rows}

    def sentences(self, article_rowid: int, first: int, last: int) -> list[tuple[Span, np.ndarray]]:
        rows = self.db.execute(
            "SELECT start, end, vector FROM sentences WHERE article = ? AND ordinal >= ? AND ordinal < ?"
            " ORDER BY ordinal", (article_rowid, first, last)).fetchall()
        if not rows:
            return []
        vectors = np.frombuffer(b"".join(v for _, _, v in rows), dtype=np.float16).astype(np.float32)
        return [(Span(start, end), vector) for (start, end, _), vector in zip(rows, vectors.reshape(len(rows), -1))]

    def statements(self, article_rowid: int) -> list[Statement]:
        rows = self.db.execute(
            "SELECT speaker, role, cue, start, end, polarity, cites, speaker_start, speaker_end"
            " FROM statements WHERE article = ? ORDER BY start", (article_rowid,)).fetchall()
        return [Statement(*row) for row in rows]

    def lexical(self, terms: Iterable[str], limit: int, scope: int | None = None) -> list[tuple[int, float]]:
        """Chunk ids (of a chat's library) by BM25 of their terms, matching any of the given ones; higher score is
        better."""
        return self._bm25("chunk_terms", _any_of(terms), limit, scope)

    def by_names(self, skeletons: Iterable[str], limit: int, scope: int | None = None) -> list[tuple[int, float]]:
        """Chunk ids (of a chat's library) by BM25 of their words' consonant skeletons, matching any of the given
        ones; higher is better."""
        return self._bm25("chunk_names", _any_of(skeletons), limit, scope)

    def _bm25(self, table: str, query: str, limit: int, scope: int | None) -> list[tuple[int, float]]:
        """Chunk ids by BM25 in one FTS5 table for an FTS5 query, only those of a chat's library ranked."""
        if not query:
            return []
        join = "" if scope is None else f" JOIN chunks c ON c.id = {table}.rowid"
        condition, chats = in_library("c.article", scope)
        rows = self.db.execute(f"SELECT {table}.rowid, bm25({table}) FROM {table}{join} WHERE {table} MATCH ?"
                               f" AND {condition} ORDER BY bm25({table}) LIMIT ?", (query, *chats, limit)).fetchall()
        return [(rowid, -score) for rowid, score in rows]

    def chunks_without_names(self) -> list[tuple[int, str]]:
        """(chunk id, passage text) of the chunks stored before their words' skeletons were indexed."""
        return self.db.execute(
            "SELECT c.id, substr(a.text, c.start + 1, c.end - c.start) FROM chunks c"
            " JOIN articles a ON a.rowid = c.article"
            " WHERE c.id NOT IN (SELECT rowid FROM chunk_names_docsize)").fetchall()

    def add_names(self, skeletons: list[tuple[int, str]]) -> None:
        """Index the skeletons of chunks stored without them: (chunk id, skeletons) pairs. Another process
        may have indexed some meanwhile, or deleted their article: only chunks that exist are written, once."""
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO chunk_names (rowid, skeletons)"
                                " SELECT id, ? FROM chunks WHERE id = ?", [(s, i) for i, s in skeletons])


def _any_of(words: Iterable[str]) -> str:
    """An FTS5 query matching any of the words, each quoted."""
    return " OR ".join('"' + word.replace('"', "") + '"' for word in words if word.replace('"', ""))


def _parts(items: list, size: int):
    """The list in consecutive parts of at most `size` items."""
    return (items[at : at + size] for at in range(0, len(items), size))
