"""Klyngebot's action server: the dataset loaded once, the actions registered explicitly.

    python -m actions.server [--port 5055] [--host 127.0.0.1]

Rasa SDK's own `rasa run actions` imports a package and instantiates every Action subclass it
finds; this registers exactly the actions of actions.base.all_actions, built with the knowledge
read here, and listens on loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import time

from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sanic import Sanic, response
from sanic.request import Request

from actions.base import FALLBACK_ACTION, all_actions
from actions.knowledge import Knowledge
from ops import logs
from ops.metrics import CONTENT_TYPE, REGISTRY
from stores.requests import migrate

logger = logging.getLogger(__name__)


def create_app(knowledge: Knowledge) -> Sanic:
    executor = ActionExecutor()
    for action in all_actions(knowledge):
        executor.register_action(action)
    app = Sanic("klyngebot_actions", configure_logging=False)

    @app.get("/health")
    async def health(_: Request):
        return response.json({"status": "ok"})

    @app.get("/metrics")
    async def metrics(_: Request):
        return response.text(REGISTRY.render(), content_type=CONTENT_TYPE)

    @app.post("/webhook")
    async def webhook(request: Request):
        call = request.json
        if not isinstance(call, dict):
            return response.json({"error": "Invalid body request"}, status=400)
        name = str(call.get("next_action") or "unknown")
        logs.conversation.set(str(call.get("sender_id") or ""))
        started, outcome = time.monotonic(), "error"
        try:
            result = response.json(await executor.run(call))
            outcome = "ok"
            return result
        except ActionExecutionRejection as error:
            outcome = "rejected"  # a form's validation refusing a value, for one
            return response.json({"error": error.message, "action_name": error.action_name}, status=400)
        except ActionNotFoundException as error:
            logger.error(error)
            return response.json({"error": error.message, "action_name": error.action_name}, status=404)
        except Exception:
            logger.exception("Action %s failed", name)
            raise
        finally:
            REGISTRY.count("klyngebot_actions_total", action=name, outcome=outcome)
            REGISTRY.observe("klyngebot_action_seconds", time.monotonic() - started, action=name)
            if name == FALLBACK_ACTION:
                REGISTRY.count("klyngebot_fallbacks_total")

    @app.get("/actions")
    async def actions(_: Request):
        return response.json([{"name": name} for name in executor.actions])

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    logs.configure(os.environ.get("KLYNGEBOT_PROCESS") or f"actions-{os.getpid()}")
    migrate()  # the requests' tables, to the newest schema (Alembic; a no-op when up to date)
    app = create_app(Knowledge.load())
    logger.info("Klyngebot's action server on http://%s:%d", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
