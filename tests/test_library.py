"""Storing articles: once, atomically, searchable, removable, and re-embeddable."""
import pytest

from index.article import Article
from index.embed import Embedder, EmbeddingSettings
from index.errors import ModelMismatch
from index.library import VECTORS, Library
from retrieval.search import Searcher

pytestmark = pytest.mark.slow

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


def test_an_article_is_stored_with_its_passages_and_found(library):
    result = library.add(Article(STORY, title="كورونا", source="سبق", input="story.txt"))
    assert result.status == "added" and result.chunks >= 1
    stored = library.get(result.article_id)
    assert stored.article.text == STORY and stored.article.source == "سبق"
    answer = Searcher(library).ask("كم عدد حالات كورونا الجديدة في الرياض؟")
    assert answer.found and answer.passages[0].article_id == result.article_id
    passage = answer.passages[0]
    assert STORY[passage.start:passage.end] == passage.quote


def test_the_same_text_twice_is_stored_once_and_named(library):
    first = library.add(Article(STORY, source="سبق", input="a.txt"))
    again = library.add(Article("  " + STORY.replace("الصحة", "الصحّة") + "\n", input="b.txt"))
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert "سبق" in again.reason
    assert library.stats()["articles"] == 1


def test_a_near_copy_is_linked_not_indexed_again(library):
    first = library.add(Article(STORY, source="سبق", input="a.txt"))
    copy = library.add(Article(STORY + "\nالمصدر: وكالات", source="عكاظ", input="b.txt"))
    assert copy.status == "added" and copy.chunks == 0 and first.article_id in copy.reason
    answer = Searcher(library).ask("ماذا قال المتحدث باسم وزارة الصحة عن المصابين؟")
    assert [p.article_id for p in answer.passages].count(first.article_id) >= 1
    assert all(p.article_id != copy.article_id for p in answer.passages)
    assert "عكاظ" in answer.passages[0].also_in


def test_a_near_copy_in_the_same_batch_is_linked_to_the_first(library):
    first, copy = library.add_many([Article(STORY, source="سبق", input="a.txt"),
                                    Article(STORY + "\nالمصدر: وكالات", source="عكاظ", input="b.txt")])
    assert first.status == copy.status == "added" and first.chunks >= 1
    assert copy.chunks == 0 and first.article_id in copy.reason
    assert library.get(copy.article_id).copy_of == first.article_id


def test_deleting_removes_the_article_from_every_index(library):
    story = library.add(Article(STORY, input="a.txt"))
    match = library.add(Article(OTHER, input="b.txt"))
    searcher = Searcher(library)
    assert searcher.ask("من فاز في مباراة الهلال والنصر؟").passages[0].article_id == match.article_id
    library.delete(match.article_id)
    answer = searcher.ask("من فاز في مباراة الهلال والنصر؟")
    assert all(p.article_id != match.article_id for p in answer.passages)
    assert library.store.lexical('"الهلال"', 10) == [] and library.store.by_names('"nsr"', 10) == []
    assert len(library.vectors) == library.stats()["chunks"] == library.get(story.article_id).chunks


def test_a_missing_or_stale_vector_file_is_rebuilt_from_sqlite(tmp_path, embedder):
    lib = Library(tmp_path / "lib", embedder)
    lib.add(Article(STORY, input="a.txt"))
    _ = lib.vectors
    lib.close()
    (tmp_path / "lib" / VECTORS).unlink()
    lib = Library(tmp_path / "lib", embedder)
    lib.add(Article(OTHER, input="b.txt"))
    assert len(lib.vectors) == lib.stats()["chunks"]
    lib.close()


def test_a_name_asked_in_latin_letters_finds_its_arabic_spelling_also_in_an_older_store(tmp_path, embedder):
    lib = Library(tmp_path / "lib", embedder)
    added = lib.add(Article(OTHER, input="b.txt"))
    assert [chunk for chunk, _ in lib.store.by_names('"hl"', 10)] == lib.store.chunk_ids().tolist()
    lib.store.db.execute("DELETE FROM chunk_names")  # a store from before skeletons: neither them nor the mark
    lib.store.db.execute("DELETE FROM meta WHERE key = 'names_complete'")
    lib.close()
    lib = Library(tmp_path / "lib", embedder)
    answer = Searcher(lib).ask("How many points does Al Hilal have?")
    assert lib.store.by_names('"hl"', 10) and answer.passages[0].article_id == added.article_id
    chunk = int(lib.store.chunk_ids()[0])
    lib.store.add_names([(chunk, "hl"), (chunk + 1000, "hl")])  # as another process back-filling at once would
    assert [found for found, _ in lib.store.by_names('"hl"', 10)] == [chunk]
    lib.close()


def test_another_model_is_refused_until_reindexed(tmp_path, embedder):
    lib = Library(tmp_path / "lib", embedder)
    lib.add(Article(STORY, input="a.txt"))
    lib.close()
    other = Embedder(EmbeddingSettings("builtin:multilingual-e5-small", query_prefix="", passage_prefix=""))
    other.__dict__["encoder"] = embedder.encoder
    lib = Library(tmp_path / "lib", other)
    with pytest.raises(ModelMismatch, match="qawl reindex"):
        lib.add(Article(OTHER, input="b.txt"))
    assert lib.reindex() == 1
    assert lib.add(Article(OTHER, input="b.txt")).status == "added"
    assert Searcher(lib).ask("من فاز في مباراة الهلال والنصر؟").found
    lib.close()
