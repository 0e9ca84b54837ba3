"""channels/slack.py: signed requests only, one answer per Slack event, in the thread, ≤ 5 buttons a message.

The channel's webhook runs in a real Sanic server in the test's event loop; its replies go to the
local stand-in for Slack's Web API (scripts/fake_slack_api.py), which also signs the events.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from contextlib import asynccontextmanager
from http.server import ThreadingHTTPServer

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import InvalidConfigException
from sanic import Sanic

from bot.input_check import MAX_CHARS
from channels.slack import (
    SLACK_API_URL,
    SeenEvents,
    SlackInput,
    SlackOutput,
    from_slack,
    signature_problem,
    to_slack,
)
from scripts.fake_slack_api import (
    BOT_USER_ID,
    Calls,
    button_click,
    event_callback,
    make_handler,
    signed_headers,
)
from tests.servers import free_port

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


@pytest.fixture
def fake_slack():
    """Slack's Web API on loopback: (its /api/ URL, the calls it received)."""
    calls = Calls()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(calls, TOKEN))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/", calls
    server.shutdown()
    server.server_close()


def _channel(**settings) -> SlackInput:
    return SlackInput(slack_token=TOKEN, slack_signing_secret=SECRET, **settings)


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch):
    """Lets one process start several Sanic apps, as sanic-testing does."""
    monkeypatch.setattr(Sanic, "test_mode", True)


@asynccontextmanager
async def webhook(channel: SlackInput):
    """The channel's webhook on a free port, as Rasa mounts it: (its URL, the UserMessages handed to Rasa)."""
    handled: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        handled.append(message)

    app = Sanic(f"slack-test-{uuid.uuid4().hex}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{channel.url_prefix()}")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        yield f"http://127.0.0.1:{port}/webhooks/slack/webhook", handled
    finally:
        server.close()
        await server.wait_closed()


async def _post(
    url: str,
    body: dict | bytes,
    headers: dict | None = None,
    secret: str = SECRET,
    timestamp: int | None = None,
) -> tuple[int, dict, str]:
    form = isinstance(body, bytes)
    data = body if form else json.dumps(body).encode()
    sent = signed_headers(
        secret, data, timestamp, "application/x-www-form-urlencoded" if form else "application/json"
    )
    sent.update(headers or {})
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=data, headers=sent) as reply:
            return reply.status, dict(reply.headers), await reply.text()


async def _settle() -> None:
    """Lets the background tasks the webhook started run."""
    await asyncio.sleep(0.05)


def run(coroutine):
    return asyncio.run(coroutine)


# -- signatures ------------------------------------------------------------------------------------
def test_a_signed_event_reaches_rasa():
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            status, _, _ = await _post(url, event_callback("Hvilken klynge dækker energi?"))
            await _settle()
            return status, handled

    status, handled = run(scenario())
    assert status == 200 and [m.text for m in handled] == ["Hvilken klynge dækker energi?"]


@pytest.mark.parametrize(
    "case, headers, secret, age",
    [
        ("missing", {"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""}, SECRET, 0),
        ("wrong", {}, "another-secret", 0),
        ("stale", {}, SECRET, 301),
        ("from the future", {}, SECRET, -301),
        ("not a number", {"X-Slack-Request-Timestamp": "soon"}, SECRET, 0),
    ],
)
def test_a_request_not_signed_by_slack_is_refused_and_not_handled(case, headers, secret, age):
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            result = await _post(
                url,
                event_callback("Hvilken klynge dækker energi?"),
                headers,
                secret,
                timestamp=int(time.time()) - age,
            )
            await _settle()
            return result, handled

    (status, _, _), handled = run(scenario())
    assert status == 401 and handled == []


def test_signature_age_limit_is_five_minutes_either_way():
    body, now = b'{"type": "event_callback"}', 1_700_000_000
    for age, problem in ((300, None), (-300, None), (301, "stale"), (-301, "stale")):
        headers = signed_headers(SECRET, body, timestamp=now - age)
        assert signature_problem(SECRET, headers, body, now=now) == problem
    headers = signed_headers(SECRET, body, timestamp=now)
    assert signature_problem(SECRET, headers, body + b" ", now=now) == "wrong"
    assert signature_problem(SECRET, {}, body, now=now) == "missing"


def test_rasas_own_check_uses_the_same_rule():
    class Request:
        body = b"{}"
        headers = signed_headers(SECRET, b"{}", timestamp=int(time.time()) - 301)

    assert not _channel().is_request_from_slack_authentic(Request())
    Request.headers = signed_headers(SECRET, b"{}")
    assert _channel().is_request_from_slack_authentic(Request())


def test_slacks_url_check_is_answered_only_when_signed():
    check = {
        "token": "unused",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }

    async def scenario():
        async with webhook(_channel()) as (url, _):
            return await _post(url, check), await _post(url, check, secret="another-secret")

    (status, _, text), (forged_status, _, _) = run(scenario())
    assert status == 200 and json.loads(text) == {"challenge": check["challenge"]}
    assert forged_status == 401


def test_the_health_check_needs_no_signature():
    async def scenario():
        async with webhook(_channel()) as (url, _):
            async with aiohttp.ClientSession() as session:
                async with session.get(url.removesuffix("webhook")) as reply:
                    return reply.status

    assert run(scenario()) == 200


# -- one answer per event --------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "connection_failed"])
def test_a_retried_event_is_handled_once_whatever_the_reason(reason):
    event = event_callback("Hvilken klynge dækker energi?")

    async def scenario():
        async with webhook(_channel()) as (url, handled):
            first = await _post(url, event)
            retries = [
                await _post(url, event, {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": reason})
                for n in (1, 2, 3)
            ]
            await _settle()
            return first, retries, handled

    first, retries, handled = run(scenario())
    assert first[0] == 200 and len(handled) == 1
    assert all(status == 200 and headers.get("X-Slack-No-Retry") == "1" for status, headers, _ in retries)


def test_a_retry_of_an_event_this_process_never_handled_is_handled():
    # E.g. the server restarted after Slack's first attempt timed out: the user is still waiting.
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            await _post(
                url, event_callback("hej"), {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            )
            await _settle()
            return handled

    assert len(run(scenario())) == 1


def test_a_mention_and_a_channel_message_about_one_message_are_handled_once():
    ts = f"{time.time():.6f}"
    mention = event_callback("hej", channel="C0KLYNGE", mention=True, ts=ts)
    message = event_callback("hej", channel="C0KLYNGE", ts=ts)
    message["event"]["channel_type"] = "channel"

    async def scenario():
        async with webhook(_channel(slack_channel="C0KLYNGE")) as (url, handled):
            await _post(url, mention)
            await _post(url, message)
            await _settle()
            return handled

    assert len(run(scenario())) == 1


def test_different_events_are_all_handled():
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            for text in ("hej", "hvad kan du?", "farvel"):
                await _post(url, event_callback(text))
            await _settle()
            return handled

    assert [m.text for m in run(scenario())] == ["hej", "hvad kan du?", "farvel"]


def test_seen_events_are_forgotten_after_their_time_and_kept_bounded():
    now = [0.0]
    seen = SeenEvents(ttl=60, size=3, clock=lambda: now[0])
    assert seen.first_time(["event:A"]) and not seen.first_time(["event:A"])
    now[0] = 61
    assert seen.first_time(["event:A"])
    for key in "BCD":
        assert seen.first_time([f"event:{key}"])
    assert seen.first_time(["event:A"])  # pushed out by B, C, D: at most three are kept


def test_a_join_message_is_not_a_question():
    joined = event_callback("<@U0STAFF> has joined the channel", channel="C0KLYNGE")
    joined["event"].update(subtype="channel_join", channel_type="channel")

    async def scenario():
        async with webhook(_channel(slack_channel="C0KLYNGE")) as (url, handled):
            status, _, _ = await _post(url, joined)
            await _settle()
            return status, handled

    status, handled = run(scenario())
    assert status == 200 and handled == []


# -- threads and text --------------------------------------------------------------------------------
def test_the_answer_goes_in_the_thread_of_the_question():
    question = event_callback("hej", ts="1700000000.000100")
    in_thread = event_callback("og i 2023?", ts="1700000050.000200")
    in_thread["event"]["thread_ts"] = "1700000000.000100"

    async def scenario(channel):
        async with webhook(channel) as (url, handled):
            await _post(url, question)
            await _post(url, in_thread)
            await _settle()
            return [(m.output_channel.slack_channel, m.output_channel.thread_id) for m in handled]

    assert run(scenario(_channel())) == [("D0KLYNGE", "1700000000.000100")] * 2
    assert run(scenario(_channel(use_threads=False))) == [("D0KLYNGE", None)] * 2


def test_a_button_click_is_handled_as_its_payload_in_the_thread_of_the_buttons():
    click = button_click(
        '/ask_cluster_info{"cluster": "censec"}',
        message_ts="1700000060.000300",
        thread_ts="1700000000.000100",
    )

    async def scenario():
        async with webhook(_channel()) as (url, handled):
            status, _, _ = await _post(url, click)
            forged, _, _ = await _post(url, click, secret="another-secret")
            await _settle()
            return status, forged, handled

    status, forged, (message,) = run(scenario())
    assert status == 200 and forged == 401
    assert message.text == '/ask_cluster_info{"cluster": "censec"}' and message.sender_id == "slack:U0STAFF"
    assert message.output_channel.thread_id == "1700000000.000100"


def test_a_mention_is_read_without_the_bots_name_and_slack_escapes_are_undone():
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            await _post(
                url,
                event_callback("Hvad er Food &amp; Bio Cluster? &lt;b&gt;", mention=True, channel="C0KLYNGE"),
            )
            await _settle()
            return handled

    (message,) = run(scenario())
    assert message.text == "Hvad er Food & Bio Cluster? <b>" and message.sender_id == "slack:U0STAFF"
    assert BOT_USER_ID not in message.text


def test_escaping_round_trips():
    text = "Food & Bio <Cluster> &amp;"
    assert from_slack(to_slack(text)) == text and to_slack("a & b") == "a &amp; b"


def test_a_long_message_is_cut_as_on_every_channel(fake_slack):
    api_url, calls = fake_slack

    async def scenario():
        async with webhook(_channel(slack_api_url=api_url)) as (url, handled):
            await _post(url, event_callback("ord " * 600))
            await _settle()
            return handled

    (message,) = run(scenario())
    assert SlackInput.name() == "slack" and 0 < len(message.text) <= MAX_CHARS
    assert calls.list("chat.postMessage")[0]["args"]["text"].startswith("Din besked var på 2.399 tegn")


def test_a_slack_id_that_no_conversation_may_have_is_dropped():
    async def scenario():
        async with webhook(_channel()) as (url, handled):
            status, _, _ = await _post(url, event_callback("hej", user="U0\udfff"))
            await _settle()
            return status, handled

    status, handled = run(scenario())
    assert status == 200 and handled == []


# -- what goes to Slack's Web API ----------------------------------------------------------------------
def _buttons(n: int) -> list[dict]:
    return [{"title": f"Klynge {i}", "payload": f'/ask_cluster_info{{"cluster": "k{i}"}}'} for i in range(n)]


def test_thirteen_buttons_go_out_five_to_a_message_in_the_thread(fake_slack):
    api_url, calls = fake_slack
    output = SlackOutput(TOKEN, "D0KLYNGE", "1700000000.000100", api_url=api_url)
    run(output.send_text_with_buttons("U0STAFF", "Der er 13 klynger: Food & Bio …", _buttons(13)))

    posts = calls.list("chat.postMessage")
    groups = [post["args"]["blocks"][1]["elements"] for post in posts]
    assert [len(group) for group in groups] == [5, 5, 3]
    assert [b["value"] for group in groups for b in group] == [b["payload"] for b in _buttons(13)]
    assert posts[0]["args"]["text"] == "Der er 13 klynger: Food &amp; Bio …"
    assert [p["args"]["text"] for p in posts[1:]] == ["Flere valg:", "Flere valg:"]
    assert all(
        p["args"]["thread_ts"] == "1700000000.000100"
        and p["args"]["channel"] == "D0KLYNGE"
        and "as_user" not in p["args"]
        and p["token"] == TOKEN
        for p in posts
    )


def test_five_buttons_or_fewer_stay_in_one_message(fake_slack):
    api_url, calls = fake_slack
    output = SlackOutput(TOKEN, "D0KLYNGE", None, api_url=api_url)
    run(output.send_text_with_buttons("U0STAFF", "Hvilket Viby?", _buttons(5)))

    (post,) = calls.list("chat.postMessage")
    assert len(post["args"]["blocks"][1]["elements"]) == 5 and "thread_ts" not in post["args"]


def test_a_long_text_with_buttons_goes_first_and_the_buttons_follow(fake_slack):
    api_url, calls = fake_slack
    output = SlackOutput(TOKEN, "D0KLYNGE", None, api_url=api_url)
    run(output.send_text_with_buttons("U0STAFF", "ord " * 1000, _buttons(2)))

    text, buttons = calls.list("chat.postMessage")
    assert "blocks" not in text["args"] and text["args"]["text"].startswith("ord ord")
    assert buttons["args"]["text"] == "Vælg:" and len(buttons["args"]["blocks"][1]["elements"]) == 2


def test_a_text_answer_is_escaped_and_posted_in_the_thread_with_its_sources_as_short_links(fake_slack):
    api_url, calls = fake_slack
    output = SlackOutput(TOKEN, "D0KLYNGE", "1700000000.000100", api_url=api_url)
    run(output.send_text_message("U0STAFF", "Food & Bio Cluster Denmark\nKilde: https://x.dk/?a=1&b=2"))

    (post,) = calls.list("chat.postMessage")
    assert post["args"] == {
        "channel": "D0KLYNGE",
        "thread_ts": "1700000000.000100",
        "text": "Food &amp; Bio Cluster Denmark\nKilde: <https://x.dk/?a=1&amp;b=2|x.dk>",
    }


# -- configuration ---------------------------------------------------------------------------------------
@pytest.fixture
def slack_env(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_settings_come_from_the_environment(slack_env):
    slack_env.setenv("SLACK_BOT_TOKEN", TOKEN)
    slack_env.setenv("SLACK_SIGNING_SECRET", SECRET)
    slack_env.setenv("SLACK_CHANNEL", "C0KLYNGE")
    slack_env.setenv("SLACK_API_URL", "http://127.0.0.1:8787/api")
    channel = SlackInput.from_credentials(None)
    assert (channel.slack_token, channel.slack_signing_secret, channel.slack_channel) == (
        TOKEN,
        SECRET,
        "C0KLYNGE",
    )
    assert channel.use_threads is True and channel.conversation_granularity == "sender"
    assert channel.get_output_channel("D1", "1.2").client.base_url == "http://127.0.0.1:8787/api/"


def test_credentials_yml_wins_over_the_environment(slack_env):
    slack_env.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    slack_env.setenv("SLACK_SIGNING_SECRET", "from-env")
    channel = SlackInput.from_credentials(
        {"slack_token": TOKEN, "use_threads": False, "conversation_granularity": "thread"}
    )
    assert (channel.slack_token, channel.slack_signing_secret) == (TOKEN, "from-env")
    assert channel.use_threads is False and channel.conversation_granularity == "thread"
    assert channel.slack_channel is None
    assert channel.get_output_channel("D1").client.base_url == SLACK_API_URL == "https://slack.com/api/"


@pytest.mark.parametrize(
    "present, missing",
    [
        ({}, "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": TOKEN}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN"),
    ],
)
def test_a_missing_token_or_secret_stops_the_start_with_what_to_set(slack_env, present, missing):
    for name, value in present.items():
        slack_env.setenv(name, value)
    with pytest.raises(InvalidConfigException, match=f"needs {missing}:.*docs/slack.md"):
        SlackInput.from_credentials(None)


# -- event ids shared by several Rasa processes (Redis) -----------------------------------------------
def test_two_processes_given_the_same_event_handle_it_once(redis_url):
    from channels.slack import SharedSeenEvents
    from stores.locks import redis_client

    first, second = SharedSeenEvents(redis_client(redis_url)), SharedSeenEvents(redis_client(redis_url))
    keys = ["event:Ev-shared-1", "message:C1:1700000000.1"]
    assert [first.first_time(keys), second.first_time(keys), second.first_time(["event:Ev-shared-2"])] == [
        True,
        False,
        True,
    ]


def test_with_redis_gone_the_process_decides_alone_and_says_so(caplog):
    import redis

    from channels.slack import SharedSeenEvents

    gone = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    seen = SharedSeenEvents(gone)
    assert seen.first_time(["event:Ev-x"]) is True and seen.first_time(["event:Ev-x"]) is False
    assert "Redis did not answer" in caplog.text
