"""Contact, visit and desk requests and answer ratings, kept in the SQL database (SQLAlchemy).

The same database as the conversations (`stores.tracker.database_url`): SQLite under var/ by
default, PostgreSQL when KLYNGEBOT_DB_URL says so. The schema comes from Alembic's migrations in
stores/migrations/, never from an ad-hoc CREATE TABLE: `migrate()` brings a database to the newest
revision (the action server runs it at start; `make migrate` by hand).

What a visitor may do with their own data is keyed on their conversation id, which only the
channel sets: `mine`, `delete_mine`. What staff may do (`open_requests`, `mark`) is reachable only
from the staff side (Slack with a configured team and channel), never from a message.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url

from stores.tracker import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
RETENTION_VARIABLE = "KLYNGEBOT_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 180
KINDS = ("meeting", "desk", "callback")
STATUSES = ("open", "taken", "handled")

metadata = MetaData()
requests_table = Table(
    "klyngebot_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("cluster_id", String(64)),
    Column("office", String(100)),
    Column("wanted_at", DateTime(timezone=True)),
    Column("wanted_day", String(10)),  # ISO day when no time of day was given
    Column("name", String(200), nullable=False),
    Column("email", String(254)),
    Column("phone", String(40)),
    Column("company", String(200)),
    Column("topic", Text),
    Column("consent_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False, default="open"),
    Column("staff_id", String(64)),
    Column("updated_at", DateTime(timezone=True)),
)
ratings_table = Table(
    "klyngebot_ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("rating", Integer, nullable=False),  # +1 thumbs up, -1 thumbs down
    Column("answer", Text),  # the answer rated, as the visitor saw it
)


@dataclass(frozen=True)
class Request:
    """One request as the visitor confirmed it."""

    conversation_id: str
    kind: str
    name: str
    consent_at: datetime
    cluster_id: str | None = None
    office: str | None = None
    wanted_at: datetime | None = None
    wanted_day: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    topic: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: datetime | None = None
    status: str = "open"
    staff_id: str | None = None


@dataclass(frozen=True)
class Rating:
    conversation_id: str
    rating: int
    answer: str
    created_at: datetime


def retention() -> timedelta:
    """How long requests and ratings are kept (KLYNGEBOT_RETENTION_DAYS, default 180 days)."""
    return timedelta(days=int(os.environ.get(RETENTION_VARIABLE) or DEFAULT_RETENTION_DAYS))


def migrate(url: str | None = None) -> None:
    """Bring the database to the newest schema (Alembic `upgrade head`)."""
    from alembic import command
    from alembic.config import Config

    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # var/ on a fresh clone
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class RequestStore:
    """Requests and ratings in one database; every call is its own short transaction."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.engine = engine or create_engine(url or database_url(), future=True, pool_pre_ping=True)

    # -- the visitor's side -------------------------------------------------------------------
    def add(self, request: Request, now: datetime) -> Request:
        if request.kind not in KINDS:
            raise ValueError(f"unknown request kind {request.kind!r}")
        row = {**request.__dict__, "created_at": _utc(now), "updated_at": _utc(now), "status": "open"}
        row["wanted_at"], row["consent_at"] = _utc(request.wanted_at), _utc(request.consent_at)
        with self.engine.begin() as db:
            db.execute(requests_table.insert().values(**row))
        return self.get(request.id)

    def mine(self, conversation_id: str) -> list[Request]:
        query = (
            select(requests_table)
            .where(requests_table.c.conversation_id == conversation_id)
            .order_by(requests_table.c.created_at)
        )
        with self.engine.connect() as db:
            return [_request(row) for row in db.execute(query).mappings()]

    def delete_mine(self, conversation_id: str) -> int:
        """Delete every request and rating of a conversation; how many rows went."""
        with self.engine.begin() as db:
            gone = db.execute(
                delete(requests_table).where(requests_table.c.conversation_id == conversation_id)
            )
            rated = db.execute(
                delete(ratings_table).where(ratings_table.c.conversation_id == conversation_id)
            )
            return gone.rowcount + rated.rowcount

    def rate(self, conversation_id: str, rating: int, answer: str, now: datetime) -> None:
        if rating not in (1, -1):
            raise ValueError("a rating is +1 or -1")
        with self.engine.begin() as db:
            db.execute(
                ratings_table.insert().values(
                    conversation_id=conversation_id, rating=rating, answer=answer[:2000], created_at=_utc(now)
                )
            )

    # -- the staff side -------------------------------------------------------------------------
    def get(self, request_id: str) -> Request | None:
        with self.engine.connect() as db:
            row = (
                db.execute(select(requests_table).where(requests_table.c.id == request_id)).mappings().first()
            )
        return _request(row) if row else None

    def open_requests(self) -> list[Request]:
        query = (
            select(requests_table)
            .where(requests_table.c.status != "handled")
            .order_by(requests_table.c.created_at)
        )
        with self.engine.connect() as db:
            return [_request(row) for row in db.execute(query).mappings()]

    def mark(self, request_id: str, status: str, staff_id: str, now: datetime) -> Request | None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self.engine.begin() as db:
            db.execute(
                update(requests_table)
                .where(requests_table.c.id == request_id)
                .values(status=status, staff_id=staff_id, updated_at=_utc(now))
            )
        return self.get(request_id)

    def ratings(self, since: datetime | None = None) -> list[Rating]:
        query = select(ratings_table).order_by(ratings_table.c.created_at)
        if since is not None:
            query = query.where(ratings_table.c.created_at >= _utc(since))
        with self.engine.connect() as db:
            return [
                Rating(r["conversation_id"], r["rating"], r["answer"] or "", _utc(r["created_at"]))
                for r in db.execute(query).mappings()
            ]

    def purge(self, older_than: timedelta, now: datetime) -> int:
        """Delete requests and ratings created before `now - older_than`; how many rows went."""
        cutoff = _utc(now) - older_than
        with self.engine.begin() as db:
            gone = db.execute(delete(requests_table).where(requests_table.c.created_at < cutoff))
            rated = db.execute(delete(ratings_table).where(ratings_table.c.created_at < cutoff))
            return gone.rowcount + rated.rowcount


def _request(row) -> Request:
    values = dict(row)
    for key in ("created_at", "wanted_at", "consent_at"):
        values[key] = _utc(values.get(key))
    values.pop("updated_at", None)
    return Request(**values)
