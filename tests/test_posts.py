"""Turning forwarded Telegram posts, given as plain data, into articles."""
from __future__ import annotations

from dataclasses import replace

from index.article import Article, Rejected
from index.posts import Post, article_from_post

TEXT = "عاجل: حفتر يصل إلى القاهرة\nقال المتحدث باسم الجيش إن الزيارة تهدف إلى بحث تطورات معركة طرابلس."
LINK = "https://t.me/akhbar/812"
FROM_CHANNEL = Post(
    text=TEXT,
    origin_kind="channel",
    origin_title="قناة الأخبار",
    origin_username="akhbar",
    origin_message_id=812,
    date="2019-04-14T10:00:00+00:00",
    signature="مراسلنا",
    sender="سارة",
)


def channel_post(text: str = TEXT, **fields) -> Post:
    """A post forwarded from the public channel @akhbar."""
    return replace(FROM_CHANNEL, text=text, **fields)


def test_a_post_forwarded_from_a_public_channel_keeps_its_origin_and_link():
    article = article_from_post([channel_post()])
    assert article == Article(
        text=TEXT,
        title="عاجل: حفتر يصل إلى القاهرة",
        source="قناة الأخبار",
        author="مراسلنا",
        url=LINK,
        published="2019-04-14T10:00:00+00:00",
        input=LINK,
    )


def test_an_album_is_one_article_joined_in_order():
    album = [channel_post("الصورة الأولى: وصول الوفد"), channel_post(""), channel_post("الصورة الثالثة")]
    article = article_from_post(album)
    assert article.text == "الصورة الأولى: وصول الوفد\n\nالصورة الثالثة"


def test_a_post_without_text_is_rejected():
    assert article_from_post([channel_post(""), channel_post("  ")]) == Rejected(
        LINK, "the post has no text to index")
    assert article_from_post([channel_post("🔴 12:30")]) == Rejected(LINK, "no letters in text")


def test_hidden_links_are_recorded_in_notes_and_the_text_stays_as_posted():
    text = "🔴 التفاصيل الكاملة هنا والمصدر هناك"
    here = len("🔴 التفاصيل الكاملة ".encode("utf-16-le")) // 2  # Telegram counts UTF-16 units
    there = len("🔴 التفاصيل الكاملة هنا والمصدر ".encode("utf-16-le")) // 2
    post = channel_post(text, entities=[
        ("bold", 0, 2, ""),
        ("text_link", here, 3, "https://alarab.co.uk/x"),
        ("text_link", there, 4, "https://example.org/source"),
    ])
    article = article_from_post([post])
    assert article.text == text
    assert article.notes == ["link: هنا — https://alarab.co.uk/x", "link: هناك — https://example.org/source"]


def test_the_title_is_the_first_line_shortened_at_a_word_boundary():
    long_line = " ".join(["كلمة"] * 40)
    article = article_from_post([channel_post(long_line + "\nبقية النص")])
    assert article.title.endswith("كلمة…") and len(article.title) <= 101
    assert article.text.startswith(article.title.removesuffix("…"))


def test_the_source_follows_where_the_post_came_from():
    cases = [
        (Post(TEXT, origin_kind="user", origin_title="أحمد علي", sender="سارة"), "أحمد علي"),
        (Post(TEXT, origin_kind="hidden_user", origin_title="مستخدم مخفي", sender="سارة"), "مستخدم مخفي"),
        (Post(TEXT, origin_kind="chat", origin_title="مجموعة النقاش", sender="سارة"), "مجموعة النقاش"),
        (Post(TEXT, sender="سارة"), "سارة"),
        (channel_post(origin_username=""), "قناة الأخبار"),
    ]
    for post, source in cases:
        article = article_from_post([post])
        assert (article.source, article.url, article.input) == (source, "", f"telegram post from {source}")
