"""The Telegram bot: the Application, every handler wired in one place, and how it runs."""
from __future__ import annotations

import asyncio
import logging
import sys

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import handlers, wiring
from bot.config import Config
from bot.handlers import Core
from index.errors import ConfigError, QawlError

log = logging.getLogger(__name__)

SAVE_EVERY_S = 60
BOOTSTRAP_RETRIES = 3  # a failed first call to the Bot API (setting or deleting the webhook) is tried again


def run(config: Config) -> int:
    """Serve until SIGINT or SIGTERM: long polling, or a webhook when telegram.mode is webhook."""
    if not config.telegram.token:
        print("qawl: set TELEGRAM_BOT_TOKEN (or telegram.token in config.yaml) to run the bot", file=sys.stderr)
        return 2
    hook = config.telegram.webhook
    hide_in_logs(config.telegram.token, hook.secret_token)
    logging.getLogger("telegram.ext").addFilter(not_a_failed_start)
    library = wiring.library(config)
    app = build(Core(config, library, wiring.searcher(config, library), wiring.read_limits(config)))
    try:
        if config.telegram.mode == "webhook":
            app.run_webhook(listen=hook.listen, port=hook.port, url_path=hook.path, webhook_url=hook.url,
                            secret_token=hook.secret_token, allowed_updates=Update.ALL_TYPES,
                            bootstrap_retries=BOOTSTRAP_RETRIES)
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=BOOTSTRAP_RETRIES)
    except InvalidToken:  # its message quotes the token
        raise ConfigError(f"the Bot API refused the token, or {server(config)} is not a Bot API address: "
                          "check telegram.token or TELEGRAM_BOT_TOKEN, and telegram.base_url") from None
    except TelegramError as error:  # the first calls failed BOOTSTRAP_RETRIES times
        reason = str(error).replace(config.telegram.token, "<hidden>")
        raise QawlError(f"could not start on the Bot API at {server(config)}: {reason}") from None
    return 0


def server(config: Config) -> str:
    """telegram.base_url as it may be shown: without the token, should it hold it."""
    return config.telegram.base_url.replace(config.telegram.token, "<hidden>")


def build(core: Core) -> Application:
    """The Application talking to the configured Bot API server, with every handler."""
    telegram = core.config.telegram
    app = (Application.builder().token(telegram.token).base_url(telegram.base_url)
           .base_file_url(telegram.base_file_url).rate_limiter(AIORateLimiter()).concurrent_updates(True)
           .post_init(post_init).post_shutdown(post_shutdown).build())
    app.bot_data["core"] = core

    new = filters.UpdateType.MESSAGE  # edited messages and channel posts are left alone
    private = filters.ChatType.PRIVATE
    addressed = filters.ChatType.GROUPS & handlers.AddressedToBot()
    app.add_handler(CommandHandler("start", handlers.start, new))
    app.add_handler(CommandHandler("help", handlers.help_command, new))
    app.add_handler(CommandHandler("ask", handlers.ask_command, new))
    app.add_handler(CommandHandler("add", handlers.add_command, new))
    app.add_handler(CommandHandler("sources", handlers.sources, new))
    app.add_handler(CommandHandler("show", handlers.show, new))
    app.add_handler(CommandHandler("delete", handlers.delete, new))
    app.add_handler(CommandHandler("stats", handlers.stats, new))
    app.add_handler(MessageHandler(new & private & filters.Document.ALL, handlers.document))
    app.add_handler(MessageHandler(new & private & filters.FORWARDED, handlers.forwarded))
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND & (private | addressed), handlers.question))
    app.add_handler(MessageHandler(new & private, handlers.hint))
    app.add_handler(CallbackQueryHandler(handlers.more, pattern=r"^more:"))
    app.add_handler(CallbackQueryHandler(handlers.sources_button, pattern=r"^sources:"))
    app.add_handler(CallbackQueryHandler(handlers.delete_button, pattern=r"^delete:"))
    app.add_error_handler(handlers.on_error)
    return app


async def post_init(app: Application) -> None:
    """Load the model and the index once, and publish the command list in English and Arabic."""
    core: Core = app.bot_data["core"]
    await asyncio.to_thread(core.searcher.warm)
    await app.bot.set_my_commands([BotCommand(name, en) for name, (en, _) in handlers.COMMANDS.items()])
    await app.bot.set_my_commands([BotCommand(name, ar) for name, (_, ar) in handlers.COMMANDS.items()],
                                  language_code="ar")
    log.info("serving as @%s with %s articles", app.bot.username, core.library.stats()["articles"])
    app.bot_data["saver"] = asyncio.create_task(save_every(core, SAVE_EVERY_S))


async def save_every(core: Core, seconds: float) -> None:
    """Write the vector index to disk now and then, when it changed (SQLite already has every article)."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(core.library.save)


async def post_shutdown(app: Application) -> None:
    """Stop the periodic saving, flush the vector index and close the store."""
    if "saver" in app.bot_data:
        app.bot_data["saver"].cancel()
    app.bot_data["core"].library.close()
    log.info("stopped; the library is saved")


class HideSecrets(logging.Filter):
    """Replaces secrets in every log record, its traceback included, before it is written."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "<hidden>")
            record.exc_text = record.exc_text and record.exc_text.replace(secret, "<hidden>")
        record.msg, record.args = message, None
        return True


def hide_in_logs(*secrets: str) -> None:
    """Keep the token (and the webhook secret) out of every log line, whatever the level."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(HideSecrets(list(secrets)))


def not_a_failed_start(record: logging.LogRecord) -> bool:
    """False for python-telegram-bot's traceback of the first calls failing: run() says why in one line."""
    return not (record.exc_info and record.getMessage().startswith("Network Retry Loop (Bootstrap"))
