"""Replying in a chat: the core a handler works with, HTML with a plain-text fallback, and edits."""
from __future__ import annotations

import logging

from telegram import LinkPreviewOptions, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.access import is_admin
from bot.telegram_html import plain_text
from bot.wiring import Core
from index.read_side import Scope

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def core(context: ContextTypes.DEFAULT_TYPE) -> Core:
    return context.bot_data["core"]


def scope(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Scope:
    """Whose library a request reads (index/read_side.py): every article with library.scope shared, and for an
    admin in their private chat; else the chat's own and everyone's. An inline query names no chat: it reads
    the library of the user's private chat with the bot."""
    config = core(context).config
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else user
    if config.library.scope == "shared" or (chat == user and is_admin(config.access, user)):
        return None
    return chat


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


async def edited(edit) -> bool:
    """Make an edit; False when Telegram says the message already looks so (a button tapped twice)."""
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        return False
    return True
