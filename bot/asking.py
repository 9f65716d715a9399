"""Questions and the pages of their answers."""
from __future__ import annotations

import asyncio
import re
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, filters

from bot import texts
from bot.access import ASK, requires
from bot.chat import core, edited, scope, send_html
from bot.telegram_html import answer_messages
from index.errors import BadQuestion, QawlError
from retrieval.answer import Answer

PAGES = 3  # an answer holds this many pages of passages for the "More" button
KEEP_ANSWERS = 20  # answers per chat kept in memory for "More"


class AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot by @username or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".lower()
        return any(text.lower() == mention for text in message.parse_entities(["mention"]).values())


@requires(ASK)
async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question: any text in a private chat, or text addressed to the bot in a group."""
    await answer(update, context, question_text(update.message))


def question_text(message: Message) -> str:
    """A message's text without the bot's @username."""
    return re.sub(f"@{re.escape(message.get_bot().username)}", " ", message.text, flags=re.IGNORECASE)


@requires(ASK)
async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, or /ask in reply to a message holding the question."""
    replied = update.message.reply_to_message
    text = " ".join(context.args) or ((replied.text or replied.caption or "") if replied else "")
    if not text.strip():
        await update.message.reply_text(texts.ASK_USAGE.of(texts.language(update.effective_user)))
        return
    await answer(update, context, text)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Search off the event loop (never on the threads that add articles) and reply with the first page, its
    words in the asker's language (else the question's)."""
    message = update.message
    lang = texts.language(update.effective_user, text)
    await message.reply_chat_action(ChatAction.TYPING)
    searcher = core(context).searcher
    try:
        result = await asyncio.to_thread(searcher.ask, text, searcher.settings.passages * PAGES, scope(update, context))
    except BadQuestion as error:
        await message.reply_text(texts.bad_question(error, lang), do_quote=True)
        return
    except QawlError as error:
        await message.reply_text(str(error), do_quote=True)
        return
    if not result.found:
        await message.reply_text(texts.unanswered(result, lang), do_quote=True)
        return
    await send_page(message, context, remember(context.chat_data, result), 0, lang, quote=True)


@requires(ASK)
async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "More" button: the next page of a stored answer."""
    query = update.callback_query
    lang = texts.language(update.effective_user)
    _, key, page = query.data.split(":")
    if int(key) not in context.chat_data.get("answers", {}) or not isinstance(query.message, Message):
        await query.answer(texts.FORGOTTEN_ANSWER.of(lang), show_alert=True)
        return
    await query.answer()
    if await edited(query.edit_message_reply_markup(None)):
        await send_page(query.message, context, int(key), int(page), lang, quote=False)


def remember(chat_data: dict, result, shelf: str = "answers") -> int:
    """Keep the answer for its "More" button (or another thing for its buttons on another shelf of the chat);
    the oldest of the shelf are forgotten."""
    answers: OrderedDict = chat_data.setdefault(shelf, OrderedDict())
    key = chat_data["next_answer"] = chat_data.get("next_answer", 0) + 1
    answers[key] = result
    while len(answers) > KEEP_ANSWERS:
        answers.popitem(last=False)
    return key


async def send_page(message: Message, context: ContextTypes.DEFAULT_TYPE, key: int, page: int, lang: str,
                    quote: bool) -> None:
    """One page of passages as HTML messages, the last one with a "More" button if more remain; the words
    around the quotes in `lang`."""
    answer: Answer = context.chat_data["answers"][key]
    size = core(context).searcher.settings.passages
    first, stop = page * size, (page + 1) * size
    runs = answer.speaker_runs(first, stop) if answer.claimant_first else None
    pages = answer_messages(answer.passages[first:stop], first_number=first + 1, runs=runs, words=texts.words(lang))
    button = None
    if stop < len(answer.passages):
        button = InlineKeyboardMarkup([[InlineKeyboardButton(texts.MORE.of(lang),
                                                             callback_data=f"more:{key}:{page + 1}")]])
    for number, text in enumerate(pages):
        last = number == len(pages) - 1
        await send_html(message, text, quote=quote and number == 0, markup=button if last else None)
