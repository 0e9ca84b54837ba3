"""End to end, as an attacker on the internet would try it: the real action server and Rasa server on
loopback, asked over REST and socket.io. One bad request must not stop the bot, no conversation is
reachable by a borrowed id or another channel's id, and a failure is answered in Danish."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid

import pytest
import requests

from channels.limits import TRY_AGAIN
from tests.servers import (
    ROOT,
    SocketClient,
    action_server,
    free_port,
    klyngebot,
    rasa_command,
    rasa_server,
    socketio_credentials,
    write_endpoints,
)

pytestmark = pytest.mark.e2e

ORIGIN = "http://localhost:8000"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """Klyngebot with REST and socket.io, its conversations in a SQLite file the tests can read."""
    folder = tmp_path_factory.mktemp("security")
    with klyngebot(
        folder, socketio_credentials(folder, ORIGIN), cors=ORIGIN, tracker_db=folder / "conversations.db"
    ) as running:
        yield running


def _post(bot, body) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(bot.webhook, data=data, headers={"Content-Type": "application/json"}, timeout=120)


def _ask(bot, sender: str, message: str) -> str:
    response = _post(bot, {"sender": sender, "message": message})
    assert response.status_code == 200, response.text
    return "\n".join(reply.get("text") or "" for reply in response.json())


def _still_answers(bot) -> None:
    assert "Energy Cluster Denmark" in _ask(bot, f"after-{uuid.uuid4().hex}", "Hvilken klynge dækker energi?")


def _conversation_ids(bot) -> set[str]:
    with sqlite3.connect(bot.folder / "conversations.db") as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


# -- one request must not stop the bot -------------------------------------------------------------------
def test_a_sender_with_a_lone_surrogate_gets_400_and_the_server_goes_on(bot):
    response = _post(bot, b'{"sender": "u-\\udfff", "message": "hej"}')
    assert response.status_code == 400 and "sender" in response.json()["error"]
    _still_answers(bot)


def test_a_socketio_session_with_a_lone_surrogate_gets_a_new_session_and_the_server_goes_on(bot):
    async def scenario():
        client = await SocketClient(ORIGIN).connect(bot.url)
        session = await client.start_session("x\udfff")
        assert session != "x\udfff"
        await client.say(session, "hej")
        event, reply = await client.next(seconds=60)
        await client.close()
        return event, reply

    event, reply = asyncio.run(scenario())
    assert event == "bot_uttered" and reply.get("text")
    _still_answers(bot)


def test_a_message_with_a_lone_surrogate_is_answered(bot):
    response = _post(bot, b'{"sender": "surrogate-message", "message": "hvad er censec\\udfff"}')
    assert response.status_code == 200 and response.json()
    _still_answers(bot)


# -- bad bodies ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'["hej"]',
        b"{",
        b'{"message": "hej"}',
        b'{"sender": "a", "message": 42}',
        b'{"sender": "a", "message": {"x": 1}}',
        b'{"sender": null, "message": "hej"}',
    ],
)
def test_a_body_of_the_wrong_shape_gets_400_with_a_reason(bot, body):
    response = _post(bot, body)
    assert response.status_code == 400 and response.json()["error"]


def test_a_sender_of_a_megabyte_is_refused_and_never_stored(bot):
    response = _post(bot, {"sender": "x" * 1_000_000, "message": "hej"})
    assert response.status_code in (400, 413)
    assert not any(len(sender) > 200 for sender in _conversation_ids(bot))


# -- no shared, borrowed or cross-channel conversations --------------------------------------------------
def test_requests_without_a_sender_never_share_a_conversation(bot):
    first = _post(bot, {"message": "Hvilken klynge dækker energi?"})
    assert first.status_code == 400 and "sender" in first.json()["error"]
    assert not any(sender.endswith("default") for sender in _conversation_ids(bot))


def test_a_rest_sender_equal_to_a_socketio_session_is_another_conversation(bot):
    async def socket_conversation():
        client = await SocketClient(ORIGIN).connect(bot.url)
        session = await client.start_session(None)
        await client.say(session, "Hvilken klynge dækker energi?")
        await client.next(seconds=60)
        await client.close()
        return session

    session = asyncio.run(socket_conversation())
    _ask(bot, session, "og hvor ligger deres kontor?")
    ids = _conversation_ids(bot)
    assert f"socketio:{session}" in ids and f"rest:{session}" in ids
    assert session not in ids  # no conversation is stored under a bare, channel-less id


def test_a_second_socket_with_a_stolen_looking_id_neither_hears_nor_writes_the_first(bot):
    async def scenario():
        visitor, intruder = SocketClient(ORIGIN), SocketClient(ORIGIN)
        await visitor.connect(bot.url)
        await intruder.connect(bot.url)
        victim = await visitor.start_session(None)
        guessed = await intruder.start_session(uuid.uuid4().hex)  # what Rasa would have let it choose
        assert guessed != victim
        await intruder.say(victim, "Hvilken klynge dækker energi?")  # names the victim's session
        await intruder.next(seconds=60)
        await visitor.say(victim, "hej")
        assert (await visitor.next(seconds=60))[0] == "bot_uttered"
        with pytest.raises(asyncio.TimeoutError):
            await intruder.next(seconds=2)
        await visitor.close()
        await intruder.close()
        return victim, guessed

    victim, guessed = asyncio.run(scenario())
    with sqlite3.connect(bot.folder / "conversations.db") as db:
        texts = [
            json.loads(row[0]).get("text")
            for row in db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (f"socketio:{victim}",)
            )
        ]
    assert texts == ["hej"]


def test_a_reconnect_resumes_the_issued_session_with_its_context(bot, dataset):
    """socket.io with session persistence on the patched python-socketio: a new socket (a reload)
    with the stored session gets the reply, and the conversation keeps its context."""

    async def scenario():
        first = await SocketClient(ORIGIN).connect(bot.url)
        session = await first.start_session(None)
        await first.say(session, "Hvilken klynge dækker energi?")
        await first.next(seconds=60)
        await first.close()
        again = await SocketClient(ORIGIN).connect(bot.url)
        assert await again.start_session(session) == session
        await again.say(session, "og hvor ligger deres kontor?")
        texts = []
        while True:
            try:
                texts.append((await again.next(seconds=10))[1].get("text") or "")
            except asyncio.TimeoutError:
                break
        await again.close()
        return "\n".join(texts)

    answer = asyncio.run(scenario())
    assert dataset.clusters["energy-cluster-denmark"].headquarters.town in answer


# -- a failure is answered ---------------------------------------------------------------------------------
def test_the_action_server_stopped_mid_conversation_is_answered_in_danish(tmp_path):
    action_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(tmp_path, action_port, tracker_db=tmp_path / "unused")
    command = rasa_command(endpoints, ROOT / "credentials.yml", rasa_port)
    env = {"KLYNGEBOT_DB_URL": f"sqlite:///{tmp_path / 'conversations.db'}"}
    webhook = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"

    def ask(message: str) -> list[str]:
        response = requests.post(webhook, json={"sender": "stopped", "message": message}, timeout=120)
        assert response.status_code in (200, 503)  # 503: "try again", with the Danish note
        return [reply.get("text") for reply in response.json()]

    with action_server(tmp_path, action_port) as actions, rasa_server(tmp_path, command, rasa_port, env):
        assert "Energy Cluster Denmark" in "\n".join(ask("Hvilken klynge dækker energi?"))
        actions.terminate()
        actions.wait(timeout=30)
        assert ask("og hvor ligger deres kontor?") == [TRY_AGAIN]
        with action_server(tmp_path, action_port):
            assert "Energy Cluster Denmark" in "\n".join(ask("Hvilken klynge dækker energi?"))
