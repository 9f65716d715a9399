"""Reading JSON and JSON Lines: article objects, SQuAD datasets and Telegram Desktop exports."""
from __future__ import annotations

import json

from conftest import shared_file

from index.article import Article, Rejected
from index.readers import read

ARABIC = "قال المتحدث باسم الجيش إن القوات تتقدم نحو طرابلس."


def write_json(path, document) -> str:
    """Write a JSON document and return its path as a string."""
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_an_article_object_keeps_its_metadata_and_accepts_content_and_date(tmp_path):
    one = write_json(tmp_path / "one.json", {
        "id": "x-1", "title": "حفتر في القاهرة", "content": ARABIC, "source": "العرب",
        "author": "الجمعي قاسمي", "url": "https://alarab.co.uk/x", "date": "2019-04-15",
    })
    assert list(read(one)) == [Article(
        text=ARABIC, title="حفتر في القاهرة", source="العرب", author="الجمعي قاسمي",
        url="https://alarab.co.uk/x", published="2019-04-15", input=one,
    )]


def test_a_list_of_articles_rejects_its_bad_items_and_reads_the_rest(tmp_path):
    path = write_json(tmp_path / "batch.json", [
        {"text": ARABIC},
        "just a string",
        {"title": "no text here"},
        {"text": "   "},
        {"text": ARABIC, "published": "2020-01-01", "date": "ignored"},
    ])
    items = list(read(path))
    assert [item.input for item in items] == [f"{path}#{number}" for number in range(1, 6)]
    assert items[1] == Rejected(f"{path}#2", 'not an article object (expected {"text": ...})')
    assert items[2] == Rejected(f"{path}#3", 'no "text" or "content" field')
    assert items[3] == Rejected(f"{path}#4", "empty text")
    assert items[0].text == items[4].text == ARABIC
    assert items[0].title == ARABIC and items[4].published == "2020-01-01"


def test_malformed_json_is_one_rejection_naming_the_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "a"},\n    {"text" "b"}\n]', encoding="utf-8")
    assert list(read(str(path))) == [Rejected(str(path), "malformed JSON: line 3 column 13")]


def test_json_that_holds_no_article_is_rejected(tmp_path):
    path = write_json(tmp_path / "number.json", 42)
    [item] = read(path)
    assert isinstance(item, Rejected) and item.reason.startswith("JSON holds no article")


def test_a_jsonl_line_that_is_broken_is_rejected_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": ARABIC, "title": "أ"}, ensure_ascii=False), "", '{"text": oops}',
             json.dumps({"content": ARABIC, "title": "ب"}, ensure_ascii=False)]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    items = list(read(str(path)))
    assert items[1] == Rejected(f"{path}#3", "malformed JSON: line 1 column 10")
    assert [(item.input, item.title) for item in (items[0], items[2])] == [
        (f"{path}#1", "أ"), (f"{path}#4", "ب")]


def test_every_xquad_paragraph_becomes_an_article_titled_by_its_wikipedia_article():
    path = shared_file("xquad/xquad.ar.json")
    dataset = json.loads(path.read_text(encoding="utf-8"))
    contexts = [
        (entry["title"], paragraph["context"]) for entry in dataset["data"] for paragraph in entry["paragraphs"]
    ]
    items = list(read(str(path)))
    assert len(items) == len(contexts) == 240
    assert all(isinstance(item, Article) for item in items)
    assert [item.text for item in items] == [context for _, context in contexts]
    assert [item.title for item in items] == [title.replace("_", " ") for title, _ in contexts]
    assert {item.source for item in items} == {"xquad.ar"}
    assert items[0].title == "Super Bowl 50" and items[-1].input == f"{path}#240"


def telegram_export(**extra) -> dict:
    """A Telegram Desktop export of a public channel with typical kinds of messages."""
    return {
        "name": "قناة الأخبار",
        "type": "public_channel",
        "id": 1234567890,
        **extra,
        "messages": [
            {"id": 1, "type": "service", "date": "2019-04-13T09:00:00", "action": "create_channel",
             "text": ""},
            {"id": 2, "type": "message", "date": "2019-04-14T10:00:00", "from": "قناة الأخبار",
             "author": "مراسلنا في طرابلس", "text": ARABIC},
            {"id": 3, "type": "message", "date": "2019-04-14T11:30:00", "from": "قناة الأخبار",
             "text": ["عاجل: ", {"type": "bold", "text": "حفتر في القاهرة"}, " والتفاصيل ",
                      {"type": "text_link", "text": "هنا", "href": "https://alarab.co.uk/x"}]},
            {"id": 4, "type": "message", "date": "2019-04-14T12:00:00", "photo": "photos/1.jpg", "text": ""},
        ],
    }


def test_a_telegram_channel_export_gives_one_article_per_message_with_text(tmp_path):
    path = write_json(tmp_path / "result.json", telegram_export())
    items = list(read(path))
    assert [item.input for item in items] == [f"{path}#2", f"{path}#3", f"{path}#4"]
    first, second, photo = items
    assert (first.text, first.source, first.author, first.published, first.url) == (
        ARABIC, "قناة الأخبار", "مراسلنا في طرابلس", "2019-04-14T10:00:00", "")
    assert second.text == "عاجل: حفتر في القاهرة والتفاصيل هنا"
    assert second.author == "" and second.title == second.text
    assert second.notes == ["link: هنا — https://alarab.co.uk/x"]
    assert photo == Rejected(f"{path}#4", "the post has no text to index")


def test_a_telegram_export_that_names_the_channel_username_links_each_post(tmp_path):
    path = write_json(tmp_path / "result.json", telegram_export(username="@akhbar"))
    assert [item.url for item in read(path) if isinstance(item, Article)] == [
        "https://t.me/akhbar/2", "https://t.me/akhbar/3"]


def test_a_group_export_credits_each_sender_as_the_author(tmp_path):
    export = {"name": "مجموعة النقاش", "type": "private_supergroup", "id": 5, "messages": [
        {"id": 7, "type": "message", "date": "2020-01-01T08:00:00", "from": "سارة", "text": ARABIC}]}
    [article] = read(write_json(tmp_path / "result.json", export))
    assert (article.source, article.author) == ("مجموعة النقاش", "سارة")


def test_a_deeply_nested_line_is_rejected_alone_and_the_later_lines_still_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": ARABIC}), "[" * 100_000, json.dumps({"text": ARABIC + " 3"}), "{" * 5000]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read(str(path)))
    assert [(item.input, type(item).__name__) for item in items] == [
        (f"{path}#1", "Article"), (f"{path}#2", "Rejected"), (f"{path}#3", "Article"), (f"{path}#4", "Rejected")]
    assert items[1].reason == "JSON nested too deeply"
    assert items[2].text == ARABIC + " 3"


def test_a_deeply_nested_json_file_is_rejected_with_the_reason(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert list(read(str(path))) == [Rejected(str(path), "JSON nested too deeply")]
