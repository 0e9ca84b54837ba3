"""What an operator asks one Rasa process: is it well, and what has it done.

    GET /webhooks/ops/health    200 {"status": "ok", ...} or 503 with the part that is down
    GET /webhooks/ops/metrics   counts and latencies in Prometheus' text format (ops/metrics.py)

Not a chat channel: it takes no messages. It is listed in the credentials files so that every
Rasa process has it; nginx (deploy/nginx.conf) does not pass /webhooks/ops/ on, so these are read
per process on its own port, as Prometheus and a load balancer's health check do. Starting it also
switches the process to JSON log lines when KLYNGEBOT_LOG_FORMAT=json (ops/logs.py).
"""

from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import text

from ops import logs
from ops.metrics import CONTENT_TYPE, REGISTRY

PROCESS_VARIABLE = "KLYNGEBOT_PROCESS"


def process_name() -> str:
    return os.environ.get(PROCESS_VARIABLE) or f"rasa-{os.getpid()}"


def check_tracker_store(store: Any) -> Optional[str]:
    """None when the conversations' database answers, else why not."""
    while isinstance(store, FailSafeTrackerStore):
        store = store._tracker_store
    engine = getattr(store, "engine", None)
    if engine is None:
        return None  # an in-memory store has nothing to reach
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure is "down"
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return None


def check_lock_store(store: Any) -> Optional[str]:
    client = getattr(store, "red", None)
    if client is None:
        return None
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}"
    return None


class OpsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "ops"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        ops = Blueprint("klyngebot_ops", __name__)

        @ops.listener("after_server_start")
        async def structured_logs(_app: Any, _loop: Any) -> None:
            logs.configure(process_name())

        @ops.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            problems: Dict[str, Optional[str]] = {
                "model": None if agent is not None and agent.is_ready() else "not loaded",
                "conversations": check_tracker_store(agent.tracker_store) if agent else "no agent",
                "locks": check_lock_store(agent.lock_store) if agent else "no agent",
            }
            down = {part: why for part, why in problems.items() if why}
            body = {"status": "unavailable" if down else "ok", "process": process_name(), "pid": os.getpid()}
            if down:
                body["down"] = down
            return response.json(body, status=503 if down else 200)

        @ops.route("/metrics", methods=["GET"])
        async def metrics(_: Request) -> HTTPResponse:
            return response.text(REGISTRY.render(), content_type=CONTENT_TYPE)

        return ops
