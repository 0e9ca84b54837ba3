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
