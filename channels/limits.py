"""What every channel does around Rasa's message handler: long messages are cut politely, text that
cannot be stored is mended, and a user whose message fails (database, action server, lock) or gets
no answer at all is told in Danish to try again, never left with silence. A message refused because
its conversation is busy (stores/locks.py) is told to wait and send it again. The handler returns
what happened (`Outcome`), so a channel can also say it in its protocol (REST: 429 / 503), and
counts it for /metrics (ops/metrics.py)."""

from __future__ import annotations

import enum
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.input_check import MAX_CHARS
from ops.logs import conversation
from ops.metrics import REGISTRY
from stores.locks import ConversationBusy
from stores.tracker import refuse_fallback

logger = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")
TRY_AGAIN = "Beklager, noget gik galt hos mig — prøv igen om lidt."
BUSY = "Jeg svarer stadig på dine forrige beskeder. Vent på svaret, og send så denne besked igen."


class Outcome(enum.Enum):
    ANSWERED = "answered"
    BUSY = "busy"  # refused before it was read: the client may send it again
    FAILED = "failed"  # told to try again


Handler = Callable[[UserMessage], Awaitable[Any]]


def cut(text: str | None, limit: int = MAX_CHARS) -> tuple[str, str | None]:
    """The part of a message the bot reads (at most `limit` characters, cut between words) and,
    when it had to cut, a Danish note saying so."""
    text = text or ""
    if len(text) <= limit:
        return text, None
    kept = text[:limit]
    if " " in kept[limit // 2 :]:
        kept = kept[: kept.rfind(" ")]
    note = f"Din besked var på {_number(len(text))} tegn, så jeg har kun læst de første {_number(len(kept))}."
    return kept, note


def _number(n: int) -> str:
    """Danish thousands separator: 10.000."""
    return f"{n:,}".replace(",", ".")


def storable(value: Any) -> Any:
    """`value` with lone surrogates (valid JSON, but no UTF-8 can hold them) replaced by U+FFFD in
    every string in it."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def guarded(on_new_message: Handler) -> Callable[[UserMessage], Awaitable[Outcome]]:
    """Rasa's message handler as every Klyngebot channel calls it (see the module docstring)."""

    async def handle(message: UserMessage) -> Outcome:
        conversation.set(message.sender_id or "")
        started = time.monotonic()
        outcome = await _handle(message)
        channel, seconds = message.input_channel or "unknown", time.monotonic() - started
        REGISTRY.count("klyngebot_messages_total", channel=channel, outcome=outcome.value)
        REGISTRY.observe("klyngebot_message_seconds", seconds, channel=channel)
        fields = {"channel": channel, "outcome": outcome.value, "ms": round(1000 * seconds)}
        logger.info("Message over %s %s in %d ms.", channel, outcome.value, fields["ms"], extra=fields)
        return outcome

    async def _handle(message: UserMessage) -> Outcome:
        message.text, note = cut(storable(message.text or ""))
        message.metadata = storable(message.metadata)
        output = message.output_channel
        if note:
            await _tell(output, message.sender_id, note)
        answered = _count_answers(output)
        try:
            await on_new_message(message)
        except ConversationBusy as busy:
            logger.warning("Conversation %s: refused a message while busy (%s).", message.sender_id, busy)
            await _tell(output, message.sender_id, BUSY)
            return Outcome.BUSY
        except Exception as error:  # noqa: BLE001 - every failure gets the same polite answer
            logger.error(
                "Conversation %s: the message failed (%s: %s); told the user to try again.",
                message.sender_id,
                type(error).__name__,
                error,
            )
            await _tell(output, message.sender_id, TRY_AGAIN)
            return Outcome.FAILED
        if not answered():
            # Rasa logs a failed custom action and goes on with no answer.
            logger.error(
                "Conversation %s: the message got no answer; told the user to try again.", message.sender_id
            )
            await _tell(output, message.sender_id, TRY_AGAIN)
            return Outcome.FAILED
        return Outcome.ANSWERED

    return handle


async def _tell(output: Any, recipient_id: str, text: str) -> None:
    """Send the channel's own note; if the channel itself is down, log it and go on."""
    try:
        await output.send_text_message(recipient_id, text)
    except Exception:  # noqa: BLE001
        logger.exception("Conversation %s: could not send %r.", recipient_id, text[:40])


def _count_answers(output: Any) -> Callable[[], bool]:
    """Wraps `output.send_response` (how Rasa sends every bot message) to tell whether it was called."""
    sent = []
    send_response = output.send_response

    async def counting(recipient_id: str, message: Dict[str, Any]) -> None:
        sent.append(1)
        await send_response(recipient_id, message)

    output.send_response = counting
    return lambda: bool(sent)


def refuse_memory_fallback(blueprint: Blueprint) -> None:
    """Once the server has loaded its agent, a database failure reaches `guarded` as an error
    instead of being answered from memory (stores/tracker.py)."""

    @blueprint.listener("after_server_start")
    async def refuse(app: Any, _loop: Any) -> None:
        agent = getattr(app.ctx, "agent", None)
        if agent is not None:
            refuse_fallback(agent.tracker_store)
