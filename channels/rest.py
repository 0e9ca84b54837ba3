"""The REST channel, `POST /webhooks/rest/webhook` with `{"sender": "...", "message": "..."}`.

Rasa's own handler takes any body: a JSON array gives 500, a message that is a number or an object
is dropped with `200 []`, a missing sender joins the one shared conversation "default", and a sender
of a megabyte is stored. This one checks the body first and answers a wrong one with 400 and a short
reason; the conversation is `rest:<sender>` (channels/ids.py), and every accepted message gets an
answer (channels/limits.py): 200 with the bot's messages, or the Danish note with 429 (the
conversation is busy: send it again) or 503 (it failed: try again), both with Retry-After. Rasa's `?stream=true` and a client-chosen `input_channel` are not
offered: the widget has its own channel, and the channel name is not the client's to choose.
"""

from __future__ import annotations

import inspect
import json
from typing import Any, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.ids import conversation_id, id_problem
from channels.limits import Handler, Outcome, guarded, refuse_memory_fallback
from channels.origins import OriginCheckedBlueprint

MAX_BODY_BYTES = 64 * 1024  # a message is cut at 1,000 characters; the rest of the body is small
MAX_METADATA_BYTES = 4 * 1024
STATUS = {Outcome.ANSWERED: 200, Outcome.BUSY: 429, Outcome.FAILED: 503}
RETRY_AFTER_SECONDS = {Outcome.BUSY: 1, Outcome.FAILED: 5}


def body_problem(body: Any) -> Optional[str]:
    """Why a parsed JSON body is not a message this channel takes, or None."""
    if not isinstance(body, dict):
        return f"the body must be a JSON object, not {type(body).__name__}"
    problem = id_problem(body.get("sender"))
    if problem:
        return f"sender {problem}" if "sender" in body else "sender is required"
    if not isinstance(body.get("message"), str):
        return "message must be a string" if "message" in body else "message is required"
    metadata = body.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            return "metadata must be a JSON object"
        if len(json.dumps(metadata, ensure_ascii=True).encode("utf-8")) > MAX_METADATA_BYTES:
            return f"metadata must be at most {MAX_METADATA_BYTES} bytes"
    return None


class RestInput(RasaRestInput):
    """Rasa's REST channel with the checks above; its name stays "rest", so the URL is unchanged."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = OriginCheckedBlueprint(
            f"custom_webhook_{type(self).__name__}", inspect.getmodule(self).__name__
        )
        refuse_memory_fallback(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body) > MAX_BODY_BYTES:
                return _refuse(f"the body must be at most {MAX_BODY_BYTES} bytes", 413)
            try:
                body = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return _refuse("the body must be JSON")
            problem = body_problem(body)
            if problem:
                return _refuse(problem)
            collector = CollectingOutputChannel()
            outcome = await handle(
                UserMessage(
                    body["message"],
                    collector,
                    conversation_id(self.name(), body["sender"]),
                    input_channel=self.name(),
                    metadata=body.get("metadata"),
                )
            )
            retry = RETRY_AFTER_SECONDS.get(outcome)
            return response.json(
                _as_sent_to(body["sender"], collector.messages),
                status=STATUS[outcome],
                headers={"Retry-After": str(retry)} if retry else None,
            )

        return webhook


def _refuse(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def _as_sent_to(sender: str, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The answers addressed to the sender as the client named it (not `rest:<sender>`)."""
    return [{**m, "recipient_id": sender} for m in messages]
