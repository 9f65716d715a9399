"""Serve benchmark: `qawl serve` over a given library, asked through a local Bot API stand-in.

Starts the real bot in its own process against the library folder (read as it is: nothing is
added), asks the first N Arabic and N English XQuAD questions one after another as Telegram
messages, and reports the bot's peak RSS after it has answered them all and stopped, and the
time from a question's arrival at getUpdates to the bot's reply (which includes the long-poll
round trip, unlike `bench/scale.py`). With --inline the questions are inline queries instead, timed
from the query's arrival at getUpdates to the bot's answerInlineQuery, each asked twice in a row
(the second is answered from the bot's cache of recent answers).

    .venv/bin/python bench/serve.py --library /tmp/qawl-31k --questions 100
    .venv/bin/python bench/serve.py --library /tmp/qawl-inline-bench --questions 50 --inline
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.standin import BotApiStandin, inline_query, message  # noqa: E402
from retrieval.qa_sets import xquad as xquad_questions  # noqa: E402

TOKEN = "123456789:AAE-bench-token"
ASKER = 4242


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a library folder (library.sqlite3)")
    parser.add_argument("--questions", type=int, default=100, help="questions asked per language")
    parser.add_argument("--xquad", type=Path, default=REPO.parent / "shared" / "data" / "xquad")
    parser.add_argument("--inline", action="store_true", help="ask as inline queries, then each once more")
    args = parser.parse_args()

    asked = [q.text for language in ("ar", "en")
             for q in [q for q in xquad_questions(args.xquad) if q.language == language][:args.questions]]
    standin = BotApiStandin(TOKEN).start()
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.yaml"
        config.write_text(f"storage: {{path: {args.library.resolve()}}}\n"
                          f"telegram: {{base_url: '{standin.base_url}', base_file_url: '{standin.base_file_url}'}}\n"
                          "access: {askers: everyone}\n", encoding="utf-8")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "HF_HUB_OFFLINE": "1"}
        log = Path(folder) / "bot.log"
        started = time.monotonic()
        with open(log, "wb") as output:
            process = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "serve"], cwd=REPO,
                                       env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            standin.wait_for(lambda c: c.method == "setMyCommands", timeout=600)
            ready_s = time.monotonic() - started
            if args.inline:  # each twice in a row: the second is answered from the bot's cache of recent answers
                took, again = map(list, zip(*[(inline_ms(standin, text), inline_ms(standin, text)) for text in asked]))
            else:
                took, again = [reply_ms(standin, text) for text in asked], []
        except AssertionError:
            sys.exit("the bot did not start or did not answer:\n" + log.read_text(errors="replace")[-3000:])
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=120)
            standin.stop()
    figures = {"library": str(args.library), "questions": len(took), "ready_s": round(ready_s, 1),
               **percentiles("inline" if args.inline else "reply", took)}
    figures.update(percentiles("inline_cached", again) if again else {})
    figures["serve_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps(figures, indent=2))


def percentiles(name: str, took: list[float]) -> dict:
    ordered = sorted(took)
    return {f"{name}_p50_ms": round(statistics.median(took), 1),
            f"{name}_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


def reply_ms(standin: BotApiStandin, text: str) -> float:
    """Milliseconds from queuing the question to the bot's reply to it."""
    since, sent = len(standin.calls), message(ASKER, text=text)
    pushed = time.monotonic()
    standin.push(message=sent)
    reply = standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == sent["message_id"],
                             timeout=120, since=since)
    return (reply.at - pushed) * 1000


def inline_ms(standin: BotApiStandin, text: str) -> float:
    """Milliseconds from queuing the inline query to the bot's answer to it."""
    since, query = len(standin.calls), inline_query(ASKER, text)
    pushed = time.monotonic()
    standin.push_inline_query(query)
    answered = standin.wait_for(lambda c: c.method == "answerInlineQuery"
                                and c.params["inline_query_id"] == query["id"], timeout=120, since=since)
    return (answered.at - pushed) * 1000


if __name__ == "__main__":
    main()
