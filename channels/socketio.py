"""The socket.io channel the web widget talks to: long messages cut politely, and only the site's own
origins may connect."""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from channels.limits import CutLongMessages

DEFAULT_ORIGINS = ("http://localhost:8000",)
_ORIGIN = re.compile(r"https?://([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:]+\])(:\d{1,5})?")

# No fix for RasaHQ/rasa#13027 is carried here: python-socketio is pinned below 5.10 (5.9.0), where
# `enter_room` is still synchronous, so `session_persistence: true` delivers replies as it should.
# tests/channels/test_socketio.py fails if an upgrade breaks that.


class SocketIOInput(CutLongMessages, RasaSocketIOInput):
    """Rasa's socket.io channel (name "socketio"); accepts connections only from the origins in the
    credentials entry's `cors_allowed_origins` (default: http://localhost:8000). Browsers also need
    those origins in `rasa run --cors ...`, which sends the CORS headers."""

    def __init__(self, *args: Any, cors_allowed_origins: Iterable[Text] = DEFAULT_ORIGINS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cors_allowed_origins: List[Text] = allowed_origins(cors_allowed_origins)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.cors_allowed_origins = allowed_origins((credentials or {}).get("cors_allowed_origins",
                                                                               DEFAULT_ORIGINS))
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        # Rasa creates its AsyncServer with cors_allowed_origins=[], which switches engine.io's
        # origin check off: any web site could talk to the bot from its visitors' browsers.
        # A list makes engine.io answer 400 to a handshake (polling or websocket) from any other Origin.
        engineio = self.sio.eio
        engineio.cors_allowed_origins = list(self.cors_allowed_origins)
        # With a list, engine.io would also send its own CORS headers; Rasa's `--cors` (Sanic-CORS)
        # already adds them to every response, and a doubled Access-Control-Allow-Origin makes
        # browsers refuse socket.io's polling requests. So the headers stay Rasa's job.
        engineio._cors_headers = lambda environ: []
        return socketio_webhook


def allowed_origins(origins: Iterable[Text] | Text | None) -> List[Text]:
    """The origins as a list, each checked to be `scheme://host[:port]` as a browser sends it."""
    if isinstance(origins, str):
        origins = [origins]
    origins = list(origins or [])
    bad = [o for o in origins if not isinstance(o, str) or not _ORIGIN.fullmatch(o)]
    if not origins or bad:
        raise ValueError(
            f"socketio channel: cors_allowed_origins must list the web site origins allowed to connect, "
            f"each like 'https://www.example.dk' or 'http://localhost:8000' (no path, no '*'); got {bad or origins}")
    return origins
