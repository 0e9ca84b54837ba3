"""Conversation ids: checked before Rasa sees them, namespaced by channel, and for the widget issued
by the server.

Rasa keys a conversation by its sender id alone, so an id is a bearer key: whoever names it writes
into that conversation. Hence:
- every channel checks its id (a string of at most `MAX_ID_CHARS` characters from `ID_CHARACTERS`),
  so nothing a client sends can break the tracker store (a lone surrogate once stopped the server);
- every id is prefixed with its channel's name (`rest:me`, `socketio:…`, `slack:U123`), so an id of
  one channel can never name another channel's conversation;
- the widget's session id is `SessionTokens.issue()`: 128 random bits and an HMAC of them, so a
  client can resume a session this server issued and cannot make one up.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_ID_CHARS = 128
ID_CHARACTERS = "A-Z a-z 0-9 . _ : @ -"
_ID = re.compile(r"[A-Za-z0-9._:@-]{1,%d}" % MAX_ID_CHARS)

SECRET_VARIABLE = "KLYNGEBOT_SESSION_SECRET"
SECRET_FILE = Path(__file__).resolve().parent.parent / "var" / "session-secret"
_RANDOM_BYTES = 16  # 128 bits
_MAC_BYTES = 16


class BadConversationId(ValueError):
    """A sender or session id that no conversation may have; the message says why, in English."""


def id_problem(value: object) -> str | None:
    """Why `value` cannot be a conversation id, or None when it can."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    if not value:
        return "must not be empty"
    if len(value) > MAX_ID_CHARS:
        return f"must be at most {MAX_ID_CHARS} characters, not {len(value)}"
    if not _ID.fullmatch(value):
        return f"may hold only the characters {ID_CHARACTERS}"
    return None


def conversation_id(channel: str, value: object) -> str:
    """The id Rasa keeps the conversation under: `channel:value`, once `value` is checked."""
    problem = id_problem(value)
    if problem:
        raise BadConversationId(f"{channel} id {problem}")
    return f"{channel}:{value}"


def channel_local(conversation: str) -> str:
    """The id as its channel knows it: `slack:U123` → `U123` (ids without a prefix stay as they are)."""
    return conversation.split(":", 1)[1] if ":" in conversation else conversation


class SessionTokens:
    """Session ids only this server (or one sharing its secret) can issue and recognise."""

    def __init__(self, secret: bytes):
        if len(secret) < 16:
            raise ValueError("the session secret must be at least 16 bytes")
        self._secret = secret

    def issue(self) -> str:
        """A new session id: random part and its MAC, URL-safe, 45 characters."""
        random_part = _encode(secrets.token_bytes(_RANDOM_BYTES))
        return f"{random_part}.{self._mac(random_part)}"

    def valid(self, token: object) -> bool:
        """True when `token` is a session id this secret issued."""
        if not isinstance(token, str) or id_problem(token) or token.count(".") != 1:
            return False
        random_part, mac = token.split(".")
        return hmac.compare_digest(self._mac(random_part), mac)

    def _mac(self, random_part: str) -> str:
        digest = hmac.new(self._secret, random_part.encode("ascii"), hashlib.sha256).digest()
        return _encode(digest[:_MAC_BYTES])


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def session_secret(path: Path = SECRET_FILE) -> bytes:
    """The secret that signs widget sessions: `KLYNGEBOT_SESSION_SECRET`, else a random one kept in
    `var/session-secret` (created on first use, readable by the owner only), so that a restart or a
    second process on this machine still recognises the sessions it issued."""
    configured = os.environ.get(SECRET_VARIABLE)
    if configured:
        return configured.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made earlier, or just now by a second process
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        logger.info("Made a new session secret in %s", path)
    return path.read_text().strip().encode("utf-8")
