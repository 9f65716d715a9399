"""Libraries kept apart in one store: each chat's articles (with everyone's) are the only candidates of its
searches, listings, counts and profiles, restricted before anything is ranked."""
import pytest

from index import analyze
from index.article import Article
from index.library import Library
from index.store import Store
from tests.conftest import search_index
from tests.fake_embedder import WordsEmbedder
from tests.test_library import OTHER, STORY, THIRD

GROUP_A, GROUP_B = -100501, -100502
# Group A's article on the ministry of health, and group B's that shares fewer of its words.
B_STORY = "وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع حالة المصابين في مدينة الدمام."


@pytest.fixture
def lib(tmp_path, backend):
    """The three articles in one store, searched by each search index in turn."""
    library = Library(tmp_path / "lib", WordsEmbedder(), search_index=search_index(backend, tmp_path / "lib"))
    library.add(Article(STORY, input="a.txt", scope=GROUP_A))
    library.add(Article(B_STORY, input="b.txt", scope=GROUP_B))
    library.add(Article(THIRD, input="cli.txt"))  # from the command line: everyone's
    library.open()
    yield library
    library.close()


def articles_of(lib: Library, ranked) -> set[str]:
    return {record.article.id for record in lib.passages([i for i, _ in ranked]).values()}


def ids(lib: Library, scope) -> set[str]:
    return {stored.id for stored in lib.recent(-1, 0, scope)}


def test_the_nearest_passage_of_a_chats_library_is_found_even_when_other_chats_hold_nearer_ones(lib):
    question, terms = WordsEmbedder().queries([STORY])[0], analyze.terms(STORY)
    (a_article,) = ids(lib, GROUP_A) - ids(lib, -1)
    (b_article,) = ids(lib, GROUP_B) - ids(lib, -1)
    assert articles_of(lib, lib.dense(question, 1)) == articles_of(lib, lib.lexical(terms, 1)) == {a_article}
    assert articles_of(lib, lib.dense(question, 1, GROUP_B)) == {b_article}, "not A's, filtered out afterwards"
    assert articles_of(lib, lib.lexical(terms, 1, GROUP_B)) == {b_article}
    assert articles_of(lib, lib.dense(question, 10, GROUP_B)) == ids(lib, GROUP_B)


def test_listings_counts_and_lookups_keep_to_the_chats_library_with_everyones(lib):
    everyones = ids(lib, -1)  # a chat that added nothing sees only what is everyone's
    assert len(everyones) == 1 and lib.stats(-1)["articles"] == 1
    assert len(ids(lib, GROUP_A)) == 2 and lib.stats(GROUP_A)["articles"] == 2
    assert ids(lib, GROUP_B) == everyones | {lib.recent(1, 1)[0].id} and lib.stats(GROUP_B)["chunks"] == 2
    assert lib.stats()["articles"] == 3 and ids(lib, None) == ids(lib, GROUP_A) | ids(lib, GROUP_B)
    a_article = next(iter(ids(lib, GROUP_A) - everyones))
    with pytest.raises(Exception, match="no article with id"):
        lib.get(a_article, GROUP_B)
    with pytest.raises(Exception, match="no article with id"):
        lib.delete(a_article, GROUP_B)
    assert lib.get(a_article, GROUP_A).id == a_article and lib.passage_count(-1) == lib.stats(-1)["chunks"]


def test_the_same_text_added_in_another_chat_is_one_article_in_both_libraries(lib):
    again = lib.add(Article(B_STORY, input="again.txt", scope=GROUP_A))
    assert again.status == "duplicate" and again.article_id in ids(lib, GROUP_A) & ids(lib, GROUP_B)
    assert lib.stats()["articles"] == 3


def test_a_near_copy_added_in_a_chat_makes_its_original_searchable_there(lib):
    copy = lib.add(Article(OTHER, input="original.txt", scope=GROUP_A))
    before = lib.state
    near = lib.add(Article(OTHER + "\nوانتهت المباراة وسط احتفالات الجماهير.", input="copy.txt", scope=GROUP_B))
    assert near.reason and "near-copy" in near.reason
    assert lib.state != before, "answers kept for the library's state (inline mode) are not reused"
    question = WordsEmbedder().queries([OTHER])[0]
    assert copy.article_id in articles_of(lib, lib.dense(question, 1, GROUP_B))
    (record,) = lib.passages([lib.dense(question, 1, GROUP_A)[0][0]], GROUP_A).values()
    assert record.article.also_in == (), "group B's copy is not named in group A"


def test_an_article_another_process_adds_to_a_chats_library_is_searched_there_at_once(lib):
    question = WordsEmbedder().queries([OTHER])[0]
    assert articles_of(lib, lib.dense(question, 10, GROUP_B)) == ids(lib, GROUP_B)  # the chat's library as read
    other = Library(lib.data_dir, WordsEmbedder())  # another process: it writes SQLite, not the index
    added = other.add(Article(OTHER, input="later.txt", scope=GROUP_B)).article_id
    other.store.close()
    lib.refresh()
    assert added in articles_of(lib, lib.dense(question, 1, GROUP_B)) and added in articles_of(
        lib, lib.lexical(analyze.terms(OTHER), 1, GROUP_B))
    assert added not in articles_of(lib, lib.dense(question, 10, GROUP_A))


def test_speakers_and_their_statements_keep_to_the_chats_library(tmp_path):
    lib = Library(tmp_path / "lib", WordsEmbedder())
    said = "وقال أحمد المسماري إن الجيش يتقدم نحو العاصمة طرابلس من ثلاثة محاور."
    lib.add(Article(said, input="a.txt", scope=GROUP_A))
    assert any("المسماري" in name for name in lib.speakers(GROUP_A)) and lib.speakers(GROUP_B) == {}
    name = next(name for name in lib.speakers() if "المسماري" in name)
    assert lib.said_by([name], 10, GROUP_B) == [] and len(lib.said_by([name], 10, GROUP_A)) == 1
    lib.close()


def test_articles_of_a_store_from_before_libraries_were_kept_apart_are_everyones(tmp_path):
    lib = Library(tmp_path / "lib", WordsEmbedder())
    first = lib.add(Article(STORY, input="story.txt", scope=GROUP_A))
    lib.store.db.execute("DROP TABLE article_scopes")
    lib.close()
    lib = Library(tmp_path / "lib", WordsEmbedder())
    assert ids(lib, GROUP_B) == {first.article_id} and lib.stats(-1)["articles"] == 1
    lib.close()
    store = Store(tmp_path / "lib" / "library.sqlite3")
    assert store.db.execute("SELECT chat FROM article_scopes").fetchall() == [(0,)]
