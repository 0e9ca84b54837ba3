"""stores/tracker.py: conversations are written to SQL and read back, from a URL in the environment."""

import asyncio

import pytest
import sqlalchemy
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.tracker import DEFAULT_SQLITE, KlyngebotTrackerStore, MissingSchema, database_url, refuse_fallback


def test_the_default_is_sqlite_under_var(monkeypatch):
    monkeypatch.delenv("KLYNGEBOT_DB_URL", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_SQLITE}" and DEFAULT_SQLITE.parent.name == "var"


def test_a_conversation_is_read_back_by_a_new_store(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'sub' / 'c.db'}")
    domain = Domain.load("domain.yml")
    tracker = DialogueStateTracker.from_events(
        "someone",
        [UserUttered("Hvilken klynge dækker energi?"), SlotSet("cluster", "energy-cluster-denmark")],
    )
    asyncio.run(KlyngebotTrackerStore(domain).save(tracker))

    again = asyncio.run(KlyngebotTrackerStore(domain).retrieve("someone"))  # as after a restart
    assert again.get_slot("cluster") == "energy-cluster-denmark"
    assert (tmp_path / "sub" / "c.db").exists()


def test_a_postgres_url_is_split_into_rasa_settings(monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", "postgresql://klyngebot:secret@db.example:6543/chat")
    captured = {}

    def init(self, **kwargs):
        captured.update(kwargs)
        self.engine = sqlalchemy.create_engine("sqlite://")

    monkeypatch.setattr("rasa.core.tracker_store.SQLTrackerStore.__init__", init)
    KlyngebotTrackerStore()
    assert {k: captured[k] for k in ("dialect", "host", "port", "db", "username", "password")} == {
        "dialect": "postgresql",
        "host": "db.example",
        "port": 6543,
        "db": "chat",
        "username": "klyngebot",
        "password": "secret",
    }


def test_a_dead_pooled_connection_is_replaced_before_use(tmp_path, monkeypatch):
    """After a database restart the pool holds closed connections; pre-ping swaps them out."""
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'c.db'}")
    assert KlyngebotTrackerStore(Domain.load("domain.yml")).engine.pool._pre_ping is True


def test_a_sender_id_utf8_cannot_encode_raises_instead_of_stopping_the_server(tmp_path, monkeypatch):
    """Rasa's session_scope takes any ValueError for a missing PostgreSQL schema and calls sys.exit."""
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'c.db'}")
    store = KlyngebotTrackerStore(Domain.load("domain.yml"))
    tracker = DialogueStateTracker.from_events("u-\udfff", [UserUttered("hej")])
    with pytest.raises(ValueError):  # UnicodeEncodeError, not SystemExit
        asyncio.run(store.save(tracker))
    asyncio.run(store.save(DialogueStateTracker.from_events("u-ok", [UserUttered("hej")])))
    assert asyncio.run(store.retrieve("u-ok")) is not None  # the store still works


def test_a_missing_postgresql_schema_raises_instead_of_exiting(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'c.db'}")
    store = KlyngebotTrackerStore(Domain.load("domain.yml"))

    def missing(session):
        raise ValueError("klynge_schema")

    monkeypatch.setattr("stores.tracker.ensure_schema_exists", missing)
    with pytest.raises(MissingSchema, match="klynge_schema"):
        asyncio.run(store.retrieve("someone"))


def test_the_fail_safe_wrapper_reraises_instead_of_answering_from_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'c.db'}")
    inner = KlyngebotTrackerStore(Domain.load("domain.yml"))
    wrapped = FailSafeTrackerStore(FailSafeTrackerStore(inner))  # as Rasa wraps it, twice after a model load

    async def broken(*args, **kwargs):
        raise OSError("database is down")

    monkeypatch.setattr(inner, "retrieve", broken)
    monkeypatch.setattr(inner, "save", broken)
    assert asyncio.run(wrapped.retrieve("someone")) is None  # Rasa's default: carry on in memory
    refuse_fallback(wrapped)
    with pytest.raises(OSError):
        asyncio.run(wrapped.retrieve("someone"))
    with pytest.raises(OSError):
        asyncio.run(wrapped.save(DialogueStateTracker.from_events("someone", [])))
