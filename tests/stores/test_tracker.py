"""stores/tracker.py: conversations are written to SQL and read back, from a URL in the environment."""
import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.tracker import DEFAULT_SQLITE, KlyngebotTrackerStore, database_url


def test_the_default_is_sqlite_under_var(monkeypatch):
    monkeypatch.delenv("KLYNGEBOT_DB_URL", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_SQLITE}" and DEFAULT_SQLITE.parent.name == "var"


def test_a_conversation_is_read_back_by_a_new_store(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", f"sqlite:///{tmp_path / 'sub' / 'c.db'}")
    domain = Domain.load("domain.yml")
    tracker = DialogueStateTracker.from_events(
        "someone", [UserUttered("Hvilken klynge dækker energi?"), SlotSet("cluster", "energy-cluster-denmark")])
    asyncio.run(KlyngebotTrackerStore(domain).save(tracker))

    again = asyncio.run(KlyngebotTrackerStore(domain).retrieve("someone"))  # as after a restart
    assert again.get_slot("cluster") == "energy-cluster-denmark"
    assert (tmp_path / "sub" / "c.db").exists()


def test_a_postgres_url_is_split_into_rasa_settings(monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_DB_URL", "postgresql://klyngebot:secret@db.example:6543/chat")
    captured = {}
    monkeypatch.setattr("rasa.core.tracker_store.SQLTrackerStore.__init__",
                        lambda self, **kwargs: captured.update(kwargs))
    KlyngebotTrackerStore()
    assert {k: captured[k] for k in ("dialect", "host", "port", "db", "username", "password")} == {
        "dialect": "postgresql", "host": "db.example", "port": 6543, "db": "chat",
        "username": "klyngebot", "password": "secret"}
