"""The search index in Milvus (Lite, started by the tests in their folder): written only after SQLite commits,
repaired from SQLite on open, rebuilt by `qawl reindex --index`, whole after a kill mid-ingest, and one process
per Lite folder."""
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from index.article import Article
from index.errors import QawlError
from index.library import Library
from index.milvus_index import MilvusIndex, MilvusSettings
from index.vectors import StoreState
from tests.conftest import REPO, search_index
from tests.fake_embedder import WordsEmbedder
from tests.test_library import OTHER, STORY, THIRD, assert_indexes_the_store, chunk_ids_of, qawl

MILVUS = {**os.environ, "QAWL_INDEX__BACKEND": "milvus"}


def milvus_library(folder, embedder=None) -> Library:
    return Library(folder, embedder or WordsEmbedder(), search_index=search_index("milvus", folder))


def found_first(library: Library, text: str) -> int:
    """The passage the dense search finds first for a text."""
    return library.dense(WordsEmbedder().queries([text])[0], 1)[0][0]


def test_an_article_reaches_milvus_only_once_committed_and_a_delete_follows(tmp_path):
    lib = milvus_library(tmp_path / "lib")
    lib.open()
    story = lib.add(Article(STORY, input="a.txt"))
    assert_indexes_the_store(lib)  # written right after its transaction
    closed = milvus_library(tmp_path / "lib")  # another writer that never opens the index, e.g. a worker
    other = closed.add(Article(OTHER, input="b.txt"))
    assert sorted(lib.index.ids().tolist()) == chunk_ids_of(lib, story.article_id)  # not yet: nobody wrote it
    lib.refresh()  # the holder catches up from SQLite
    assert found_first(lib, OTHER) in chunk_ids_of(lib, other.article_id)
    lib.delete(other.article_id)
    assert_indexes_the_store(lib)
    assert lib.by_names(["nsr"], 10) == [] and lib.lexical(["هلال"], 10) == []
    closed.close()
    lib.close()


def two_articles_indexed(folder):
    """A library of two articles written to its collection, closed; their results."""
    lib = milvus_library(folder)
    lib.open()
    results = lib.add(Article(STORY, input="a.txt")), lib.add(Article(OTHER, input="b.txt"))
    lib.close()
    return results


def test_opening_repairs_what_a_kill_between_sqlite_and_milvus_left(tmp_path):
    folder = tmp_path / "lib"
    kept, gone = two_articles_indexed(folder)
    lib = milvus_library(folder)  # not open: SQLite alone changes, as when killed before writing to Milvus
    lib.store.delete(gone.article_id)
    late = lib.add(Article(THIRD, input="c.txt"))
    lib.close()
    lib = milvus_library(folder)
    lib.open()
    assert_indexes_the_store(lib)
    assert found_first(lib, THIRD) in chunk_ids_of(lib, late.article_id)
    assert found_first(lib, STORY) in chunk_ids_of(lib, kept.article_id)
    lib.close()


class WithoutFullScan(MilvusIndex):
    """A collection that fails the test if it is compared with the store id by id."""

    def ids(self) -> np.ndarray:
        raise AssertionError("read every id")


def test_reopening_reads_only_the_chunks_changed_since_the_state_the_collection_records(tmp_path):
    folder = tmp_path / "lib"
    lib = milvus_library(folder)
    lib.open()
    kept = lib.add(Article(STORY, input="a.txt"))
    lib.close()
    writer = milvus_library(folder)  # adds without opening the index
    late = writer.add(Article(OTHER, input="b.txt"))
    writer.store.close()
    settings = MilvusSettings(uri=str(folder / "milvus.db"))
    lib = Library(folder, WordsEmbedder(), search_index=lambda store, dim, fresh: WithoutFullScan(
        store, dim, fresh, settings=settings))
    lib.open()
    assert found_first(lib, OTHER) in chunk_ids_of(lib, late.article_id)
    assert found_first(lib, STORY) in chunk_ids_of(lib, kept.article_id)
    lib.close()
    reopened = MilvusIndex(lib.store, WordsEmbedder().dim, settings=settings)
    assert reopened.state == StoreState(lib.store.store_id(), lib.store.generation())
    reopened.close()
    lib.store.close()


def test_a_collection_ahead_of_the_store_is_compared_id_by_id_and_rows_of_other_passages_rewritten(tmp_path):
    folder = tmp_path / "lib"
    kept, gone = two_articles_indexed(folder)
    lib = milvus_library(folder)  # not open yet
    settings = MilvusSettings(uri=str(folder / "milvus.db"))
    index = MilvusIndex(lib.store, WordsEmbedder().dim, settings=settings)
    moved = chunk_ids_of(lib, kept.article_id)[0]
    row = index.client.get(index.name, ids=[moved], output_fields=["id", "article", "end", "vector", "terms", "names"])
    index.client.upsert(index.name, [{**row[0], "start": 1}])  # the id of another passage
    index.state = StoreState(lib.store.store_id(), lib.store.generation() + 5)  # as if SQLite had lost commits
    index.save(lib.store.generation() + 5)
    index.close()
    lib.store.delete(gone.article_id)
    lib.open()
    assert_indexes_the_store(lib)
    rewritten = lib.index.client.get(lib.index.name, ids=[moved], output_fields=["start"])[0]["start"]
    assert rewritten == lib.store.chunks([moved])[moved].start != 1
    lib.close()


CHILD = """
import sys
from pathlib import Path
from index.article import Article
from tests.test_milvus import milvus_library, numbered
lib = milvus_library(Path(sys.argv[1]))
lib.open()
for result in lib.add_many(numbered(400)):
    print(result.article_id, flush=True)
"""


def numbered(count: int) -> list[Article]:
    """Articles of words of their own (made of Arabic letters, none a near-copy of another), each found by its text."""
    rng = np.random.default_rng(7)
    letters = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
    words = ["".join(rng.choice(letters, size=rng.integers(3, 8))) for _ in range(5000)]
    return [Article("\n".join(" ".join(rng.choice(words, size=12)) + "." for _ in range(4)), input=f"{n}.txt")
            for n in range(count)]


def test_a_kill_during_ingest_leaves_the_search_holding_exactly_the_committed_articles(tmp_path):
    folder = tmp_path / "lib"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    told = [child.stdout.readline() for _ in range(60)]
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert all(told) and child.returncode == -signal.SIGKILL
    lib = milvus_library(folder)
    committed = [stored.id for stored in lib.all_articles()]
    assert 60 <= len(committed) < 400  # killed mid-ingest, every article told of committed
    assert {line.strip() for line in told} <= set(committed)
    lib.open()
    assert_indexes_the_store(lib)
    for stored in lib.all_articles():
        assert found_first(lib, stored.article.text) in chunk_ids_of(lib, stored.id)
    lib.close()


HOLDER = """
import sys, time
from pathlib import Path
from tests.test_milvus import milvus_library
milvus_library(Path(sys.argv[1])).open()
print("open", flush=True)
time.sleep(120)
"""
SECOND = """
import sys
from pathlib import Path
from index.errors import QawlError
from tests.test_milvus import milvus_library
try:
    milvus_library(Path(sys.argv[1])).open()
except QawlError as error:
    print(error)
"""


def test_a_lite_folder_held_by_one_process_is_refused_in_another_with_what_to_do(tmp_path):
    folder = tmp_path / "lib"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        second = subprocess.run([sys.executable, "-c", SECOND, str(folder)], cwd=REPO, capture_output=True,
                                text=True, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 0 and "Traceback" not in second.stderr
    assert f"Milvus Lite cannot open {folder / 'milvus.db'} (another process holds the lock" in second.stdout
    assert "Lite serves one process per folder" in second.stdout and "Milvus server" in second.stdout
    lib = milvus_library(folder)  # free again once the holder is gone
    lib.open()
    lib.close()


def test_a_collection_of_another_library_is_refused_until_rebuilt(tmp_path):
    lib = milvus_library(tmp_path / "one")
    lib.add(Article(STORY, input="a.txt"))
    lib.open()
    lib.close()
    stranger = Library(tmp_path / "two", WordsEmbedder(), search_index=search_index("milvus", tmp_path / "one"))
    stranger.add(Article(OTHER, input="b.txt"))
    with pytest.raises(QawlError, match="holds the index of another library.*qawl reindex --index"):
        stranger.open()
    assert stranger.rebuild_index() == stranger.stats()["chunks"]
    assert_indexes_the_store(stranger)
    stranger.close()


@pytest.mark.slow
def test_qawl_reindex_index_rebuilds_the_collection_from_sqlite(tmp_path, embedder):
    folder = tmp_path / "lib"
    lib = milvus_library(folder, embedder)
    list(lib.add_many([Article(STORY, input="a.txt"), Article(OTHER, input="b.txt")]))
    lib.open()
    lib.index.update(gone=lib.index.ids(), missing=np.empty(0, dtype=np.int64))  # a collection emptied
    lib.close()
    done = qawl(folder, "reindex", "--index", env=MILVUS)
    assert done.returncode == 0, done.stderr
    lib = milvus_library(folder, embedder)
    assert done.stdout.strip() == f"rebuilt the milvus search index: {lib.stats()['chunks']} passages"
    done = qawl(folder, "ask", "--json", "من فاز في مباراة الهلال والنصر؟", env=MILVUS)
    assert done.returncode == 0, done.stderr
    assert '"found": true' in done.stdout and "الهلال" in done.stdout
    lib.store.close()
