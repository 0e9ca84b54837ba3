"""Klyngebot's servers for end-to-end tests: scripts/servers.py (the one module that starts them)
wrapped for pytest, plus the web page, Chromium and a socket.io client.

Each server runs as a child process on loopback, on a free port, logging to a file in the test's
folder; a server that stops or does not answer fails the test with the end of its log.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests
import socketio

from scripts import servers
from scripts.servers import RASA, ROOT, free_port

MODEL = ROOT / "models" / "klyngebot.tar.gz"
ENV = servers.environment()

__all__ = ["ROOT", "MODEL", "RASA", "ENV", "free_port"]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = 240, **post) -> None:
    """Return once `url` answers (a GET, or a POST of `post` that gets a non-empty JSON answer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            response = requests.post(url, json=post, timeout=30) if post else requests.get(url, timeout=5)
            if response.ok and (not post or response.json()):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(command: list[str], log: Path, env: dict | None = None) -> Iterator[subprocess.Popen]:
    """A child process (the servers' environment plus `env`) for the block, stopped afterwards."""
    with servers.running(servers.launch(command[-1], command, log, 0, env=env)) as server:
        yield server.process


@dataclass(frozen=True)
class Klyngebot:
    """A running Klyngebot: its Rasa server's base URL (loopback) and the folder holding its logs."""

    url: str
    folder: Path
    requests_db: str = ""  # the SQL URL the action server keeps requests in

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"


def write_endpoints(folder: Path, action_port: int, tracker_db: Path | None = None) -> Path:
    """An endpoints file for the test servers; with `tracker_db`, conversations go to the database."""
    store = "stores.tracker.KlyngebotTrackerStore" if tracker_db is not None else None
    return servers.write_endpoints(folder / "endpoints.yml", action_port, store)


def rasa_command(endpoints: Path, credentials: Path, port: int, *extra: str) -> list[str]:
    """`rasa run` as the Makefile starts it: through scripts/run_rasa.py and its fences."""
    return servers.rasa_command(MODEL, port, endpoints, credentials, extra)


@contextmanager
def _ready(server: servers.Server, ready) -> Iterator[subprocess.Popen]:
    with servers.running(server):
        try:
            servers.wait_until(server, ready, timeout=240)
        except servers.ServerError as error:
            pytest.fail(str(error))
        yield server.process


def action_server(folder: Path, port: int, env: dict | None = None):
    """The action server on loopback (a context manager yielding the process once it answers)."""
    server = servers.launch(
        "action server", servers.actions_command(port), folder / "actions.log", port, env=env
    )
    return _ready(server, lambda: servers.is_healthy(port))


def rasa_server(folder: Path, command: list[str], port: int, env: dict | None = None):
    """A Rasa server (a context manager yielding its process once "hej" gets an answer over REST)."""
    server = servers.launch("Rasa server", command, folder / "rasa.log", port, env=env)
    return _ready(server, lambda: servers.answers(server.webhook, "hej", sender="warm-up"))


@contextmanager
def fake_slack(folder: Path, token: str) -> Iterator[str]:
    """scripts/fake_slack_api.py (the stand-in for Slack's Web API) on a free loopback port, accepting
    `token`; yields its base URL (`{url}/api/` for SLACK_API_URL, `{url}/_calls` for what it got)."""
    api = f"http://127.0.0.1:{free_port()}"
    command = [
        sys.executable,
        "scripts/fake_slack_api.py",
        "serve",
        "--port",
        api.rsplit(":", 1)[1],
        "--token",
        token,
    ]
    with running(command, folder / "fake-slack.log") as process:
        wait_until_up(f"{api}/_calls", process, folder / "fake-slack.log", seconds=30)
        yield api


@contextmanager
def klyngebot(
    folder: Path,
    credentials: Path = ROOT / "credentials.yml",
    cors: str | None = None,
    env: dict | None = None,
    args: tuple[str, ...] = (),
    tracker_db: Path | None = None,
    action_env: dict | None = None,
) -> Iterator[Klyngebot]:
    """The action server and the Rasa server on loopback, with `credentials` (which must hold the
    REST channel: the Rasa server counts as up once it answers "hej" there). `env` and `args` go to
    the Rasa server, `action_env` to the action server; `tracker_db` keeps the conversations in that
    SQLite file."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test-e2e does)")
    action_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(folder, action_port, tracker_db)
    if tracker_db is not None:
        env = {**(env or {}), "KLYNGEBOT_DB_URL": f"sqlite:///{tracker_db}"}
    # Requests go to the test's own database (the conversations' file when there is one), never var/.
    requests_db = f"sqlite:///{tracker_db or folder / 'requests.db'}"
    command = rasa_command(endpoints, credentials, rasa_port, *(["--cors", cors] if cors else []), *args)
    env = {"KLYNGEBOT_DB_URL": requests_db, **(env or {})}  # staff presses change the same requests
    with (
        action_server(folder, action_port, {"KLYNGEBOT_DB_URL": requests_db, **(action_env or {})}),
        rasa_server(folder, command, rasa_port, env),
    ):
        yield Klyngebot(f"http://127.0.0.1:{rasa_port}", folder, requests_db)


@contextmanager
def web_page(folder: Path, rasa_url: str, port: int | None = None, name: str = "web") -> Iterator[str]:
    """`web/serve.py` on loopback (a free port unless given), its page talking to `rasa_url`; yields
    the page's URL, http://localhost:PORT/ (the origin the Rasa server must allow)."""
    library = ROOT / "web" / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
    if not library.exists():
        pytest.fail(f"no {library.relative_to(ROOT)}: run `npm ci --prefix web`")
    port = port or free_port()
    log = folder / f"{name}.log"
    command = [
        sys.executable,
        str(ROOT / "web" / "serve.py"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--rasa-url",
        rasa_url,
    ]
    with running(command, log) as process:
        url = f"http://localhost:{port}/"
        wait_until_up(url, process, log, seconds=30)
        yield url


# -- a real browser: Debian's Chromium driven by Playwright (never `playwright install`) --------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright):
    """Debian's Chromium (`apt-get install chromium`), headless, through Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (.ci/run does)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def socketio_credentials(folder: Path, site_origin: str) -> Path:
    """A credentials file with the REST channel and the socket.io channel for a page at `site_origin`,
    conversations kept per browser (session_persistence)."""
    credentials = folder / "credentials.yml"
    credentials.write_text(
        "channels.rest.RestInput:\n"
        "channels.ops.OpsInput:\n"
        "channels.socketio.SocketIOInput:\n"
        "  session_persistence: true\n"
        f'  cors_allowed_origins: ["{site_origin}"]\n'
    )
    return credentials


# -- a socket.io client speaking Rasa's protocol, as the widget does -------------------------------------
class SocketClient:
    """A socket.io client speaking Rasa's protocol, from the site's origin unless told otherwise.

    Polling only: python-engineio's websocket client needs a newer aiohttp than Rasa 3.6 allows.
    """

    def __init__(self, origin: str = "http://localhost:8000"):
        self.origin = origin
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue = asyncio.Queue()
        self.sio.on("session_confirm", lambda data: self.events.put_nowait(("session_confirm", data)))
        self.sio.on("bot_uttered", lambda data: self.events.put_nowait(("bot_uttered", data)))

    async def connect(self, url: str, wait_timeout: float = 1) -> "SocketClient":
        await self.sio.connect(
            url, headers={"Origin": self.origin}, transports=["polling"], wait_timeout=wait_timeout
        )
        return self

    async def start_session(self, session_id: str | None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        event, confirmed = await self.next()
        assert event == "session_confirm"
        return confirmed

    async def say(self, session_id: str | None, message) -> None:
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id})

    async def close(self) -> None:
        """Close as a browser tab does: python-engineio's polling client otherwise waits for its
        pending long-poll (up to the ping timeout, 20 s) before it returns."""
        await self.sio.eio.disconnect(abort=True)

    async def next(self, seconds: float = 5):
        return await asyncio.wait_for(self.events.get(), seconds)
