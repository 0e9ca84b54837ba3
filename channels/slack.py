"""The Slack channel (`/webhooks/slack/webhook`): Rasa's, configured from the environment, answering
once per Slack event, in the thread, with at most five buttons a message. Set-up: docs/slack.md.

What it adds to Rasa 3.6's `SlackInput`:
- token, signing secret, channel and Web API URL come from `SLACK_*` environment variables when
  credentials.yml leaves them out; a missing token or secret stops the server at start-up;
- a request with a missing, wrong or stale (> 5 minutes) signature is refused with 401 and logged
  with the reason (Rasa refuses it with 400 and no reason);
- Slack's URL check is answered with `{"challenge": ...}` (Rasa answers a bare JSON string);
- the conversation is `slack:<Slack id>` (channels/ids.py), so no other channel can name it;
- an event is handled once: a retry of an event id (or a second event about the same message, as
  `app_mention` and `message.channels` both send) is acknowledged and dropped, whatever Slack's retry
  reason (Rasa drops only `http_timeout` retries and answers the others again); with
  KLYNGEBOT_REDIS_URL the event ids are kept in Redis (`SET NX EX`), so this holds across processes;
- answers go in the thread of the question (`use_threads` defaults to true);
- buttons go out five to a message, in as many messages as needed, so every choice stays a click
  (Rasa drops all buttons of a message that has more than five);
- text is escaped as Slack asks (`&`, `<`, `>`) going out and unescaped coming in, and no `as_user`
  is sent (Slack refuses it from apps with granular bot scopes);
- a press on a request's staff button (staff/messages.py) is no message to the bot: once signed,
  and only from the configured staff team and channel, it changes the request (staff/interactions.py)
  and the message is updated in place.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import time
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Iterable

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from channels.ids import BadConversationId, channel_local, conversation_id
from channels.limits import guarded, refuse_memory_fallback
from channels.links import links_in, site_of
from ops.metrics import REGISTRY
from staff.interactions import is_staff_action
from staff.slack_side import StaffSide
from stores.locks import redis_client

logger = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
# Slack signs every request; one older than this may be a replay (Slack's own rule).
SIGNATURE_MAX_AGE_SECONDS = 5 * 60
# Slack retries an event three times within about five minutes; an hour leaves room for clock trouble.
SEEN_EVENTS_TTL_SECONDS = 60 * 60
SEEN_EVENTS_MAX = 10_000
MAX_BUTTONS = 5
# Slack's limits for a section's text and a button's label.
SECTION_TEXT_MAX = 3000
BUTTON_TITLE_MAX = 75
# Message subtypes a person writes; the others (joins, edits, deletions) are not questions.
USER_SUBTYPES = (None, "file_share", "thread_broadcast")

# What users read.
CHOOSE = "Vælg:"
MORE_CHOICES = "Flere valg:"
SLASH_HELP = "Skriv dit spørgsmål efter kommandoen, fx `/klynge Hvilken klynge dækker energi?`"

# credentials.yml key -> environment variable used when the key is left out.
ENVIRONMENT = {
    "slack_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_channel": "SLACK_CHANNEL",
    "slack_api_url": "SLACK_API_URL",
}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_slack(text: str) -> str:
    """Text as Slack's message formatting wants it: `&`, `<` and `>` escaped, and each URL a short
    link labelled with its site (`<https://ufm.dk/…|ufm.dk>`), not 120 characters of address."""
    parts, last = [], 0
    for url, start, end in links_in(text):
        parts += [_escape(text[last:start]), f"<{_escape(url)}|{_escape(site_of(url))}>"]
        last = end
    parts.append(_escape(text[last:]))
    return "".join(parts)


def from_slack(text: str) -> str:
    """A user's text as they typed it: Slack sends `&`, `<` and `>` escaped."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class SeenEvents:
    """Keys of the Slack events this process handled lately: at most `size`, each for `ttl` seconds.

    In memory, so it holds for one Rasa process; several processes behind one URL use SharedSeenEvents.
    """

    def __init__(
        self,
        ttl: float = SEEN_EVENTS_TTL_SECONDS,
        size: int = SEEN_EVENTS_MAX,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._ttl, self._size, self._clock = ttl, size, clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, keys: Iterable[str]) -> bool:
        """True, and the keys remembered, when none of them was seen; False for a repeat."""
        keys = list(keys)
        now = self._clock()
        self._forget_old(now)
        if any(key in self._seen for key in keys):
            return False
        for key in keys:
            self._seen[key] = now
        self._forget_old(now)
        return True

    def _forget_old(self, now: float) -> None:
        # Keys are never re-inserted, so the oldest is always first.
        while self._seen and (
            len(self._seen) > self._size or now - next(iter(self._seen.values())) > self._ttl
        ):
            self._seen.popitem(last=False)


class SharedSeenEvents:
    """The same in Redis, for every Rasa process at once: a key is claimed with `SET key 1 NX EX ttl`,
    so of two processes given the same delivery exactly one handles it. When Redis does not answer,
    this process's own memory decides (logged): Slack may then get one answer twice, never none."""

    PREFIX = "klyngebot:slack-event:"

    def __init__(self, client: Any, ttl: int = SEEN_EVENTS_TTL_SECONDS, fallback: SeenEvents | None = None):
        self._client, self._ttl = client, int(ttl)
        self._fallback = fallback or SeenEvents(ttl)

    def first_time(self, keys: Iterable[str]) -> bool:
        keys = list(keys)
        if not keys:
            return True
        try:
            pipe = self._client.pipeline(transaction=False)
            for key in keys:
                pipe.set(self.PREFIX + key, 1, nx=True, ex=self._ttl)
            claimed = pipe.execute()
        except Exception as error:  # noqa: BLE001 - Redis down: decide in this process
            logger.error("Slack event ids: Redis did not answer (%s); this process decides alone.", error)
            return self._fallback.first_time(keys)
        self._fallback.first_time(keys)  # remembered here too, for when Redis is away
        return all(claimed)


def default_seen_events() -> SeenEvents | SharedSeenEvents:
    """Shared in Redis when KLYNGEBOT_REDIS_URL is set, else this process's memory."""
    client = redis_client()
    return SharedSeenEvents(client) if client is not None else SeenEvents()


def signature_problem(secret: str, headers: Any, body: bytes, now: float | None = None) -> str | None:
    """Why a request is not signed by Slack with this secret ("missing", "stale", "wrong"), or None."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp or not signature:
        return "missing"
    try:
        age = (time.time() if now is None else now) - int(timestamp)
    except ValueError:
        return "wrong"
    if abs(age) > SIGNATURE_MAX_AGE_SECONDS:
        return "stale"
    expected = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return None if hmac.compare_digest(expected or "", signature) else "wrong"


def _delivery_keys(request: Request) -> list[str]:
    """What makes a JSON event the same delivery: its event id, and the message it is about."""
    if request.headers.get("content-type") != "application/json":
        return []  # interactive payloads (button clicks) are not retried by Slack
    body = request.json or {}
    event = body.get("event") or {}
    keys = [f"event:{body['event_id']}"] if body.get("event_id") else []
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys


class SlackOutput(SlackBot):
    """Rasa's Slack output channel, posting to `api_url`, five buttons at most a message."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = SLACK_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token=token, base_url=api_url, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        # Rasa adds `as_user` (refused from apps with granular scopes) and `type` (no such argument).
        kwargs.pop("as_user", None)
        kwargs.pop("type", None)
        await super()._post_message(channel, **kwargs)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            if part.strip():
                await self._post_message(self._recipient(recipient_id), text=to_slack(part))

    def _recipient(self, recipient_id: str) -> str:
        """Where Slack posts: the event's channel, else the user (Rasa's id is `slack:<user>`)."""
        return self.slack_channel or channel_local(recipient_id)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """The text with the first five buttons, then "Flere valg:" with the next five, and so on."""
        if not buttons:
            return await self.send_text_message(recipient_id, text)
        recipient = self._recipient(recipient_id)
        if len(text) > SECTION_TEXT_MAX:
            await self.send_text_message(recipient_id, text)
            text = ""
        lead = text.strip() or CHOOSE
        for start in range(0, len(buttons), MAX_BUTTONS):
            group = buttons[start : start + MAX_BUTTONS]
            blocks = [
                {"type": "section", "text": {"type": "mrkdwn", "text": to_slack(lead)}},
                {"type": "actions", "elements": [_button(b) for b in group]},
            ]
            await self._post_message(recipient, text=to_slack(lead), blocks=blocks)
            lead = MORE_CHOICES


def _form_field(request: Request, name: str) -> str | None:
    """A field of a form-encoded Slack request (slash commands, interactivity), else None."""
    if not str(request.headers.get("content-type", "")).startswith("application/x-www-form-urlencoded"):
        return None
    return request.form.get(name)


def _interaction(request: Request) -> dict[str, Any] | None:
    """The JSON payload of a Slack interactivity request (a form field `payload`), else None."""
    try:
        payload = json.loads(_form_field(request, "payload") or "")
    except (TypeError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _button(button: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": button["title"][:BUTTON_TITLE_MAX]},
        "value": button["payload"],
    }


class SlackInput(RasaSlackInput):
    """Rasa's Slack channel with Klyngebot's settings and safeguards; its name stays "slack"."""

    def __init__(
        self,
        slack_token: str,
        slack_channel: str | None = None,
        proxy: str | None = None,
        slack_retry_reason_header: str = "x-slack-retry-reason",
        slack_retry_number_header: str = "x-slack-retry-num",
        errors_ignore_retry: Iterable[str] | None = None,
        use_threads: bool = True,
        slack_signing_secret: str = "",
        conversation_granularity: str = "sender",
        slack_api_url: str = SLACK_API_URL,
        seen_events: SeenEvents | SharedSeenEvents | None = None,
    ) -> None:
        super().__init__(
            slack_token,
            slack_channel,
            proxy,
            slack_retry_reason_header,
            slack_retry_number_header,
            None,
            use_threads,
            slack_signing_secret,
            conversation_granularity,
        )
        # Retries are dropped by event id (see process_message), not by Slack's reason for retrying.
        self.errors_ignore_retry = tuple(errors_ignore_retry or ())
        self.slack_api_url = slack_api_url if slack_api_url.endswith("/") else slack_api_url + "/"
        self.seen_events = seen_events or default_seen_events()
        self._staff: StaffSide | None = None  # made at the first staff event

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "SlackInput":
        """The channel from credentials.yml, with the `SLACK_*` environment filling what it leaves out."""
        credentials = dict(credentials or {})
        settings = {
            key: credentials.get(key) or os.environ.get(variable) or None
            for key, variable in ENVIRONMENT.items()
        }
        missing = [ENVIRONMENT[key] for key in ("slack_token", "slack_signing_secret") if not settings[key]]
        if missing:
            raise InvalidConfigException(
                f"The Slack channel needs {' and '.join(missing)}: set them in the environment to the app's "
                f"Bot User OAuth Token and Signing Secret (see docs/slack.md)."
            )
        return cls(
            slack_token=settings["slack_token"],
            slack_channel=settings["slack_channel"],
            proxy=credentials.get("proxy"),
            slack_retry_reason_header=credentials.get("slack_retry_reason_header", "x-slack-retry-reason"),
            slack_retry_number_header=credentials.get("slack_retry_number_header", "x-slack-retry-num"),
            errors_ignore_retry=credentials.get("errors_ignore_retry"),
            use_threads=credentials.get("use_threads", True),
            slack_signing_secret=settings["slack_signing_secret"],
            conversation_granularity=credentials.get("conversation_granularity", "sender"),
            slack_api_url=settings["slack_api_url"] or SLACK_API_URL,
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = super().blueprint(guarded(on_new_message))
        refuse_memory_fallback(slack_webhook)

        @slack_webhook.middleware("request")
        async def check_signature_and_answer_url_check(request: Request) -> response.HTTPResponse | None:
            """Before Rasa's handler: refuse what Slack did not sign; answer Slack's URL check."""
            if not request.path.rstrip("/").endswith("/webhook"):
                return None  # the health check
            problem = signature_problem(self.slack_signing_secret, request.headers, request.body)
            if problem:
                logger.warning("Refused a Slack webhook request from %s: %s signature.", request.ip, problem)
                return response.text(f"{problem} X-Slack-Signature", status=HTTPStatus.UNAUTHORIZED)
            if request.headers.get("content-type") == "application/json":
                body = request.json or {}
                if body.get("type") == "url_verification":
                    return response.json({"challenge": body.get("challenge")})
                event = body.get("event") or {}
                if body.get("type") == "event_callback" and event.get("type") == "app_home_opened":
                    await self._publish_home(body.get("team_id"), event.get("user"))
                    return response.text("")
            payload = _interaction(request)
            if payload is not None and is_staff_action(payload):
                await self._staff_pressed(payload)
                return response.text("")  # a staff button is no message to the bot
            if _form_field(request, "command"):
                return await self._slash_command(request, guarded(on_new_message))
            return None

        return slack_webhook

    def _staff_side(self) -> StaffSide:
        if self._staff is None:
            self._staff = StaffSide(AsyncWebClient(token=self.slack_token, base_url=self.slack_api_url))
        return self._staff

    async def _staff_pressed(self, payload: dict[str, Any]) -> None:
        await self._staff_side().pressed(payload)

    async def _publish_home(self, team_id: str | None, user: str | None) -> None:
        await self._staff_side().publish_home(team_id, user)

    async def _slash_command(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> response.HTTPResponse:
        """`/klynge <spørgsmål>` from any channel: the answer, seen only by the one who asked."""
        question = from_slack(_form_field(request, "text") or "").strip()
        if not question:
            return response.json({"response_type": "ephemeral", "text": SLASH_HELP})
        try:
            conversation = conversation_id(self.name(), _form_field(request, "user_id"))
        except BadConversationId:
            return response.json({"response_type": "ephemeral", "text": SLASH_HELP})
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(question, collector, conversation, input_channel=self.name()))
        answer = "\n\n".join(m.get("text") or "" for m in collector.messages if m.get("text"))
        return response.json({"response_type": "ephemeral", "text": to_slack(answer or SLASH_HELP)})

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        return signature_problem(self.slack_signing_secret, request.headers, request.body) is None

    @staticmethod
    def _is_user_message(slack_event: dict[str, Any]) -> bool:
        return (
            RasaSlackInput._is_user_message(slack_event)
            and slack_event["event"].get("subtype") in USER_SUBTYPES
        )

    @staticmethod
    def _sanitize_user_message(text: str, uids_to_remove: list[str] | None) -> str:
        return from_slack(RasaSlackInput._sanitize_user_message(text, uids_to_remove))

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        """Hands a new event to Rasa; acknowledges a repeat of one already handled and drops it."""
        if not self.seen_events.first_time(_delivery_keys(request)):
            logger.info(
                "Dropped Slack event %s: already handled (retry #%s, %s).",
                (request.json or {}).get("event_id"),
                request.headers.get(self.retry_num_header),
                request.headers.get(self.retry_reason_header),
            )
            REGISTRY.count("klyngebot_slack_duplicates_total")
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        try:
            conversation = conversation_id(self.name(), sender_id)
        except BadConversationId as bad:
            logger.warning("Dropped Slack event %s: %s.", (request.json or {}).get("event_id"), bad)
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        return await super().process_message(request, on_new_message, text, conversation, metadata)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.slack_api_url
        )
