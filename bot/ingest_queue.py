"""Files, links and posts being added wait their turn here, apart from the answers.

`workers` additions run at once (in worker processes, bot/ingest_workers.py), at most `per_user`
of them for one person; the rest wait in one queue, in order of arrival, bounded per person and in
total.
"""
from __future__ import annotations

import asyncio
import threading
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Awaitable, Callable


class Stopping(Exception):
    """The bot is stopping: what waited is not started."""


class QueueFull(Exception):
    """An addition refused because too many are waiting; `waiting` is the bound that was reached."""

    def __init__(self, waiting: int, own: bool):
        super().__init__(waiting, own)
        self.waiting, self.own = waiting, own


@dataclass(eq=False)
class _Ticket:
    user: str
    ready: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class IngestQueue:
    """Turns for adding articles: `workers` at a time, `per_user` of them for one person."""

    def __init__(self, workers: int, per_user: int, waiting_per_user: int, waiting: int):
        self.workers, self.per_user = workers, per_user
        self.waiting_per_user, self.max_waiting = waiting_per_user, waiting
        self._running: Counter[str] = Counter()
        self._waiting: list[_Ticket] = []
        self._closing = threading.Event()

    @asynccontextmanager
    async def turn(self, user: str, queued: Callable[[int], Awaitable[None]]):
        """Wait for this person's turn; `queued(position)` is awaited first when the turn is not now.
        Raises QueueFull at once, before waiting, when the queue has no room for them, and Stopping when
        the bot stops before the turn comes."""
        ticket = self._enter(user)
        try:
            if not ticket.ready.done():
                await queued(self._waiting.index(ticket) + 1)
                await ticket.ready
            yield
        finally:
            self._leave(ticket)

    @property
    def stopping(self) -> bool:
        return self._closing.is_set()

    def stop(self) -> None:
        """The bot is stopping: nothing more starts, and what waits is told so."""
        self._closing.set()
        for ticket in self._waiting:
            ticket.ready.set_exception(Stopping())

    def _enter(self, user: str) -> _Ticket:
        if self.stopping:
            raise Stopping()
        mine = sum(ticket.user == user for ticket in self._waiting)
        ticket = _Ticket(user)
        if self._may_start(user) and not mine:
            self._running[user] += 1
            ticket.ready.set_result(None)
            return ticket
        if mine >= self.waiting_per_user:
            raise QueueFull(self.waiting_per_user, own=True)
        if len(self._waiting) >= self.max_waiting:
            raise QueueFull(self.max_waiting, own=False)
        self._waiting.append(ticket)
        return ticket

    def _leave(self, ticket: _Ticket) -> None:
        if ticket in self._waiting:  # given up while waiting, or the bot is stopping
            self._waiting.remove(ticket)
        elif ticket.ready.done():
            self._running[ticket.user] -= 1
            self._running += Counter()  # drop users with nothing running
        self._start_next()

    def _may_start(self, user: str) -> bool:
        return sum(self._running.values()) < self.workers and self._running[user] < self.per_user

    def _start_next(self) -> None:
        if self.stopping:
            return
        for ticket in list(self._waiting):
            if self._may_start(ticket.user):
                self._waiting.remove(ticket)
                self._running[ticket.user] += 1
                ticket.ready.set_result(None)

