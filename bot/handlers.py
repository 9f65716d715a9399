"""Which handler takes which update, each behind its permission, and the replies that need no library."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application, CallbackQueryHandler, ChosenInlineResultHandler, CommandHandler, ContextTypes, InlineQueryHandler,
    MessageHandler, filters,
)

from bot import adding, admin, asking, following, inline, profiles, texts
from bot.access import ANYONE, requires

log = logging.getLogger(__name__)


@requires(ANYONE)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does, and the user's id (for access lists)."""
    user = update.effective_user
    await update.message.reply_text(texts.start(user.id if user else None, texts.language(user)))


@requires(ANYONE)
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask and how to add articles."""
    await update.message.reply_text(texts.HELP.of(texts.language(update.effective_user)))


@requires(ANYONE)
async def hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, photos and other messages in a private chat get a hint of what the bot does."""
    await update.message.reply_text(texts.HINT.of(texts.language(update.effective_user)))


def register(app: Application) -> None:
    """Every handler, in the order Telegram updates are matched; each refuses who lacks its permission."""
    # edited messages and what someone sent through an inline bot (a quote shared) are left alone; channel posts
    # are for bot/following.py
    new = filters.UpdateType.MESSAGE & ~filters.VIA_BOT
    private = filters.ChatType.PRIVATE
    addressed = filters.ChatType.GROUPS & asking.AddressedToBot()
    posted, edited = filters.UpdateType.CHANNEL_POST, filters.UpdateType.EDITED_CHANNEL_POST
    in_group = new & filters.ChatType.GROUPS
    handlers = [
        CommandHandler("start", start, new),
        CommandHandler("help", help_command, new),
        CommandHandler("ask", asking.ask_command, new),
        CommandHandler("who", profiles.who_command, new),
        CommandHandler("add", adding.add_command, new),
        CommandHandler("sources", admin.sources, new),
        CommandHandler("show", admin.show, new),
        CommandHandler("delete", admin.delete, new),
        CommandHandler("stats", admin.stats, new),
        # a channel's own /follow reaches its discussion group too, as a copy: neither a command there nor a post
        CommandHandler("follow", following.follow_discussion, in_group & ~filters.IS_AUTOMATIC_FORWARD),
        CommandHandler("unfollow", following.unfollow_discussion, in_group & ~filters.IS_AUTOMATIC_FORWARD),
        MessageHandler(in_group & filters.IS_AUTOMATIC_FORWARD & ~filters.COMMAND, following.discussion_copy),
        MessageHandler(new & private & filters.Document.ALL, adding.document),
        MessageHandler(new & private & filters.FORWARDED, adding.forwarded),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & (private | addressed) & profiles.SaidQuestionFilter(),
                       profiles.said_about),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & (private | addressed), asking.question),
        MessageHandler(new & private, hint),
        CommandHandler("follow", following.follow, posted),
        CommandHandler("unfollow", following.unfollow, posted),
        MessageHandler(posted & ~filters.COMMAND, following.channel_post),
        MessageHandler(edited & ~filters.COMMAND, following.edited_post),
        CallbackQueryHandler(asking.more, pattern=r"^more:"),
        CallbackQueryHandler(profiles.chosen, pattern=r"^who:"),
        CallbackQueryHandler(admin.sources_button, pattern=r"^sources:"),
        CallbackQueryHandler(admin.delete_button, pattern=r"^delete:"),
        InlineQueryHandler(inline.question),
        ChosenInlineResultHandler(inline.chosen),
    ]
    unchecked = [handler.callback.__name__ for handler in handlers if not hasattr(handler.callback, "permission")]
    if unchecked:
        raise TypeError(f"handlers without a permission: {', '.join(unchecked)}")
    app.add_handlers(handlers)
    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its update and chat, then apologise without details."""
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    log.error("update %s in chat %s failed: %r", getattr(update, "update_id", None), chat, context.error,
              exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(texts.APOLOGY.of(texts.language(update.effective_user)))
        except TelegramError as error:
            log.warning("could not send the apology to chat %s: %r", chat, error)
