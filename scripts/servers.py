"""Starts Klyngebot's servers: the one place that knows how to run the action server and Rasa.

The Makefile (`make shell`, `make run` …), the end-to-end tests (tests/servers.py) and the benchmark
(bench/run.py) all start them through this module: on loopback, logging to a file, ready when they
answer (the action server's /health, Rasa's first reply over REST), stopped by process id.

    python -m scripts.servers -- rasa shell ...   # the action server on 127.0.0.1:5055 beside a command

Standard library only, so that it also runs before Rasa has finished importing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).with_name("rasa")  # the venv's `rasa` (training, `rasa init`)
HOST = "127.0.0.1"
ACTIONS_PORT = 5055  # endpoints.yml points Rasa here
STARTUP_TIMEOUT = 600.0  # seconds; a 2-core machine shared with other work can be slow to load TensorFlow


class ServerError(RuntimeError):
    """A server stopped or did not answer in time; the message ends with its log."""


def environment(**extra: str) -> dict[str, str]:
    """The environment every server runs in (what the Makefile exports, and the project importable)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": path,
        "SANIC_HOST": HOST,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONHASHSEED": "0",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    startup_seconds: float = 0.0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def failure(self, what: str) -> ServerError:
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:] if self.log.exists() else ""
        return ServerError(f"{self.name} {what}; {self.log} ends with:\n{tail}")


# -- commands -------------------------------------------------------------------------------------
def actions_command(port: int) -> list[str]:
    return [sys.executable, "-m", "actions.server", "--host", HOST, "--port", str(port)]


def rasa_command(
    model: Path,
    port: int,
    endpoints: Path | None = None,
    credentials: Path | None = None,
    extra: Sequence[str] = (),
    subcommand: str = "run",
) -> list[str]:
    """`rasa run` through scripts/run_rasa.py and its fences (exact CORS origins, API secrets)."""
    command = [sys.executable, "-m", "scripts.run_rasa", subcommand, "--model", str(model)]
    command += ["--interface", HOST, "--port", str(port)]
    if endpoints is not None:
        command += ["--endpoints", str(endpoints)]
    if credentials is not None:
        command += ["--credentials", str(credentials)]
    return [*command, *extra]


def write_endpoints(path: Path, actions_port: int, tracker_store: str | None = None) -> Path:
    """An endpoints file pointing Rasa at an action server on loopback (and a tracker store class)."""
    text = f'action_endpoint:\n  url: "http://{HOST}:{actions_port}/webhook"\n'
    if tracker_store is not None:
        text += f"tracker_store:\n  type: {tracker_store}\n"
    text += "lock_store:\n  type: stores.locks.KlyngebotLockStore\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- starting, waiting, stopping ------------------------------------------------------------------
def launch(
    name: str,
    command: list[str],
    log: Path,
    port: int,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command, cwd=cwd, env=environment(**(env or {})), stdout=handle, stderr=subprocess.STDOUT
        )
    return Server(name, process, port, log)


def wait_until(server: Server, ready: Callable[[], bool], timeout: float = STARTUP_TIMEOUT) -> Server:
    """Returns the server once `ready()`; stops it and raises ServerError when it dies or times out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.process.poll() is not None:
            raise server.failure("stopped while starting")
        if ready():
            server.startup_seconds = time.monotonic() - started
            return server
        time.sleep(0.25)
    stop(server)
    raise server.failure(f"did not answer within {timeout:.0f} s")


def is_healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def answers(webhook: str, message: str, sender: str = "startup-check") -> bool:
    """Whether a REST message gets a non-empty answer (Rasa has loaded its model and can reach actions)."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(webhook, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status == 200 and bool(json.loads(response.read() or b"[]"))
    except (OSError, urllib.error.URLError, ValueError):
        return False


def start_actions(log: Path, port: int | None = None, timeout: float = STARTUP_TIMEOUT) -> Server:
    """Klyngebot's action server, ready when /health answers."""
    port = port or free_port()
    server = launch("action server", actions_command(port), log, port)
    return wait_until(server, lambda: is_healthy(port), timeout)


def start_rasa(
    name: str,
    model: Path,
    log: Path,
    port: int | None = None,
    actions: Server | None = None,
    endpoints: Path | None = None,
    credentials: Path | None = None,
    cwd: Path = ROOT,
    extra: Sequence[str] = (),
    env: dict[str, str] | None = None,
    first_message: str = "hej",
    timeout: float = STARTUP_TIMEOUT,
) -> Server:
    """A Rasa server with the REST channel on loopback, ready at its first answer to `first_message`.
    With `actions` and no `endpoints`, an endpoints file beside the log points Rasa at that server."""
    port = port or free_port()
    if endpoints is None and actions is not None:
        endpoints = write_endpoints(log.with_suffix(".endpoints.yml"), actions.port)
    command = rasa_command(model, port, endpoints, credentials or cwd / "credentials.yml", extra)
    server = launch(name, command, log, port, cwd, env)
    return wait_until(server, lambda: answers(server.webhook, first_message), timeout)


def stop(server: Server, timeout: float = 30) -> None:
    """Ends the server process started here (and only that one)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=timeout)


@contextmanager
def running(server: Server) -> Iterator[Server]:
    """The server for the duration of the block, stopped afterwards whatever happens."""
    try:
        yield server
    finally:
        stop(server)


# -- memory ---------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue += _children(current)
    return pids


def memory_mb(server: Server) -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM from /proc), the server and its children."""
    pids = process_tree(server.process.pid)
    return {
        "rss_mb": sum(_status_kb(p, "VmRSS") for p in pids) / 1024,
        "peak_mb": sum(_status_kb(p, "VmHWM") for p in pids) / 1024,
    }


# -- the action server beside a command (make shell, make run) --------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a command with Klyngebot's action server beside it.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", ACTIONS_PORT)))
    parser.add_argument(
        "--log", type=Path, default=Path(os.environ.get("ACTIONS_LOG", ROOT / "var/actions.log"))
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    print(f"Starting the action server on {HOST}:{args.port} (log: {args.log}) …", file=sys.stderr)
    try:
        actions = start_actions(args.log, args.port, timeout=120)
    except ServerError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Action server ready in {actions.startup_seconds:.0f} s.", file=sys.stderr)
    with running(actions):
        try:
            return subprocess.call(command, env=environment())
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    raise SystemExit(main())
