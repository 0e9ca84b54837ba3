"""The running Klyngebot the REST tests share, and one conversation with it."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.servers import klyngebot


@pytest.fixture(scope="session")
def running_bot(tmp_path_factory):
    """A running Klyngebot (action server + Rasa server on loopback), shared by the REST tests."""
    with klyngebot(tmp_path_factory.mktemp("servers")) as bot:
        yield bot


@pytest.fixture(scope="session")
def webhook(running_bot):
    """The REST webhook of the running Klyngebot."""
    return running_bot.webhook


class Chat:
    """One conversation over REST: `ask` returns the bot's messages as one text, buttons kept."""

    def __init__(self, url: str):
        self.url, self.sender = url, f"test-{uuid.uuid4()}"
        self.buttons: list[dict] = []

    def ask(self, message: str) -> str:
        response = requests.post(self.url, json={"sender": self.sender, "message": message}, timeout=120)
        assert response.status_code == 200, response.text
        replies = response.json()
        assert replies, f"no answer to {message!r}"
        self.buttons = [b for reply in replies for b in reply.get("buttons") or []]
        return "\n".join(reply.get("text") or "" for reply in replies)

    @property
    def conversation(self) -> str:
        """The id Rasa keeps this conversation (and its requests) under (channels/ids.py)."""
        return f"rest:{self.sender}"

    def buttons_text(self) -> str:
        """The titles of the last answer's buttons, one per line."""
        return "\n".join(str(b.get("title", "")) for b in self.buttons)


@pytest.fixture
def chat(webhook):
    return Chat(webhook)
