"""The servers the benchmark talks to: Rasa and the action server on free loopback ports, timed from
start to first answer, their memory read from /proc, and stopped by process id when done."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).with_name("rasa")
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 600  # seconds; a 2-core machine shared with other work can be slow to load TensorFlow


class ServerError(RuntimeError):
    """A server stopped or did not answer in time; the message ends with its log."""


def environment(**extra: str) -> dict[str, str]:
    """The environment every Rasa process of the benchmark runs in (as the Makefile sets it)."""
    return {
        **os.environ,
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
    def webhook(self) -> str:
        return f"http://{HOST}:{self.port}/webhooks/rest/webhook"

    def failure(self, what: str) -> ServerError:
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:] if self.log.exists() else ""
        return ServerError(f"{self.name} {what}; {self.log} ends with:\n{tail}")


def _launch(name: str, command: list[str], cwd: Path, log: Path, env: dict[str, str], port: int) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return Server(name, process, port, log)


def _wait(server: Server, ready, started: float, timeout: float) -> None:
    while time.monotonic() - started < timeout:
        if server.process.poll() is not None:
            raise server.failure("stopped while starting")
        if ready():
            server.startup_seconds = time.monotonic() - started
            return
        time.sleep(0.25)
    stop(server)
    raise server.failure(f"did not answer within {timeout} s")


def _health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _answers(url: str, message: str) -> bool:
    body = json.dumps({"sender": "bench-startup", "message": message}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status == 200 and bool(json.loads(response.read() or b"[]"))
    except (OSError, urllib.error.URLError, ValueError):
        return False


def start_actions(log: Path, timeout: float = STARTUP_TIMEOUT) -> Server:
    """Klyngebot's action server, ready when /health answers."""
    port = free_port()
    started = time.monotonic()
    server = _launch(
        "action server",
        [sys.executable, "-m", "actions.server", "--port", str(port)],
        ROOT,
        log,
        environment(SANIC_HOST=HOST),
        port,
    )
    _wait(server, lambda: _health(port), started, timeout)
    return server


def start_rasa(
    name: str,
    model: Path,
    log: Path,
    cwd: Path = ROOT,
    actions: Server | None = None,
    credentials: Path | None = None,
    first_message: str = "hej",
    timeout: float = STARTUP_TIMEOUT,
) -> Server:
    """`rasa run` with the REST channel on a free loopback port, ready at its first answer."""
    port = free_port()
    command = [
        str(RASA),
        "run",
        "--model",
        str(model),
        "--interface",
        HOST,
        "--port",
        str(port),
        "--credentials",
        str(credentials or cwd / "credentials.yml"),
    ]
    if actions is not None:
        endpoints = log.with_suffix(".endpoints.yml")
        endpoints.parent.mkdir(parents=True, exist_ok=True)
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://{HOST}:{actions.port}/webhook"\n', encoding="utf-8"
        )
        command += ["--endpoints", str(endpoints)]
    started = time.monotonic()
    server = _launch(name, command, cwd, log, environment(), port)
    _wait(server, lambda: _answers(server.webhook, first_message), started, timeout)
    return server


def stop(server: Server, timeout: float = 30) -> None:
    """Ends the server process this benchmark started (and only that one)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=timeout)


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


def memory_mb(server: Server) -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM from /proc), the server and its children."""
    pids, queue = [], [server.process.pid]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        queue += _children(pid)
    return {
        "rss_mb": sum(_status_kb(p, "VmRSS") for p in pids) / 1024,
        "peak_mb": sum(_status_kb(p, "VmHWM") for p in pids) / 1024,
    }
