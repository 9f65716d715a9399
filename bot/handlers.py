"""Telegram updates translated into calls on the library and the searcher (run off the event loop)."""
from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Callable, Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, filters

from bot import access
from bot.config import Config
from bot.posts_adapter import post_from_message
from bot.render import NOTHING_FOUND, claimant_first
from bot.telegram_html import answer_messages, article_html, plain_text, sources_html, stats_text
from index.article import Article, Rejected
from index.errors import QawlError
from index.library import AddResult, Library
from index.posts import article_from_post
from index.readers import SUPPORTED, ReadLimits, read, read_document
from index.reading import human_size
from retrieval.answer import Answer
from retrieval.search import Searcher

log = logging.getLogger(__name__)

PAGES = 3  # an answer holds this many pages of passages for the "More" button
KEEP_ANSWERS = 20  # answers per chat kept in memory for "More"
ALBUM_WAIT_S = 1.0  # the posts of an album arrive as separate updates within about a second
PROGRESS_EVERY_S = 2.0
READING = "reading…"  # the status message of a file or link being added, until it is edited
SOURCES_PAGE = 10
PUBLIC_API_FILE_MB = 20  # the public Bot API lets bots download files up to 20 MB
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
URL = re.compile(r"https?://\S+")

NOTHING_FOUND_TEXT = f"{NOTHING_FOUND}\nلم أجد في المكتبة ما يجيب عن هذا السؤال."
HINT = ("I answer text questions and index forwarded posts or documents.\n"
        "أجيب عن الأسئلة النصية، وأضيف إلى المكتبة المنشورات المُعاد توجيهها والملفات.")
APOLOGY = "Sorry, something went wrong on my side. Please try again.\nعذرًا، حدث خطأ من جهتي. حاول مرة أخرى."
HELP = (
    "I answer questions by quoting the news articles in my library, with their sources. Nothing is made up.\n"
    "• Ask a question, e.g.: who claimed Italian troops are in Misrata?\n"
    f"• Forward a channel post, or send a document ({' '.join(SUPPORTED)}), to add it.\n"
    "• /add URL adds a web page · /sources recent articles · /show ID · /stats · /delete ID (admins)\n"
    "• In groups: mention me, reply to me, or use /ask QUESTION.\n\n"
    "أجيب عن الأسئلة باقتباس نصوص المقالات التي في مكتبتي مع مصادرها، دون تأليف.\n"
    "• اسأل سؤالًا، مثل: من قال إن قوات إيطالية موجودة في مصراتة؟\n"
    "• أعد توجيه منشور من قناة، أو أرسل ملفًا، لإضافته.\n"
    "• /add رابط لإضافة صفحة · /sources أحدث المقالات · /show · /stats\n"
    "• في المجموعات: اذكرني أو رُدّ على رسالتي أو استخدم /ask."
)
COMMANDS = {  # name: (English, Arabic)
    "start": ("What this bot does", "ما الذي يفعله هذا البوت"),
    "help": ("How to ask and how to add articles", "كيف تسأل وكيف تضيف مقالات"),
    "ask": ("Ask a question (in groups)", "اطرح سؤالًا (في المجموعات)"),
    "add": ("Add a web page: /add URL", "أضف صفحة ويب: /add رابط"),
    "sources": ("Recently added articles", "أحدث المقالات المضافة"),
    "show": ("Show an article: /show ID", "اعرض مقالًا: /show المعرّف"),
    "delete": ("Delete an article (admins)", "احذف مقالًا (للمشرفين)"),
    "stats": ("Library statistics", "إحصاءات المكتبة"),
}


@dataclass
class Core:
    """What the handlers call: the library, the searcher and the settings."""

    config: Config
    library: Library
    searcher: Searcher
    limits: ReadLimits


def core(context: ContextTypes.DEFAULT_TYPE) -> Core:
    return context.bot_data["core"]


class AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot by @username or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".lower()
        return any(text.lower() == mention for text in message.parse_entities(["mention"]).values())


# --- questions ---------------------------------------------------------------
async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question: any text in a private chat, or text addressed to the bot in a group."""
    text = re.sub(f"@{re.escape(context.bot.username)}", " ", update.message.text, flags=re.IGNORECASE)
    await answer(update, context, text)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, or /ask in reply to a message holding the question."""
    replied = update.message.reply_to_message
    text = " ".join(context.args) or ((replied.text or replied.caption or "") if replied else "")
    if not text.strip():
        await update.message.reply_text("Usage: /ask QUESTION, e.g. /ask who claimed Italian troops are in Misrata?")
        return
    await answer(update, context, text)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Search off the event loop and reply with the first page of passages."""
    if not await permitted(update, context, access.ASK):
        return
    message = update.message
    await message.reply_chat_action(ChatAction.TYPING)
    searcher = core(context).searcher
    try:
        result = await asyncio.to_thread(searcher.ask, text, searcher.settings.passages * PAGES)
    except QawlError as error:
        await message.reply_text(str(error), do_quote=True)
        return
    if not result.found:
        await message.reply_text(result.message or NOTHING_FOUND_TEXT, do_quote=True)
        return
    await send_page(message, context, remember(context.chat_data, result), 0, quote=True)


async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "More" button: the next page of a stored answer."""
    query = update.callback_query
    _, key, page = query.data.split(":")
    if int(key) not in context.chat_data.get("answers", {}) or not isinstance(query.message, Message):
        await query.answer("That answer is no longer in memory; please ask again.", show_alert=True)
        return
    await query.answer()
    if await edited(query.edit_message_reply_markup(None)):
        await send_page(query.message, context, int(key), int(page), quote=False)


async def edited(edit) -> bool:
    """Make an edit; False when Telegram says the message already looks so (a button tapped twice)."""
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        return False
    return True


def remember(chat_data: dict, result: Answer) -> int:
    """Keep the answer for its "More" button; the oldest answers of the chat are forgotten."""
    answers: OrderedDict = chat_data.setdefault("answers", OrderedDict())
    key = chat_data["next_answer"] = chat_data.get("next_answer", 0) + 1
    answers[key] = result
    while len(answers) > KEEP_ANSWERS:
        answers.popitem(last=False)
    return key


async def send_page(message: Message, context: ContextTypes.DEFAULT_TYPE, key: int, page: int, quote: bool) -> None:
    """One page of passages as HTML messages, the last one with a "More" button if more remain."""
    passages = context.chat_data["answers"][key].passages
    size = core(context).searcher.settings.passages
    shown = passages[page * size : (page + 1) * size]
    texts = answer_messages(shown, first_number=page * size + 1, by_speaker=claimant_first(passages))
    button = None
    if (page + 1) * size < len(passages):
        button = InlineKeyboardMarkup([[InlineKeyboardButton("More · المزيد", callback_data=f"more:{key}:{page + 1}")]])
    for number, text in enumerate(texts):
        last = number == len(texts) - 1
        await send_html(message, text, quote=quote and number == 0, markup=button if last else None)


async def send_html(message: Message, text: str, quote: bool = False, markup=None) -> Message:
    """Reply in the message's chat with HTML, or with the same content as plain text if Telegram refuses it."""
    try:
        return await message.reply_html(text, do_quote=quote, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "parse entities" not in error.message.lower():
            raise
        log.warning("Telegram could not parse a reply's HTML (%s); sending it as plain text", error.message)
        return await message.reply_text(plain_text(text), do_quote=quote, reply_markup=markup,
                                        link_preview_options=NO_PREVIEW)


# --- adding articles -----------------------------------------------------------
async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A forwarded post becomes an article; the posts of an album are gathered into one."""
    message = update.message
    if message.media_group_id is None:
        if await permitted(update, context, access.ADD):
            await add_posts(context, [message])
        return
    key = (message.chat_id, message.media_group_id)
    album = context.bot_data.setdefault("albums", {}).setdefault(key, [])
    album.append(message)
    if len(album) == 1:
        context.application.create_task(add_album_later(update, context, key), update=update)


async def add_album_later(update: Update, context: ContextTypes.DEFAULT_TYPE, key: tuple[int, str]) -> None:
    """Once an album's posts have arrived, add them as one article, or refuse them once."""
    await asyncio.sleep(ALBUM_WAIT_S)
    posts = sorted(context.bot_data["albums"].pop(key), key=lambda m: m.message_id)
    if await permitted(update, context, access.ADD):
        await add_posts(context, posts)


async def add_posts(context: ContextTypes.DEFAULT_TYPE, messages: list[Message], sender: Message | None = None) -> None:
    """Store the article made of these posts and say what happened, in reply to whoever sent them (the
    posts themselves, or the /add command that names them)."""
    sender = sender or messages[0]
    item = article_from_post([post_from_message(m) for m in messages])
    if isinstance(item, Rejected):
        await sender.reply_text(f"Not added: {item.reason}.", do_quote=True)
        return
    item = replace(item, added_by=contributor(sender))
    result = await asyncio.to_thread(core(context).library.add, item)
    await sender.reply_text(added_line(result), do_quote=True)


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sent document is read like a file given to `qawl ingest`."""
    if not await permitted(update, context, access.ADD):
        return
    message, sent = update.message, update.message.document
    name = sent.file_name or ""
    suffix = PurePosixPath(name).suffix.lower()
    limit = document_limit(core(context).config)
    if suffix not in SUPPORTED:
        await message.reply_text(f"I cannot read {suffix or 'files without an extension'} files. "
                                 f"Supported: {' '.join(SUPPORTED)}", do_quote=True)
        return
    if sent.file_size and sent.file_size > limit:
        await message.reply_text(f"{name} is {human_size(sent.file_size)}, over the {human_size(limit)} "
                                 "limit for files sent to the bot.", do_quote=True)
        return
    status = await message.reply_text(READING, do_quote=True)
    try:
        data = bytes(await (await sent.get_file()).download_as_bytearray())
    except TelegramError as error:
        log.warning("could not download %s from chat %s: %r", name, message.chat_id, error)
        await status.edit_text(f"Could not download {name} from Telegram; nothing was added. Please send it again.")
        return
    limits = core(context).limits
    await ingest(status, context, lambda: read_document(name, data, limits), contributor(message))


async def add_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/add URL reads a web page; /add in reply to a message adds its link, else its text."""
    if not await permitted(update, context, access.ADD):
        return
    message, replied = update.message, update.message.reply_to_message
    target = " ".join(context.args)
    if not target and replied:
        target = (replied.text or replied.caption or "").strip()
        if not URL.fullmatch(target):
            await add_posts(context, [replied], sender=message)
            return
    if not URL.fullmatch(target):
        await message.reply_text("Usage: /add https://… (a web page), or /add in reply to a message to add it.")
        return
    status = await message.reply_text(READING, do_quote=True)
    limits = core(context).limits
    await ingest(status, context, lambda: read(target, limits), contributor(message))


def document_limit(config: Config) -> int:
    """The largest file accepted, in bytes; the public Bot API adds its own 20 MB cap."""
    megabytes = config.limits.max_file_mb
    if "api.telegram.org" in config.telegram.base_file_url:
        megabytes = min(megabytes, PUBLIC_API_FILE_MB)
    return int(megabytes * 2**20)


def contributor(message: Message) -> str:
    """Who added an article, as recorded with it."""
    user = message.from_user
    return f"telegram:{user.id}" if user else "telegram"


@dataclass
class Tally:
    """The results of adding a batch, counted as they arrive."""

    results: list[AddResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    def progress(self) -> str:
        return f"{self.count('added')} articles added…" if self.results else READING

    def summary(self) -> str:
        if len(self.results) == 1:
            return added_line(self.results[0])
        passages = sum(result.chunks for result in self.results if result.status == "added")
        lines = [f"{self.count('added')} articles added ({passages} passages), "
                 f"{self.count('duplicate')} already there, {self.count('rejected')} not added."]
        lines += [f"• {result.input}: {result.reason}" for result in self.results if result.status == "rejected"][:5]
        return "\n".join(lines)


async def ingest(status: Message, context: ContextTypes.DEFAULT_TYPE,
                 items: Callable[[], Iterable[Article | Rejected]], added_by: str) -> None:
    """Add every item off the event loop, editing the status message with progress and then a summary."""
    tally, library = Tally(), core(context).library

    def add_all() -> None:
        for result in library.add_many(replace(i, added_by=added_by) if isinstance(i, Article) else i
                                       for i in items()):
            tally.results.append(result)

    work = asyncio.ensure_future(asyncio.to_thread(add_all))
    shown = status.text
    while not work.done():
        await asyncio.wait({work}, timeout=PROGRESS_EVERY_S)
        if not work.done() and tally.progress() != shown:
            shown = tally.progress()
            await status.edit_text(shown)
    try:
        work.result()
    except Exception:
        await status.edit_text(f"Stopped by an error. {tally.summary() if tally.results else 'Nothing was added.'}")
        raise
    await status.edit_text(tally.summary())


def added_line(result: AddResult) -> str:
    """What adding one article did, for the person who sent it."""
    if result.status == "added":
        note = f" ({result.reason})" if result.reason else ""
        passages = "1 passage" if result.chunks == 1 else f"{result.chunks} passages"
        return f"added: {result.title} — {passages} · id {result.article_id}{note}"
    if result.status == "duplicate":
        return result.reason or "already have it"
    return f"Not added: {result.reason}."


# --- the library -----------------------------------------------------------------
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does, and the user's id (for access lists)."""
    user = update.effective_user
    await update.message.reply_text(f"{HELP}\n\nYour user id · رقم حسابك: {user.id if user else '?'}")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask and how to add articles."""
    await update.message.reply_text(HELP)


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the latest articles with their ids."""
    if not await permitted(update, context, access.ASK):
        return
    text, buttons = await sources_page(context, 0)
    await send_html(update.message, text, markup=buttons)


async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Newer/Older buttons of /sources."""
    query = update.callback_query
    await query.answer()
    text, buttons = await sources_page(context, int(query.data.split(":")[1]))
    await edited(query.edit_message_text(text, parse_mode="HTML", reply_markup=buttons,
                                         link_preview_options=NO_PREVIEW))


async def sources_page(context: ContextTypes.DEFAULT_TYPE, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of recent articles and the buttons to the pages around it."""
    articles = await asyncio.to_thread(core(context).library.recent, SOURCES_PAGE + 1, offset)
    if not articles:
        return "The library is empty. Forward a post or send a document to add articles.", None
    row = []
    if offset > 0:
        row.append(InlineKeyboardButton("‹ Newer", callback_data=f"sources:{max(offset - SOURCES_PAGE, 0)}"))
    if len(articles) > SOURCES_PAGE:
        row.append(InlineKeyboardButton("Older ›", callback_data=f"sources:{offset + SOURCES_PAGE}"))
    return sources_html(articles[:SOURCES_PAGE], offset + 1), InlineKeyboardMarkup([row]) if row else None


async def named_article(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str):
    """The stored article a command names by id, or None after telling the user what is wrong."""
    if len(context.args) != 1:
        await update.message.reply_text(f"Usage: {command} ID (ids are listed by /sources)")
        return None
    try:
        return await asyncio.to_thread(core(context).library.get, context.args[0])
    except QawlError as error:
        await update.message.reply_text(str(error))
        return None


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/show ID: one article's title, source, link and first lines."""
    if not await permitted(update, context, access.ASK):
        return
    stored = await named_article(update, context, "/show")
    if stored:
        await send_html(update.message, article_html(stored))


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete ID (admins): asks to confirm with Yes/No buttons."""
    if not await permitted(update, context, access.DELETE):
        return
    stored = await named_article(update, context, "/delete")
    if not stored:
        return
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Yes, delete", callback_data=f"delete:yes:{stored.id}"),
                                     InlineKeyboardButton("No", callback_data=f"delete:no:{stored.id}")]])
    await update.message.reply_text(f"Delete {stored.id}: {stored.article.title}?", reply_markup=buttons)


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Yes/No answer to /delete; only an admin's Yes deletes."""
    query = update.callback_query
    _, choice, article_id = query.data.split(":")
    if not access.allows(core(context).config.access, access.DELETE, query.from_user.id):
        await query.answer(access.refusal(access.DELETE, query.from_user.id)[:200], show_alert=True)
        return
    await query.answer()
    if choice != "yes":
        await query.edit_message_text(f"Kept {article_id}.")
        return
    try:
        stored = await asyncio.to_thread(core(context).library.delete, article_id)
    except QawlError as error:
        await query.edit_message_text(str(error))
        return
    await query.edit_message_text(f"Deleted {stored.id}: {stored.article.title}")


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: articles, passages, model, index size, last added."""
    if not await permitted(update, context, access.ASK):
        return
    await update.message.reply_text(stats_text(await asyncio.to_thread(core(context).library.stats)))


# --- everything else -------------------------------------------------------------
async def hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, photos and other messages in a private chat get a hint of what the bot does."""
    await update.message.reply_text(HINT)


async def permitted(update: Update, context: ContextTypes.DEFAULT_TYPE, permission: str) -> bool:
    """Whether the sender has the permission; if not, they are told why and given their id."""
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    if access.allows(core(context).config.access, permission, user, chat):
        return True
    log.info("refused %s to user %s in chat %s", permission, user, chat)
    await update.effective_message.reply_text(access.refusal(permission, user), do_quote=True)
    return False


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its update and chat, then apologise without details."""
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    log.error("update %s in chat %s failed: %r", getattr(update, "update_id", None), chat, context.error,
              exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(APOLOGY)
        except TelegramError as error:
            log.warning("could not send the apology to chat %s: %r", chat, error)
