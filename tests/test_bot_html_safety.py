"""Stored text in Telegram messages: every piece isolated so that no direction control in it reaches the text
around it, kept to a bounded length, and only http(s) addresses made links."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.telegram_html import (
    FSI, MESSAGE_LIMIT, PDI, answer_messages, article_html, is_web_address, sources_html, utf16_len,
)
from index.article import Article
from index.store_rows import StoredArticle
from retrieval.answer import Passage, Speaker
from bench.standin import html_problems, shown_text

ARTICLE_ID = "6c0e22f7dc8a"
EMBEDDINGS, ISOLATES, PDF = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068", "\u202c"
CONTROLS = {"LRE": "\u202a", "RLE": "\u202b", "PDF": PDF, "LRO": "\u202d", "RLO": "\u202e", "LRI": "\u2066",
            "RLI": "\u2067", "FSI": FSI, "PDI": PDI}
FIELDS = ("quote", "title", "source", "author", "name", "role", "cue", "cites")


def open_controls(line: str) -> list[str]:
    """For each character of a line, the direction controls open where it stands, by the rules of UAX #9: a PDI
    closes the nearest open isolate and the embeddings inside it, a PDF the innermost embedding inside the current
    isolate. Fails on a PDI that closes nothing (it would end an isolate around the line) or a control left open."""
    stack, before = [], []
    for char in line:
        before.append("".join(stack))
        if char in EMBEDDINGS or char in ISOLATES:
            stack.append(char)
        elif char == PDI:
            assert any(c in ISOLATES for c in stack), f"a PDI closes nothing in {line!r}"
            while stack.pop() not in ISOLATES:
                pass
        elif char == PDF and stack and stack[-1] in EMBEDDINGS:
            stack.pop()
    assert not stack, f"{stack!r} left open at the end of {line!r}"
    return before


def assert_contained(message: str, outside: list[str], inside_one_isolate: list[str] = ()) -> None:
    """Every line balanced; the text of `outside` (the message's own words) at no direction level at all, that of
    `inside_one_isolate` inside exactly the one isolate the message put around a label."""
    for line in shown_text(message).split("\n"):
        levels = open_controls(line)
        for words, expected in [(w, "") for w in outside] + [(w, FSI) for w in inside_one_isolate]:
            for found in re.finditer(re.escape(words), line):
                assert levels[found.start()] == expected, (words, line)


def hostile(field: str, control: str) -> Passage:
    """A passage whose one stored field holds a direction control in its middle."""
    values = dict(quote="وكشف أن القيادة رصدت تحليق طيران أجنبي.", title="في معركة طرابلس", source="العرب",
                  author="الجمعي قاسمي", name="كمال المرعاش", role="الناشط السياسي", cue="قال", cites="القيادة")
    values[field] = values[field][:4] + control + values[field][4:]
    speaker = Speaker(values.pop("name"), values.pop("role"), values.pop("cue"), values.pop("cites"))
    return Passage(article_id=ARTICLE_ID, start=0, end=len(values["quote"]), context=values["quote"], score=0.8,
                   url="https://t.me/alarabonline/4242", published="2019-04-14", speaker=speaker,
                   **{key: value for key, value in values.items() if not (key == "source" and field == "title")})


def ordinary(**fields) -> Passage:
    """A passage of plain stored text, but for the fields given."""
    return replace(hostile("quote", ""), **fields)


@pytest.mark.parametrize("control", CONTROLS.values(), ids=CONTROLS.keys())
@pytest.mark.parametrize("field", FIELDS)
def test_a_direction_control_in_any_stored_field_stays_inside_that_field(field, control):
    single = hostile(field, control)
    for message in answer_messages([single]) + answer_messages([single, single], runs=[[single, single]]):
        assert html_problems(message) == []
        assert_contained(message, outside=[" · ", ARTICLE_ID, "1.", "— "], inside_one_isolate=[" (", ", citing "])


def test_a_right_to_left_override_in_a_quote_is_closed_and_every_stored_character_kept():
    quote = "قال إن 1800 \u202eضابط وصلوا إلى مصراتة"
    (message,) = answer_messages([ordinary(quote=quote)])
    blockquote = shown_text(re.search(r"<blockquote>(.*?)</blockquote>", message).group(1))
    assert blockquote == f"{FSI}{quote}{PDF}{PDI}"  # closed by an added PDF, nothing removed


def test_a_pdi_in_a_title_gets_an_opener_and_never_ends_the_isolation_early():
    title = "عنوان\u2069 Latin words"
    stored = StoredArticle(ARTICLE_ID, Article(text="نص المقال", title=title, source="العرب", published="2019-04-14"),
                           "2024-05-01T10:00:00+00:00", 3)
    page = article_html(stored)
    assert page.startswith(f"<b>{FSI}{FSI}{title}{PDI}</b>")
    listing = sources_html([stored] * 3, 1)
    for message in (page, listing):
        assert html_problems(message) == []
        assert_contained(message, outside=[ARTICLE_ID, " · ", " — "])


def test_lines_of_a_stored_text_are_each_isolated():
    quote = "سطر أول \u2067مفتوح\nسطر ثان \u202eمقلوب"
    (message,) = answer_messages([Passage(ARTICLE_ID, quote, 0, len(quote), quote, 0.9, source="العرب")])
    assert_contained(message, outside=[" · ", ARTICLE_ID])
    assert f"{FSI}سطر أول \u2067مفتوح{PDI}{PDI}\n{FSI}سطر ثان \u202eمقلوب{PDF}{PDI}" in shown_text(message)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "tg://resolve?domain=qawl", "file:///etc/passwd",
                                 "data:text/html,<b>x</b>", "ftp://example.org/a", "https:///no-host",
                                 "https://exa mple.org/", "https://example.org/\u202e", "https://example.org/\n",
                                 "t.me/alarabonline/4242", "https://example.org/" + "a" * 3000])
def test_only_web_addresses_become_links(url):
    (message,) = answer_messages([ordinary(url=url)])
    stored = StoredArticle(ARTICLE_ID, Article(text="نص", title="عنوان", url=url), "2024-05-01T10:00:00+00:00", 1)
    for html in (message, article_html(stored)):
        assert "<a " not in html and html_problems(html) == []
        assert url[:20] not in shown_text(html)  # dropped, not shown as text either


@pytest.mark.parametrize("url", ["https://t.me/alarabonline/4242", "http://example.org", "HTTPS://Example.org/a?b=1",
                                 "https://ar.wikipedia.org/wiki/مصراتة"])
def test_http_and_https_addresses_are_links(url):
    assert is_web_address(url)
    (message,) = answer_messages([ordinary(url=url)])
    assert f'<a href="{url.replace("&", "&amp;")}">' in message


def test_a_page_of_sources_with_very_long_titles_fits_one_message():
    articles = [StoredArticle(f"{n:012x}", Article(text="نص", title="🔴 عنوان طويل " * 60, source="📰 مصدر " * 60,
                                                     published="2019-04-14"), "2024-05-01T10:00:00+00:00", 1)
                for n in range(10)]
    listing = sources_html(articles, 1)
    assert utf16_len(shown_text(listing)) < MESSAGE_LIMIT and html_problems(listing) == []
    assert all(f"<code>{n:012x}</code>" in listing for n in range(10)) and listing.count("…") >= 20


def test_show_bounds_a_title_stored_before_titles_were_shortened():
    stored = StoredArticle(ARTICLE_ID, Article(text="نص المقال " * 500, title="عنوان " * 2000, source="العرب " * 900,
                                               author="كاتب " * 900), "2024-05-01T10:00:00+00:00", 12)
    page = article_html(stored)
    assert utf16_len(shown_text(page)) < MESSAGE_LIMIT and html_problems(page) == []
    assert f"<code>{ARTICLE_ID}</code>" in page


def test_a_speaker_with_a_very_long_role_still_gives_messages_telegram_accepts():
    long_role = Speaker("كمال المرعاش", "الناشط السياسي الليبي " * 400, "قال", "القيادة " * 800)
    passages = [Passage(ARTICLE_ID, "نص مقتبس قصير.", n, n + 14, "نص", 0.9, speaker=long_role) for n in range(3)]
    for by_speaker in (False, True):
        for message in answer_messages(passages, runs=[passages] if by_speaker else None):
            assert utf16_len(shown_text(message)) < MESSAGE_LIMIT and html_problems(message) == []
