"""Issue 11's whole path, as people do it: a visitor asks for a meeting in Danish in the widget (the
one-tag launcher on a plain page, in Chromium), the request is in the database, a staff member sees
it in Slack (the local stand-in for Slack's Web API) and marks it handled with a signed press."""

from __future__ import annotations

import re
import time
from contextlib import ExitStack

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from scripts.fake_slack_api import button_click, signed_headers
from staff.messages import HANDLED
from stores.requests import RequestStore
from tests.servers import fake_slack, free_port, klyngebot, launch_chromium, socketio_credentials, web_page

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

TOKEN, SECRET, TEAM, CHANNEL = "xoxb-widget-staff", "widget-staff-secret", "T0KLYNGE", "C0STAFF"
ANSWER_MS = 60_000


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widget-staff")
    port = free_port()
    origin = f"http://localhost:{port}"
    credentials = socketio_credentials(folder, origin)
    credentials.write_text(credentials.read_text() + "channels.slack.SlackInput:\n")
    with ExitStack() as stack:
        api = stack.enter_context(fake_slack(folder, TOKEN))
        # Both servers talk to Slack: the action server posts requests, the Rasa server updates them.
        slack = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": f"{api}/api/", "KLYNGEBOT_STAFF_TEAM": TEAM}
        slack["KLYNGEBOT_STAFF_CHANNEL"] = CHANNEL
        bot = stack.enter_context(
            klyngebot(
                folder,
                credentials,
                cors=origin,
                env={**slack, "SLACK_SIGNING_SECRET": SECRET, "SLACK_CHANNEL": ""},
                action_env=slack,
            )
        )
        page_url = stack.enter_context(web_page(folder, bot.url, port=port))
        yield bot, api, page_url


def _say(page, text: str) -> str:
    """Type in the widget, wait for Klyngebot's answer; the new bot text."""
    bots = page.locator(".kb__msg--bot")
    before = bots.count()
    page.get_by_label("Dit spørgsmål til Klyngebot").fill(text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.kb__msg--bot').length > n", arg=before, timeout=ANSWER_MS
    )
    page.wait_for_timeout(400)  # the rest of a multi-part answer
    return "\n".join(bots.all_inner_texts()[before:])


def test_a_meeting_asked_for_in_the_widget_reaches_staff_who_mark_it_handled(path):
    bot, api, page_url = path
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 760})
        page.goto(page_url + "embed.html")
        page.get_by_role("button", name=re.compile("Åbn chatten")).click()
        expect(page.locator(".kb__status")).to_have_text("Forbundet", timeout=30_000)
        assert "navn" in _say(
            page, "Jeg vil gerne mødes med Energy Cluster Denmark i Esbjerg på torsdag kl. 10"
        )
        _say(page, "Mette Jensen")
        _say(page, "mette@example.dk")
        _say(page, "Vindmøller A/S")
        _say(page, "test af vinger")
        summary = _say(page, "ja")
        assert "Esbjerg" in summary and "Mette Jensen" in summary
        sent = _say(page, "ja")
        assert "sendt" in sent
        session = page.evaluate("localStorage.getItem('klyngebot:session')")
        browser.close()

    (stored,) = RequestStore(bot.requests_db).mine(f"socketio:{session.strip(chr(34))}")
    assert stored.status == "open" and stored.office == "Esbjerg"

    deadline = time.monotonic() + 30
    posts = []
    while time.monotonic() < deadline and not posts:
        calls = requests.get(f"{api}/_calls", params={"method": "chat.postMessage"}, timeout=10).json()
        posts = [
            c["args"]
            for c in calls
            if c["args"].get("channel") == CHANNEL and stored.id[:8] in c["args"]["text"]
        ]
        time.sleep(0.2)
    (post,) = posts
    handled = next(
        e
        for b in post["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == HANDLED
    )

    body = button_click(
        handled["value"], channel=CHANNEL, user="U0STAFF", message_ts="1.0", action_id=HANDLED, team=TEAM
    )
    headers = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
    assert (
        requests.post(f"{bot.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30).status_code
        == 200
    )
    assert RequestStore(bot.requests_db).get(stored.id).status == "handled"
