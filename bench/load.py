"""Latency and throughput over the REST channel: N conversations at once, each a user who sends a
message, waits for the answer and sends the next. Bounded in messages and seconds; loopback only."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import urlparse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class RestError(Exception):
    """The bot answered with an error, nothing, or not in time."""


@dataclass(frozen=True)
class LoadResult:
    concurrency: int
    latencies: tuple[float, ...]  # seconds, of every answered message
    errors: int
    seconds: float  # wall time of the whole run
    error_examples: tuple[str, ...] = ()

    @property
    def messages(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float | None:
        return None if not self.latencies else 1000 * percentile(self.latencies, q)

    def summary(self) -> dict:
        return {
            "concurrency": self.concurrency,
            "messages": self.messages,
            "errors": self.errors,
            "seconds": self.seconds,
            "throughput": self.throughput,
            **{f"p{q}_ms": self.percentile_ms(q) for q in (50, 95, 99)},
            "error_examples": list(self.error_examples),
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, interpolated between the closest ranks (numpy's default method)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"the load generator only talks to loopback, not {host!r}")


async def post(session, url: str, sender: str, message: str, timeout: float) -> list[dict]:
    """The bot's replies to one message; RestError when there are none or the server fails."""
    import aiohttp

    try:
        async with session.post(
            url, json={"sender": sender, "message": message}, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as response:
            if response.status != 200:
                raise RestError(f"HTTP {response.status}: {(await response.text())[:200]}")
            replies = await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        raise RestError(f"{type(error).__name__}: {error}") from error
    if not replies:
        raise RestError(f"no answer to {message!r}")
    return replies


async def run(
    url: str,
    conversations: Sequence[Sequence[str]],
    concurrency: int,
    max_messages: int,
    max_seconds: float,
    timeout: float = 60,
) -> LoadResult:
    """`concurrency` users talk at once, each working through conversations (cycled, a new sender id
    per conversation), until `max_messages` were sent or `max_seconds` have passed."""
    import aiohttp

    check_loopback(url)
    scripts = itertools.cycle(conversations)
    sent = 0
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + max_seconds

    async def user() -> None:
        nonlocal sent
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
            while sent < max_messages and time.monotonic() < deadline:
                sender = f"bench-load-{uuid.uuid4()}"
                for message in next(scripts):
                    if sent >= max_messages or time.monotonic() >= deadline:
                        return
                    sent += 1
                    begin = time.perf_counter()
                    try:
                        await post(session, url, sender, message, timeout)
                    except RestError as error:
                        errors.append(str(error))
                        continue
                    latencies.append(time.perf_counter() - begin)

    await asyncio.gather(*(user() for _ in range(concurrency)))
    return LoadResult(
        concurrency, tuple(latencies), len(errors), time.monotonic() - started, tuple(errors[:3])
    )
