"""Speakers' profiles in the real bot (`qawl serve` in its own process) over the local Bot API stand-in:
/who NAME and "what did X say about Y?", the choice between two people of one surname, and "More"."""
from __future__ import annotations

import itertools
import re

import pytest

from bench.standin import channel_origin, command, message, shown_text
from tests.conftest import shared_file
from tests.test_bot_end_to_end import CONTRIBUTOR, SEED_LINK, answer_html, start_bot

pytestmark = pytest.mark.slow

NEWER_LINK = "https://t.me/libyanow/77"
NEWER = (  # a later post: a denial by أحمد المسماري, and another المسماري of the same town's council
    "معارك عنيفة جنوب طرابلس\n\n"
    "نفى اللواء أحمد المسماري، الناطق باسم القيادة العامة للجيش الليبي، أن تكون قواته قد استهدفت أحياء المدنيين "
    "في جنوب طرابلس.\n\n"
    "وقال عبدالله المسماري، عضو المجلس البلدي في بنغازي، إن المدينة تستعد لاستقبال مئات الأسر النازحة من طرابلس "
    "خلال الأيام المقبلة.\n\n"
    "وأضاف أن البلدية خصصت مدارس لإيواء النازحين حتى انتهاء المعارك.\n"
)
_askers = itertools.count(7001)


@pytest.fixture(scope="module")
def quoting(tmp_path_factory):
    """A bot holding the Al-Arab article (14 April 2019) and a later post (1 May 2019); returns it and the
    texts of both."""
    running = start_bot(tmp_path_factory.mktemp("profiles"))
    seed = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")
    for text, origin in ((seed, channel_origin("العرب", "alarabonline", 4242)),
                         (NEWER, channel_origin("ليبيا الآن", "libyanow", 77, date=1556704800))):
        sent = running.send(message(CONTRIBUTOR, text=text, forward_origin=origin))
        assert running.replies(sent)[-1].text.startswith("added: ")
    yield running, seed + NEWER
    running.stop()
    running.standin.stop()


def quotes(calls) -> list[str]:
    """The quotes of the HTML messages, as a reader sees them, without direction controls or cut marks."""
    found = re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", answer_html(calls))
    return [shown_text(quote).strip("\u2068\u2069… ") for quote in found]


def test_who_with_a_surname_offers_its_people_and_pages_the_one_picked_newest_first(quoting):
    bot, texts = quoting
    asker = next(_askers)
    (choice,) = [c for c in bot.replies(bot.send(command(asker, "/who Mismari"))) if c.method == "sendMessage"]
    assert "which one?" in choice.text
    assert [b["text"] for b in choice.buttons] == ["أحمد المسماري · 7", "عبدالله المسماري · 2"]
    heading = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == asker and "newest first" in c.text)
    bot.press(asker, choice.buttons[0]["callback_data"], asker)
    assert heading().text.startswith("أحمد المسماري: 7 statements, newest first.")
    first_page = bot.standin.quiet(asker)
    assert first_page[-1].buttons[0]["callback_data"].startswith("more:")
    pages = bot.every_page(first_page)
    shown = answer_html(pages)
    assert [int(n) for n in re.findall(r"<b>(\d+)\.</b>", shown)] == list(range(1, 8))
    said = quotes(pages)
    assert len(said) == 7 and len(set(said)) == 7 and all(quote in texts for quote in said)
    assert said[0] == "تكون قواته قد استهدفت أحياء المدنيين في جنوب طرابلس", "the newer post's denial first"
    assert shown.count("<b>denied</b>") == 1 and shown.index("denied") < shown.index("<b>1.</b>")
    assert NEWER_LINK in shown and shown.index(NEWER_LINK) < shown.index(SEED_LINK)
    assert "قاعدة إيطالية كاملة" in " ".join(said) and "الأسر النازحة" not in shown
    assert not pages[-1].buttons


def test_what_someone_said_about_a_topic_lists_those_naming_it_or_else_the_closest_first(quoting):
    bot, _ = quoting
    calls = bot.ask("ماذا قال أحمد المسماري عن تركيا؟")
    assert calls[0].text.startswith("أحمد المسماري: 3 statements about تركيا, the closest first.")
    said = quotes(calls)
    assert len(said) == 3 and all("تركيا" in quote for quote in said)
    calls = bot.ask("what did Ahmed al-Mismari say about weapons?")  # the English word by its Arabic ones
    assert calls[0].text.startswith("أحمد المسماري: 1 statement about weapons, the closest first.")
    assert [quote for quote in quotes(calls) if "أسلحة" in quote] == quotes(calls)
    calls = bot.ask("what did Ahmed al-Mismari say about smugglers?")  # no statement has the word: by meaning
    assert calls[0].text.startswith("أحمد المسماري: none of 7 statements names smugglers; the closest to it first.")


def test_who_with_a_name_nobody_has_says_so_and_a_question_about_them_is_answered_as_any_other(quoting):
    bot, _ = quoting
    asker = next(_askers)
    (reply,) = [c for c in bot.replies(bot.send(command(asker, "/who Marwan"))) if c.method == "sendMessage"]
    assert reply.text.startswith("Nobody called Marwan is quoted in the library.")
    calls = bot.ask("what did Marwan say about Italian troops in Misrata?")
    assert SEED_LINK in answer_html(calls) and not [c for c in calls if "statements" in c.text]


def test_a_profiles_heading_counts_its_statements_in_the_nouns_number():
    from bot.texts import profile_heading

    assert [profile_heading("س", n, "en") for n in (1, 2)] == ["س: 1 statement, newest first.",
                                                                "س: 2 statements, newest first."]
    assert [profile_heading("س", n, "ar") for n in (1, 2, 3, 11)] == [
        "س: تصريح واحد، الأحدث أولًا.", "س: تصريحان، الأحدث أولًا.", "س: 3 تصريحات، الأحدث أولًا.",
        "س: 11 تصريحًا، الأحدث أولًا."]
