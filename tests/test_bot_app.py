"""Starting the bot: a missing token is explained, and the token never reaches a log line."""
import logging

from bot.app import HideSecrets, run
from bot.config import Config

TOKEN = "123456789:AAE-secret-token"


def test_serving_without_a_token_says_which_variable_to_set(capsys):
    assert run(Config()) == 2
    error = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in error and error.count("\n") == 1


def test_the_token_is_hidden_in_messages_arguments_and_tracebacks():
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(handler.format(record))
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(HideSecrets([TOKEN]))
    logger = logging.getLogger("test.hide_secrets")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("calling http://127.0.0.1/bot%s/getMe", TOKEN)
        try:
            raise ConnectionError(f"cannot reach /bot{TOKEN}/sendMessage")
        except ConnectionError:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    assert len(records) == 2 and "/bot<hidden>/getMe" in records[0]
    assert "ConnectionError: cannot reach /bot<hidden>/sendMessage" in records[1]
    assert not [record for record in records if TOKEN in record]
