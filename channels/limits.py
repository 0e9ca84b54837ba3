"""Limits every channel applies before a message reaches Rasa: long messages are cut, politely."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot.input_check import MAX_CHARS


def cut(text: str | None, limit: int = MAX_CHARS) -> tuple[str, str | None]:
    """The part of a message the bot reads (at most `limit` characters, cut between words) and,
    when it had to cut, a Danish note saying so."""
    text = text or ""
    if len(text) <= limit:
        return text, None
    kept = text[:limit]
    if " " in kept[limit // 2:]:
        kept = kept[: kept.rfind(" ")]
    note = f"Din besked var på {_number(len(text))} tegn, så jeg har kun læst de første {_number(len(kept))}."
    return kept, note


def _number(n: int) -> str:
    """Danish thousands separator: 10.000."""
    return f"{n:,}".replace(",", ".")


class CutLongMessages:
    """Mixin for an InputChannel: messages over the limit are cut and the user is told first."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        async def cut_then_handle(message: UserMessage) -> Any:
            message.text, note = cut(message.text)
            if note:
                await message.output_channel.send_text_message(message.sender_id, note)
            return await on_new_message(message)

        return super().blueprint(cut_then_handle)
