"""Additions run in worker processes of their own, apart from the process that answers.

A worker opens the same library (SQLite is the truth) with a model of its own, at a lower CPU
priority, and stores each article in one transaction, reporting each result as it is stored. So
answers never share an interpreter or a processor's turn with reading and embedding, and a worker
that dies or is killed leaves whole articles only: the bot's vector index catches up from the store
after every article a worker adds. Workers are started with the bot, and again when one has ended;
one still busy at the deadline is killed, and what it had stored is kept.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Callable, Iterable, Iterator

from index.article import Article, Rejected
from index.additions import AddResult
from index.library import Library
from index.store_schema import EVERYONES

log = logging.getLogger(__name__)

LOWER_PRIORITY = 10  # the niceness of the workers (answers run at the bot's own)
QUIT_WAIT_S = 10  # how long an idle worker told to quit may take before it is killed
STOP_GRACE_S = 60  # how long a busy worker may take to store the article under way once the bot stops
RESULT, FAILED, DONE = "result", "failed", "done"  # what a worker reports: a stored article, an error, the end


@dataclass(frozen=True)
class Addition:
    """What a worker reads and stores: the items `reader(*args)` gives, each article recorded as added by
    `added_by` in the library of the chat `scope`, stored by `store` (the library's `add_many`, or
    `replace_posts` for edited posts). The reader, its arguments and the way of storing are sent to the
    worker, so they must pickle: module-level functions (or the library's methods) and plain values."""

    reader: Callable[..., Iterable[Article | Rejected]]
    args: tuple
    added_by: str
    scope: int = EVERYONES  # the chat in whose library the articles are added (index/store.py)
    store: Callable[[Library, Iterable[Article | Rejected]], Iterator[AddResult]] = Library.add_many


def given(*items: Article) -> tuple[Article, ...]:
    """The reader of articles the bot made itself (forwarded posts)."""
    return items


class WorkerLost(Exception):
    """The worker process ended in the middle of an addition (it crashed, or was killed from outside)."""


class Overdue(Exception):
    """An addition still under way at the deadline; its worker was killed."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class AdditionFailed(Exception):
    """The reader or the library raised in the worker; the message is the worker's traceback."""


class IngestWorkers:
    """Up to `count` worker processes, each adding one addition at a time, within `deadline_s` each.
    `open_library` (picklable) opens the library in a worker; `refresh` brings the bot's vector index in
    step with the store, and is called after every article stored (added, edited, or found again)."""

    def __init__(self, open_library: Callable[[], Library], count: int, deadline_s: float,
                 refresh: Callable[[], None]):
        self.open_library, self.count, self.deadline_s, self.refresh = open_library, count, deadline_s, refresh
        self._context = multiprocessing.get_context("spawn")
        self._stopping = self._context.Event()
        self._relays = ThreadPoolExecutor(count, "ingest")  # each waits on one worker's reports
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()

    async def run(self, addition: Addition, on_result: Callable[[AddResult], None]) -> None:
        """Add in a worker, calling `on_result` (on another thread) with each article's result as it is
        stored. Raises WorkerLost, Overdue or AdditionFailed; when the bot is stopping, the worker ends
        after the article under way and this returns."""
        await asyncio.get_running_loop().run_in_executor(self._relays, self._relay, addition, on_result)

    def start(self) -> None:
        """Start every worker now, so that the first additions do not wait for a model to load."""
        with self._lock:
            while len(self._idle) < self.count:
                self._idle.append(self._new_worker())

    def stop(self) -> None:
        """The bot is stopping: every worker ends its addition after the article under way, and one still
        busy STOP_GRACE_S later is killed."""
        if not self._stopping.is_set():
            self._stopping.set()
            timer = threading.Timer(STOP_GRACE_S, self._kill_busy)
            timer.daemon = True
            timer.start()

    def _kill_busy(self) -> None:
        with self._lock:
            busy = list(self._busy)
        for worker in busy:
            worker.process.kill()  # its relay sees the pipe close, and ends the addition

    def close(self) -> None:
        """Wait for the additions under way to end, then for the workers to quit (blocking)."""
        self.stop()
        self._relays.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.quit()

    def _relay(self, addition: Addition, on_result: Callable[[AddResult], None]) -> None:
        worker = self._take()
        with self._lock:
            self._busy.add(worker)
        healthy = False
        try:
            for kind, value in worker.reports(addition, self.deadline_s):
                if kind == RESULT:
                    if value.status != "rejected":  # a duplicate may have joined the library of another chat
                        self.refresh()
                    on_result(value)
                elif kind == FAILED:
                    healthy = True
                    raise AdditionFailed(value)
            healthy = True
        finally:
            with self._lock:
                self._busy.discard(worker)
                if healthy:
                    self._idle.append(worker)
            if not healthy:
                worker.kill()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.kill()
        return self._new_worker()

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.open_library, self._stopping)


class _Worker:
    """One worker process and the bot's end of the pipe to it."""

    def __init__(self, context, open_library: Callable[[], Library], stopping):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=serve, args=(open_library, theirs, stopping), name="qawl-ingest",
                                       daemon=True)
        self.process.start()
        theirs.close()
        log.info("started ingest worker %s", self.process.pid)

    def reports(self, addition: Addition, seconds: float):
        """Send the addition and yield (kind, value) reports up to DONE or FAILED. Raises WorkerLost when
        the worker ends first, Overdue when `seconds` pass first."""
        deadline = time.monotonic() + seconds
        try:
            self.connection.send(addition)
            while True:
                if not self.connection.poll(max(deadline - time.monotonic(), 0)):
                    raise Overdue(seconds)
                kind, value = self.connection.recv()
                yield kind, value
                if kind in (DONE, FAILED):
                    return
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.process.join(1)
            raise WorkerLost(f"the ingest worker ended (exit code {self.process.exitcode})") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()
        log.warning("ingest worker %s ended (exit code %s)", self.process.pid, self.process.exitcode)

    def quit(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(QUIT_WAIT_S)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def serve(open_library: Callable[[], Library], connection: Connection, stopping) -> None:
    """The worker process: at a lower priority, with the model loaded before the first addition, add each
    addition received and report every result, until told to quit (None) or the bot is gone."""
    try:
        os.nice(LOWER_PRIORITY)
    except (AttributeError, OSError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the bot says when to stop
    library = open_library()
    library.check_model()  # and loads the model
    log.info("ingest worker %s ready", os.getpid())
    try:
        while (addition := _next(connection)) is not None:
            try:
                items = (replace(item, added_by=addition.added_by, scope=addition.scope) if isinstance(item, Article)
                         else item
                         for item in addition.reader(*addition.args))
                with closing(addition.store(library, items)) as results:
                    for result in results:
                        connection.send((RESULT, result))
                        if stopping.is_set():
                            break
            except Exception:
                connection.send((FAILED, traceback.format_exc()))
            else:
                connection.send((DONE, None))
    except (BrokenPipeError, EOFError):
        pass  # the bot is gone
    finally:
        library.close()


def _next(connection: Connection) -> Addition | None:
    try:
        return connection.recv()
    except EOFError:
        return None
