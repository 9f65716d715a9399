"""The Telegram bot: the Application, every handler wired in one place, and how it runs."""
from __future__ import annotations

import asyncio
import logging
import sys

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application

from bot import handlers, texts, wiring
from bot.config import Config
from bot.wiring import Core
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
    hide_in_logs(config.telegram.token, hook.secret_token, config.milvus.token)
    logging.getLogger("telegram.ext").addFilter(not_a_failed_start)
    app = build(wiring.core(config))
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


class QawlApplication(Application):
    """The Application, which stops the additions under way and tells those waiting before it waits for
    its handlers to end (else stopping would wait for every file in the queue)."""

    async def stop(self) -> None:
        self.bot_data["core"].ingests.stop()
        self.bot_data["core"].workers.stop()
        await super().stop()


def build(core: Core) -> Application:
    """The Application talking to the configured Bot API server, with every handler."""
    telegram = core.config.telegram
    app = (Application.builder().application_class(QawlApplication).token(telegram.token)
           .base_url(telegram.base_url).base_file_url(telegram.base_file_url).rate_limiter(AIORateLimiter()).concurrent_updates(True)
           .post_init(post_init).post_shutdown(post_shutdown).build())
    app.bot_data["core"] = core

    handlers.register(app)
    return app


async def post_init(app: Application) -> None:
    """Start the ingest workers, load the model once, and publish the command menu in English (the default, and
    for English) and in Arabic."""
    core: Core = app.bot_data["core"]
    await asyncio.to_thread(core.workers.start)
    await asyncio.to_thread(core.searcher.warm)
    menu = {lang: [BotCommand(name, text.of(lang)) for name, text in texts.COMMANDS.items()]
            for lang in (texts.EN, texts.AR)}
    await app.bot.set_my_commands(menu[texts.EN])  # for every language without a menu of its own
    for lang, commands in menu.items():
        await app.bot.set_my_commands(commands, language_code=lang)
    log.info("serving as @%s with %s articles", app.bot.username, core.library.stats()["articles"])
    app.bot_data["saver"] = asyncio.create_task(save_every(core, SAVE_EVERY_S))


async def save_every(core: Core, seconds: float) -> None:
    """Now and then, catch up with what other processes added or deleted, and write the vector index to disk
    when it changed (SQLite already has every article)."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(core.library.save)


async def post_shutdown(app: Application) -> None:
    """Stop the periodic saving, let the additions under way end and the workers quit, flush the vector
    index and close the store."""
    if "saver" in app.bot_data:
        app.bot_data["saver"].cancel()
    await asyncio.to_thread(app.bot_data["core"].workers.close)
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
    """Keep the token (and the webhook secret, and the Milvus server's token) out of every log line, whatever the
    level."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(HideSecrets(list(secrets)))


def not_a_failed_start(record: logging.LogRecord) -> bool:
    """False for python-telegram-bot's traceback of the first calls failing: run() says why in one line."""
    return not (record.exc_info and record.getMessage().startswith("Network Retry Loop (Bootstrap"))
