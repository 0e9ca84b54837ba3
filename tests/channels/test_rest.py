"""channels/rest.py: the REST webhook checks the body before Rasa sees it, answers a wrong one with
400 and a reason, keeps each sender in its own `rest:` conversation, and always answers."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import asynccontextmanager

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from channels.ids import MAX_ID_CHARS
from channels.limits import BUSY, TRY_AGAIN
from channels.rest import MAX_BODY_BYTES, RestInput, body_problem
from stores.locks import ConversationBusy
from tests.servers import free_port

Sanic.test_mode = True


@asynccontextmanager
async def serving(handler):
    app = Sanic(f"rest-test-{uuid.uuid4().hex}")
    app.blueprint(RestInput().blueprint(handler), url_prefix="/webhooks/rest")
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await server.startup()
    try:
        yield f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    finally:
        server.close()
        await server.wait_closed()


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_response(
        message.sender_id, {"text": f"{message.sender_id}: {message.text}"}
    )


def post_all(bodies: list[bytes], handler=echo) -> list[tuple[int, object]]:
    async def scenario():
        async with serving(handler) as url, aiohttp.ClientSession() as http:
            answers = []
            for body in bodies:
                async with http.post(url, data=body, headers={"Content-Type": "application/json"}) as r:
                    answers.append((r.status, await r.json(content_type=None)))
            return answers

    return asyncio.run(scenario())


def as_json(value) -> bytes:
    return json.dumps(value).encode()


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"[1, 2]", "JSON object"),
        (b"not json", "must be JSON"),
        (b'"hej"', "JSON object"),
        (as_json({"message": "hej"}), "sender is required"),
        (as_json({"sender": None, "message": "hej"}), "sender must be a string"),
        (as_json({"sender": 7, "message": "hej"}), "sender must be a string"),
        (as_json({"sender": "u-\udfff", "message": "hej"}), "sender may hold only"),
        (as_json({"sender": "x" * 1_000_000, "message": "hej"}), "at most"),
        (as_json({"sender": "me"}), "message is required"),
        (as_json({"sender": "me", "message": 42}), "message must be a string"),
        (as_json({"sender": "me", "message": {"text": "hej"}}), "message must be a string"),
        (as_json({"sender": "me", "message": "hej", "metadata": [1]}), "metadata must be a JSON object"),
        (
            as_json({"sender": "me", "message": "hej", "metadata": {"a": "x" * 5000}}),
            "metadata must be at most",
        ),
    ],
)
def test_a_body_of_the_wrong_shape_gets_400_and_a_short_reason(body, reason):
    ((status, answer), (after, _)) = post_all([body, as_json({"sender": "me", "message": "hej"})])
    assert status in (400, 413) and reason in answer["error"]
    assert after == 200  # and the server goes on


def test_a_huge_body_gets_413():
    ((status, answer),) = post_all([as_json({"sender": "me", "message": "x" * MAX_BODY_BYTES})])
    assert status == 413 and "at most" in answer["error"]


def test_each_sender_has_its_own_conversation_in_the_rest_namespace():
    answers = post_all(
        [
            as_json({"sender": "anna", "message": "hej"}),
            as_json({"sender": "bo", "message": "hej"}),
            as_json({"sender": "slack:U0STAFF", "message": "hej"}),
        ]
    )
    assert [a[1][0]["text"] for a in answers] == ["rest:anna: hej", "rest:bo: hej", "rest:slack:U0STAFF: hej"]
    assert [a[1][0]["recipient_id"] for a in answers] == ["anna", "bo", "slack:U0STAFF"]


def test_a_message_with_a_lone_surrogate_is_answered():
    ((status, answer),) = post_all([as_json({"sender": "me", "message": "hej\udfff"})])
    assert status == 200 and answer[0]["text"] == "rest:me: hej\ufffd"


def test_a_client_cannot_choose_the_input_channel():
    seen = []

    async def keep(message):
        seen.append(message.input_channel)
        await echo(message)

    post_all([as_json({"sender": "me", "message": "hej", "input_channel": "slack"})], keep)
    assert seen == ["rest"]


def test_a_longest_allowed_sender_is_accepted():
    ((status, _),) = post_all([as_json({"sender": "a" * MAX_ID_CHARS, "message": "hej"})])
    assert status == 200


def test_a_failure_inside_rasa_is_answered_in_danish():
    async def failing(message):
        raise RuntimeError("database is down")

    ((status, answer),) = post_all([as_json({"sender": "me", "message": "hej"})], failing)
    assert status == 503 and [m["text"] for m in answer] == [TRY_AGAIN]


def test_a_busy_conversation_is_refused_with_429_and_a_note_to_send_again():
    async def busy(message):
        raise ConversationBusy("20 messages are ahead already")

    ((status, answer),) = post_all([as_json({"sender": "me", "message": "hej"})], busy)
    assert status == 429 and [m["text"] for m in answer] == [BUSY]


def test_body_problem_accepts_a_good_body():
    assert body_problem({"sender": "me", "message": "", "metadata": {"page": "/"}}) is None
