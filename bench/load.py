"""Load benchmark: how fast `qawl serve` answers while slow links and a large zip are being added.

Builds a small library (the seed article and the first XQuAD paragraphs in Arabic and English),
starts the real bot against a local Bot API stand-in, and asks one question per paragraph, one
after another, twice: with nothing else to do, then right after an admin has sent six links to a
local site that trickles each page over about 30 s and a contributor has sent a zip of SaudiNewsNet
articles, which the bot's ingest worker process adds. Prints a markdown table of the time from a
question's arrival at getUpdates to the bot's first reply to it.

    .venv/bin/python bench/load.py --questions 10 --zip-articles 300
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import standin as standin_module  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
TOKEN = "123456789:AAE-bench-token"
ADMIN, CONTRIBUTOR = 1001, 1002
SLOW_LINKS = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10, help="questions (and paragraphs) per language")
    parser.add_argument("--zip-articles", type=int, default=300, help="SaudiNewsNet articles in the zip")
    parser.add_argument("--trickle-s", type=float, default=30.0, help="seconds each slow page takes")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the public corpora")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        asked = write_xquad_subset(args.shared / "xquad", args.questions, folder)
        standin = standin_module.BotApiStandin(TOKEN).start()
        config = write_config(folder, standin)
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "HF_HUB_OFFLINE": "1"}
        subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "ingest",
                        str(args.shared / "seed" / "al-arab-tripoli-haftar.txt"), *map(str, folder.glob("xquad.*.json"))],
                       cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        site = TricklingSite(args.trickle_s)
        log = folder / "bot.log"
        with open(log, "wb") as output:
            process = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "serve"], cwd=REPO,
                                       env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            standin.wait_for(lambda c: c.method == "setMyCommands", timeout=600)
            wait_for_worker(log)
            reply_ms(standin, asked[0])  # the first answer after starting is not counted
            idle = [reply_ms(standin, text) for text in asked]
            zip_status = send_load(standin, site, zip_of_articles(args.shared, args.zip_articles))
            loaded = [reply_ms(standin, text) for text in asked]
            print(table(idle, loaded, args, still_reading=not finished(standin, zip_status)), flush=True)
        except AssertionError as error:
            sys.exit(f"the bot did not start or did not answer ({error}):\n" + log.read_text(errors="replace")[-3000:])
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            standin.stop()
            site.stop()


def wait_for_worker(log: Path, timeout: float = 600) -> None:
    """Wait until the bot's ingest worker has loaded its model, so that idle means idle."""
    deadline = time.monotonic() + timeout
    while re.search(rb"ingest worker \d+ ready", log.read_bytes()) is None:
        assert time.monotonic() < deadline, "the ingest worker did not start"
        time.sleep(0.5)


def write_xquad_subset(xquad: Path, per_language: int, folder: Path) -> list[str]:
    """The first paragraphs of XQuAD in Arabic and English as SQuAD files; returns the first question of each."""
    asked = []
    for language in ("ar", "en"):
        document = json.loads((xquad / f"xquad.{language}.json").read_text(encoding="utf-8"))
        entries, left = [], per_language
        for entry in document["data"]:
            if left <= 0:
                break
            paragraphs = entry["paragraphs"][:left]
            entries.append({**entry, "paragraphs": paragraphs})
            asked += [paragraph["qas"][0]["question"] for paragraph in paragraphs]
            left -= len(paragraphs)
        (folder / f"xquad.{language}.json").write_text(json.dumps({"data": entries}, ensure_ascii=False),
                                                       encoding="utf-8")
    return asked


def write_config(folder: Path, standin) -> Path:
    config = folder / "config.yaml"
    config.write_text(f"storage: {{path: {folder / 'data'}}}\n"
                      f"telegram: {{base_url: '{standin.base_url}', base_file_url: '{standin.base_file_url}'}}\n"
                      f"access: {{admins: [{ADMIN}], contributors: [{CONTRIBUTOR}], askers: everyone}}\n"
                      "limits: {max_file_mb: 50, url_timeout_s: 120, fetch_private_addresses: true}\n",
                      encoding="utf-8")
    return config


def zip_of_articles(shared: Path, count: int) -> bytes:
    """The first `count` SaudiNewsNet articles of 2015-07-21, one JSON file each, in a new zip."""
    with zipfile.ZipFile(shared / "saudinewsnet" / "2015-07-21.zip") as original:
        articles = json.loads(original.read("2015-07-21.json"))[:count]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, article in enumerate(articles):
            archive.writestr(f"saudinewsnet-{number:04}.json", json.dumps(article, ensure_ascii=False))
    return packed.getvalue()


def send_load(standin, site: TricklingSite, data: bytes):
    """The zip from the contributor and the slow links from the admin, sent once the zip is being read."""
    standin.add_file("load-zip", "documents/saudinewsnet.zip", data)
    sent = standin_module.message(CONTRIBUTOR, document={"file_id": "load-zip", "file_unique_id": "u-load-zip",
                                                         "file_name": "saudinewsnet.zip", "file_size": len(data)})
    standin.push(message=sent)
    status = standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == sent["message_id"], 60)
    for number in range(SLOW_LINKS):
        standin.push(message=standin_module.command(ADMIN, f"/add {site.url(number)}"))
    return status


def finished(standin, status) -> bool:
    """Whether the status message has been edited to its summary."""
    return any(c.method == "editMessageText" and c.params.get("message_id") == status.message_id
               and not c.text.endswith("…") for c in standin.calls)


def reply_ms(standin, text: str) -> float:
    """Milliseconds from queuing the admin's question to the bot's first reply to it."""
    since, sent = len(standin.calls), standin_module.message(ADMIN, text=text)
    pushed = time.monotonic()
    standin.push(message=sent)
    reply = standin.wait_for(lambda c: c.method == "sendMessage" and c.replied_to == sent["message_id"],
                             timeout=300, since=since)
    return (reply.at - pushed) * 1000


class TricklingSite:
    """Web pages on 127.0.0.1, each sent a few bytes a second so that it takes `seconds` to arrive."""

    def __init__(self, seconds: float):
        paragraph = ("قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل لبحث خطة النقل الجديدة "
                     "في المدينة، وأضاف أن التمويل متوفر. ")
        stopped = self.stopped = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = (f"<html><head><title>صفحة بطيئة {self.path}</title></head><body><article>"
                        f"<p>{self.path} {paragraph * 20}</p></article></body></html>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                steps = max(int(seconds), 1)
                piece = -(-len(body) // steps)
                try:
                    for at in range(0, len(body), piece):
                        self.wfile.write(body[at:at + piece])
                        self.wfile.flush()
                        if stopped.wait(seconds / steps):
                            return
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/slow-{number}.html"

    def stop(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


def table(idle: list[float], loaded: list[float], args, still_reading: bool) -> str:
    rows = [("idle", idle), (f"{SLOW_LINKS} slow links and a zip of {args.zip_articles} articles being added", loaded)]
    lines = ["| while | questions | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for name, took in rows:
        lines.append(f"| {name} | {len(took)} | {statistics.median(took):.0f} | {p95(took):.0f} | {max(took):.0f} |")
    lines.append("")
    lines.append(f"p95 under load / idle: {p95(loaded) / p95(idle):.2f}× (target ≤ 2×); the zip was "
                 f"{'still' if still_reading else 'no longer'} being read when the last question was answered.")
    return "\n".join(lines)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


if __name__ == "__main__":
    main()
