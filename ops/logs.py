"""Log lines an operator can search: one JSON object per line with the conversation it is about.

KLYNGEBOT_LOG_FORMAT=json (set by `make run-scaled`) turns it on for every logger of the process;
the default stays Rasa's readable text. The conversation id is set where a message enters
(channels/limits.py) or an action call arrives (actions/server.py) and follows the request through
every `await` (a context variable), so Rasa's own lines about that message carry it too.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import time

FORMAT_VARIABLE = "KLYNGEBOT_LOG_FORMAT"
conversation = contextvars.ContextVar("conversation", default="")
EXTRA_FIELDS = ("channel", "outcome", "ms")


class JsonFormatter(logging.Formatter):
    def __init__(self, process_name: str) -> None:
        super().__init__()
        self.process_name = process_name

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "process": self.process_name,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if conversation.get():
            line["conversation"] = conversation.get()
        for key in EXTRA_FIELDS:  # given as `extra=` by channels/limits.py
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(process_name: str) -> bool:
    """Every handler of the root logger writes JSON, when KLYNGEBOT_LOG_FORMAT=json; returns whether."""
    if os.environ.get(FORMAT_VARIABLE, "").lower() != "json":
        return False
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    # Sanic's loggers have handlers of their own.
    for logger in (root, *(logging.getLogger(n) for n in ("sanic.root", "sanic.error", "sanic.access"))):
        for handler in logger.handlers:
            handler.setFormatter(JsonFormatter(process_name))
    return True
