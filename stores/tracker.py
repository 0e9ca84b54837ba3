"""Conversations survive a restart: SQLite under var/ by default, any SQL database by URL.

Set KLYNGEBOT_DB_URL (e.g. postgresql://klyngebot:secret@localhost/klyngebot) to use PostgreSQL.
Rasa wraps every tracker store in a FailSafeTrackerStore that quietly falls back to memory when
the database fails; this store says at start-up where conversations go, so a fallback is visible
in the log, and the end-to-end restart test fails if context is lost.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy.engine.url import make_url

logger = logging.getLogger(__name__)

DB_URL_VARIABLE = "KLYNGEBOT_DB_URL"
DEFAULT_SQLITE = Path(__file__).resolve().parent.parent / "var" / "conversations.db"


def database_url() -> str:
    """The configured database, or the project's SQLite file."""
    return os.environ.get(DB_URL_VARIABLE) or f"sqlite:///{DEFAULT_SQLITE}"


class KlyngebotTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, configured from KLYNGEBOT_DB_URL instead of endpoints.yml."""

    def __init__(self, domain: Any = None, event_broker: Any = None, **_: Any) -> None:
        url = make_url(database_url())
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database or "",
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
        )
        logger.info("Conversations are kept in %s", repr(url))  # repr hides the password
