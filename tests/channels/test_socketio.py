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
from channels.limits import CutLongMessages
from channels.socketio import SocketIOInput
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
        await message.output_channel.send_text_message(message.sender_id, f"ekko: {message.text}")

    app = Sanic(f"socketio-test-{uuid.uuid4().hex}")
    configure_cors(app, cors)
    app.blueprint(channel.blueprint(echo))
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True,
                                     access_log=False)
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


class Client:
    """A socket.io client speaking Rasa's protocol, from the site's origin unless told otherwise.

    Polling only: python-engineio's websocket client needs a newer aiohttp than Rasa 3.6 allows.
    """

    def __init__(self, origin: str = SITE):
        self.origin = origin
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue = asyncio.Queue()
        self.sio.on("session_confirm", lambda data: self.events.put_nowait(("session_confirm", data)))
        self.sio.on("bot_uttered", lambda data: self.events.put_nowait(("bot_uttered", data)))

    async def connect(self, url: str) -> "Client":
        await self.sio.connect(url, headers={"Origin": self.origin}, transports=["polling"])
        return self

    async def start_session(self, session_id: str | None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        event, confirmed = await self.next()
        assert event == "session_confirm"
        return confirmed

    async def say(self, session_id: str, message: str) -> None:
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id})

    async def next(self, seconds: float = 5):
        return await asyncio.wait_for(self.events.get(), seconds)


def channel(**credentials) -> SocketIOInput:
    return SocketIOInput.from_credentials({"session_persistence": True, **credentials})


# -- configuration -----------------------------------------------------------------------------------
def test_the_channel_keeps_rasas_name_and_cuts():
    assert SocketIOInput.name() == "socketio" and issubclass(SocketIOInput, CutLongMessages)


def test_origins_default_to_the_local_site_and_rasas_options_still_apply():
    configured = SocketIOInput.from_credentials({"session_persistence": True, "user_message_evt": "u"})
    assert configured.cors_allowed_origins == [SITE]
    assert configured.session_persistence and configured.user_message_evt == "u"
    assert SocketIOInput().cors_allowed_origins == [SITE]


def test_origins_come_from_the_credentials():
    assert channel(cors_allowed_origins=["https://klyngebot.dk", SITE]).cors_allowed_origins == [
        "https://klyngebot.dk", SITE]
    assert channel(cors_allowed_origins="https://klyngebot.dk").cors_allowed_origins == ["https://klyngebot.dk"]
    assert channel(cors_allowed_origins=["http://[::1]:8000"]).cors_allowed_origins == ["http://[::1]:8000"]


@pytest.mark.parametrize("origins", ["*", ["*"], [], ["http://*.example.dk"], ["http://localhost:8000/"],
                                     ["localhost:8000"], [8000]])
def test_a_wildcard_or_malformed_origin_fails_at_start_up(origins):
    with pytest.raises(ValueError, match="cors_allowed_origins"):
        channel(cors_allowed_origins=origins)


# -- origins -------------------------------------------------------------------------------------------
def test_a_foreign_origin_is_refused_on_every_transport():
    async def scenario():
        async with serving(channel(), []) as url:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{url}/socket.io/?EIO=4&transport=polling",
                                    headers={"Origin": FOREIGN}) as response:
                    assert response.status == 400
                    assert "Access-Control-Allow-Origin" not in response.headers
            with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
                await websockets.connect(f"{url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket",
                                         origin=FOREIGN, open_timeout=5)
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
                async with http.get(f"{url}/socket.io/?EIO=4&transport=polling",
                                    headers={"Origin": SITE}) as response:
                    assert response.status == 200
                    assert response.headers.getall("Access-Control-Allow-Origin") == [SITE]
            async with websockets.connect(f"{url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket",
                                          origin="https://klyngebot.dk", open_timeout=5) as ws:
                assert (await asyncio.wait_for(ws.recv(), 5)).startswith("0{")  # engine.io "open"

    asyncio.run(scenario())


# -- Rasa's protocol -----------------------------------------------------------------------------------
def test_a_message_is_handled_under_the_session_id_and_answered():
    async def scenario():
        handled = []
        async with serving(channel(), handled) as url:
            client = await Client().connect(url)
            session = await client.start_session(None)  # the server makes one up
            await client.say(session, "Hvilken klynge dækker energi?")
            assert await client.next() == ("bot_uttered", {"text": "ekko: Hvilken klynge dækker energi?"})
            assert handled[0].sender_id == session and handled[0].input_channel == "socketio"
            await client.sio.disconnect()

    asyncio.run(scenario())


def test_replies_reach_a_new_socket_of_the_same_session():
    """A page reload is a new socket with the stored session id: the answer must reach it. This is what
    python-socketio >= 5.10 breaks in Rasa 3.6 (RasaHQ/rasa#13027): the reply never arrives."""

    async def scenario():
        handled = []
        async with serving(channel(), handled) as url:
            before = await Client().connect(url)
            session = await before.start_session("session-from-local-storage")
            await before.sio.disconnect()
            after = await Client().connect(url)
            assert await after.start_session(session) == session
            await after.say(session, "og hvor ligger deres kontor?")
            assert await after.next() == ("bot_uttered", {"text": "ekko: og hvor ligger deres kontor?"})
            assert [m.sender_id for m in handled] == [session]
            await after.sio.disconnect()

    asyncio.run(scenario())


def test_a_long_message_is_cut_and_the_user_told_first():
    async def scenario():
        handled = []
        async with serving(channel(), handled) as url:
            client = await Client().connect(url)
            session = await client.start_session("long")
            long = " ".join(["hvilken klynge dækker energi?"] * 100)
            await client.say(session, long)
            event, note = await client.next()
            assert event == "bot_uttered" and note["text"].startswith("Din besked var på 2.999 tegn")
            assert len(handled[0].text) <= MAX_CHARS and long.startswith(handled[0].text)
            assert (await client.next())[1] == {"text": f"ekko: {handled[0].text}"}
            await client.sio.disconnect()

    asyncio.run(scenario())
