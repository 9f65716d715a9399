"""Storing articles: once, atomically, searchable, removable, re-embeddable, and the same in every process."""
import json
import os
import subprocess
import sys
from functools import partial

import faiss
import numpy as np
import pytest

from index.article import Article
from index.embed import Embedder, EmbeddingSettings
from index.errors import ModelMismatch
from index.library import DATABASE, VECTORS, Library
from index.vectors import VectorIndex
from retrieval.search import Methods, Searcher
from tests.conftest import REPO, search_index
from tests.fake_embedder import WordsEmbedder

STORY = (
    "أعلنت وزارة الصحة السعودية اليوم تسجيل حالات جديدة من فيروس كورونا في مدينة الرياض.\n"
    "وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع حالة المصابين في المستشفيات.\n"
    "وأضاف أن الوزارة رفعت درجة الاستعداد في جميع المناطق لمواجهة انتشار المرض.\n"
    "ودعت الوزارة المواطنين إلى الالتزام بالإرشادات الصحية وتجنب الازدحام."
)
OTHER = (
    "فاز فريق الهلال على النصر بثلاثة أهداف مقابل هدف في مباراة الدوري.\n"
    "وسجل المهاجم هدفين في الشوط الثاني أمام جماهير غفيرة ملأت الملعب.\n"
    "وبهذا الفوز يتصدر الهلال جدول الترتيب برصيد ثلاثين نقطة."
)
THIRD = (
    "افتتح وزير النقل اليوم الطريق السريع الجديد بين جدة ومكة المكرمة.\n"
    "وقال الوزير إن الطريق يختصر زمن الرحلة إلى أقل من ساعة."
)


def qawl(data_dir, *args, env=os.environ):
    return subprocess.run([sys.executable, "-m", "bot", "--data-dir", str(data_dir), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=600, env=env)


def chunk_ids_of(library: Library, article_id: str) -> list[int]:
    rowid = library.store.rowid(article_id)
    return [r[0] for r in library.store.db.execute("SELECT id FROM chunks WHERE article = ?", (rowid,))]


def assert_in_step(vectors: VectorIndex, library: Library) -> None:
    """The vector index holds every stored chunk, each with its own vector from SQLite, and nothing else."""
    batches = list(library.store.chunk_vectors())
    ids = np.concatenate([ids for ids, _ in batches]) if batches else np.empty(0, dtype=np.int64)
    assert sorted(vectors.ids().tolist()) == sorted(ids.tolist())
    if len(ids):
        assert np.allclose(vectors.vectors(ids), np.vstack([v for _, v in batches]), atol=1e-6)


def assert_indexes_the_store(library: Library) -> None:
    """The open search index holds every stored chunk and nothing else."""
    assert sorted(library.index.ids().tolist()) == sorted(library.store.chunk_ids().tolist())


def saved_vectors(library: Library) -> VectorIndex:
    return VectorIndex(library.data_dir / VECTORS, library.embedder.dim)


@pytest.mark.slow
def test_an_article_is_stored_with_its_passages_and_found(library):
    result = library.add(Article(STORY, title="كورونا", source="سبق", input="story.txt"))
    assert result.status == "added" and result.chunks >= 1
    stored = library.get(result.article_id)
    assert stored.article.text == STORY and stored.article.source == "سبق"
    answer = Searcher(library, library.embed_question).ask("كم عدد حالات كورونا الجديدة في الرياض؟")
    assert answer.found and answer.passages[0].article_id == result.article_id
    passage = answer.passages[0]
    assert STORY[passage.start:passage.end] == passage.quote


@pytest.mark.slow
def test_the_same_text_twice_is_stored_once_and_named(library):
    first = library.add(Article(STORY, source="سبق", input="a.txt"))
    again = library.add(Article("  " + STORY.replace("الصحة", "الصحّة") + "\n", input="b.txt"))
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert "سبق" in again.reason
    assert library.stats()["articles"] == 1


@pytest.mark.slow
def test_a_near_copy_is_linked_not_indexed_again(library):
    first = library.add(Article(STORY, source="سبق", input="a.txt"))
    copy = library.add(Article(STORY + "\nالمصدر: وكالات", source="عكاظ", input="b.txt"))
    assert copy.status == "added" and copy.chunks == 0 and first.article_id in copy.reason
    answer = Searcher(library, library.embed_question).ask("ماذا قال المتحدث باسم وزارة الصحة عن المصابين؟")
    assert [p.article_id for p in answer.passages].count(first.article_id) >= 1
    assert all(p.article_id != copy.article_id for p in answer.passages)
    assert "عكاظ" in answer.passages[0].also_in


@pytest.mark.slow
def test_a_near_copy_in_the_same_batch_is_linked_to_the_first(library):
    first, copy = library.add_many([Article(STORY, source="سبق", input="a.txt"),
                                    Article(STORY + "\nالمصدر: وكالات", source="عكاظ", input="b.txt")])
    assert first.status == copy.status == "added" and first.chunks >= 1
    assert copy.chunks == 0 and first.article_id in copy.reason
    assert library.get(copy.article_id).copy_of == first.article_id


@pytest.mark.slow
def test_deleting_removes_the_article_from_every_index(library):
    story = library.add(Article(STORY, input="a.txt"))
    match = library.add(Article(OTHER, input="b.txt"))
    searcher = Searcher(library, library.embed_question)
    assert searcher.ask("من فاز في مباراة الهلال والنصر؟").passages[0].article_id == match.article_id
    library.delete(match.article_id)
    answer = searcher.ask("من فاز في مباراة الهلال والنصر؟")
    assert all(p.article_id != match.article_id for p in answer.passages)
    assert library.store.lexical(["هلال"], 10) == [] and library.store.by_names(["nsr"], 10) == []
    assert library.lexical(["هلال"], 10) == [] and library.by_names(["nsr"], 10) == []
    assert library.passage_count() == library.stats()["chunks"] == library.get(story.article_id).chunks


@pytest.mark.slow
def test_a_missing_or_stale_vector_file_is_rebuilt_from_sqlite(tmp_path, embedder):
    lib = Library(tmp_path / "lib", embedder)
    lib.add(Article(STORY, input="a.txt"))
    lib.open()
    lib.close()
    (tmp_path / "lib" / VECTORS).unlink()
    lib = Library(tmp_path / "lib", embedder)
    lib.add(Article(OTHER, input="b.txt"))
    lib.open()
    assert lib.passage_count() == lib.stats()["chunks"]
    lib.close()


@pytest.mark.slow
def test_a_name_asked_in_latin_letters_finds_its_arabic_spelling_also_in_an_older_store(tmp_path, embedder,
                                                                                         backend):
    on_backend = search_index(backend, tmp_path / "lib")
    lib = Library(tmp_path / "lib", embedder, search_index=on_backend)
    added = lib.add(Article(OTHER, input="b.txt"))
    assert [chunk for chunk, _ in lib.store.by_names(["hl"], 10)] == lib.store.chunk_ids().tolist()
    lib.store.db.execute("DELETE FROM chunk_names")  # a store from before skeletons: neither them nor the mark
    lib.store.db.execute("DELETE FROM meta WHERE key = 'names_complete'")
    lib.close()
    lib = Library(tmp_path / "lib", embedder, search_index=on_backend)
    answer = Searcher(lib, lib.embed_question).ask("How many points does Al Hilal have?")
    assert [found for found, _ in lib.by_names(["hl"], 10)] == lib.store.chunk_ids().tolist()
    assert lib.store.by_names(["hl"], 10) and answer.passages[0].article_id == added.article_id
    chunk = int(lib.store.chunk_ids()[0])
    lib.store.add_names([(chunk, "hl"), (chunk + 1000, "hl")])  # as another process back-filling at once would
    assert [found for found, _ in lib.store.by_names(["hl"], 10)] == [chunk]
    lib.close()


@pytest.mark.slow
def test_another_model_is_refused_until_reindexed(tmp_path, embedder, backend):
    on_backend = search_index(backend, tmp_path / "lib")
    lib = Library(tmp_path / "lib", embedder, search_index=on_backend)
    lib.add(Article(STORY, input="a.txt"))
    lib.open()
    lib.close()
    other = Embedder(EmbeddingSettings("builtin:multilingual-e5-small", query_prefix="", passage_prefix=""))
    other.__dict__["encoder"] = embedder.encoder
    lib = Library(tmp_path / "lib", other, search_index=on_backend)
    with pytest.raises(ModelMismatch, match="qawl reindex"):
        lib.add(Article(OTHER, input="b.txt"))
    assert lib.reindex() == 1
    assert lib.add(Article(OTHER, input="b.txt")).status == "added"
    assert Searcher(lib, lib.embed_question).ask("من فاز في مباراة الهلال والنصر؟").found
    lib.close()


def two_articles(folder):
    """An open library of two articles, and the result of adding the newest."""
    lib = Library(folder, WordsEmbedder())
    lib.open()
    lib.add(Article(STORY, input="a.txt"))
    return lib, lib.add(Article(OTHER, input="b.txt"))


def test_a_deleted_articles_chunk_ids_are_never_given_to_a_later_article(tmp_path):
    folder = tmp_path / "lib"
    lib, newest = two_articles(folder)
    deleted = chunk_ids_of(lib, newest.article_id)
    lib.delete(newest.article_id)
    lib.close()
    lib = Library(folder, WordsEmbedder())  # after a restart too
    later = lib.add(Article(THIRD, input="c.txt"))
    assert min(chunk_ids_of(lib, later.article_id)) > max(deleted)
    lib.open()
    assert_in_step(lib.index.vectors, lib)
    _, found = lib.index.vectors.search(WordsEmbedder().queries([THIRD]), 1)
    assert found[0, 0] in chunk_ids_of(lib, later.article_id)
    lib.close()


def test_an_older_store_keeps_counting_and_a_vector_file_left_stale_by_a_delete_is_corrected(tmp_path):
    folder = tmp_path / "lib"
    lib, newest = two_articles(folder)
    left_behind = lib.index.vectors.index  # what a delete that did not touch vectors.faiss left on disk
    lib.store.delete(newest.article_id)
    faiss.write_index(left_behind, str(folder / VECTORS))  # in the format from before the state was kept
    lib.store.db.execute("DELETE FROM chunk_changes")  # nor did the store keep its changes, or their count
    lib.store.db.execute("DELETE FROM meta WHERE key IN ('store_id', 'generation', 'last_chunk')")
    lib.store.close()
    lib = Library(folder, WordsEmbedder())
    later = lib.add(Article(THIRD, input="c.txt"))  # the deleted chunk ids were lost with the delete
    lib.open()
    assert_in_step(lib.index.vectors, lib)
    lib.close()
    assert_in_step(saved_vectors(lib), lib)
    lib = Library(folder, WordsEmbedder())
    deleted = chunk_ids_of(lib, later.article_id)
    lib.delete(later.article_id)
    last = lib.add(Article(THIRD + "\nوأضاف أن العمل بدأ قبل عامين.", input="d.txt"))
    assert min(chunk_ids_of(lib, last.article_id)) > max(deleted)
    lib.close()


def test_a_library_held_open_sees_what_another_process_added_and_deleted(tmp_path, backend):
    folder = tmp_path / "lib"
    on_backend = search_index(backend, folder)  # Milvus Lite: the other libraries in this process share it
    bot = Library(folder, WordsEmbedder(), search_index=on_backend)
    bot.add(Article(STORY, input="a.txt"))
    bot.open()
    ingest = Library(folder, WordsEmbedder(), search_index=on_backend)  # `qawl ingest` beside the bot
    added = ingest.add(Article(OTHER, input="b.txt"))
    ingest.open()
    ingest.close()
    bot.save()  # what the bot does every minute
    assert_indexes_the_store(bot)
    assert bot.dense(WordsEmbedder().queries([OTHER])[0], 1)[0][0] in chunk_ids_of(bot, added.article_id)
    delete = Library(folder, WordsEmbedder(), search_index=on_backend)  # `qawl delete`, not opening the index
    delete.delete(added.article_id)
    delete.close()
    bot.save()
    assert_indexes_the_store(bot)
    if backend == "local":
        assert_in_step(bot.index.vectors, bot)
        assert_in_step(saved_vectors(bot), bot)
    bot.close()


def test_the_bot_saving_never_drops_vectors_another_process_wrote(tmp_path):
    folder = tmp_path / "lib"
    bot = Library(folder, WordsEmbedder())
    bot.open()
    bot.add(Article(STORY, input="a.txt"))  # added through the bot: in its memory
    ingest = Library(folder, WordsEmbedder())
    ingest.add(Article(OTHER, input="b.txt"))
    ingest.open()
    ingest.close()
    bot.save()
    assert_in_step(saved_vectors(bot), bot)
    assert saved_vectors(bot).state.generation == bot.store.generation()
    bot.close()


def test_an_hnsw_index_held_open_follows_deletes_by_another_process(tmp_path):
    from index.local_index import LocalIndex
    from index.vectors import VectorSettings

    hnsw = partial(LocalIndex, settings=VectorSettings("hnsw"))
    folder = tmp_path / "lib"
    bot = Library(folder, WordsEmbedder(), search_index=hnsw)
    bot.add(Article(STORY, input="a.txt"))
    gone = bot.add(Article(OTHER, input="b.txt"))
    bot.open()
    other = Library(folder, WordsEmbedder(), search_index=hnsw)
    other.delete(gone.article_id)
    other.add(Article(THIRD, input="c.txt"))
    other.close()
    bot.save()
    assert_in_step(bot.index.vectors, bot)
    bot.close()


@pytest.mark.slow
def test_qawl_delete_takes_the_article_out_of_the_saved_vectors(tmp_path, embedder):
    folder = tmp_path / "lib"
    lib = Library(folder, embedder)
    lib.add(Article(STORY, input="a.txt"))
    match = lib.add(Article(OTHER, input="b.txt"))
    lib.open()
    lib.close()
    done = qawl(folder, "delete", match.article_id)
    assert done.returncode == 0, done.stderr
    lib = Library(folder, embedder)
    assert_in_step(saved_vectors(lib), lib)
    assert saved_vectors(lib).state.generation == lib.store.generation()
    lib.store.close()


@pytest.mark.slow
def test_a_running_bot_finds_what_qawl_ingest_added_beside_it(tmp_path, embedder):
    folder = tmp_path / "lib"
    bot = Library(folder, embedder)
    bot.add(Article(STORY, input="a.txt"))
    dense_only = Searcher(bot, bot.embed_question, methods=Methods(lexical=False))
    (tmp_path / "match.txt").write_text(OTHER, encoding="utf-8")
    done = qawl(folder, "ingest", "--json", str(tmp_path / "match.txt"))
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)["article_id"]
    bot.save()  # the bot's minute
    answer = dense_only.ask("من فاز في مباراة الهلال والنصر؟")
    assert answer.passages and answer.passages[0].article_id == added
    assert_in_step(saved_vectors(bot), bot)
    bot.close()


@pytest.mark.parametrize("damage", ["junk", "truncated"])
@pytest.mark.parametrize("command", [["stats"], ["list"], ["ask", "من فاز؟"], ["delete", "abc"]])
def test_a_damaged_database_is_named_in_one_line_with_what_to_do(tmp_path, damage, command):
    folder = tmp_path / "lib"
    database = folder / DATABASE
    if damage == "junk":
        folder.mkdir()
        database.write_bytes(np.random.default_rng(1).bytes(50_000))
    else:
        lib = Library(folder, WordsEmbedder())
        lib.add_many([Article(f"{STORY}\nالعدد {n} من النشرة.", input=f"{n}.txt") for n in range(40)])
        lib.close()
        size = database.stat().st_size
        with open(database, "r+b") as handle:
            handle.truncate(size // 2)
    done = qawl(folder, *command)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert f"library.sqlite3 in {folder} is not a readable SQLite database" in done.stderr
    assert "restore it from a backup, or move it away to start a new library" in done.stderr
