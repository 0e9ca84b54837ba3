"""End to end: a visitor's request reaches staff in Slack (the local stand-in for Slack's Web API),
and a staff member's signed press on "Markér som klaret" marks it handled; a press from anywhere
but the configured staff team and channel, or unsigned, changes nothing."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from urllib.parse import urlencode

import pytest
import requests

from scripts.fake_slack_api import button_click, signed_headers
from staff.messages import HANDLED
from stores.requests import RequestStore
from tests.e2e.conftest import Chat
from tests.e2e.test_request_form import _fill
from tests.servers import fake_slack, klyngebot

pytestmark = pytest.mark.e2e

TOKEN, SECRET = "xoxb-staff-token", "staff-signing-secret"
TEAM, CHANNEL = "T0KLYNGE", "C0STAFF"
CREDENTIALS = "channels.rest.RestInput:\nchannels.slack.SlackInput:\n"


@pytest.fixture(scope="module")
def staff_bot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff")
    (folder / "credentials.yml").write_text(CREDENTIALS)
    with ExitStack() as stack:
        api = stack.enter_context(fake_slack(folder, TOKEN))
        # Both servers talk to Slack: the action server posts requests, the Rasa server updates them.
        slack = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": f"{api}/api/", "KLYNGEBOT_STAFF_TEAM": TEAM}
        slack["KLYNGEBOT_STAFF_CHANNEL"] = CHANNEL
        bot = stack.enter_context(
            klyngebot(
                folder,
                folder / "credentials.yml",
                env={**slack, "SLACK_SIGNING_SECRET": SECRET, "SLACK_CHANNEL": ""},
                action_env=slack,
            )
        )
        yield bot, api


def _staff_posts(api: str, seconds: int = 30) -> list[dict]:
    """The staff channel's messages so far (the request is posted before the visitor's answer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        calls = requests.get(f"{api}/_calls", params={"method": "chat.postMessage"}, timeout=10).json()
        posts = [c["args"] for c in calls if c["args"].get("channel") == CHANNEL]
        if posts:
            return posts
        time.sleep(0.2)
    pytest.fail("no staff message in Slack")


def _press(bot, value: str, team: str = TEAM, channel: str = CHANNEL, secret: str = SECRET) -> int:
    body = button_click(
        value, channel=channel, user="U0STAFF", message_ts="1.0", action_id=HANDLED, team=team
    )
    headers = signed_headers(secret, body, content_type="application/x-www-form-urlencoded")
    return requests.post(
        f"{bot.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30
    ).status_code


def test_a_request_reaches_staff_and_a_press_marks_it_handled(staff_bot):
    bot, api = staff_bot
    visitor = Chat(bot.webhook)
    _fill(visitor)
    visitor.ask("ja")
    store = RequestStore(bot.requests_db)
    (stored,) = store.mine(visitor.conversation)

    (post,) = [p for p in _staff_posts(api) if stored.id[:8] in p["text"]]
    buttons = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert stored.id[:8] in post["text"] and {b["action_id"] for b in buttons} >= {"staff_take", HANDLED}
    handled = next(b for b in buttons if b["action_id"] == HANDLED)

    # From elsewhere, or unsigned: nothing changes.
    assert _press(bot, handled["value"], team="T0OTHER") == 200
    assert _press(bot, handled["value"], channel="C0ELSEWHERE") == 200
    assert _press(bot, handled["value"], secret="forged") == 401
    assert store.get(stored.id).status == "open"

    assert _press(bot, handled["value"]) == 200
    assert store.get(stored.id).status == "handled" and store.get(stored.id).staff_id == "U0STAFF"
    updates = requests.get(f"{api}/_calls", params={"method": "chat.update"}, timeout=10).json()
    assert [u["args"]["channel"] for u in updates] == [CHANNEL] and updates[0]["args"]["ts"] == "1.0"
    assert "Klaret" in str(updates[0]["args"]["blocks"])  # only the staff press updated a message


def _signed_post(bot, body: bytes, content_type: str) -> requests.Response:
    headers = signed_headers(SECRET, body, content_type=content_type)
    return requests.post(f"{bot.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=60)


def test_the_home_tab_lists_open_requests_for_staff_only(staff_bot):
    bot, api = staff_bot
    visitor = Chat(bot.webhook)
    _fill(visitor)
    visitor.ask("ja")
    (stored,) = RequestStore(bot.requests_db).mine(visitor.conversation)

    def home_opened(team: str, user: str) -> bytes:
        event = {
            "type": "event_callback",
            "team_id": team,
            "event_id": f"Ev{time.time_ns()}",
            "event": {"type": "app_home_opened", "user": user, "tab": "home"},
        }
        return json.dumps(event).encode()

    assert _signed_post(bot, home_opened("T0OTHER", "U0STRANGER"), "application/json").status_code == 200
    assert _signed_post(bot, home_opened(TEAM, "U0STAFF"), "application/json").status_code == 200
    published = requests.get(f"{api}/_calls", params={"method": "views.publish"}, timeout=10).json()
    assert [p["args"]["user_id"] for p in published] == ["U0STAFF"]  # the stranger got no Home tab
    assert stored.id[:8] in json.dumps(published[-1]["args"]["view"])


def test_the_slash_command_answers_the_one_who_asked(staff_bot):
    bot, _ = staff_bot
    body = urlencode(
        {
            "command": "/klynge",
            "text": "Hvilken klynge dækker energi?",
            "user_id": "U0ASKER",
            "team_id": TEAM,
            "channel_id": "C0ANY",
        }
    ).encode()
    answer = _signed_post(bot, body, "application/x-www-form-urlencoded").json()
    assert answer["response_type"] == "ephemeral" and "Energy Cluster Denmark" in answer["text"]
    empty = urlencode({"command": "/klynge", "text": "", "user_id": "U0ASKER", "team_id": TEAM}).encode()
    assert "/klynge" in _signed_post(bot, empty, "application/x-www-form-urlencoded").json()["text"]
