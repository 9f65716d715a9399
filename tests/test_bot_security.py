"""Starting the bot safely: a rejected token is one clear line that never shows the token, and a webhook takes
updates only from whoever knows its secret."""
from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from bot import config as configuration
from index.errors import ConfigError
from bench.standin import BotApiStandin, command
from tests.conftest import REPO
from tests.test_bot_end_to_end import ADMIN, SECRET_HEADER, TOKEN, free_port, start_bot, wait_until_listening

WEBHOOK = "mode: webhook, webhook: {listen: 127.0.0.1, port: %d, path: hook, url: 'https://bot.example.org/hook'%s}"


def serve(folder, telegram: str) -> subprocess.CompletedProcess:
    """`python -m bot serve` with the token in TELEGRAM_BOT_TOKEN, until it exits by itself."""
    config = folder / "config.yaml"
    config.write_text(f"storage: {{path: {folder / 'data'}}}\ntelegram: {{{telegram}}}\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("QAWL_") or key == "QAWL_CACHE_DIR"}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "serve"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def standin():
    running = BotApiStandin(TOKEN).start()
    yield running
    running.stop()


def assert_told_to_check_the_token_and_address(done: subprocess.CompletedProcess) -> None:
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "Traceback" not in output
    (said,) = [line for line in done.stderr.splitlines() if line.startswith("qawl: ")]
    assert "refused the token" in said
    assert "telegram.token" in said and "TELEGRAM_BOT_TOKEN" in said and "telegram.base_url" in said


@pytest.mark.slow
def test_a_token_the_bot_api_refuses_is_one_line_that_never_shows_it(tmp_path, standin):
    standin.fail_once("getMe", "Unauthorized", status=401)
    done = serve(tmp_path, f"base_url: '{standin.base_url}'")
    assert_told_to_check_the_token_and_address(done)
    assert [call.method for call in standin.calls] == ["getMe"]


@pytest.mark.slow
def test_a_base_url_that_is_no_bot_api_is_one_line_that_never_shows_the_token(tmp_path, standin):
    wrong = standin.base_url.replace("/bot", "/api/bot")  # the server answers 404 Not Found there
    done = serve(tmp_path, f"base_url: '{wrong}'")
    assert_told_to_check_the_token_and_address(done)
    assert wrong in done.stderr


@pytest.mark.slow
def test_a_bot_api_that_cannot_be_reached_is_one_line_without_a_traceback(tmp_path):
    done = serve(tmp_path, f"base_url: 'http://127.0.0.1:{free_port()}/bot'")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output and TOKEN not in output
    assert "qawl: could not start on the Bot API at http://127.0.0.1:" in done.stderr


def webhook_config(tmp_path, secret: str | None) -> configuration.Config:
    path = tmp_path / "config.yaml"
    path.write_text("telegram: {" + WEBHOOK % (8443, "" if secret is None else f", secret_token: '{secret}'")
                    + "}\n", encoding="utf-8")
    return configuration.load(path, environ={})


def test_a_webhook_without_a_secret_is_refused_naming_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"telegram\.webhook\.secret_token"):
        webhook_config(tmp_path, None)


@pytest.mark.parametrize("secret", ["with space", "semi;colon", "ç", "x" * 257, "a/b", "é" * 10])
def test_a_webhook_secret_telegram_would_refuse_is_refused_naming_the_key(tmp_path, secret):
    with pytest.raises(ConfigError, match=r"telegram\.webhook\.secret_token.*A-Z, a-z, 0-9, _ and -"):
        webhook_config(tmp_path, secret)


@pytest.mark.parametrize("secret", ["a", "s3cret-w3bhook_OK", "Z" * 256])
def test_a_webhook_secret_of_the_characters_telegram_allows_is_accepted(tmp_path, secret):
    assert webhook_config(tmp_path, secret).telegram.webhook.secret_token == secret


@pytest.mark.slow
def test_serving_a_webhook_without_a_secret_stops_before_listening(tmp_path, standin):
    port = free_port()
    done = serve(tmp_path, f"base_url: '{standin.base_url}', " + WEBHOOK % (port, ""))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "telegram.webhook.secret_token" in done.stderr
    assert standin.calls == []
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"http://127.0.0.1:{port}/hook", json={"update_id": 1})


@pytest.mark.slow
def test_webhook_posts_without_the_secret_or_with_a_wrong_one_are_refused_and_never_handled(tmp_path):
    port = free_port()
    bot = start_bot(tmp_path, ", " + WEBHOOK % (port, ", secret_token: s3cret-w3bhook"))
    hook = f"http://127.0.0.1:{port}/hook"
    try:
        wait_until_listening(port)
        forged = {"update_id": 1, "message": command(ADMIN, "/stats")}
        assert httpx.post(hook, json=forged).status_code == 403
        assert httpx.post(hook, json=forged, headers={SECRET_HEADER: "s3cret-w3bhooK"}).status_code == 403
        assert httpx.post(hook, json=forged, headers={SECRET_HEADER: ""}).status_code == 403
        genuine = {"update_id": 2, "message": command(ADMIN, "/help")}
        assert httpx.post(hook, json=genuine, headers={SECRET_HEADER: "s3cret-w3bhook"}).status_code == 200
        helped = bot.standin.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN)
        assert helped.text.startswith("I answer questions")
        assert [call.text[:16] for call in bot.standin.quiet(ADMIN)] == [helped.text[:16]]  # no /stats answered
    finally:
        assert bot.stop() == 0
        bot.standin.stop()
