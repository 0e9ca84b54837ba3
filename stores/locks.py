"""One message of a conversation at a time, in the order they came, across every Rasa process.

    lock_store:
      type: stores.locks.KlyngebotLockStore    # endpoints.yml; Redis when KLYNGEBOT_REDIS_URL is set

Rasa's ticket lock (rasa.core.lock) is kept: each message takes the next ticket of its conversation
and waits until it is first in the queue. Three things of Rasa 3.6's lock stores are mended here:
- `RedisLockStore` reads a lock, changes it and writes it back in three steps, so two processes can
  draw the same ticket and answer one conversation at the same time (rasa#9213). Here every change
  is one Redis transaction (WATCH/MULTI/EXEC) and the lock's key expires with its last ticket.
- A waiting message polls once a second, so a burst of messages in one conversation outlives the
  tickets' lifetime and most end in "Could not acquire lock" with nothing recorded. Here it polls
  every POLL_SECONDS, and a message that would wait behind more than KLYNGEBOT_LOCK_QUEUE others, or
  longer than KLYNGEBOT_LOCK_MAX_WAIT seconds, is refused at once with `ConversationBusy`, which the
  channels answer with a Danish "vent og send igen" (and REST with 429 and Retry-After).
- The in-memory store cannot serve two processes; without KLYNGEBOT_REDIS_URL this store keeps the
  locks in memory with the same rules, for the embedded single-process default.

TICKET_LOCK_LIFETIME (Rasa's own, seconds; 60 by default) bounds how long one message may hold its
conversation: a process that dies holding it blocks the conversation that long at most.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Dict, Optional, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

logger = logging.getLogger(__name__)

REDIS_URL_VARIABLE = "KLYNGEBOT_REDIS_URL"
QUEUE_VARIABLE = "KLYNGEBOT_LOCK_QUEUE"
MAX_WAIT_VARIABLE = "KLYNGEBOT_LOCK_MAX_WAIT"
DEFAULT_QUEUE = 20  # messages of one conversation that may wait behind the one being answered
DEFAULT_MAX_WAIT = 10.0  # seconds one message may wait for its turn
POLL_SECONDS = 0.02  # a message is answered in ~50 ms, so a waiter looks again 50 times a second
KEY_PREFIX = "klyngebot:lock:"


class ConversationBusy(LockError):
    """Too many messages of this conversation are already waiting, or this one waited too long."""


def redis_client(url: Optional[str] = None) -> Any:
    """The project's Redis connection (KLYNGEBOT_REDIS_URL), or None when none is configured."""
    url = url or os.environ.get(REDIS_URL_VARIABLE)
    if not url:
        return None
    import redis

    # Short time-outs: a stopped Redis must fail a message in a second, not hang it.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)


Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class KlyngebotLockStore(LockStore):
    def __init__(
        self,
        endpoint_config: Any = None,
        client: Any = None,
        queue: Optional[int] = None,
        max_wait: Optional[float] = None,
    ) -> None:
        self.red = client if client is not None else redis_client()
        self.queue = queue if queue is not None else int(os.environ.get(QUEUE_VARIABLE, DEFAULT_QUEUE))
        self.max_wait = (
            max_wait if max_wait is not None else float(os.environ.get(MAX_WAIT_VARIABLE, DEFAULT_MAX_WAIT))
        )
        self._memory: Dict[str, TicketLock] = {}
        where = repr(self.red.connection_pool) if self.red is not None else "memory (one process only)"
        logger.info(
            "Conversation locks in %s; queue %d, wait at most %.0f s", where, self.queue, self.max_wait
        )
        super().__init__()

    # -- storage: every change is one step ------------------------------------------------------
    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        if self.red is None:
            return self._memory.get(conversation_id)
        raw = self.red.get(KEY_PREFIX + conversation_id)
        return TicketLock.from_dict(json.loads(raw)) if raw else None

    def _change(self, conversation_id: str, change: Change) -> Any:
        """Applies `change` to the conversation's lock atomically; a lock left without tickets is
        deleted. Returns what `change` returned beside the new lock."""
        if self.red is None:
            lock, result = change(self._memory.get(conversation_id))
            if lock is None or not lock.tickets:
                self._memory.pop(conversation_id, None)
            else:
                self._memory[conversation_id] = lock
            return result
        key = KEY_PREFIX + conversation_id

        def transaction(pipe: Any) -> Any:
            raw = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
            pipe.multi()
            if lock is None or not lock.tickets:
                pipe.delete(key)
            else:
                expires = max(ticket.expires for ticket in lock.tickets)
                pipe.set(key, lock.dumps(), pxat=int(expires * 1000) + 1000)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def save_lock(self, lock: TicketLock) -> None:
        self._change(lock.conversation_id, lambda _: (lock, None))

    def delete_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda _: (None, None))

    # -- tickets ----------------------------------------------------------------------------------
    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            lock.remove_expired_tickets()
            if len(lock.tickets) > self.queue:
                raise ConversationBusy(
                    f"{len(lock.tickets)} messages of conversation '{conversation_id}' are ahead already"
                )
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, issue)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # deletes the lock with its last ticket

    def update_lock(self, conversation_id: str) -> None:
        def prune(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, prune)

    # -- waiting ----------------------------------------------------------------------------------
    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncIterator[TicketLock]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        deadline = time.monotonic() + self.max_wait
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or lock._ticket_for_ticket_number(ticket) is None:
                raise ConversationBusy(f"ticket {ticket} of '{conversation_id}' expired while it waited")
            if not lock.is_locked(ticket):
                return lock
            if time.monotonic() > deadline:
                raise ConversationBusy(f"ticket {ticket} of '{conversation_id}' waited {self.max_wait:.0f} s")
            await asyncio.sleep(wait_time_in_seconds)
