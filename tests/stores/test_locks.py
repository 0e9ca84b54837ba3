"""The conversation lock (stores/locks.py): in order, one at a time, bursts refused, across processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import time

import pytest
from rasa.core.lock_store import LockError, RedisLockStore

from stores.locks import KEY_PREFIX, ConversationBusy, KlyngebotLockStore, redis_client


async def _burst(store, conversation: str, count: int, hold: float = 0.002):
    """`count` messages of one conversation at once; returns the order they were served in, the
    refused ones, and the most that were ever served at the same time."""
    served, refused, inside = [], [], [0, 0]

    async def message(i: int) -> None:
        try:
            async with store.lock(conversation):
                inside[0] += 1
                inside[1] = max(inside)
                served.append(i)
                await asyncio.sleep(hold)
                inside[0] -= 1
        except ConversationBusy:
            refused.append(i)

    await asyncio.gather(*(message(i) for i in range(count)))
    return served, refused, inside[1]


def test_messages_of_one_conversation_are_served_one_at_a_time_in_the_order_they_came():
    served, refused, most = asyncio.run(_burst(KlyngebotLockStore(client=None, queue=50), "c", 30))
    assert served == list(range(30)) and refused == [] and most == 1


def test_a_burst_beyond_the_queue_is_refused_at_once_not_dropped():
    served, refused, _ = asyncio.run(_burst(KlyngebotLockStore(client=None, queue=5), "c", 40))
    assert served == list(range(6))  # the one answered and the five waiting behind it
    assert refused == list(range(6, 40))


def test_a_message_waits_at_most_max_wait_then_is_refused():
    store = KlyngebotLockStore(client=None, max_wait=0.1)

    async def scenario():
        async def slow():
            async with store.lock("c"):
                await asyncio.sleep(0.5)

        holder = asyncio.create_task(slow())
        await asyncio.sleep(0.01)
        started = time.monotonic()
        with pytest.raises(ConversationBusy):
            async with store.lock("c"):
                pass
        waited = time.monotonic() - started
        await holder
        return waited

    assert 0.1 <= asyncio.run(scenario()) < 0.4


def test_conversations_do_not_wait_for_each_other_and_their_locks_are_removed_when_done():
    store = KlyngebotLockStore(client=None, queue=1)

    async def scenario():
        results = await asyncio.gather(*(_burst(store, f"c{i}", 2) for i in range(10)))
        return [served for served, _, _ in results]

    assert asyncio.run(scenario()) == [[0, 1]] * 10
    assert store._memory == {}


# -- Redis: several processes -----------------------------------------------------------------------
def _serve_in_process(url: str, conversation: str, count: int, queue, lock_class: str) -> None:
    """One 'Rasa process': `count` messages of the conversation at once; reports (start, end) of each
    message served, and None for each that got "Could not acquire lock" or was still waiting."""
    client = redis_client(url)
    if lock_class == "rasa":
        store = RedisLockStore(host=client.connection_pool.connection_kwargs["host"],
                               port=client.connection_pool.connection_kwargs["port"], db=0,
                               password=client.connection_pool.connection_kwargs.get("password"))  # fmt: skip
    else:
        store = KlyngebotLockStore(client=client, queue=100, max_wait=30)
    spans = []

    async def message() -> None:
        try:
            async with store.lock(conversation, lock_lifetime=3, wait_time_in_seconds=0.001):
                begin = time.time()
                await asyncio.sleep(0.003)
                spans.append((begin, time.time()))
        except LockError:
            spans.append(None)

    async def all_of_them():
        tasks = [asyncio.create_task(message()) for _ in range(count)]
        await asyncio.wait(tasks, timeout=15)  # Rasa's store can leave a waiter stuck for good

    asyncio.run(all_of_them())
    queue.put(spans + [None] * (count - len(spans)))


def _overlaps(url: str, lock_class: str) -> int:
    """Two processes, 25 messages each, one conversation: how many answers overlapped another or
    were lost to a lock error."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_serve_in_process, args=(url, "race", 25, queue, lock_class)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    reported = queue.get(timeout=60) + queue.get(timeout=60)
    for process in processes:
        process.join(timeout=30)
    assert len(reported) == 50
    spans = sorted(span for span in reported if span is not None)
    lost = len(reported) - len(spans)
    return lost + sum(1 for (_, end), (begin, _) in zip(spans, spans[1:], strict=False) if begin < end)


def test_two_processes_never_answer_one_conversation_at_the_same_time(redis_url):
    assert _overlaps(redis_url, "klyngebot") == 0


def test_the_race_this_store_mends_is_real_in_rasas_redis_lock_store(redis_url):
    """rasa#9213: Rasa's RedisLockStore reads, changes and writes a lock in three steps, so two
    processes draw the same ticket (answers overlap) or delete each other's lock ("Could not
    acquire lock"). If this ever fails, the mend may no longer be needed."""
    assert any(_overlaps(redis_url, "rasa") > 0 for _ in range(3))


def test_the_redis_lock_expires_with_its_last_ticket(redis_url):
    client = redis_client(redis_url)
    store = KlyngebotLockStore(client=client)

    async def scenario():
        async with store.lock("ttl", lock_lifetime=5):
            ttl = client.pttl(KEY_PREFIX + "ttl")
        return ttl

    assert 4000 < asyncio.run(scenario()) <= 6000  # a process that dies holding it blocks 5 s at most
    assert client.exists(KEY_PREFIX + "ttl") == 0  # released: gone


def test_a_burst_across_two_stores_is_served_in_order_or_refused(redis_url):
    stores = [KlyngebotLockStore(client=redis_client(redis_url), queue=10) for _ in range(2)]
    served, refused = [], []

    async def message(i: int) -> None:
        try:
            async with stores[i % 2].lock("burst"):
                served.append(i)
                await asyncio.sleep(0.002)
        except ConversationBusy:
            refused.append(i)

    async def scenario():
        await asyncio.gather(*(message(i) for i in range(60)))

    asyncio.run(scenario())
    assert served == sorted(served) and len(served) >= 11 and sorted(served + refused) == list(range(60))
