"""stores/requests.py: requests and ratings in SQL, the schema from Alembic's migrations."""

import os
from datetime import date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from stores.requests import Request, RequestStore, metadata, migrate

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)


def _request(conversation="visitor-1", **changes):
    values = dict(
        conversation_id=conversation,
        kind="meeting",
        name="Mette Jensen",
        email="mette@example.dk",
        cluster_id="energy-cluster-denmark",
        office="Esbjerg",
        wanted_at=datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc),
        topic="Havvind",
        consent_at=NOW,
    )
    return Request(**{**values, **changes})


def test_migrations_create_exactly_the_tables_the_code_uses(tmp_path):
    url = f"sqlite:///{tmp_path / 'var' / 'fresh.db'}"  # the folder is made, as var/ on a fresh clone
    migrate(url)
    migrate(url)  # a second run changes nothing
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": "klyngebot_schema"})
        differences = compare_metadata(context, metadata)
    assert differences == []
    assert {"klyngebot_requests", "klyngebot_ratings", "klyngebot_schema"} <= set(
        inspect(engine).get_table_names()
    )


def test_a_request_is_stored_and_read_back_as_confirmed(store):
    stored = store.add(_request(), NOW)
    assert stored.status == "open" and stored.created_at == NOW
    assert store.mine("visitor-1") == [stored]
    assert stored.wanted_at == datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def test_a_visitor_sees_and_deletes_only_their_own(store):
    store.add(_request("visitor-1"), NOW)
    store.add(_request("visitor-2", name="Anden"), NOW)
    store.rate("visitor-1", 1, "Energy Cluster Denmark …", NOW)
    assert [r.name for r in store.mine("visitor-2")] == ["Anden"]
    assert store.delete_mine("visitor-1") == 2
    assert store.mine("visitor-1") == [] and store.ratings() == []
    assert len(store.mine("visitor-2")) == 1


def test_staff_take_and_handle_a_request(store):
    stored = store.add(_request(), NOW)
    assert store.mark(stored.id, "taken", "U0STAFF", NOW).status == "taken"
    assert [r.id for r in store.open_requests()] == [stored.id]
    handled = store.mark(stored.id, "handled", "U0STAFF", NOW)
    assert handled.status == "handled" and handled.staff_id == "U0STAFF" and store.open_requests() == []


def test_old_requests_and_ratings_are_purged(store):
    store.add(_request(name="Gammel"), NOW - timedelta(days=200))
    store.add(_request(name="Ny"), NOW)
    store.rate("visitor-1", -1, "et svar", NOW - timedelta(days=200))
    assert store.purge(timedelta(days=180), NOW) == 2
    assert [r.name for r in store.mine("visitor-1")] == ["Ny"]


def test_a_request_without_a_time_keeps_its_day(store):
    stored = store.add(_request(wanted_at=None, wanted_day=date(2026, 12, 4).isoformat(), kind="desk"), NOW)
    assert stored.wanted_at is None and stored.wanted_day == "2026-12-04" and stored.kind == "desk"


def test_nonsense_kinds_statuses_and_ratings_are_refused(store):
    with pytest.raises(ValueError):
        store.add(_request(kind="party"), NOW)
    stored = store.add(_request(), NOW)
    with pytest.raises(ValueError):
        store.mark(stored.id, "deleted", "U0STAFF", NOW)
    with pytest.raises(ValueError):
        store.rate("visitor-1", 5, "svar", NOW)


@pytest.mark.skipif(
    not os.environ.get("KLYNGEBOT_TEST_PG_URL"),
    reason="needs a PostgreSQL server: set KLYNGEBOT_TEST_PG_URL (.ci/run starts one)",
)
def test_the_same_on_postgresql():
    url = os.environ["KLYNGEBOT_TEST_PG_URL"]
    migrate(url)
    store = RequestStore(url)
    stored = store.add(_request("pg-visitor"), NOW)
    try:
        assert store.mine("pg-visitor") == [stored]
    finally:
        store.delete_mine("pg-visitor")
