"""The socket.io channel the web widget talks to (Rasa's protocol: `session_request`,
`session_confirm`, `user_uttered`, `bot_uttered`), with the handlers written here rather than Rasa's:

- **Sessions are issued, not claimed.** `session_request` with a session id this server issued
  (channels/ids.py `SessionTokens`) resumes it, so a reload continues the visitor's conversation;
  any other id, or none, gets a new one. A socket speaks only for the session it was confirmed:
  the `session_id` inside `user_uttered` is not trusted (Rasa's handler let any socket write into
  any session it named). The conversation is `socketio:<session id>`.
- **Patched socket.io.** python-socketio >= 5.10 made `enter_room` a coroutine that Rasa 3.6 calls
  without `await`, so replies never reached a persistent session (RasaHQ/rasa#13027); the handler
  here awaits it, which lets the project take the fixed python-socketio (CVE-2026-48804/-48809).
- **Caps.** At most `MAX_PAYLOAD_BYTES` in one engine.io payload, no binary packets at all (the
  widget sends none; binary attachments were the memory-exhaustion path of the CVEs above), at
  most `MAX_CONNECTIONS_PER_ADDRESS` sockets from one address; messages are cut at 1,000 characters
  (channels/limits.py).
- **Origins.** Only the site origins in `cors_allowed_origins` may connect, and the server refuses to
  start with a `--cors` pattern (channels/origins.py).
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional, Text

import rasa.core.channels.channel
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.ids import SessionTokens, conversation_id, session_secret
from channels.limits import Handler, guarded, refuse_memory_fallback
from channels.origins import OriginChecked, allowed_origins

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = ("http://localhost:8000",)

MAX_PAYLOAD_BYTES = 16 * 1024  # engine.io's max_http_buffer_size; its default is 1,000,000
MAX_CONNECTIONS_PER_ADDRESS = 20  # open sockets from one IP address (a household, an office NAT)
_BINARY_PACKETS = ("5", "6")  # socket.io BINARY_EVENT and BINARY_ACK

# What a visitor reads when a socket misbehaves (the widget itself never does this).
NO_SESSION = "Forbindelsen er ikke klar endnu. Genindlæs siden, og prøv igen."
NOT_TEXT = "Jeg kan kun læse tekstbeskeder. Skriv dit spørgsmål, så hjælper jeg gerne."


class CappedServer(AsyncServer):
    """A socket.io server that refuses the engine.io handshake of an address already holding
    `MAX_CONNECTIONS_PER_ADDRESS` connections (401, before any socket.io session exists), and drops
    a client sending binary packets (none of Rasa's protocol is binary) before python-socketio
    buffers a single attachment."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._addresses: Dict[str, str] = {}  # engine.io session id -> remote address
        self._per_address: Counter = Counter()

    async def _handle_eio_connect(self, eio_sid: str, environ: Dict) -> Optional[bool]:
        address = _remote_address(environ)
        if self._per_address[address] >= MAX_CONNECTIONS_PER_ADDRESS:
            logger.warning(
                "Refused a socket.io connection from %s: %d already open.",
                address,
                MAX_CONNECTIONS_PER_ADDRESS,
            )
            return False
        self._per_address[address] += 1
        self._addresses[eio_sid] = address
        return await super()._handle_eio_connect(eio_sid, environ)

    async def _handle_eio_disconnect(self, eio_sid: str, *args: Any) -> None:
        address = self._addresses.pop(eio_sid, None)
        if address is not None:
            self._per_address[address] -= 1
            if self._per_address[address] <= 0:
                del self._per_address[address]
        await super()._handle_eio_disconnect(eio_sid, *args)

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        if isinstance(data, bytes) or str(data)[:1] in _BINARY_PACKETS:
            logger.warning("Closed socket.io connection %s: it sent a binary packet.", eio_sid)
            self._binary_packet.pop(eio_sid, None)
            await self.eio.disconnect(eio_sid)
            return
        await super()._handle_eio_message(eio_sid, data)


class _SocketBlueprint(OriginChecked, SocketBlueprint):
    """Rasa's socket.io blueprint, refusing CORS patterns when it is registered (channels/origins.py)."""


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel (name "socketio") with the sessions, caps and origins above."""

    def __init__(
        self,
        *args: Any,
        cors_allowed_origins: Iterable[Text] = DEFAULT_ORIGINS,
        tokens: Optional[SessionTokens] = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.cors_allowed_origins: List[Text] = allowed_origins(cors_allowed_origins)
        self._tokens = tokens
        self.sessions: Dict[str, str] = {}  # socket id -> the session it was confirmed

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.cors_allowed_origins = allowed_origins(
            (credentials or {}).get("cors_allowed_origins", DEFAULT_ORIGINS)
        )
        return channel

    @property
    def tokens(self) -> SessionTokens:
        if self._tokens is None:
            self._tokens = SessionTokens(session_secret())
        return self._tokens

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guarded(on_new_message)
        # A list of origins makes engine.io answer 400 to a handshake (polling or websocket) from any
        # other Origin (Rasa passes [], which switches the check off).
        sio = CappedServer(
            async_mode="sanic",
            cors_allowed_origins=list(self.cors_allowed_origins),
            max_http_buffer_size=MAX_PAYLOAD_BYTES,
        )
        # With a list, engine.io would also send its own CORS headers; Rasa's `--cors` (Sanic-CORS)
        # already adds them to every response, and a doubled Access-Control-Allow-Origin makes
        # browsers refuse socket.io's polling requests. So the headers stay Rasa's job.
        sio.eio._cors_headers = lambda environ: []
        self.sio = sio  # Rasa's get_output_channel uses it
        webhook = _SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        refuse_memory_fallback(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            return not self.jwt_key or bool(
                isinstance(auth, dict)
                and auth.get("token")
                and rasa.core.channels.channel.decode_bearer_token(
                    auth["token"], self.jwt_key, self.jwt_algorithm
                )
            )

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text, *_: Any) -> None:
            self.sessions.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            claimed = data.get("session_id") if isinstance(data, dict) else None
            resumed = self.session_persistence and self.tokens.valid(claimed)
            session = claimed if resumed else self.tokens.issue()
            previous = self.sessions.get(sid)
            if previous and previous != session:
                await sio.leave_room(sid, conversation_id(self.name(), previous), namespace=self.namespace)
            self.sessions[sid] = session
            await sio.enter_room(sid, conversation_id(self.name(), session), namespace=self.namespace)
            await sio.emit("session_confirm", session, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            output = SocketIOOutput(sio, self.bot_message_evt)
            session = self.sessions.get(sid)
            if session is None:
                return await output.send_text_message(sid, NO_SESSION)  # a socket's own room is its sid
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return await output.send_text_message(sid, NOT_TEXT)
            metadata = data.get(self.metadata_key)
            await handle(
                UserMessage(
                    data["message"],
                    output,
                    conversation_id(self.name(), session),
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else None,
                )
            )

        return webhook


def _remote_address(environ: Dict) -> str:
    """The client's address: from X-Forwarded-For only where Sanic is told to trust a proxy
    (SANIC_PROXIES_COUNT or SANIC_REAL_IP_HEADER), else the peer's."""
    request = environ.get("sanic.request")
    return getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown"
