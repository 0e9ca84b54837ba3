"""`make load` and `make soak`: Klyngebot's production layout (scripts/stack.py) under many users.

    python -m bench.scaled --users 100 --seconds 300              # load: 100 conversations at once
    python -m bench.scaled --users 40 --seconds 1800 --sample 60  # soak: steady traffic, sampled

Each user is a visitor: a question (or a question after the `before:` messages it follows up on,
from bench/questions.yml and bench/hard_questions.yml), then a follow-up, waiting for each answer and
a few seconds of reading (--think) before typing the next; then a new conversation. Everything goes
through nginx, on loopback only. Afterwards every conversation's tracker is read from PostgreSQL:
each turn the user got an answer to must be stored once, in the order it was sent. Prints the tables
(and writes them into docs/benchmarks.md between its markers with --write); exits 1 when a turn
failed, was lost or reordered, or a bound was crossed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence

from bench import answers
from bench.load import check_loopback, percentile
from scripts.servers import ROOT, process_tree
from scripts.stack import Layout, Stack

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- scaled:begin -->", "<!-- scaled:end -->"
FOLLOW_UPS = ("og hvor ligger deres kontor?", "hvordan kontakter jeg dem?", "tak for hjælpen!")
# Bounds the soak checks (docs/scaling.md gives the reasons). Memory is each process's own (private)
# memory, USS: what a leak grows. Resident or proportional sizes also move when other programs that
# map the same libraries start and stop (a soak of 30 minutes on a shared machine saw PSS jump by
# 120 MB that way). PostgreSQL's 128 MB of shared buffers are shared memory, so not in its figure.
# From the sample after the first minute to the last, each kind may grow at most this much.
MAX_GROWTH_MB = {"rasa": 150, "actions": 60, "nginx": 20, "redis": 20, "postgres": 100}
MAX_CONNECTIONS = 400


@dataclass
class Turn:
    sender: str
    text: str
    status: int
    seconds: float
    right: bool | None = None  # judged turns only (the question, not the follow-up)


@dataclass
class Run:
    users: int
    seconds: float = 0.0
    turns: List[Turn] = field(default_factory=list)
    samples: List[dict] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    @property
    def answered(self) -> List[Turn]:
        return [t for t in self.turns if t.status == 200]


def conversations() -> List[tuple]:
    """(turns, question judged at the last turn before the follow-up)."""
    found = []
    for path in (answers.QUESTIONS, answers.QUESTIONS.with_name("hard_questions.yml")):
        for question in answers.load(path):
            found.append(([*question.before, question.ask], question))
    return found


async def visit(http, url: str, scripts: Sequence[tuple], run: Run, deadline: float, think: tuple) -> None:
    import aiohttp

    rng = random.Random()
    while time.monotonic() < deadline:
        turns, question = rng.choice(scripts)
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for index, text in enumerate([*turns, rng.choice(FOLLOW_UPS)]):
            began = time.perf_counter()
            try:
                async with http.post(
                    url, json={"sender": sender, "message": text}, timeout=aiohttp.ClientTimeout(total=60)
                ) as response:
                    replies = await response.json(content_type=None)
                    status = response.status if replies else 0  # 0: an empty answer
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                replies, status = [], -1
                run.problems.append(f"{sender}: {type(error).__name__} {error}"[:200])
            turn = Turn(sender, text, status, time.perf_counter() - began)
            if index == len(turns) - 1 and status == 200:
                shown = "\n".join(answers._shown(r) for r in replies)
                turn.right = answers.judge(question, shown).right
            run.turns.append(turn)
            if status != 200 or time.monotonic() >= deadline:
                break
            await asyncio.sleep(rng.uniform(*think))


def sample(stack: Stack, began: float) -> dict:
    """Resident memory and open connections of every process, PostgreSQL's and Redis' clients."""
    import psycopg2
    import redis

    row: Dict[str, float] = {"minute": round((time.monotonic() - began) / 60, 1)}
    for group in ("rasa", "actions", "nginx", "postgres", "redis"):
        servers = [s for n, s in stack.services.items() if n.startswith(group) and s.process.poll() is None]
        row[f"{group}_mb"] = round(sum(_private_mb(s.process.pid) for s in servers))
        row[f"{group}_sockets"] = sum(_sockets(s.process.pid) for s in servers)
    with psycopg2.connect(stack.db_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'klyngebot'")
        row["pg_connections"] = cursor.fetchone()[0]
    connection.close()
    row["redis_clients"] = redis.Redis.from_url(stack.redis_url).info("clients")["connected_clients"]
    return row


def _private_mb(pid: int) -> float:
    """Private memory (USS) of a process and its children, MB (/proc/<pid>/smaps_rollup)."""
    total = 0
    for current in process_tree(pid):
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _sockets(pid: int) -> int:
    """Open sockets of a process and its children (from /proc)."""
    total = 0
    for current in process_tree(pid):
        try:
            fds = list(Path(f"/proc/{current}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                total += fd.readlink().name.startswith("socket:")
            except OSError:
                pass
    return total


def check_trackers(stack: Stack, run: Run) -> List[str]:
    """Every answered turn stored once and in order; returns what was lost, repeated or reordered."""
    import psycopg2

    sent: Dict[str, List[str]] = defaultdict(list)
    for turn in run.turns:
        if turn.status == 200:
            sent[f"rest:{turn.sender}"].append(turn.text)
    stored: Dict[str, List[str]] = defaultdict(list)
    with psycopg2.connect(stack.db_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE 'rest:load-%' ORDER BY id"
        )
        for sender, data in cursor.fetchall():
            stored[sender].append(json.loads(data).get("text"))
    connection.close()
    problems = []
    for sender, texts in sent.items():
        have = stored.get(sender, [])
        if have[: len(texts)] != texts:
            problems.append(f"{sender}: sent {texts}, stored {have}")
    return problems


async def drive(stack: Stack, users: int, seconds: float, think: tuple, every: float) -> Run:
    import aiohttp

    check_loopback(stack.webhook)
    run, scripts = Run(users), conversations()
    began = time.monotonic()
    deadline = began + seconds

    async def sampler() -> None:
        while time.monotonic() < deadline:
            run.samples.append(await asyncio.to_thread(sample, stack, began))
            await asyncio.sleep(every)

    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector) as http:
        sampling = asyncio.create_task(sampler())

        # Users arrive over the first ten seconds, as a peak does, not in one instant.
        async def arrive(i: int) -> None:
            await asyncio.sleep(10 * i / users)
            await visit(http, stack.webhook, scripts, run, deadline, think)

        await asyncio.gather(*(arrive(i) for i in range(users)))
        await sampling
    run.seconds = time.monotonic() - began
    run.samples.append(sample(stack, began))
    return run


def verdict(stack: Stack, run: Run, soak: bool) -> List[str]:
    failed = [t for t in run.turns if t.status != 200]
    problems = (
        [f"{len(failed)} turns not answered (status {sorted({t.status for t in failed})})"] if failed else []
    )
    problems += check_trackers(stack, run)
    if soak and len(run.samples) >= 3:
        first, last = run.samples[1], run.samples[-1]  # after the first minute's warm-up
        for group, bound in MAX_GROWTH_MB.items():
            growth = last[f"{group}_mb"] - first[f"{group}_mb"]
            if growth > bound:
                problems.append(f"{group} grew {growth} MB during the soak (bound {bound} MB)")
        connections = max(sum(v for k, v in s.items() if k.endswith("_sockets")) for s in run.samples)
        if connections > MAX_CONNECTIONS:
            problems.append(f"{connections} sockets open at once (bound {MAX_CONNECTIONS})")
    return problems


def tables(run: Run, problems: Sequence[str], title: str) -> str:
    latencies = [t.seconds for t in run.answered]
    judged = [t.right for t in run.turns if t.right is not None]
    conversations = len({t.sender for t in run.turns})
    ms = (lambda q: f"{1000 * percentile(latencies, q):.0f}") if latencies else (lambda q: "–")
    lines = [
        f"### {title}",
        "",
        "| users | minutes | conversations | turns | not answered | lost or reordered | right answers | p50 ms | p95 ms | p99 ms | messages/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {run.users} | {run.seconds / 60:.1f} | {conversations} | {len(run.turns)} "
        f"| {len(run.turns) - len(run.answered)} | {sum(1 for p in problems if p.startswith('rest:'))} "
        f"| {sum(judged)}/{len(judged)} | {ms(50)} | {ms(95)} | {ms(99)} | {len(run.answered) / run.seconds:.1f} |",
        "",
        "| minute | Rasa MB | actions MB | nginx MB | PostgreSQL MB | Redis MB | sockets Rasa / actions / nginx | PostgreSQL connections | Redis clients |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in run.samples:
        lines.append(
            f"| {s['minute']} | {s['rasa_mb']} | {s['actions_mb']} | {s['nginx_mb']} | {s['postgres_mb']} "
            f"| {s['redis_mb']} | {s['rasa_sockets']} / {s['actions_sockets']} / {s['nginx_sockets']} "
            f"| {s['pg_connections']} | {s['redis_clients']} |"
        )
    lines += [
        "",
        "Memory: private memory (USS) of all processes of each kind; shared libraries and PostgreSQL's "
        "shared buffers are not in it.",
    ]
    lines += ["", "Result: " + ("passed." if not problems else "FAILED: " + "; ".join(problems[:5]))]
    return "\n".join(lines)


def write(section: str, title: str) -> None:
    """Puts this run's tables into docs/benchmarks.md between the markers (`make bench` keeps them),
    replacing the last run with the same title."""
    page = DOCS.read_text(encoding="utf-8")
    if BEGIN not in page:
        page = page.rstrip() + f"\n\n## Production layout: `make load`, `make soak`\n\n{BEGIN}\n{END}\n"
    head, rest = page.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    parts = [p.strip() for p in re.split(r"(?m)^(?=### )", block) if p.strip()]
    parts = [p for p in parts if p.splitlines()[0] != f"### {title}"] + [section.strip()]
    parts.sort(key=lambda p: (not p.startswith("### Load"), "two Rasa" not in p.splitlines()[0]))
    DOCS.write_text(head + BEGIN + "\n" + "\n\n".join(parts) + "\n" + END + tail, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), help="seconds between turns")
    parser.add_argument("--sample", type=float, default=60, help="seconds between memory samples")
    parser.add_argument("--soak", action="store_true", help="check the memory and connection bounds")
    parser.add_argument("--processes", type=int, default=2, help="Rasa processes (and action servers)")
    parser.add_argument("--dir", type=Path, default=ROOT / "build" / "scaled-bench")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = parser.parse_args(argv)
    import shutil

    shutil.rmtree(args.dir, ignore_errors=True)  # a fresh database each run
    stack = Stack(Layout.on_free_ports(args.dir, args.processes))
    began = time.monotonic()
    try:
        stack.up()
        print(f"Stack up in {time.monotonic() - began:.0f} s; {args.users} users for {args.seconds:.0f} s …")
        run = asyncio.run(drive(stack, args.users, args.seconds, tuple(args.think), args.sample))
        problems = verdict(stack, run, args.soak)
    finally:
        stack.down()
    kind = "Soak" if args.soak else "Load"
    layout = "two Rasa processes" if args.processes == 2 else f"{args.processes} Rasa process(es)"
    title = f"{kind}: {args.users} conversations at once for {args.seconds / 60:.0f} minutes, {layout}, through nginx"
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = (
        tables(run, problems, title)
        + f"\n\nMeasured {when}, think time {args.think[0]:g}-{args.think[1]:g} s."
    )
    print(text)
    if args.write:
        write(text, title)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
