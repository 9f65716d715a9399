"""The Telegram bot: the Application, every handler wired in one place, and how it runs."""
from __future__ import annotations

import asyncio
import logging
import sys

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application

from bot import handlers, texts, wiring
from bot.config import Config
from bot.wiring import Core
from index.errors import ConfigError

log = logging.getLogger(__name__)

SAVE_EVERY_S = 60
BOOTSTRAP_RETRIES = 3  # a failed first call to the Bot API (setting or deleting the webhook) is tried again


def run(config: Config) -> int:
    """Serve until SIGINT or SIGTERM: long polling, or a webhook when telegram.mode is webhook."""
    if not config.telegram.token:
        print("qawl: set TELEGRAM_BOT_TOKEN (or telegram.token in config.yaml) to run the bot", file=sys.stderr)
        return 2
    hook = config.telegram.webhook
    if config.telegram.mode == "webhook" and not hook.url:
        raise ConfigError("setting 'telegram.webhook.url' must be the public https address "
                          "when telegram.mode is webhook")
    hide_in_logs(config.telegram.token, hook.secret_token)
    app = build(wiring.core(config))
    if config.telegram.mode == "webhook":
        app.run_webhook(listen=hook.listen, port=hook.port, url_path=hook.path, webhook_url=hook.url,
                        secret_token=hook.secret_token or None, allowed_updates=Update.ALL_TYPES,
                        bootstrap_retries=BOOTSTRAP_RETRIES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=BOOTSTRAP_RETRIES)
    return 0


class QawlApplication(Application):
    """The Application, which stops the additions under way and tells those waiting before it waits for
    its handlers to end (else stopping would wait for every file in the queue)."""

    async def stop(self) -> None:
        self.bot_data["core"].ingests.stop()
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
    """Load the model once, and publish the command list in English and Arabic."""
    core: Core = app.bot_data["core"]
    await asyncio.to_thread(core.searcher.warm)
    await app.bot.set_my_commands([BotCommand(name, en) for name, (en, _) in texts.COMMANDS.items()])
    await app.bot.set_my_commands([BotCommand(name, ar) for name, (_, ar) in texts.COMMANDS.items()],
                                  language_code="ar")
    log.info("serving as @%s with %s articles", app.bot.username, core.library.stats()["articles"])
    app.bot_data["saver"] = asyncio.create_task(save_every(core, SAVE_EVERY_S))


async def save_every(core: Core, seconds: float) -> None:
    """Now and then, catch up with what other processes added or deleted, and write the vector index to disk
    when it changed (SQLite already has every article)."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(core.library.save)


async def post_shutdown(app: Application) -> None:
    """Stop the periodic saving, let the adding threads end, flush the vector index and close the store."""
    if "saver" in app.bot_data:
        app.bot_data["saver"].cancel()
    await asyncio.to_thread(app.bot_data["core"].ingests.close)
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
