"""The library: adds, finds, deletes and re-embeds articles, keeping SQLite and its search index in step; the
read side (index/read_side.py) the search reads them through, and who said what (its `SpeakerSide`)."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from index import analyze, followed, nearcopy, said, segment, skeleton
from index.article import Article, Rejected, Statement
from index.additions import AddResult, Progress
from index.embed import Embedder
from index.local_index import VECTORS, LocalIndex
from index.passage_records import read_passages
from index.read_side import PassageRecord, Ranked, SaidRecord, Scope
from index.search_index import IndexFactory, SearchIndex, catch_up
from index.statements import extract_statements
from index.store import Store
from index.store_rows import Indexed, StoredArticle
from index.vectors import StoreState

DATABASE = "library.sqlite3"
CHUNK_TOKENS = 200  # model tokens a passage holds at most
REINDEX_BATCH = 32
NAMES_COMPLETE = "names_complete"  # meta key: every chunk's skeletons are indexed


@dataclass
class _Pending:
    article: Article
    article_id: str
    text_hash: str
    signature: np.ndarray
    bands: list[int]
    copy_of: int | _Pending | None  # a stored article's rowid, or an original earlier in the same batch
    indexed: Indexed | None = None


def _read(article: Article) -> _Pending | AddResult:
    """An article's hash, id and near-copy signature, or why it is refused (a text without letters)."""
    if analyze.letter_count(article.text) == 0:
        return AddResult(article.input, "rejected", reason="no letters in the text")
    text_hash = hashlib.sha256(analyze.normalize(article.text).encode()).hexdigest()
    signature = nearcopy.signature(analyze.tokens(article.text))
    return _Pending(article, text_hash[:12], text_hash, signature, nearcopy.bands(signature), None)


class Library:
    """Articles in a data folder: `library.sqlite3` (truth) and a search index derived from it (by default
    `vectors.faiss` beside it; `search_index` opens another, e.g. Milvus)."""

    def __init__(self, data_dir: Path, embedder: Embedder, chunk_tokens: int = CHUNK_TOKENS,
                 search_index: IndexFactory = LocalIndex):
        self.data_dir = Path(data_dir)
        self.embedder = embedder
        self.chunk_tokens = chunk_tokens
        self.store = Store(self.data_dir / DATABASE)
        self.search_index = search_index
        self.index: SearchIndex | None = None  # set by open()
        self._syncing = threading.RLock()

    # opening -------------------------------------------------------------
    def check_model(self) -> None:
        """Refuse to work with vectors of another model (names `qawl reindex`)."""
        self.store.bind_model(self.embedder.identity, self.embedder.dim)

    def open(self, fresh: bool = False) -> None:
        """Check the model, index the names of chunks stored without them, open the search index and bring it
        in step with SQLite (`fresh`: rebuilt from it); once: afterwards `index` is the search index. Safe from
        any thread."""
        with self._syncing:
            if self.index is not None:
                return
            self.check_model()
            self._sync_names()
            index = self.search_index(self.store, self.embedder.dim, fresh)
            try:
                catch_up(self.store, index)
                index.save(self.store.generation())
            except BaseException:
                index.close()
                raise
            self.index = index  # only once both are in step: a failure is retried at the next open

    def rebuild_index(self) -> int:
        """Write the search index anew from SQLite (`qawl reindex --index`); returns the passages it holds."""
        with self._syncing:
            if self.index is not None:
                self.index.close()
                self.index = None
            self.open(fresh=True)
            return len(self.index)

    @property
    def state(self) -> StoreState | None:
        """The store state the open search index reflects: it changes with every article added or deleted."""
        return self.index.state if self.index is not None else None

    def refresh(self) -> None:
        """Bring the open search index in step with what this or another process added or deleted since."""
        with self._syncing:
            if self.index is not None:
                catch_up(self.store, self.index)

    def _sync_names(self) -> None:
        """Index the skeletons of chunks stored before skeletons were indexed, once per store: every chunk
        added since gets them as it is stored, and the search for missing ones reads every passage."""
        if self.store.meta(NAMES_COMPLETE):
            return
        missing = self.store.chunks_without_names()
        if missing:
            self.store.add_names([(chunk_id, _skeletons(text)) for chunk_id, text in missing])
        self.store.set_meta(NAMES_COMPLETE, "1")

    def save(self) -> None:
        """Catch up with the store, then make the search index last (`vectors.faiss` written unless the file
        already reflects this state or a newer one; Milvus flushed)."""
        with self._syncing:
            if self.index is not None:
                catch_up(self.store, self.index)
                self.index.save(self.store.generation())

    def close(self) -> None:
        self.save()
        if self.index is not None:
            self.index.close()
            self.index = None
        self.store.close()

    # adding ------------------------------------------------------------
    def add(self, article: Article) -> AddResult:
        """Store one article (or say why not)."""
        return next(self.add_many([article]))

    def add_many(self, items: Iterable[Article | Rejected],
                 progress: Callable[[Progress], None] | None = None) -> Iterator[AddResult]:
        """Store articles in order, embedded in batches; each is committed, and written to the open search index
        with the rest of its batch, before its result is yielded."""
        totals = Progress(started=time.perf_counter())
        self.check_model()
        batch: list[_Pending] = []
        seen_in_batch: dict[str, _Pending] = {}
        passages = 0
        for item in items:
            totals.articles += 1
            result = self._triage(item, seen_in_batch)
            if isinstance(result, _Pending):
                batch.append(result)
                seen_in_batch[result.text_hash] = result
                passages += len(result.indexed.chunks) if result.indexed else 0
                if passages >= self.embedder.settings.ingest_passages:
                    yield from self._flush(batch, totals, progress)
                    batch, seen_in_batch, passages = [], {}, 0
            else:
                totals.duplicates += result.status == "duplicate"
                totals.rejected += result.status == "rejected"
                yield result
        yield from self._flush(batch, totals, progress)

    def replace_posts(self, items: Iterable[Article | Rejected]) -> Iterator[AddResult]:
        """Articles remade from edited posts of a followed channel, each put in place of the stored article made
        from its posts in one transaction (its new text, passages and statements in, the old ones out of search,
        the vector index brought in step), under the id of its new text; status "edited"."""
        self.check_model()
        for item in items:
            if isinstance(item, Rejected):
                yield AddResult(item.input, "rejected", reason=item.reason)
                continue
            yield self._replace(item)

    def _replace(self, article: Article) -> AddResult:
        found = self.store.post_article(*article.posts[0][:2]) if article.posts else None
        if found is None:
            return AddResult(article.input, "rejected", reason="its post is not in the library")
        rowid = found[0]
        pending = _read(article)
        if isinstance(pending, AddResult):
            return pending
        pending.copy_of = self._near_copy_of(pending.signature, pending.bands, other_than=rowid)
        rejected = self._analysed(pending)
        if rejected is not None:
            return rejected
        if pending.indexed is not None:
            self._embed([article.text], [pending.indexed])
        try:
            self.store.replace(rowid, pending.article_id, pending.text_hash, article, pending.signature,
                               pending.bands, pending.indexed, pending.copy_of)
        except sqlite3.IntegrityError:  # the new text is that of another article
            existing = self.store.by_hash(pending.text_hash)
            if existing is None:
                raise
            return AddResult(article.input, "rejected", existing.id, f"its new text is that of article {existing.id}")
        self.refresh()
        return AddResult(article.input, "edited", pending.article_id,
                         chunks=len(pending.indexed.chunks) if pending.indexed else 0, title=article.title)

    def _triage(self, item: Article | Rejected, seen_in_batch: dict[str, _Pending]) -> AddResult | _Pending:
        if isinstance(item, Rejected):
            return AddResult(item.input, "rejected", reason=item.reason)
        pending = _read(item)
        if isinstance(pending, AddResult):
            return pending
        existing = self.store.by_hash(pending.text_hash)
        if existing is not None:
            self.store.add_to_library(self.store.rowid(existing.id), item.scope)  # the same text, one article
            return AddResult(item.input, "duplicate", existing.id, _duplicate_reason(existing),
                             existing.chunks, existing.article.title, existing)
        if pending.text_hash in seen_in_batch:
            first = seen_in_batch[pending.text_hash]
            return AddResult(item.input, "duplicate", first.article_id, "the same text appears earlier in this batch")
        pending.copy_of = (self._near_copy_of(pending.signature, pending.bands)
                           or _near_copy_in(pending.signature, pending.bands, seen_in_batch.values()))
        return self._analysed(pending) or pending

    def _analysed(self, pending: _Pending) -> AddResult | None:
        """Analyse the text of an article that is no near-copy; why not, when it has no passage."""
        if pending.copy_of is None:
            pending.indexed = self._analyse(pending.article.text)
            if pending.indexed is None:
                return AddResult(pending.article.input, "rejected", reason="no passage of real text (only fragments)")
        return None

    def _analyse(self, text: str) -> Indexed | None:
        """Sentences, passages, lexical terms and statements of a text; None when it has no passage."""
        sentences = segment.split_sentences(text)
        chunks = segment.chunk(text, sentences, self.embedder.count_tokens, self.chunk_tokens)
        if not chunks:
            return None
        return Indexed(sentences=sentences, chunks=chunks, chunk_vectors=np.empty(0), sentence_vectors=np.empty(0),
                       chunk_terms=[" ".join(analyze.terms(text[c.start:c.end])) for c in chunks],
                       chunk_skeletons=[_skeletons(text[c.start:c.end]) for c in chunks],
                       statements=extract_statements(text, sentences))

    def _embed(self, texts: list[str], analysed: list[Indexed]) -> int:
        """Fill in the passage and sentence vectors of each text, in shared batches; returns texts embedded."""
        chunk_texts = [text[c.start:c.end] for text, indexed in zip(texts, analysed) for c in indexed.chunks]
        sentence_texts = [text[s.start:s.end] for text, indexed in zip(texts, analysed) for s in indexed.sentences]
        chunk_vectors = self.embedder.passages(chunk_texts)
        sentence_vectors = self.embedder.passages(sentence_texts)
        at_chunk = at_sentence = 0
        for indexed in analysed:
            indexed.chunk_vectors = chunk_vectors[at_chunk : at_chunk + len(indexed.chunks)]
            indexed.sentence_vectors = sentence_vectors[at_sentence : at_sentence + len(indexed.sentences)]
            at_chunk += len(indexed.chunks)
            at_sentence += len(indexed.sentences)
        return len(chunk_texts) + len(sentence_texts)

    def _near_copy_of(self, signature: np.ndarray, bands: list[int], other_than: int | None = None) -> int | None:
        best, best_rowid = 0.0, None
        for rowid, other in self.store.candidates_sharing_bands(bands):
            if rowid == other_than:
                continue
            score = nearcopy.similarity(signature, other)
            if score > best:
                best, best_rowid = score, rowid
        return best_rowid if best >= nearcopy.THRESHOLD else None

    def _flush(self, batch: list[_Pending], totals: Progress, progress) -> Iterator[AddResult]:
        texts = [p.article.text for p in batch if p.indexed]
        if texts:
            started = time.perf_counter()
            totals.texts_embedded += self._embed(texts, [p.indexed for p in batch if p.indexed])
            totals.embed_seconds += time.perf_counter() - started
        results = []
        for pending in batch:
            if isinstance(pending.copy_of, _Pending):
                pending.copy_of = self.store.rowid(self.store.by_hash(pending.copy_of.text_hash).id)
            try:
                self.store.add(pending.article_id, pending.text_hash, pending.article, pending.signature,
                               pending.bands, pending.indexed, pending.copy_of)
            except sqlite3.IntegrityError:
                existing = self.store.by_hash(pending.text_hash)
                if existing is None:
                    raise
                self.store.add_to_library(self.store.rowid(existing.id), pending.article.scope)
                results.append(AddResult(pending.article.input, "duplicate", existing.id, _duplicate_reason(existing),
                                         existing.chunks, existing.article.title, existing))
                continue
            chunks = len(pending.indexed.chunks) if pending.indexed else 0
            totals.added += 1
            totals.passages += chunks
            reason = None
            if pending.copy_of is not None:
                reason = f"near-copy of {self.store.by_rowids([pending.copy_of])[pending.copy_of].id}, linked, not indexed again"
            results.append(AddResult(pending.article.input, "added", pending.article_id, reason, chunks,
                                     pending.article.title))
        if batch:
            self.refresh()
        yield from results
        if progress and batch:
            progress(totals)

    # managing ----------------------------------------------------------
    def delete(self, article_id: str, scope: Scope = None) -> StoredArticle:
        """Remove an article (of a chat's library) from SQLite (its FTS5 rows too), from every library that holds
        it, and then from the open search index (any other process's catches up from the store; one not open here
        drops it when next opened)."""
        stored = self.store.get(article_id, scope)
        self.store.delete(article_id)
        self.refresh()
        return stored

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Re-segment and re-embed every original article with the configured model."""
        originals = [s for s in self.store.all_articles() if s.copy_of is None]
        for at in range(0, len(originals), REINDEX_BATCH):
            group = [(stored, self._analyse(stored.article.text)) for stored in originals[at : at + REINDEX_BATCH]]
            group = [(stored, indexed) for stored, indexed in group if indexed is not None]
            self._embed([stored.article.text for stored, _ in group], [indexed for _, indexed in group])
            for stored, indexed in group:
                self.store.replace_index(self.store.rowid(stored.id), indexed)
            if progress:
                progress(min(at + REINDEX_BATCH, len(originals)), len(originals))
        # Only now: a reindex killed half-way leaves the store refusing the new model until it is re-run.
        self.store.set_meta("model", self.embedder.identity)
        self.store.set_meta("dim", str(self.embedder.dim))
        self.rebuild_index()
        return len(originals)

    # reading: the read side of index/read_side.py, after open() ----------------------------------
    def embed_question(self, question: str) -> np.ndarray:
        """A question's vector, by the library's model."""
        return self.embedder.queries([question])[0]

    def passage_count(self, scope: Scope = None) -> int:
        return len(self.index) if scope is None else self.store.counts(scope)["chunks"]

    def dense(self, vector: np.ndarray, depth: int, scope: Scope = None) -> Ranked:
        return self.index.dense(vector, depth, scope)

    def lexical(self, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self.index.lexical(terms, depth, scope)

    def hybrid(self, vector: np.ndarray, terms: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self.index.hybrid(vector, terms, depth, scope)

    def by_names(self, skeletons: Iterable[str], depth: int, scope: Scope = None) -> Ranked:
        return self.index.by_names(skeletons, depth, scope)

    def passages(self, ids: list[int], scope: Scope = None) -> dict[int, PassageRecord]:
        return read_passages(self.store, ids, scope)

    def get(self, article_id: str, scope: Scope = None) -> StoredArticle:
        """An article (of a chat's library), or a QawlError naming the id."""
        return self.store.get(article_id, scope)

    def recent(self, limit: int = 20, offset: int = 0, scope: Scope = None) -> list[StoredArticle]:
        """Articles (of a chat's library) newest first; every one with limit -1."""
        return self.store.recent(limit, offset, scope)

    def all_articles(self) -> Iterator[StoredArticle]:
        """Every article in the order it was added."""
        return self.store.all_articles()

    def statements(self, article_id: str) -> list[Statement]:
        """The attributed statements of an article, by their start."""
        return self.store.statements(self.store.rowid(article_id))

    def speakers(self, scope: Scope = None) -> dict[str, int]:
        return said.speakers(self.store, scope)

    def said_by(self, names: Iterable[str], limit: int, scope: Scope = None) -> list[SaidRecord]:
        return said.said_by(self.store, names, limit, scope)

    def follow(self, chat: int, title: str, username: str) -> bool:
        """Follow a channel; False when it was followed already."""
        return followed.follow(self.store, chat, title, username)

    def unfollow(self, chat: int) -> bool:
        """Stop following a channel; False when it was not followed."""
        return followed.unfollow(self.store, chat)

    def follows(self, chat: int) -> bool:
        return followed.is_followed(self.store, chat)

    def posts_of(self, chat: int, message_id: int) -> list[str] | None:
        """The posts (as JSON) of the stored article made from that post of a channel, or None."""
        found = self.store.post_article(chat, message_id)
        return found[1] if found else None

    def stats(self, scope: Scope = None) -> dict:
        """Counts of the library (of a chat's), its model, and the size of the whole store and index."""
        counts = self.store.counts(scope)
        return {
            "articles": counts["articles"], "chunks": counts["chunks"], "sentences": counts["sentences"],
            "statements": counts["statements"], "model": self.embedder.settings.model,
            "dim": int(self.store.meta("dim") or 0),
            "last_added": counts["last_added"], "data_dir": str(self.data_dir),
            "store_bytes": _size(self.data_dir / DATABASE), "index_bytes": _size(self.data_dir / VECTORS),
        }


def _duplicate_reason(existing: StoredArticle) -> str:
    where = existing.article.source or existing.article.input or "an earlier input"
    return f"already have it (added {existing.added_at[:10]} from {where})"


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) if path.parent.exists() else 0


def _skeletons(text: str) -> str:
    """The consonant skeletons of a passage's Arabic words, for finding names asked in Latin letters."""
    return " ".join(sorted(skeleton.of_text(text)))


def _near_copy_in(signature: np.ndarray, bands: list[int], batch: Iterable[_Pending]) -> _Pending | None:
    """The original, not yet stored, of which an article is a near-copy, among the articles of its batch."""
    shared = set(bands)
    similar = [(nearcopy.similarity(signature, p.signature), p) for p in batch
               if p.copy_of is None and shared.intersection(p.bands)]
    best = max(similar, key=lambda item: item[0], default=(0.0, None))
    return best[1] if best[0] >= nearcopy.THRESHOLD else None
