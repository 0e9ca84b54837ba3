"""channels/socketio.py: the widget's channel, run for real (Sanic + python-socketio) without a model.

A stand-in for Rasa's message handler echoes what it was given, so each test sees exactly what the
channel hands to Rasa and what a socket.io client receives back.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager

import aiohttp
import pytest
import socketio
import websockets
from rasa.core.channels.channel import UserMessage
from rasa.server import configure_cors
from sanic import Sanic

from bot.input_check import MAX_CHARS
from channels.ids import SessionTokens
from channels.socketio import MAX_CONNECTIONS_PER_ADDRESS, NO_SESSION, NOT_TEXT, SocketIOInput
from tests.servers import SocketClient as Client
from tests.servers import free_port

SITE = "http://localhost:8000"
FOREIGN = "https://evil.example"

# Sanic rewrites its own request handling code when an app starts; a second app in the same process
# fails that rewrite unless test mode keeps the originals (what sanic-testing does too).
Sanic.test_mode = True


@asynccontextmanager
async def serving(channel: SocketIOInput, handled: list, cors: str = SITE):
    """The channel's blueprint on a real Sanic server on loopback, CORS set up as by
    `rasa run --cors SITE`; yields its base URL."""

    async def echo(message: UserMessage) -> None:
        handled.append(message)
        # as Rasa sends every bot message
        await message.output_channel.send_response(message.sender_id, {"text": f"ekko: {message.text}"})

    app = Sanic(f"socketio-test-{uuid.uuid4().hex}")
    configure_cors(app, cors)
    app.blueprint(channel.blueprint(echo))
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


TOKENS = SessionTokens(b"test-secret-0123456789abcdef")


def channel(**credentials) -> SocketIOInput:
    return SocketIOInput.from_credentials({"session_persistence": True, **credentials})


def widget_channel() -> SocketIOInput:
    return SocketIOInput(session_persistence=True, tokens=TOKENS)


# -- configuration -----------------------------------------------------------------------------------
def test_origins_default_to_the_local_site_and_rasas_options_still_apply():
    configured = SocketIOInput.from_credentials({"session_persistence": True, "user_message_evt": "u"})
    assert configured.cors_allowed_origins == [SITE]
    assert configured.session_persistence and configured.user_message_evt == "u"
    assert SocketIOInput().cors_allowed_origins == [SITE]


def test_origins_come_from_the_credentials():
    assert channel(cors_allowed_origins=["https://klyngebot.dk", SITE]).cors_allowed_origins == [
        "https://klyngebot.dk",
        SITE,
    ]
    assert channel(cors_allowed_origins="https://klyngebot.dk").cors_allowed_origins == [
        "https://klyngebot.dk"
    ]
    assert channel(cors_allowed_origins=["http://[::1]:8000"]).cors_allowed_origins == ["http://[::1]:8000"]


@pytest.mark.parametrize(
    "origins",
    ["*", ["*"], [], ["http://*.example.dk"], ["http://localhost:8000/"], ["localhost:8000"], [8000]],
)
def test_a_wildcard_or_malformed_origin_fails_at_start_up(origins):
    with pytest.raises(ValueError, match="cors origins"):
        channel(cors_allowed_origins=origins)


# -- origins -------------------------------------------------------------------------------------------
def test_a_foreign_origin_is_refused_on_every_transport():
    async def scenario():
        async with serving(channel(), []) as url:
            async with aiohttp.ClientSession() as http:
                async with http.get(
                    f"{url}/socket.io/?EIO=4&transport=polling", headers={"Origin": FOREIGN}
                ) as response:
                    assert response.status == 400
                    assert "Access-Control-Allow-Origin" not in response.headers
            with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
                await websockets.connect(
                    f"{url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket",
                    origin=FOREIGN,
                    open_timeout=5,
                )
            assert refused.value.status_code == 400
            with pytest.raises(socketio.exceptions.ConnectionError):
                await Client(origin=FOREIGN).connect(url)

    asyncio.run(scenario())


def test_the_site_origin_connects_with_one_cors_header_for_it():
    """Rasa's --cors sends the CORS headers; a second Access-Control-Allow-Origin from engine.io would
    make browsers refuse the answer."""

    async def scenario():
        async with serving(channel(cors_allowed_origins=["https://klyngebot.dk", SITE]), []) as url:
            async with aiohttp.ClientSession() as http:
                async with http.get(
                    f"{url}/socket.io/?EIO=4&transport=polling", headers={"Origin": SITE}
                ) as response:
                    assert response.status == 200
                    assert response.headers.getall("Access-Control-Allow-Origin") == [SITE]
            async with websockets.connect(
                f"{url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket",
                origin="https://klyngebot.dk",
                open_timeout=5,
            ) as ws:
                assert (await asyncio.wait_for(ws.recv(), 5)).startswith("0{")  # engine.io "open"

    asyncio.run(scenario())


# -- Rasa's protocol, with sessions the server issues ------------------------------------------------
def test_a_message_is_handled_under_the_issued_session_in_the_channels_namespace():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            client = await Client().connect(url)
            session = await client.start_session(None)  # the server issues one
            assert TOKENS.valid(session)
            await client.say(session, "Hvilken klynge dækker energi?")
            assert await client.next() == ("bot_uttered", {"text": "ekko: Hvilken klynge dækker energi?"})
            assert handled[0].sender_id == f"socketio:{session}" and handled[0].input_channel == "socketio"
            await client.close()

    asyncio.run(scenario())


def test_replies_reach_a_new_socket_of_the_same_session():
    """A page reload is a new socket with the stored session id: the answer must reach it. This is what
    python-socketio >= 5.10 breaks in Rasa 3.6 (RasaHQ/rasa#13027) unless `enter_room` is awaited."""

    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            before = await Client().connect(url)
            session = await before.start_session(None)
            await before.close()
            after = await Client().connect(url)
            assert await after.start_session(session) == session
            await after.say(session, "og hvor ligger deres kontor?")
            assert await after.next() == ("bot_uttered", {"text": "ekko: og hvor ligger deres kontor?"})
            assert [m.sender_id for m in handled] == [f"socketio:{session}"]
            await after.close()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "claimed", ["session-from-local-storage", "rest:me", "U0STAFF", "x\udfff", 42, {"a": 1}, "a" * 200]
)
def test_a_session_the_server_did_not_issue_is_replaced_by_a_new_one(claimed):
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            client = await Client().connect(url)
            session = await client.start_session(claimed)
            assert session != claimed and TOKENS.valid(session)
            await client.say(session, "hej")
            assert await client.next() == ("bot_uttered", {"text": "ekko: hej"})  # the server still answers
            await client.close()

    asyncio.run(scenario())


def test_a_socket_speaks_only_for_its_own_session_and_hears_no_other():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            visitor, other = await Client().connect(url), await Client().connect(url)
            victim = await visitor.start_session(None)
            intruder = await other.start_session(victim.split(".")[0])  # a part of it is not enough
            assert intruder != victim
            await other.say(victim, "skriver ind i en andens samtale")  # names the victim's session
            assert await other.next() == ("bot_uttered", {"text": "ekko: skriver ind i en andens samtale"})
            assert handled[-1].sender_id == f"socketio:{intruder}"
            await visitor.say(victim, "mit eget spørgsmål")
            assert await visitor.next() == ("bot_uttered", {"text": "ekko: mit eget spørgsmål"})
            with pytest.raises(asyncio.TimeoutError):
                await other.next(seconds=1)  # the victim's answer never reaches the other socket
            await visitor.close()
            await other.close()

    asyncio.run(scenario())


def test_a_message_before_a_session_or_not_text_gets_a_polite_danish_note():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            client = await Client().connect(url)
            await client.say(None, "hej")
            assert await client.next() == ("bot_uttered", {"text": NO_SESSION})
            session = await client.start_session(None)
            for not_text in (42, {"tekst": "hej"}, None, ["hej"]):
                await client.say(session, not_text)
                assert await client.next() == ("bot_uttered", {"text": NOT_TEXT})
            assert handled == []
            await client.close()

    asyncio.run(scenario())


def test_a_long_message_is_cut_and_the_user_told_first():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            client = await Client().connect(url)
            session = await client.start_session(None)
            long = " ".join(["hvilken klynge dækker energi?"] * 100)
            await client.say(session, long)
            event, note = await client.next()
            assert event == "bot_uttered" and note["text"].startswith("Din besked var på 2.999 tegn")
            assert len(handled[0].text) <= MAX_CHARS and long.startswith(handled[0].text)
            assert (await client.next())[1] == {"text": f"ekko: {handled[0].text}"}
            await client.close()

    asyncio.run(scenario())


# -- caps -----------------------------------------------------------------------------------------------
def test_a_binary_attachment_flood_is_cut_off_while_other_conversations_go_on():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            honest = await Client().connect(url)
            session = await honest.start_session(None)
            flooder = await Client().connect(url)
            await flooder.start_session(None)
            for _ in range(50):
                if not flooder.sio.connected:
                    break
                try:
                    await flooder.sio.emit("user_uttered", {"message": b"\0" * 10_000})
                except socketio.exceptions.BadNamespaceError:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(1)
            assert not flooder.sio.connected
            await honest.say(session, "er du der stadig?")
            assert await honest.next() == ("bot_uttered", {"text": "ekko: er du der stadig?"})
            assert [m.text for m in handled] == ["er du der stadig?"]
            await honest.close()

    asyncio.run(scenario())


def test_an_oversized_payload_is_refused_and_the_server_goes_on():
    async def scenario():
        handled = []
        async with serving(widget_channel(), handled) as url:
            big = await Client().connect(url)
            session = await big.start_session(None)
            await big.say(session, "x" * 100_000)  # over MAX_PAYLOAD_BYTES
            await asyncio.sleep(1)
            assert handled == []
            other = await Client().connect(url)
            mine = await other.start_session(None)
            await other.say(mine, "hej")
            assert await other.next() == ("bot_uttered", {"text": "ekko: hej"})
            await other.close()
            if big.sio.connected:
                await big.close()

    asyncio.run(scenario())


def test_one_address_may_hold_only_so_many_connections():
    async def scenario():
        async with serving(widget_channel(), []) as url:
            clients = [await Client().connect(url) for _ in range(MAX_CONNECTIONS_PER_ADDRESS)]
            with pytest.raises(socketio.exceptions.ConnectionError):
                await Client().connect(url)
            await clients[0].close()
            await asyncio.sleep(0.5)
            clients[0] = await Client().connect(url)  # a closed socket frees its place
            for client in clients:
                await client.close()

    asyncio.run(scenario())
