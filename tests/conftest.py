"""Shared fixtures: the real dataset, gazetteer and matcher (loaded once), and Rasa SDK trackers."""
from __future__ import annotations

from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import dataset as dataset_module
from bot.geo import Gazetteer
from bot.matching import Matcher

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
def dispatcher():
    return CollectingDispatcher()


def make_tracker(text: str = "", intent: str = "", entities: list[dict] | None = None,
                 slots: dict | None = None) -> Tracker:
    """A tracker whose latest message is `text`, as Rasa would hand it to an action."""
    return Tracker(
        sender_id="test-user",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )
