"""Additions in worker processes: another process stores the articles, the bot's index catches up after each,
and a worker that fails, dies or overruns its deadline ends the addition with the library whole."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from functools import partial
from random import Random
from string import ascii_lowercase

import pytest

from bot.ingest_workers import AdditionFailed, Addition, IngestWorkers, Overdue, WorkerLost, given
from index.article import Article
from index.library import Library
from tests.fake_embedder import WordsEmbedder


def words_library(data_dir) -> Library:
    """A library of passages of one sentence (of 12 words), with the fake model."""
    return Library(data_dir, WordsEmbedder(), chunk_tokens=12)


LONG = WordsEmbedder.settings.ingest_passages + 5  # sentences: an article stored on its own, as soon as it is read


def article(number: int, sentences: int = 25) -> Article:
    """An article of its own pseudo-random words, in sentences of 12 words, unlike any other number's."""
    rng = Random(number)
    word = lambda: "".join(rng.choice(ascii_lowercase) for _ in range(7))  # noqa: E731
    words = [" ".join(word() for _ in range(12)).capitalize() + "." for _ in range(sentences)]
    return Article(text=f"Process {os.getpid()} wrote article {number}. " + " ".join(words),
                   title=f"article {number}", input=f"item-{number}")


def articles(count: int, sentences: int = 25):
    """A reader of `count` articles, read one after another."""
    for number in range(count):
        yield article(number, sentences)


def long_articles_once(path):
    """A reader of 40 long articles that, asked for the second, says so (`path`.waiting) and waits until
    `path` exists."""
    yield article(0, LONG)
    path.with_suffix(".waiting").touch()
    while not path.exists():
        time.sleep(0.05)
    yield from (article(number, LONG) for number in range(1, 40))


def sleeping(seconds: float):
    time.sleep(seconds)
    yield article(0)


def failing():
    yield article(0)
    raise ValueError("the reader broke")


@pytest.fixture
def setup(tmp_path):
    """The bot's library, open, and workers adding to it with a deadline that a busy machine meets."""
    library = words_library(tmp_path / "library")
    library.open()
    workers = IngestWorkers(partial(words_library, tmp_path / "library"), 1, 300, library.refresh)
    yield library, workers
    workers.close()
    library.close()


def add(workers: IngestWorkers, addition: Addition, on_result=None) -> list:
    results = []

    def collect(result):
        results.append(result)
        if on_result:
            on_result(result)

    asyncio.run(workers.run(addition, collect))
    return results


def worker_pids() -> list[int]:
    return [child.pid for child in multiprocessing.active_children() if child.name == "qawl-ingest"]


def assert_whole(library: Library) -> None:
    """Every stored article has all its derived rows, and the bot's vector index holds exactly the stored chunks."""
    db = library.store.db
    assert db.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS"
                      " (SELECT 1 FROM chunks c WHERE c.article = a.rowid)").fetchone()[0] == 0
    chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0] == chunks
    assert db.execute("SELECT count(*) FROM chunk_names").fetchone()[0] == chunks
    library.refresh()
    assert sorted(library.index.ids().tolist()) == sorted(library.store.chunk_ids().tolist())


def test_an_addition_is_stored_by_another_process_and_the_bots_index_has_it_at_once(setup):
    library, workers = setup
    indexed_when_told = []
    results = add(workers, Addition(articles, (1,), "telegram:7"),
                  lambda result: indexed_when_told.append(library.passage_count()))
    assert [result.status for result in results] == ["added"] and indexed_when_told == [results[0].chunks]
    stored = library.get(results[0].article_id).article
    assert stored.added_by == "telegram:7"
    writer = int(stored.text.split()[1])
    assert writer != os.getpid() and writer in worker_pids()
    again = add(workers, Addition(given, (article(2), article(3)), "telegram:8"))
    assert [result.status for result in again] == ["added", "added"], "articles the bot made are sent along"
    assert writer in worker_pids(), "the worker is kept for the next addition"


def test_a_worker_killed_in_the_middle_of_an_addition_ends_it_and_leaves_whole_articles(setup):
    library, workers = setup
    add(workers, Addition(given, (article(100),), "telegram:7"))  # the worker has started
    killed = []

    def kill_after_the_first(result):
        if not killed:
            killed.extend(worker_pids())
            os.kill(killed[0], signal.SIGKILL)

    with pytest.raises(WorkerLost):
        add(workers, Addition(articles, (40, LONG), "telegram:7"), kill_after_the_first)
    assert 2 <= library.stats()["articles"] < 41
    assert_whole(library)
    assert [r.status for r in add(workers, Addition(given, (article(200),), "telegram:7"))] == ["added"]
    assert worker_pids() and worker_pids() != killed, "a new worker took over"


def test_a_worker_still_busy_at_the_deadline_is_killed(tmp_path):
    library = words_library(tmp_path / "library")
    library.open()
    workers = IngestWorkers(partial(words_library, tmp_path / "library"), 1, 3, library.refresh)
    try:
        started = time.monotonic()
        with pytest.raises(Overdue):
            add(workers, Addition(sleeping, (120,), "telegram:7"))
        assert time.monotonic() - started < 60 and not worker_pids()
        assert library.stats()["articles"] == 0
    finally:
        workers.close()
        library.close()


def test_a_reader_that_raises_fails_the_addition_with_its_traceback_and_keeps_what_was_stored(setup):
    library, workers = setup
    with pytest.raises(AdditionFailed, match="the reader broke"):
        add(workers, Addition(failing, (), "telegram:7"))
    assert library.stats()["articles"] == 0, "the batch under way is not stored"
    assert [r.status for r in add(workers, Addition(given, (article(5),), "telegram:7"))] == ["added"]


def test_when_the_bot_stops_a_worker_ends_after_the_article_under_way(setup, tmp_path):
    library, workers = setup
    go_on = tmp_path / "go-on"

    def stop_while_the_second_is_read(result):
        deadline = time.monotonic() + 60
        while not go_on.with_suffix(".waiting").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # the worker has reported the first and is reading the second
        workers.stop()
        go_on.touch()

    results = add(workers, Addition(long_articles_once, (go_on,), "telegram:7"), stop_while_the_second_is_read)
    assert [result.title for result in results] == ["article 0", "article 1"]
    assert library.stats()["articles"] == 2
    assert_whole(library)
