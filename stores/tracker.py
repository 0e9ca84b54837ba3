"""Conversations survive a restart: SQLite under var/ by default, any SQL database by URL.

Set KLYNGEBOT_DB_URL (e.g. postgresql://klyngebot:secret@localhost/klyngebot) to use PostgreSQL.

Two of Rasa's reactions to a failing database are fenced here:
- Rasa's `session_scope` takes *any* ValueError raised while a conversation is read or written
  (a sender id that UTF-8 cannot encode, for one) for a missing PostgreSQL schema and calls
  `sys.exit`: one request stopped the server. Here only the schema check itself can say that, and
  it raises instead of exiting.
- Rasa wraps every tracker store in a FailSafeTrackerStore that quietly carries on in memory when
  the database fails: the conversation loses its context and is never stored. `refuse_fallback`
  makes it re-raise, so the channel (channels/limits.py) tells the user to try again and logs it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import (
    FailSafeTrackerStore,
    SQLTrackerStore,
    TrackerStore,
    create_engine_kwargs,
    ensure_schema_exists,
)
from rasa.shared.exceptions import RasaException
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
        # Rasa's engine keeps pooled connections that a database restart has closed, so the first
        # messages after it would fail; pre-ping replaces a dead connection before it is used.
        self.engine = sa.create_engine(
            self.engine.url, pool_pre_ping=True, **create_engine_kwargs(self.engine.url)
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        logger.info("Conversations are kept in %s", repr(url))  # repr hides the password

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[Any]:
        """A database session; a missing schema raises `MissingSchema` instead of stopping the process."""
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as schema:
                raise MissingSchema(
                    f"PostgreSQL schema '{schema}' (POSTGRESQL_SCHEMA) does not exist"
                ) from None
            yield session
        finally:
            session.close()


class MissingSchema(RasaException):
    """The configured PostgreSQL schema is not in the database."""


def refuse_fallback(store: TrackerStore) -> None:
    """Make Rasa's FailSafeTrackerStore wrappers around `store` re-raise a database error instead of
    answering from memory (their error callback is the one hook Rasa 3.6 offers for that)."""
    while isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _reraise
        store = store._tracker_store


def _reraise(error: Exception) -> None:
    raise error
