"""End to end over Slack, without Slack: signed events posted to the running Rasa server's Slack webhook,
answers read from a local stand-in for Slack's Web API (scripts/fake_slack_api.py).

Needs the trained model (`make train`). Each test talks in its own channel as its own user, so tests
do not share a conversation. To know that everything a question caused has been posted, a test asks
a second question in the same conversation and waits for its answer: Rasa handles one conversation's
messages in order and posts an answer before it takes the next message.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from contextlib import ExitStack

import pytest
import requests

from channels.slack import from_slack
from scripts.fake_slack_api import button_click, event_callback, signed_headers
from tests.servers import ENV, MODEL, RASA, ROOT, fake_slack, free_port, klyngebot

pytestmark = pytest.mark.e2e

TOKEN, SECRET = "xoxb-e2e-token", "e2e-signing-secret"
CREDENTIALS = "channels.rest.RestInput:\nchannels.slack.SlackInput:\n"


class Slack:
    """Slack as Klyngebot sees it: signed events to its webhook, its answers from the fake Web API."""

    def __init__(self, webhook: str, api: str, in_channel: bool = False):
        """A new conversation: a direct message, or mentions in a channel (`in_channel`)."""
        self.webhook, self.api, self.mention = webhook, api, in_channel
        self.channel = f"{'C' if in_channel else 'D'}{uuid.uuid4().hex[:10].upper()}"
        self.user = f"U{uuid.uuid4().hex[:10].upper()}"

    def post(
        self, event: dict, headers: dict | None = None, secret: str = SECRET, timestamp: int | None = None
    ) -> requests.Response:
        body = json.dumps(event, ensure_ascii=False).encode()
        return requests.post(
            self.webhook,
            data=body,
            timeout=30,
            headers={**signed_headers(secret, body, timestamp), **(headers or {})},
        )

    def click(self, button: dict, post: dict) -> None:
        """Clicks a button of one of Klyngebot's posts, as the interactivity URL receives it."""
        body = button_click(
            button["value"],
            channel=self.channel,
            user=self.user,
            message_ts="1.0",
            thread_ts=post["thread_ts"],
        )
        headers = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
        assert requests.post(self.webhook, data=body, headers=headers, timeout=30).status_code == 200

    def event(self, text: str) -> dict:
        return event_callback(text, channel=self.channel, user=self.user, mention=self.mention)

    def calls(self, thread_ts: str) -> list[dict]:
        """Klyngebot's chat.postMessage calls in this channel's thread `thread_ts`."""
        calls = requests.get(f"{self.api}/_calls", params={"method": "chat.postMessage"}, timeout=10).json()
        return [
            c
            for c in calls
            if c["args"].get("channel") == self.channel and c["args"].get("thread_ts") == thread_ts
        ]

    def posts(self, thread_ts: str) -> list[dict]:
        """What Klyngebot posted in this channel's thread `thread_ts` (the chat.postMessage arguments)."""
        return [call["args"] for call in self.calls(thread_ts)]

    def wait_for_posts(self, thread_ts: str, seconds: int = 90) -> list[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if posts := self.posts(thread_ts):
                return posts
            time.sleep(0.2)
        pytest.fail(f"no answer in thread {thread_ts} of {self.channel} within {seconds} s")

    def ask(self, text: str) -> tuple[dict, list[dict]]:
        """Asks, waits until everything the question caused is posted; (the event, the posts)."""
        event = self.event(text)
        assert self.post(event).status_code == 200
        self.wait_for_posts(event["event"]["ts"])
        self.settle()
        return event, self.posts(event["event"]["ts"])

    def settle(self) -> None:
        """Returns once every earlier message of this conversation has been answered."""
        event = self.event("hej")
        assert self.post(event).status_code == 200
        self.wait_for_posts(event["event"]["ts"])


def _text(posts: list[dict]) -> str:
    return "\n".join(from_slack(p.get("text", "")) for p in posts)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """(Slack webhook URL, fake Web API URL) of a running Klyngebot whose Slack channel posts to the fake.
    Module-scoped: the Rasa server (~2 GB) stops when this file's tests are done."""
    folder = tmp_path_factory.mktemp("slack-servers")
    credentials = folder / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    with ExitStack() as stack:
        api = stack.enter_context(fake_slack(folder, TOKEN))
        # Only the Rasa server reads SLACK_*; an empty SLACK_CHANNEL means "any channel".
        bot = stack.enter_context(
            klyngebot(
                folder,
                credentials,
                env={
                    "SLACK_BOT_TOKEN": TOKEN,
                    "SLACK_SIGNING_SECRET": SECRET,
                    "SLACK_API_URL": f"{api}/api/",
                    "SLACK_CHANNEL": "",
                },
            )
        )
        yield f"{bot.url}/webhooks/slack/webhook", api


@pytest.fixture
def slack(servers):
    return Slack(*servers)


# -- answers -----------------------------------------------------------------------------------------
def test_a_direct_message_is_answered_in_danish_in_its_thread(slack):
    event, posts = slack.ask("Hvilken klynge dækker energi?")
    assert "Energy Cluster Denmark" in _text(posts)
    assert all(p["thread_ts"] == event["event"]["ts"] and "as_user" not in p for p in posts)
    assert all(call["token"] == TOKEN for call in slack.calls(event["event"]["ts"]))


def test_a_mention_in_a_channel_is_answered_in_its_thread(servers):
    slack = Slack(*servers, in_channel=True)
    event, posts = slack.ask("Hvilken klynge dækker energi?")
    assert event["event"]["type"] == "app_mention" and "Energy Cluster Denmark" in _text(posts)
    assert all(p["thread_ts"] == event["event"]["ts"] for p in posts)


def test_more_than_five_buttons_arrive_five_to_a_message(slack, dataset):
    _, posts = slack.ask("hvilke klynger findes der?")
    groups = [block["elements"] for p in posts for block in p.get("blocks", []) if block["type"] == "actions"]
    assert all(len(group) <= 5 for group in groups) and sum(map(len, groups)) == 13
    assert all(c.name in _text(posts) for c in dataset.clusters.values())


def test_a_clicked_button_is_answered_in_the_same_thread(slack, dataset):
    event, posts = slack.ask("hvilke klynger findes der?")
    last = next(p for p in reversed(posts) if p.get("blocks"))
    button = last["blocks"][1]["elements"][-1]
    cluster = next(c for c in dataset.clusters.values() if c.name == button["text"]["text"])
    slack.click(button, last)
    slack.settle()
    later = slack.posts(event["event"]["ts"])[len(posts) :]
    assert cluster.description.value[:40] in _text(later)


# -- retries and forgeries ------------------------------------------------------------------------------
def test_slacks_retries_of_an_event_get_no_second_answer(slack):
    event, posts = slack.ask("Hvilken klynge dækker energi?")
    for number, reason in ((1, "http_timeout"), (2, "http_error"), (3, "connection_failed")):
        retry = slack.post(event, {"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    slack.settle()
    assert slack.posts(event["event"]["ts"]) == posts


@pytest.mark.parametrize(
    "forgery",
    [
        {"secret": "not-the-signing-secret"},
        {"timestamp": int(time.time()) - 6 * 60},
        {"headers": {"X-Slack-Signature": ""}},
    ],
)
def test_a_forged_request_is_refused_and_gets_no_answer(slack, forgery):
    event = slack.event("Hvilken klynge dækker energi?")
    assert slack.post(event, **forgery).status_code == 401
    slack.settle()
    assert slack.posts(event["event"]["ts"]) == []


def test_slacks_url_check_is_answered(slack):
    check = {
        "token": "unused",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    reply = slack.post(check)
    assert reply.status_code == 200 and reply.json() == {"challenge": check["challenge"]}


# -- configuration ----------------------------------------------------------------------------------------
def test_without_token_and_secret_the_server_stops_at_start_up(tmp_path):
    credentials = tmp_path / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    env = {k: v for k, v in ENV.items() if not k.startswith("SLACK_")}
    result = subprocess.run(
        [
            str(RASA),
            "run",
            "--model",
            str(MODEL),
            "--credentials",
            str(credentials),
            "--interface",
            "127.0.0.1",
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in result.stdout + result.stderr
