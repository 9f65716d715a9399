"""Articles made from a followed channel's posts: stored with their posts, replaced whole when a post is edited,
and the channels followed kept in the store."""
import pytest

from index import analyze
from index.article import Article
from index.library import Library
from index.posts import Post, article_from_post, from_json, recorded
from index.store import Store
from tests.fake_embedder import WordsEmbedder
from tests.test_library import OTHER, STORY, assert_in_step, chunk_ids_of

CHANNEL = -1009002
EDITED_AT = "2024-05-02T09:30:00+00:00"


def channel_post(text: str, message_id: int = 77) -> Post:
    return Post(text=text, origin_kind="channel", origin_title="أخبار ليبيا", origin_username="libyanews",
                origin_message_id=message_id, date="2024-05-01T08:00:00+00:00", signature="مراسل",
                chat_id=CHANNEL, message_id=message_id)


def of_posts(*posts: Post, edited: str = "") -> Article:
    article = article_from_post(list(posts))
    article.posts, article.edited = recorded(list(posts)), edited
    return article


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib", WordsEmbedder())
    library.open()
    yield library
    library.close()


def found_by_terms(lib: Library, text: str) -> set[int]:
    return {chunk for chunk, _ in lib.lexical(analyze.terms(text), 50)}


def test_an_edited_post_replaces_its_article_text_passages_statements_and_vectors_at_once(lib):
    first = lib.add(of_posts(channel_post(STORY)))
    old_chunks = set(chunk_ids_of(lib, first.article_id))
    old_statements = lib.statements(first.article_id)
    assert old_statements and found_by_terms(lib, "المستشفيات")
    (result,) = lib.replace_posts([of_posts(channel_post(OTHER), edited=EDITED_AT)])
    assert result.status == "edited" and result.article_id != first.article_id
    assert lib.stats()["articles"] == 1
    stored = lib.get(result.article_id)
    assert stored.article.text == OTHER and stored.article.edited == EDITED_AT
    assert stored.article.url == "https://t.me/libyanews/77" and stored.article.author == "مراسل"
    assert not found_by_terms(lib, "المستشفيات") and found_by_terms(lib, "الهلال")
    assert lib.statements(result.article_id) != old_statements
    assert_in_step(lib.index.vectors, lib)
    (passage,) = lib.passages([lib.dense(WordsEmbedder().queries([OTHER])[0], 1)[0][0]]).values()
    assert passage.article.provenance.edited == EDITED_AT and passage.article.id == result.article_id
    assert not old_chunks & set(lib.index.ids().tolist())


def test_a_failure_while_replacing_leaves_the_old_article_whole(lib, monkeypatch):
    first = lib.add(of_posts(channel_post(STORY)))
    chunks_before = lib.stats()["chunks"]

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(lib.store, "_write_index", broken)
    with pytest.raises(RuntimeError):
        list(lib.replace_posts([of_posts(channel_post(OTHER), edited=EDITED_AT)]))
    stored = lib.get(first.article_id)
    assert stored.article.text == STORY and stored.article.edited == ""
    assert lib.stats()["chunks"] == chunks_before and found_by_terms(lib, "المستشفيات")
    assert lib.posts_of(CHANNEL, 77) is not None


def test_an_album_keeps_every_post_and_an_edit_of_one_remakes_the_whole(lib):
    story, other = channel_post(STORY, 80), channel_post(OTHER, 81)
    lib.add(of_posts(story, other))
    kept = [from_json(post) for post in lib.posts_of(CHANNEL, 81)]
    assert kept == [story, other]
    edited = channel_post(OTHER.replace("الهلال", "الاتحاد"), 81)
    (result,) = lib.replace_posts([of_posts(kept[0], edited, edited=EDITED_AT)])
    text = lib.get(result.article_id).article.text
    assert text.startswith(STORY.strip()) and "الاتحاد" in text and "الهلال" not in text


def test_an_edit_of_a_post_not_in_the_library_or_to_another_articles_text_is_refused(lib):
    (missing,) = lib.replace_posts([of_posts(channel_post(OTHER, 99))])
    assert missing.status == "rejected" and "not in the library" in missing.reason
    first = lib.add(of_posts(channel_post(STORY)))
    other = lib.add(Article(OTHER, input="other.txt"))
    (same,) = lib.replace_posts([of_posts(channel_post(OTHER))])
    assert same.status == "rejected" and other.article_id in same.reason
    assert lib.get(first.article_id).article.text == STORY


def test_the_channels_followed_are_kept_in_the_store(tmp_path):
    lib = Library(tmp_path / "lib", WordsEmbedder())
    assert lib.follow(CHANNEL, "أخبار ليبيا", "libyanews") and not lib.follow(CHANNEL, "أخبار ليبيا", "libyanews")
    lib.close()
    lib = Library(tmp_path / "lib", WordsEmbedder())
    assert lib.follows(CHANNEL) and not lib.follows(-1)
    assert lib.unfollow(CHANNEL) and not lib.unfollow(CHANNEL) and not lib.follows(CHANNEL)
    lib.close()


def test_a_store_made_before_edits_were_kept_gets_the_column(tmp_path):
    lib = Library(tmp_path / "lib", WordsEmbedder())
    first = lib.add(Article(STORY, input="story.txt"))
    lib.store.db.execute("ALTER TABLE articles DROP COLUMN edited")
    lib.close()
    lib = Library(tmp_path / "lib", WordsEmbedder())
    assert lib.get(first.article_id).article.edited == ""
    assert lib.stats()["articles"] == 1
    lib.close()
    assert "edited" in {row[1] for row in Store(tmp_path / "lib" / "library.sqlite3").db.execute(
        "PRAGMA table_info(articles)")}
