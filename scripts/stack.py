"""Klyngebot as it runs in production, on one machine: `make run-scaled` starts it, the scaled tests
and the load benchmark start it on free ports.

    nginx :5005  ─┬─ Rasa 1 :5006 ─┐                       PostgreSQL :5433 (conversations, requests)
      (widget,    └─ Rasa 2 :5007 ─┴─ nginx :5055 ─┬─ actions 1 :5056    Redis :6380 (locks, Slack
       REST,                                       └─ actions 2 :5057     event ids)
       Slack)

PostgreSQL, Redis and nginx are Debian's packages (scripts/system_packages.sh installs them), run
by this module as ordinary processes on loopback with their files under one folder (var/scaled by
default): no system service is touched. Passwords for PostgreSQL and Redis are made on first start
and kept in that folder (mode 0600). docs/scaling.md explains the layout and its real-world form.

    python -m scripts.stack up [--dir var/scaled]   # start everything, wait for Ctrl-C, stop it all
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Sequence

from scripts.servers import (
    HOST,
    ROOT,
    Server,
    ServerError,
    answers,
    free_port,
    is_healthy,
    launch,
    rasa_command,
    stop,
    wait_until,
)

NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
DEFAULT_DIR = ROOT / "var" / "scaled"
# A message holds its conversation at most this long; a Rasa process killed while answering blocks
# that conversation no longer than this (Rasa's TICKET_LOCK_LIFETIME; stores/locks.py).
LOCK_LIFETIME_SECONDS = 15


@dataclass
class Layout:
    dir: Path = DEFAULT_DIR
    front_port: int = 5005  # nginx: the widget, REST and Slack (the address `make run` uses for Rasa)
    actions_front_port: int = 5055  # nginx before the action servers (endpoints.yml's address)
    rasa_ports: tuple = (5006, 5007)
    actions_ports: tuple = (5056, 5057)
    postgres_port: int = 5433  # not 5432: a system PostgreSQL may be there
    redis_port: int = 6380

    def ports(self) -> list:
        return [self.front_port, self.actions_front_port, *self.rasa_ports, *self.actions_ports,
                self.postgres_port, self.redis_port]  # fmt: skip

    @classmethod
    def on_free_ports(cls, directory: Path, processes: int = 2) -> "Layout":
        """All ports free ones; `processes` Rasa processes and as many action servers."""
        return cls(
            directory,
            free_port(),
            free_port(),
            tuple(free_port() for _ in range(processes)),
            tuple(free_port() for _ in range(processes)),
            free_port(),
            free_port(),
        )


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise ServerError(
            "PostgreSQL is not installed: run scripts/system_packages.sh (Debian's postgresql)."
        )
    return found[-1].parent


def _need(binary: str) -> str:
    path = shutil.which(binary) or (f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None)
    if not path:
        raise ServerError(f"{binary} is not installed: run scripts/system_packages.sh.")
    return path


def _as_postgres_user(command: list) -> list:
    """PostgreSQL refuses to run as root; as root, run it as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Stack:
    layout: Layout
    model: Path = ROOT / "models" / "klyngebot.tar.gz"
    credentials: Path = ROOT / "credentials.yml"
    cors: Sequence[str] = ("http://localhost:8000",)  # the widget's page (exact origins, as `make run`)
    env: Dict[str, str] = field(default_factory=dict)  # extra environment for Rasa and the actions
    services: Dict[str, Server] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.layout.dir = self.layout.dir.resolve()  # nginx and PostgreSQL need absolute paths

    # -- where things are --------------------------------------------------------------------------
    @property
    def dir(self) -> Path:
        return self.layout.dir

    def _secret(self, name: str) -> str:
        path = self.dir / "secrets.json"
        known = json.loads(path.read_text()) if path.exists() else {}
        if name not in known:
            known[name] = secrets.token_urlsafe(24)
            self.dir.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(known))
            path.chmod(0o600)
        return known[name]

    @property
    def db_url(self) -> str:
        return (
            f"postgresql://klyngebot:{self._secret('postgres')}@{HOST}:{self.layout.postgres_port}/klyngebot"
        )

    @property
    def redis_url(self) -> str:
        return f"redis://:{self._secret('redis')}@{HOST}:{self.layout.redis_port}/0"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.layout.front_port}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def log(self, name: str) -> Path:
        return self.dir / "logs" / f"{name}.log"

    def app_env(self, process: str) -> Dict[str, str]:
        return {
            "KLYNGEBOT_DB_URL": self.db_url,
            "KLYNGEBOT_REDIS_URL": self.redis_url,
            "KLYNGEBOT_LOG_FORMAT": "json",
            "KLYNGEBOT_PROCESS": process,
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
            **self.env,
        }

    # -- PostgreSQL ----------------------------------------------------------------------------------
    def start_postgres(self) -> Server:
        data, bindir = self.dir / "postgres", _postgres_bin()
        if not (data / "PG_VERSION").exists():
            self._init_postgres(data, bindir)
        command = [
            str(bindir / "postgres"), "-D", str(data), "-p", str(self.layout.postgres_port),
            "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories=",
            "-c", "max_connections=100", "-c", "shared_buffers=128MB",
        ]  # fmt: skip
        server = launch(
            "postgres", _as_postgres_user(command), self.log("postgres"), self.layout.postgres_port
        )
        self.services["postgres"] = wait_until(server, self._postgres_ready, timeout=60)
        self._create_database()
        return server

    def _init_postgres(self, data: Path, bindir: Path) -> None:
        data.mkdir(parents=True, exist_ok=True)
        password = self.dir / "postgres-password"
        password.write_text(self._secret("postgres-admin"))
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
            shutil.chown(password, "postgres", "postgres")
        data.chmod(0o700)
        password.chmod(0o600)
        command = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", f"--pwfile={password}"]
        command += ["--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"]
        subprocess.run(_as_postgres_user(command), check=True, stdout=subprocess.DEVNULL)
        password.unlink()

    def _admin(self):
        import psycopg2

        return psycopg2.connect(
            host=HOST, port=self.layout.postgres_port, user="postgres",
            password=self._secret("postgres-admin"), dbname="postgres", connect_timeout=3,
        )  # fmt: skip

    def _postgres_ready(self) -> bool:
        try:
            self._admin().close()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def _create_database(self) -> None:
        connection = self._admin()
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'klyngebot'")
            if not cursor.fetchone():
                cursor.execute("CREATE ROLE klyngebot LOGIN PASSWORD %s", (self._secret("postgres"),))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'klyngebot'")
            if not cursor.fetchone():
                cursor.execute("CREATE DATABASE klyngebot OWNER klyngebot")
        connection.close()

    # -- Redis ----------------------------------------------------------------------------------------
    def start_redis(self) -> Server:
        directory = self.dir / "redis"
        directory.mkdir(parents=True, exist_ok=True)
        config = directory / "redis.conf"  # the password in a file, not on the command line (ps)
        config.write_text(
            f"bind {HOST}\nport {self.layout.redis_port}\nprotected-mode yes\n"
            f'requirepass "{self._secret("redis")}"\ndir {directory}\n'
            # Locks and event ids live seconds to an hour: nothing to keep on disk.
            'save ""\nappendonly no\nmaxmemory 256mb\nmaxmemory-policy volatile-ttl\n'
        )
        config.chmod(0o600)
        server = launch(
            "redis", [_need("redis-server"), str(config)], self.log("redis"), self.layout.redis_port
        )
        self.services["redis"] = wait_until(server, self._redis_ready, timeout=30)
        return server

    def _redis_ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.redis_url, socket_timeout=2).ping())
        except Exception:  # noqa: BLE001 - not up yet
            return False

    # -- nginx ----------------------------------------------------------------------------------------
    def start_nginx(self) -> Server:
        directory = self.dir / "nginx"
        (directory / "tmp").mkdir(parents=True, exist_ok=True)
        config = directory / "nginx.conf"
        config.write_text(self.nginx_config(directory))
        command = [_need("nginx"), "-p", str(directory), "-c", str(config)]
        subprocess.run([*command, "-t", "-q"], check=True)
        server = launch("nginx", command, self.log("nginx"), self.layout.front_port)
        self.services["nginx"] = wait_until(
            server, lambda: is_healthy(self.layout.actions_front_port), timeout=30
        )
        return server

    def nginx_config(self, directory: Path) -> str:
        def servers(ports: Sequence[int]) -> str:
            # max_fails=0: never marked down, a refused connection just moves on to the next (at
            # once, on loopback), and a restarted process is used again from its first second.
            return "\n".join(f"        server {HOST}:{p} max_fails=0;" for p in ports)

        text = NGINX_TEMPLATE.read_text(encoding="utf-8")
        values = {
            "DIR": str(directory),
            "USER": "user nobody nogroup;" if os.geteuid() == 0 else "",
            "HOST": HOST,
            "FRONT_PORT": str(self.layout.front_port),
            "ACTIONS_FRONT_PORT": str(self.layout.actions_front_port),
            "RASA_SERVERS": servers(self.layout.rasa_ports),
            "ACTION_SERVERS": servers(self.layout.actions_ports),
        }
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return text

    # -- Klyngebot's own processes ------------------------------------------------------------------
    def endpoints(self) -> Path:
        path = self.dir / "endpoints.yml"
        path.write_text(
            f'action_endpoint:\n  url: "http://{HOST}:{self.layout.actions_front_port}/webhook"\n'
            "tracker_store:\n  type: stores.tracker.KlyngebotTrackerStore\n"
            "lock_store:\n  type: stores.locks.KlyngebotLockStore\n",
            encoding="utf-8",
        )
        return path

    def start_actions(self, index: int) -> Server:
        name, port = f"actions-{index + 1}", self.layout.actions_ports[index]
        command = [sys.executable, "-m", "actions.server", "--host", HOST, "--port", str(port)]
        server = launch(name, command, self.log(name), port, env=self.app_env(name))
        self.services[name] = wait_until(server, lambda: is_healthy(port), timeout=120)
        return server

    def launch_rasa(self, index: int) -> Server:
        name, port = f"rasa-{index + 1}", self.layout.rasa_ports[index]
        command = rasa_command(self.model, port, self.endpoints(), self.credentials, ["--cors", *self.cors])
        server = launch(name, command, self.log(name), port, env=self.app_env(name))
        self.services[name] = server
        return server

    def wait_rasa(self, server: Server) -> Server:
        return wait_until(server, lambda: answers(server.webhook, "hej", sender=f"ready-{server.name}"))

    def start_rasa(self, index: int) -> Server:
        return self.wait_rasa(self.launch_rasa(index))

    # -- all of it ----------------------------------------------------------------------------------
    def up(self) -> "Stack":
        if not self.model.exists():
            raise ServerError(f"No model at {self.model}: run `make train` first.")
        taken = [p for p in self.layout.ports() if not _port_free(p)]
        if taken:
            raise ServerError(f"Port(s) {taken} on {HOST} are in use: is another Klyngebot stack running?")
        self.start_postgres()
        self.start_redis()
        for index in range(len(self.layout.actions_ports)):
            self.start_actions(index)  # one after the other: the first migrates the requests' tables
        self.start_nginx()
        # Both Rasa processes load at once (a model load is mostly waiting on one core).
        for server in [self.launch_rasa(i) for i in range(len(self.layout.rasa_ports))]:
            self.wait_rasa(server)
        return self

    def kill(self, name: str) -> None:
        """SIGKILL, as a crash or the kernel's OOM killer would."""
        server = self.services[name]
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)

    def stop(self, name: str) -> None:
        server = self.services.get(name)
        if server is None:
            return
        if name == "postgres" and server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)  # "fast" shutdown: do not wait for clients
        stop(server)

    def down(self) -> None:
        for name in (
            [n for n in self.services if n.startswith("rasa")]
            + [n for n in self.services if not n.startswith("rasa") and n not in ("postgres", "redis")]
            + ["redis", "postgres"]
        ):
            self.stop(name)

    def pids(self) -> Dict[str, int]:
        return {name: s.process.pid for name, s in self.services.items() if s.process.poll() is None}


def _raise_interrupt() -> None:
    raise KeyboardInterrupt


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Klyngebot with two Rasa processes, two action servers, "
                                     "PostgreSQL, Redis and nginx on loopback.")  # fmt: skip
    parser.add_argument("command", choices=["up"])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--credentials", type=Path, default=ROOT / "credentials.yml")
    args = parser.parse_args(argv)
    # Ctrl-C and `kill` both stop everything (a background job starts with SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: _raise_interrupt())
    stack = Stack(Layout(args.dir), credentials=args.credentials)
    print(
        f"Starting PostgreSQL, Redis, two action servers, nginx and two Rasa processes (files: {args.dir}) …"
    )
    started = time.monotonic()
    try:
        stack.up()
    except (ServerError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        stack.down()
        return 1
    print(
        f"Ready in {time.monotonic() - started:.0f} s: {stack.url} (REST {stack.webhook}, socket.io, Slack)"
    )
    for name, server in stack.services.items():
        print(f"  {name:10} pid {server.process.pid:>7}  port {server.port:>5}  log {server.log}")
    print(
        "Health and counts per process: /webhooks/ops/health, /webhooks/ops/metrics; actions: /health, /metrics."
    )
    print("Ctrl-C stops everything.")
    try:
        while all(s.process.poll() is None for s in stack.services.values()):
            time.sleep(1)
        print("A process stopped; its log says why. Stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.down()


if __name__ == "__main__":
    raise SystemExit(main())
