"""Turns for adding articles: how many run at once, for whom, in what order, and how many may wait."""
from __future__ import annotations

import asyncio

import pytest

from bot.ingest_queue import IngestQueue, QueueFull, Stopping


class Additions:
    """Additions that people start and a test finishes one by one."""

    def __init__(self, queue: IngestQueue):
        self.queue, self.started, self.positions = queue, [], {}
        self.finish: dict[str, asyncio.Event] = {}

    def send(self, user: str, name: str) -> asyncio.Task:
        self.finish[name] = asyncio.Event()

        async def addition():
            async def queued(position):
                self.positions[name] = position

            async with self.queue.turn(user, queued):
                self.started.append(name)
                await self.finish[name].wait()

        return asyncio.get_running_loop().create_task(addition())


async def settled():
    for _ in range(5):
        await asyncio.sleep(0)


def test_one_person_runs_one_addition_at_a_time_while_another_person_uses_the_free_thread():
    async def story():
        additions = Additions(IngestQueue(workers=2, per_user=1, waiting_per_user=5, waiting=10))
        tasks = [additions.send("ana", "a1"), additions.send("ana", "a2"), additions.send("bo", "b1"),
                 additions.send("ana", "a3")]
        await settled()
        assert additions.started == ["a1", "b1"] and additions.positions == {"a2": 1, "a3": 2}
        additions.finish["b1"].set()
        await settled()
        assert additions.started == ["a1", "b1"], "the free thread waits: ana already has one running"
        additions.finish["a1"].set()
        await settled()
        assert additions.started == ["a1", "b1", "a2"]
        for name in ("a2", "a3"):
            additions.finish[name].set()
        await asyncio.gather(*tasks)
        assert additions.started == ["a1", "b1", "a2", "a3"]

    asyncio.run(story())


def test_the_queue_refuses_beyond_its_bounds_for_one_person_and_in_all():
    async def story():
        additions = Additions(IngestQueue(workers=1, per_user=1, waiting_per_user=2, waiting=3))
        tasks = [additions.send("ana", name) for name in ("a1", "a2", "a3")]
        await settled()
        with pytest.raises(QueueFull) as own:
            await additions.send("ana", "a4")
        assert own.value.own and own.value.waiting == 2
        tasks.append(additions.send("bo", "b1"))
        await settled()
        with pytest.raises(QueueFull) as everyone:
            await additions.send("cy", "c1")
        assert not everyone.value.own and everyone.value.waiting == 3
        for event in additions.finish.values():
            event.set()
        await asyncio.gather(*tasks)
        assert additions.started == ["a1", "a2", "a3", "b1"], "in order of arrival"

    asyncio.run(story())


def test_an_addition_given_up_while_waiting_leaves_its_place():
    async def story():
        additions = Additions(IngestQueue(workers=1, per_user=1, waiting_per_user=5, waiting=5))
        first, waiting = additions.send("ana", "a1"), additions.send("bo", "b1")
        third = additions.send("cy", "c1")
        await settled()
        waiting.cancel()
        await settled()
        additions.finish["a1"].set()
        await settled()
        assert additions.started == ["a1", "c1"]
        additions.finish["c1"].set()
        await asyncio.gather(first, third)

    asyncio.run(story())


def test_when_the_bot_stops_what_waits_is_told_and_nothing_more_starts():
    async def story():
        queue = IngestQueue(workers=1, per_user=1, waiting_per_user=5, waiting=5)
        additions = Additions(queue)
        running, waiting = additions.send("ana", "a1"), additions.send("bo", "b1")
        await settled()
        queue.stop()
        with pytest.raises(Stopping):
            await waiting
        with pytest.raises(Stopping):
            await additions.send("cy", "c1")
        assert queue.stopping
        additions.finish["a1"].set()
        await running
        assert additions.started == ["a1"]

    asyncio.run(story())

