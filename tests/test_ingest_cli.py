"""`qawl ingest`: every bad input gets a reason, the batch goes on, and a kill loses nothing."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import REPO, shared_file

pytestmark = pytest.mark.slow


def qawl(data_dir, *args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "bot", "--data-dir", str(data_dir), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}, **kwargs)


class SlowPage(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/article"
    server.shutdown()


def test_each_bad_input_gets_a_reason_and_the_good_ones_are_added(tmp_path, slow_url):
    newspaper = next(iter(sorted(shared_file("arabic-newspapers").rglob("*.txt"))))
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("")
    (inputs / "blank.txt").write_text("   \n\t  \n")
    (inputs / "numbers.txt").write_text("123 456 ... !!! 789")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (inputs / "program.exe").write_bytes(b"MZ\x90\x00")
    (inputs / "huge.txt").write_text("كلمة " * 300_000)
    (inputs / "broken.json").write_text('{"title": "x", "text": ')
    (inputs / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (inputs / "cp1256.txt").write_bytes(newspaper.read_bytes())
    done = qawl(tmp_path / "lib", "ingest", "--json", str(inputs), slow_url,
                env={"QAWL_LIMITS__MAX_FILE_MB": "1", "QAWL_LIMITS__URL_TIMEOUT_S": "0.5",
                     "QAWL_LIMITS__FETCH_PRIVATE_ADDRESSES": "true"})
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    by_name = {os.path.basename(line["input"]): line for line in lines}
    assert set(lines[0]) == {"input", "article_id", "status", "reason", "chunks"}
    assert by_name["cp1256.txt"]["status"] == "added" and by_name["cp1256.txt"]["chunks"] > 0
    for name in ("empty.txt", "blank.txt", "numbers.txt", "binary.txt", "program.exe", "huge.txt",
                 "broken.json", "broken.zip", "article"):
        assert by_name[name]["status"] == "rejected", name
        assert by_name[name]["reason"], name
    assert "1 MB" in by_name["huge.txt"]["reason"]
    assert "Traceback" not in done.stderr


def test_a_killed_ingest_loses_nothing_acknowledged_and_resumes(tmp_path):
    with zipfile.ZipFile(shared_file("saudinewsnet/2015-07-21.zip")) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    articles = [r for r in records if len(r["content"]) > 300][:40]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles), encoding="utf-8")
    data_dir = tmp_path / "lib"
    committed_in_groups = {**os.environ, "QAWL_EMBEDDING__INGEST_PASSAGES": "16"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "--data-dir", str(data_dir), "ingest", "--json",
                                str(source)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=committed_in_groups)
    acknowledged = []
    for line in process.stdout:
        acknowledged.append(json.loads(line)["article_id"])
        if len(acknowledged) == 5:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)

    db = sqlite3.connect(data_dir / "library.sqlite3")
    stored = {row[0]: row[1] for row in db.execute(
        "SELECT a.id, (SELECT count(*) FROM chunks c WHERE c.article = a.rowid) FROM articles a")}
    assert set(acknowledged) <= set(stored)
    assert all(chunks > 0 for chunks in stored.values()), "an article without its passages"
    terms = db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0]
    assert terms == db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert len(stored) < len(articles)
    db.close()

    resumed = qawl(data_dir, "ingest", "--json", str(source))
    results = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert len(results) == len(articles)
    assert {r["status"] for r in results} == {"added", "duplicate"}
    assert sum(r["status"] == "duplicate" for r in results) == len(stored)
    stats = json.loads(qawl(data_dir, "stats", "--json").stdout)
    assert stats["articles"] == len(articles)


def test_a_long_ingest_shows_how_far_it_is_how_fast_and_how_long_is_left(tmp_path):
    with zipfile.ZipFile(shared_file("saudinewsnet/2015-07-21.zip")) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:12]), encoding="utf-8")
    done = qawl(tmp_path / "lib", "ingest", str(source), env={"QAWL_EMBEDDING__INGEST_PASSAGES": "8"})
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if "articles read" in line]
    assert len(progress) >= 2, done.stderr
    assert all("/12 articles read" in line and "passages/s" in line and "articles/s" in line for line in progress)
    assert all(" left" in line for line in progress)


def test_the_time_left_goes_by_the_text_still_to_read_not_by_the_articles():
    from bot.render import InputSize, ingest_progress
    from index.article import Article
    from index.additions import Progress

    expected, read = InputSize(), InputSize()
    for length in (9000, 500, 500):  # one long article first, then two short ones
        expected.count(Article(text="ب" * length, title="t", source="s"))
    read.count(Article(text="ب" * 9000, title="t", source="s"))
    line = ingest_progress(Progress(articles=1, passages=30), 60.0, expected, read)
    assert "1/3 articles read" in line and "about 7 s left" in line  # a ninth of the first minute, not two minutes
