"""Shared fixtures: the real dataset, gazetteer and matcher (loaded once), and Rasa SDK trackers."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AnswerAction, Fallback, FollowUp
from actions.knowledge import Knowledge
from bot import dataset as dataset_module
from bot import input_check
from bot.geo import Gazetteer
from bot.matching import Matcher
from bot.understanding import Reader
from bot.values import HINTS

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def dataset():
    return dataset_module.load()


@pytest.fixture(scope="session")
def gazetteer():
    return Gazetteer.load()


@pytest.fixture(scope="session")
def matcher(dataset, gazetteer):
    return Matcher(dataset, gazetteer.names())


@pytest.fixture
def store(tmp_path):
    """A requests store on a fresh SQLite file, migrated as the action server does (stores/requests.py)."""
    from stores.requests import RequestStore, migrate

    url = f"sqlite:///{tmp_path / 'requests.db'}"
    migrate(url)
    return RequestStore(url)


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@functools.lru_cache(maxsize=1)
def reader() -> Reader:
    return Reader(dataset_module.load(), Gazetteer.load())


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return Knowledge.load()


def answer_action(intent: str) -> AnswerAction:
    return AnswerAction(intent, knowledge())


def follow_up_action() -> FollowUp:
    return FollowUp(knowledge())


def fallback_action() -> Fallback:
    return Fallback(knowledge())


def make_tracker(
    text: str = "", intent: str = "", entities: list[dict] | None = None, slots: dict | None = None
) -> Tracker:
    """A tracker whose latest message is `text` as Klyngebot's NLU reads it (components/dataset_entities.py
    and input_guard.py), unless `entities` are given (as a button payload gives them)."""
    reading = reader().read(text, TODAY)
    found = [e.as_rasa(text) for e in reading.entities] if entities is None else entities
    hints = {**reading.hints.as_dict(), "problem": input_check.problem(text)}
    return Tracker(
        sender_id="test-user",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": found,
            HINTS: hints,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis server of its own on loopback (Debian's redis-server; .ci/run installs it)."""
    import shutil
    import subprocess
    import time

    from scripts.servers import free_port

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs Debian's redis-server (scripts/system_packages.sh installs it)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    from stores.locks import redis_client

    for _ in range(100):
        try:
            redis_client(url).ping()
            break
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)
