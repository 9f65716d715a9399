"""The real bot (`qawl serve` in its own process) driven over HTTP through a local Bot API stand-in."""
from __future__ import annotations

import io
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bench.standin import (
    BOT_USER, BotApiStandin, callback, channel_origin, command, group_chat, html_problems, message, shown_text,
    utf16_len,
)
from tests.conftest import REPO, shared_file

pytestmark = pytest.mark.slow

TOKEN = "123456789:AAE-standin-secret-token_xyz"
ADMIN, CONTRIBUTOR, STRANGER = 1001, 1002, 1003
SEED_LINK = "https://t.me/alarabonline/4242"
ITALIAN_OFFICERS = "1800 ضابط وعسكري إيطالي"
ITALIAN_BASE = "قاعدة إيطالية كاملة"
QUESTION = "who claimed Italian troops are in Misrata?"
TOPIC = "Italian troops in Misrata"  # a question about a topic: more passages than one page holds
ECONOMY_ARTICLE = "arabic-newspapers/اقتصاديه/AEE1.txt"
CULTURE_ARTICLE = "arabic-newspapers/ثقافية/OMC22.txt"
SCIENCE_ARTICLE = "arabic-newspapers/علمية وتقنية/OMSC7.txt"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_askers = itertools.count(5001)


class Bot:
    """The bot process, its stand-in, and what a test says to it."""

    def __init__(self, standin: BotApiStandin, process: subprocess.Popen, log_path):
        self.standin, self.process, self.log_path = standin, process, log_path

    def send(self, sent: dict) -> dict:
        """A message from a user arrives."""
        self.standin.push(message=sent)
        return sent

    def press(self, sender: int, data: str, on_chat: int | dict) -> None:
        """A user presses an inline button (with this callback data) of a message the bot sent in a chat
        (a chat id for a private chat, or the chat)."""
        chat = on_chat if isinstance(on_chat, dict) else {"id": on_chat, "type": "private"}
        on = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "…", "from": BOT_USER}
        self.standin.push(callback_query=callback(sender, data, on))

    def reply_to(self, sent: dict, timeout: float = 60):
        """The bot's first message in reply to `sent`."""
        return self.standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == sent["message_id"],
                                     timeout)

    def replies(self, sent: dict, timeout: float = 60) -> list:
        """Every message sent to the chat of `sent`, once the reply to it has come and the chat is quiet."""
        self.standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == sent["message_id"], timeout)
        return self.standin.quiet(sent["chat"]["id"])

    def ask(self, text: str, sender: int | None = None) -> list:
        return self.replies(self.send(message(sender or next(_askers), text=text)))

    def every_page(self, calls: list) -> list:
        """The answer's messages after pressing "More" until no page is left."""
        chat = calls[0].chat_id
        while calls[-1].buttons:
            following = self.next_call(lambda c: c.method == "sendMessage" and c.chat_id == chat)
            self.press(chat, calls[-1].buttons[0]["callback_data"], chat)
            following()
            calls = self.standin.quiet(chat)
        return calls

    def next_call(self, test, timeout: float = 60):
        """The first call from now on that passes the test."""
        since = len(self.standin.calls)
        return lambda: self.standin.wait_for(test, timeout, since)

    def articles(self) -> int:
        """The article count /stats reports."""
        reply = self.next_call(lambda c: c.method == "sendMessage" and c.text.startswith("Articles:"))
        self.send(command(ADMIN, "/stats"))
        return int(re.match(r"Articles: (\d+)", reply().text).group(1))

    def forward_seed(self) -> tuple:
        """The seed article forwarded by the contributor from the Al-Arab channel: the bot's last reply, the text."""
        text = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")
        sent = message(CONTRIBUTOR, text=text, forward_origin=channel_origin("العرب", "alarabonline", 4242, "الجمعي قاسمي"))
        self.send(sent)
        return self.replies(sent)[-1], text

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_bot(folder, telegram: str = "", askers: str = "everyone", limits: str = "", settings: str = "") -> Bot:
    """`python -m bot serve` against a new stand-in, with an empty library (or the one already in `folder`), once it
    is ready to answer; `settings` are more lines of config.yaml."""
    standin = BotApiStandin(TOKEN).start()
    config = folder / "config.yaml"
    config.write_text(
        f"storage: {{path: {folder / 'data'}}}\n"
        "search: {per_article: 10}\n"
        f"telegram: {{base_url: '{standin.base_url}', base_file_url: '{standin.base_file_url}'{telegram}}}\n"
        f"access: {{admins: [{ADMIN}], contributors: [{CONTRIBUTOR}], askers: {askers}}}\n"
        f"limits: {{max_file_mb: 5, fetch_private_addresses: true{limits}}}\n"
        "logging: {level: DEBUG}\n" + settings, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("QAWL_") or key == "QAWL_CACHE_DIR"}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, HF_HUB_OFFLINE="1")
    log_path = folder / "bot.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "serve"], cwd=REPO, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    running = Bot(standin, process, log_path)
    try:
        standin.wait_for(lambda c: c.method == "setMyCommands" and c.params.get("language_code") == "ar", 180)
        wait_until(lambda: re.search(r"ingest worker \d+ ready", running.log()), 180)
    except AssertionError:
        running.stop()
        standin.stop()
        pytest.fail("the bot did not start:\n" + running.log()[-3000:])
    return running


def wait_until(test, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, f"not within {timeout} s"
        time.sleep(0.2)


def serving(folder, **options):
    """A started bot (`start_bot` options) for a module's tests, stopped after them: a fixture yields from it."""
    running = start_bot(folder, **options)
    yield running
    running.stop()
    running.standin.stop()


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """The bot most tests talk to, polling for updates."""
    yield from serving(tmp_path_factory.mktemp("bot"))


@pytest.fixture(scope="module")
def seeded(bot):
    """The seed article forwarded once from the Al-Arab channel; returns the bot's reply."""
    return bot.forward_seed()


def answer_html(calls) -> str:
    return "\n".join(call.text for call in calls if call.params.get("parse_mode") == "HTML")


def test_with_an_empty_library_a_question_is_answered_honestly(bot):
    (reply,) = bot.ask(QUESTION)
    assert reply.text.startswith("The library is empty: add articles first") and "المكتبة فارغة" not in reply.text


def test_a_post_forwarded_from_a_channel_is_added(seeded):
    reply, text = seeded
    kicker = next(line.strip() for line in text.splitlines() if line.strip())
    assert re.fullmatch(rf"added: {re.escape(kicker)} — \d+ passages · id [0-9a-f]{{12}}", reply.text), reply.text


def test_an_english_question_quotes_the_arabic_sentence_and_links_the_post(bot, seeded):
    calls = bot.ask(QUESTION)
    chat = calls[0].chat_id
    assert bot.standin.sent_to(chat, "sendChatAction")[0].params["action"] == "typing"
    first_page = answer_html(calls)
    assert f'<a href="{SEED_LINK}">t.me/alarabonline/4242</a>' in first_page
    for name, words in (("كمال المرعاش", ITALIAN_OFFICERS), ("أحمد المسماري", ITALIAN_BASE)):
        claimant = re.search(rf"<b>\u2068{name}[^<]*</b>\n((?:(?!<b>\u2068).)*)", first_page,
                             re.S)  # who claimed it, in bold, then what they said, up to the next speaker
        assert claimant and re.search(r"<blockquote[^>]*>[^<]*" + words, claimant.group(1)), name
        assert f'<a href="{SEED_LINK}">' in claimant.group(1)
    assert first_page.index("كمال المرعاش") < first_page.index("أحمد المسماري")


def test_forwarding_the_same_post_again_stores_it_once(bot, seeded):
    _, text = seeded
    before = bot.articles()
    sent = message(CONTRIBUTOR, text=text, forward_origin=channel_origin("العرب", "alarabonline", 4242))
    bot.send(sent)
    assert "already have it (added " in bot.replies(sent)[-1].text
    assert bot.articles() == before


def test_a_windows_1256_document_is_read_as_arabic_and_added(bot):
    data = shared_file(ECONOMY_ARTICLE).read_bytes()
    title = data.decode("cp1256").strip().splitlines()[0].strip()
    bot.standin.add_file("doc-economy", "documents/file_1.txt", data)
    summary = bot.next_call(lambda c: c.method == "editMessageText" and c.chat_id == CONTRIBUTOR
                            and not c.text.endswith("…"))
    bot.send(message(CONTRIBUTOR, document={"file_id": "doc-economy", "file_unique_id": "u-economy",
                                            "file_name": "AEE1.txt", "mime_type": "text/plain",
                                            "file_size": len(data)}))
    assert summary().text.startswith(f"added: {title}"), title


def test_a_document_telegram_fails_to_hand_over_is_reported_in_place_of_reading(bot):
    bot.standin.fail_once("getFile", "Bad Request: file is temporarily unavailable")
    summary = bot.next_call(lambda c: c.method == "editMessageText" and c.chat_id == CONTRIBUTOR)
    earlier = len(bot.standin.sent_to(CONTRIBUTOR))
    sent = bot.send(message(CONTRIBUTOR, document={"file_id": "doc-gone", "file_unique_id": "u-gone",
                                                   "file_name": "gone.txt", "mime_type": "text/plain",
                                                   "file_size": 100}))
    assert summary().text.startswith("Could not download gone.txt")
    assert [c.text for c in bot.replies(sent)[earlier:]] == ["reading…"], "only the status message, no apology"


def test_documents_too_big_or_of_unknown_kind_are_refused_without_downloading(bot):
    too_big = message(CONTRIBUTOR, document={"file_id": "big", "file_unique_id": "u-big", "file_name": "archive.zip",
                                             "file_size": 6 * 2**20})
    bot.send(too_big)
    assert "over the 5 MB limit" in bot.replies(too_big)[-1].text
    unknown = message(CONTRIBUTOR, document={"file_id": "docx", "file_unique_id": "u-docx", "file_name": "notes.docx",
                                             "file_size": 2000})
    bot.send(unknown)
    reply = bot.replies(unknown)[-1].text
    assert ".docx" in reply and ".txt" in reply and ".pdf" in reply
    assert not [c for c in bot.standin.calls if c.method == "getFile" and c.params["file_id"] in ("big", "docx")]


def test_a_failure_is_logged_with_its_chat_and_answered_with_a_short_apology(bot):
    bot.standin.fail_once("sendMessage", "Bad Request: message thread not found",
                          when=lambda p: p["chat_id"] == CONTRIBUTOR and p["text"] == "reading…")
    document = message(CONTRIBUTOR, document={"file_id": "any", "file_unique_id": "u-any",
                                              "file_name": "any.txt", "file_size": 100})
    apology = bot.next_call(lambda c: c.method == "sendMessage" and c.text.startswith("Sorry, something went wrong"))
    bot.send(document)
    assert "Traceback" not in apology().text and len(apology().text) < 200
    assert re.search(rf"ERROR bot.handlers: update \d+ in chat {CONTRIBUTOR} failed: "
                     r"BadRequest\('Message thread not found'\)", bot.log())


def test_someone_who_is_not_a_contributor_is_refused_with_their_id_and_nothing_is_stored(bot, seeded):
    before = bot.articles()
    text = shared_file(ECONOMY_ARTICLE).read_bytes().decode("cp1256") + "\nنسخة أخرى"
    sent = message(STRANGER, text=text, forward_origin=channel_origin("قناة", "somechannel", 7))
    bot.send(sent)
    reply = bot.replies(sent)[-1].text
    assert "not allowed to add articles" in reply and str(STRANGER) in reply
    assert bot.articles() == before


def test_a_long_unpunctuated_post_is_quoted_in_part_in_messages_telegram_accepts(bot):
    raw = shared_file(SCIENCE_ARTICLE).read_bytes().decode("cp1256")
    run_on = re.sub(r"\s+", " ", re.sub(r"[.!?؟؛…\"“”«»]", " ", raw)).strip()  # one long unpunctuated post
    run_on = run_on[: run_on.rfind(" ", 0, 7000)]
    sent = message(CONTRIBUTOR, text=run_on, forward_origin=channel_origin("الرؤية", "alroya", 99))
    bot.send(sent)
    assert bot.replies(sent)[-1].text.startswith("added: ")
    calls = bot.ask("افتتاح أسعد بن طارق الحدث الأبرز لتعزيز الخدمات الطبية")
    pages = [call.text for call in calls if call.params.get("parse_mode") == "HTML"]
    for page in pages:
        assert utf16_len(page) < 4096
        assert html_problems(page) == []
    quoted = shown_text(re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", "".join(pages))[0])
    assert "…" in quoted and len(quoted.strip("… ")) <= 600
    assert quoted.strip("… \u2068\u2069\u2067\u2066") in run_on


def test_stickers_empty_messages_and_overlong_questions_get_clear_replies(bot):
    asker = next(_askers)
    sticker = message(asker, sticker={"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512,
                                      "height": 512, "is_animated": False, "is_video": False})
    empty = message(asker, text="")
    too_long = message(asker, text="لماذا " * 2000)
    for sent in (sticker, empty, too_long):
        bot.send(sent)
    bot.standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == too_long["message_id"])
    calls = bot.standin.quiet(asker)
    hints = [c for c in calls if c.text.startswith("I answer text questions")]
    assert len(hints) == 2
    assert any("the limit is 1000" in c.text for c in calls if c.replied_to == too_long["message_id"])
    assert not [c for c in calls if c.text.startswith("Sorry, something went wrong")]


def test_edits_channel_posts_and_polls_are_left_alone(bot):
    asker = next(_askers)
    edited = message(asker, text=QUESTION, edit_date=int(time.time()))
    post = message(asker, {"id": -100999, "type": "channel", "title": "قناة"}, text=QUESTION)
    del post["from"]
    bot.standin.push(edited_message=edited)
    bot.standin.push(channel_post=post)
    option = {"persistent_id": "o1", "text": "نعم", "voter_count": 1}
    bot.standin.push(poll={"id": "p1", "question": "؟", "options": [option], "total_voter_count": 1,
                           "is_closed": False, "is_anonymous": True, "type": "regular",
                           "allows_multiple_answers": False, "allows_revoting": False, "members_only": False})
    helped = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == asker)
    bot.send(command(asker, "/help"))  # a later update is answered, so the ones before it were handled
    assert helped().text.startswith("I answer questions")
    assert len(bot.standin.quiet(asker)) == 1 and not bot.standin.sent_to(-100999)


def test_in_a_group_the_bot_answers_only_when_mentioned_replied_to_or_asked(bot, seeded):
    group = group_chat(-100555)
    silent = message(ADMIN, group, text=QUESTION)
    mention = f"@{BOT_USER['username']}"
    mentioned = message(ADMIN, group, text=f"{mention} {QUESTION}",
                        entities=[{"type": "mention", "offset": 0, "length": len(mention)}])
    asked = command(ADMIN, f"/ask {QUESTION}", group)
    for sent in (silent, mentioned, asked):
        bot.send(sent)
    for sent in (mentioned, asked):
        bot.standin.wait_for(lambda c, sent=sent: c.method == "sendMessage" and c.replied_to == sent["message_id"])
    bot_message = bot.standin.quiet(group["id"])[-1]
    replying = message(ADMIN, group, text="ومن قال إن قاعدة إيطالية كاملة في مصراتة؟", reply_to_message={
        "message_id": 1, "date": int(time.time()), "chat": group, "from": BOT_USER, "text": bot_message.text})
    bot.send(replying)
    bot.standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == replying["message_id"])
    calls = bot.standin.quiet(group["id"])
    assert answer_html(calls).count(f'<a href="{SEED_LINK}">') >= 3
    assert not [c for c in calls if c.replied_to == silent["message_id"]]


def test_more_shows_the_next_passages(bot, seeded):
    first = bot.ask(TOPIC)
    data = first[-1].buttons[0]["callback_data"]
    assert data.startswith("more:")
    chat = first[-1].chat_id
    following = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == chat)
    bot.press(chat, data, chat)
    following()
    later = bot.standin.quiet(chat)[len(first):]
    assert "<b>6.</b>" in answer_html(later)
    quotes = lambda calls: set(re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", answer_html(calls)))  # noqa: E731
    assert quotes(later) and not quotes(later) & quotes(first)
    assert any(c.method == "answerCallbackQuery" for c in bot.standin.calls)


def test_more_tapped_twice_sends_the_next_page_once_and_no_apology(bot, seeded):
    first = bot.ask(TOPIC)
    chat, data = first[-1].chat_id, first[-1].buttons[0]["callback_data"]
    following = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == chat)
    bot.press(chat, data, chat)
    following()
    after_first_tap, failures = bot.standin.quiet(chat), bot.log().count(" failed: ")
    bot.standin.fail_once("editMessageReplyMarkup", "Bad Request: message is not modified: specified new message "
                          "content and reply markup are exactly the same as a current content and reply markup")
    refused = bot.next_call(lambda c: c.method == "editMessageReplyMarkup")
    bot.press(chat, data, chat)
    refused()
    assert bot.standin.quiet(chat) == after_first_tap
    assert bot.log().count(" failed: ") == failures


def test_html_telegram_cannot_parse_is_sent_again_as_plain_text(bot, seeded):
    asker = next(_askers)
    bot.standin.fail_once("sendMessage", "Bad Request: can't parse entities: unsupported start tag at byte offset 0",
                          when=lambda p: p["chat_id"] == asker and p.get("parse_mode") == "HTML")
    calls = bot.ask(QUESTION, asker)
    refused, plain = calls[0], calls[1]
    assert refused.params["parse_mode"] == "HTML" and "parse_mode" not in plain.params
    assert plain.replied_to == refused.replied_to and plain.buttons == refused.buttons
    quotes = re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", refused.text)
    assert quotes and all(f"«{shown_text(quote)}»" in plain.text for quote in quotes)
    assert SEED_LINK in plain.text and "<" not in plain.text


def test_twenty_questions_at_once_from_five_users_are_all_answered(bot, seeded):
    questions = [QUESTION, "ما الذي قاله أحمد المسماري عن قاعدة إيطالية؟", "why did Haftar visit Cairo?",
                 "من هو الجمعي قاسمي؟"]
    users = [next(_askers) for _ in range(5)]
    sent = [message(user, text=text) for user in users for text in questions]
    for each in sent:
        bot.send(each)
    for each in sent:
        bot.standin.wait_for(lambda c, each=each: c.method == "sendMessage" and c.replied_to == each["message_id"], 90)
    assert not [c for user in users for c in bot.standin.sent_to(user) if c.text.startswith("Sorry, something")]


def test_an_album_of_forwarded_posts_is_one_article(bot, seeded):
    before = bot.articles()
    origin = channel_origin("قناة الأخبار", "akhbar", 812)
    photo = [{"file_id": "p", "file_unique_id": "up", "width": 90, "height": 90}]
    parts = [message(CONTRIBUTOR, media_group_id="album-1", photo=photo, forward_origin=origin,
                     caption="وصل وفد من الحكومة الليبية إلى القاهرة صباح اليوم لبحث تطورات معركة طرابلس "
                             "مع المسؤولين."),
             message(CONTRIBUTOR, media_group_id="album-1", photo=photo, forward_origin=origin,
                     caption="وقال المتحدث باسم الوفد إن المحادثات ستتناول وقف إطلاق النار وعودة النازحين.")]
    for part in parts:
        bot.send(part)
    replies = [c for c in bot.replies(parts[0]) if c.replied_to in (parts[0]["message_id"], parts[1]["message_id"])]
    assert len(replies) == 1 and replies[0].text.startswith("added: وصل وفد من الحكومة الليبية")
    assert bot.articles() == before + 1


def test_an_album_from_someone_who_may_not_add_is_refused_once(bot, seeded):
    origin = channel_origin("قناة الأخبار", "akhbar", 813)
    photo = [{"file_id": "p", "file_unique_id": "up2", "width": 90, "height": 90}]
    parts = [message(STRANGER, media_group_id="album-2", photo=photo, forward_origin=origin, caption=f"الصورة {n}")
             for n in range(3)]
    for part in parts:
        bot.send(part)
    ids = [part["message_id"] for part in parts]
    refusals = [c for c in bot.replies(parts[0]) if c.replied_to in ids]
    assert len(refusals) == 1 and "not allowed to add articles" in refusals[0].text


def test_add_with_a_link_reads_the_web_page(bot):
    paragraphs = shared_file(CULTURE_ARTICLE).read_bytes().decode("cp1256").split("\r\n")
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    url = bot.standin.add_page("culture.html", f"<html><head><title>{paragraphs[0]}</title></head>"
                                               f"<body><article><h1>{paragraphs[0]}</h1>{body}</article></body></html>")
    summary = bot.next_call(lambda c: c.method == "editMessageText" and c.chat_id == CONTRIBUTOR
                            and not c.text.endswith("…"))
    bot.send(command(CONTRIBUTOR, f"/add {url}"))
    assert summary().text.startswith(f"added: {paragraphs[0]}")


def test_a_zip_whose_members_have_very_long_names_gets_a_summary_that_fits_one_message(bot):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        for number in range(6):
            packed.writestr(f"{'تقرير_طويل_جدا_' * 400}{number}.txt", "12345 67890")  # no letters: not added
    data = archive.getvalue()
    bot.standin.add_file("doc-long-names", "documents/long-names.zip", data)
    summary = bot.next_call(lambda c: c.method == "editMessageText" and c.chat_id == CONTRIBUTOR
                            and not c.text.endswith("…"))
    sent = bot.send(message(CONTRIBUTOR, document={"file_id": "doc-long-names", "file_unique_id": "u-long-names",
                                                   "file_name": "long-names.zip", "file_size": len(data)}))
    text = summary().text
    assert text.startswith("0 articles added (0 passages), 0 already there, 6 not added.")
    assert "no letters in text" in text and utf16_len(text) <= 4096
    replies = bot.replies(sent)
    since_the_zip = replies[next(i for i, c in enumerate(replies) if c.replied_to == sent["message_id"]):]
    assert not [c for c in since_the_zip if c.text.startswith("Sorry, something went wrong")]


def test_help_sources_show_and_delete_for_admins(bot, seeded):
    asker = next(_askers)
    help_reply = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == asker)
    bot.send(command(asker, "/help"))
    assert "Misrata" in help_reply().text and "مصراتة" not in help_reply().text, "English only, as the user speaks"
    listing = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == asker)
    bot.send(command(asker, "/sources"))
    article_id = re.search(r"<code>([0-9a-f]{12})</code>", listing().text).group(1)
    shown = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == asker)
    bot.send(command(asker, f"/show {article_id}"))
    assert f"<code>{article_id}</code>" in shown().text and "<blockquote expandable>" in shown().text
    assert "not allowed to delete" in bot.replies(bot.send(command(STRANGER, f"/delete {article_id}")))[-1].text
    before = bot.articles()
    confirm = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN and c.buttons)
    bot.send(command(ADMIN, f"/delete {article_id}"))
    yes = next(b["callback_data"] for b in confirm().buttons if b["callback_data"].startswith("delete:yes"))
    deleted = bot.next_call(lambda c: c.method == "editMessageText" and c.text.startswith(f"Deleted {article_id}"))
    bot.press(ADMIN, yes, ADMIN)
    deleted()
    assert bot.articles() == before - 1


def test_sigterm_saves_the_library_and_the_token_never_reaches_the_logs(bot, seeded):
    assert bot.stop() == 0
    log = bot.log()
    assert "DEBUG" in log and "stopped; the library is saved" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


def wait_until_listening(port: int, seconds: float = 60) -> None:
    """The webhook server starts beside the setWebhook call, so wait until it accepts connections."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_in_webhook_mode_updates_come_by_https_post_with_the_secret(tmp_path):
    port = free_port()
    bot = start_bot(tmp_path, f", mode: webhook, webhook: {{listen: 127.0.0.1, port: {port}, path: hook, "
                              "url: 'https://bot.example.org/hook', secret_token: s3cret-w3bhook}")
    try:
        registered = bot.standin.wait_for(lambda c: c.method == "setWebhook")
        assert registered.params["url"] == "https://bot.example.org/hook"
        assert registered.params["secret_token"] == "s3cret-w3bhook"
        wait_until_listening(port)
        update = {"update_id": 1, "message": command(ADMIN, "/help")}
        wrong = httpx.post(f"http://127.0.0.1:{port}/hook", json=update, headers={SECRET_HEADER: "guess"})
        assert wrong.status_code == 403
        right = httpx.post(f"http://127.0.0.1:{port}/hook", json=update, headers={SECRET_HEADER: "s3cret-w3bhook"})
        assert right.status_code == 200
        helped = bot.standin.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN)
        assert helped.text.startswith("I answer questions") and len(bot.standin.sent_to(ADMIN)) == 1
    finally:
        assert bot.stop() == 0
        bot.standin.stop()
    assert "s3cret-w3bhook" not in bot.log() and TOKEN not in bot.log()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- a bot with a closed list of askers and a queue of additions ----------------------------------
ASKERS_GROUP = -100666  # a group whose members may all ask
OTHER_GROUP = group_chat(-100777)  # a group where only those listed one by one may ask


class HeldPages:
    """Web pages on 127.0.0.1 that send their first bytes at once and the rest only once released: a slow
    site whose links stay in the middle of being read for as long as a test needs."""

    def __init__(self, text: str):
        self.text, self.released = text, threading.Event()
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = (f"<html><head><title>صفحة {self.path}</title></head><body><article>"
                        f"<p>{self.path} — {held.text}</p></article></body></html>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:64])
                self.wfile.flush()
                held.released.wait(120)
                self.wfile.write(body[64:])

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{name}"

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    """A bot where only the admin, the contributor and one group may ask, adding two things at once, one per
    person, with at most five waiting for one person and six in all; seeded with the Al-Arab article."""
    running = start_bot(tmp_path_factory.mktemp("strict"), askers=f"[{ASKERS_GROUP}]",
                        limits=", url_timeout_s: 120, ingest_workers: 2, ingests_per_user: 1, "
                               "ingests_waiting_per_user: 5, ingests_waiting: 6")
    text = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")
    seed = message(CONTRIBUTOR, text=text, forward_origin=channel_origin("العرب", "alarabonline", 4242))
    running.send(seed)
    assert running.replies(seed)[-1].text.startswith("added: ")
    yield running
    running.stop()
    running.standin.stop()


def test_buttons_pressed_by_someone_who_may_not_ask_show_them_nothing(strict):
    asked = strict.send(command(ADMIN, f"/ask {TOPIC}", OTHER_GROUP))
    more = strict.replies(asked)[-1].buttons[0]["callback_data"]
    assert more.startswith("more:")
    before = len(strict.standin.sent_to(OTHER_GROUP["id"]))
    refused = lambda c: c.method == "answerCallbackQuery" and "not allowed to ask" in c.params.get("text", "")  # noqa: E731
    for data, chat in ((more, OTHER_GROUP), ("sources:0", STRANGER), ("sources:10", OTHER_GROUP)):
        refusal = strict.next_call(refused)
        strict.press(STRANGER, data, chat)
        assert str(STRANGER) in refusal().text
    helped = strict.next_call(lambda c: c.method == "sendMessage" and c.chat_id == STRANGER)
    strict.send(command(STRANGER, "/help"))  # handled after the presses, so they were handled too
    helped()
    assert len(strict.standin.sent_to(OTHER_GROUP["id"])) == before
    assert not [c for c in strict.standin.calls if c.method in ("editMessageText", "editMessageReplyMarkup")
                and c.chat_id in (STRANGER, OTHER_GROUP["id"])]


def test_a_question_is_answered_while_slow_links_are_read_and_queued_and_the_queue_is_bounded(strict):
    site = HeldPages(shared_file(CULTURE_ARTICLE).read_bytes().decode("cp1256").replace("\r\n", " ")[:3000])
    try:
        admin_links = [strict.send(command(ADMIN, f"/add {site.url(f'admin-{n}')}")) for n in range(6)]
        statuses = [strict.reply_to(sent) for sent in admin_links]
        assert [status.text.split(" · ")[0] for status in statuses] == (
            ["reading…"] + [f"queued, position {k}" for k in range(1, 6)])
        assert strict.reply_to(strict.send(command(ADMIN, f"/add {site.url('admin-6')}"))).text.startswith(
            "You already have 5 files or links waiting")
        contributor_statuses = [strict.reply_to(strict.send(command(CONTRIBUTOR, f"/add {site.url(f'other-{n}')}")))
                                for n in range(3)]
        assert contributor_statuses[0].text == "reading…", "another person's link starts on the free thread"
        assert contributor_statuses[1].text.startswith("queued, position 6")
        assert contributor_statuses[2].text.startswith("The bot is busy: 6 files or links are waiting")

        calls = strict.ask(QUESTION, ADMIN)
        assert SEED_LINK in answer_html(calls), "answered while seven links are read or waiting"
        assert not [c for c in strict.standin.calls if c.method == "editMessageText" and c.text.startswith("added")]

        site.released.set()
        for status in statuses + contributor_statuses[:2]:
            strict.standin.wait_for(lambda c, status=status: c.method == "editMessageText"
                                    and c.params["message_id"] == status.message_id
                                    and c.text.startswith("added: "), 180)
    finally:
        site.stop()
    for status in statuses[1:] + contributor_statuses[1:2]:
        edits = [c.text for c in strict.standin.calls if c.method == "editMessageText"
                 and c.params["message_id"] == status.message_id and not c.text.endswith("added…")]
        assert edits[0] == "reading…" and edits[-1].startswith("added: "), edits


def ingest_worker_pids(bot: Bot) -> list[int]:
    """The bot's ingest worker processes: its children that multiprocessing spawned (not its resource tracker)."""
    children = [int(pid) for task in Path(f"/proc/{bot.process.pid}/task").iterdir()
                for pid in (task / "children").read_text().split()]
    return [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def test_a_link_is_read_in_another_process_whose_death_is_reported_and_the_bot_carries_on(strict):
    site = HeldPages(shared_file(SCIENCE_ARTICLE).read_bytes().decode("cp1256").replace("\r\n", " ")[:3000])
    try:
        before = strict.articles()
        reading = strict.reply_to(strict.send(command(ADMIN, f"/add {site.url('killed')}")))
        assert reading.text == "reading…"
        workers = ingest_worker_pids(strict)
        assert workers and strict.process.pid not in workers
        calls = strict.ask(QUESTION, ADMIN)
        assert SEED_LINK in answer_html(calls), "answered while the link is being read"
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        told = strict.standin.wait_for(lambda c: c.method == "editMessageText"
                                       and c.params["message_id"] == reading.message_id, 60)
        assert told.text.startswith("Stopped: the reader ended unexpectedly. Nothing was added.")
        assert strict.articles() == before
        site.released.set()
        again = strict.reply_to(strict.send(command(ADMIN, f"/add {site.url('again')}")))
        strict.standin.wait_for(lambda c: c.method == "editMessageText" and c.params["message_id"] == again.message_id
                                and c.text.startswith("added: "), 180)
        assert strict.articles() == before + 1 and not set(ingest_worker_pids(strict)) & set(workers)
    finally:
        site.stop()


def test_stopping_tells_those_waiting_and_keeps_what_was_added(strict):
    site = HeldPages(shared_file(ECONOMY_ARTICLE).read_bytes().decode("cp1256").replace("\r\n", " ")[:3000])
    try:
        reading, waiting = (strict.reply_to(strict.send(command(ADMIN, f"/add {site.url(f'last-{n}')}")))
                            for n in range(2))
        assert reading.text == "reading…" and waiting.text.startswith("queued, position 1")
        strict.process.send_signal(signal.SIGTERM)
        told = strict.standin.wait_for(lambda c: c.method == "editMessageText"
                                       and c.params["message_id"] == waiting.message_id)
        assert told.text.startswith("The bot is restarting and did not read this")
        site.released.set()
        summary = strict.standin.wait_for(lambda c: c.method == "editMessageText"
                                          and c.params["message_id"] == reading.message_id
                                          and not c.text.endswith("…"), 120)
        assert summary.text.startswith("Stopped: the bot is restarting. added: ")
        assert strict.stop() == 0
    finally:
        site.stop()
