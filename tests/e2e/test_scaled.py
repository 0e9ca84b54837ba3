"""The production layout (scripts/stack.py): two Rasa processes and two action servers behind nginx,
PostgreSQL and Redis, on free loopback ports. Faults are made for real: SIGKILL, a stopped database.
The long load and soak runs are `make load` and `make soak` (bench/scaled.py); a short one is here."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
import uuid
from contextlib import ExitStack

import pytest
import requests

from bench import scaled
from channels.limits import BUSY, TRY_AGAIN
from scripts.stack import Layout, Stack
from stores.requests import RequestStore
from tests.e2e.conftest import Chat
from tests.e2e.test_slack import Slack
from tests.servers import MODEL, ROOT, fake_slack, free_port, launch_chromium, socketio_credentials, web_page

pytestmark = pytest.mark.e2e

ENERGY = "Hvilken klynge dækker energi?"
OFFICES = "og hvor ligger deres kontor?"


SLACK_TOKEN, SLACK_SECRET = "xoxb-scaled", "scaled-signing-secret"
PAGE_PORT = free_port()  # the widget's page, whose origin the Rasa processes allow


@pytest.fixture(scope="module")
def stack():
    if not MODEL.exists():
        pytest.fail(f"no model at {MODEL}: `make train` first (make test-e2e does)")
    # Not under pytest's tmp folder: that is private to root, and PostgreSQL runs as `postgres`.
    folder = ROOT / "build" / "test-scaled" / uuid.uuid4().hex[:8]
    folder.mkdir(parents=True)
    origin = f"http://localhost:{PAGE_PORT}"
    credentials = socketio_credentials(folder, origin)
    credentials.write_text(credentials.read_text() + "channels.slack.SlackInput:\n")
    with ExitStack() as cleanup:
        api = cleanup.enter_context(fake_slack(folder, SLACK_TOKEN))
        slack = {"SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SECRET}
        slack.update(SLACK_API_URL=f"{api}/api/", SLACK_CHANNEL="")
        stack = Stack(Layout.on_free_ports(folder), credentials=credentials, cors=(origin,), env=slack)
        stack.slack_api = api
        try:
            yield stack.up()
        finally:
            stack.down()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def whole(stack):
    """The stack, with every process running again afterwards (a test may kill some)."""
    yield stack
    for name in ("postgres", "redis"):
        if stack.services[name].process.poll() is not None:
            getattr(stack, f"start_{name}")()
    for index in range(2):
        if stack.services[f"actions-{index + 1}"].process.poll() is not None:
            stack.start_actions(index)
    for index in range(2):
        if stack.services[f"rasa-{index + 1}"].process.poll() is not None:
            stack.start_rasa(index)


def post(stack: Stack, sender: str, message: str) -> tuple[int, list[str], dict]:
    response = requests.post(stack.webhook, json={"sender": sender, "message": message}, timeout=120)
    return response.status_code, [r.get("text") or "" for r in response.json()], response.headers


def stored_user_texts(stack: Stack, conversation: str) -> list[str]:
    import psycopg2

    with psycopg2.connect(stack.db_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id", (conversation,)
        )
        texts = [json.loads(data)["text"] for (data,) in cursor.fetchall()]
    connection.close()
    return texts


def health(stack: Stack, name: str) -> tuple[int, dict]:
    response = requests.get(f"{stack.services[name].url}/webhooks/ops/health", timeout=10)
    return response.status_code, response.json()


# -- the same bot ---------------------------------------------------------------------------------------
def test_the_scaled_bot_answers_as_the_embedded_one_does(stack, webhook):
    """The same conversation, word for word, from the single-process default and through nginx."""
    turns = [ENERGY, OFFICES, "Hvad er Danish Sound Cluster?", "hvordan kontakter jeg dem?", "tak"]
    embedded, scaled_chat = Chat(webhook), Chat(stack.webhook)
    assert [scaled_chat.ask(t) for t in turns] == [embedded.ask(t) for t in turns]


def test_every_process_reports_its_health_and_counts(stack):
    post(stack, f"counts-{uuid.uuid4().hex[:8]}", ENERGY)  # at least one message and one action
    for name in ("rasa-1", "rasa-2"):
        status, body = health(stack, name)
        assert status == 200 and body["status"] == "ok" and body["process"] == name
        metrics = requests.get(f"{stack.services[name].url}/webhooks/ops/metrics", timeout=10).text
        assert "# TYPE klyngebot_messages_total counter" in metrics
        assert 'klyngebot_messages_total{channel="rest",outcome="answered"}' in metrics
    action_metrics = ""
    for name in ("actions-1", "actions-2"):
        base = stack.services[name].url
        assert requests.get(f"{base}/health", timeout=10).status_code == 200
        metrics = requests.get(f"{base}/metrics", timeout=10).text
        assert "# TYPE klyngebot_actions_total counter" in metrics  # named before its first action
        action_metrics += metrics
    assert "klyngebot_actions_total{action=" in action_metrics  # nginx sent the actions to one or both
    # Not through the public address.
    assert requests.get(f"{stack.url}/webhooks/ops/metrics", timeout=10).status_code == 404
    assert requests.get(f"{stack.url}/status", timeout=10).status_code == 404


def test_log_lines_are_json_with_the_conversation(stack):
    sender = f"log-{uuid.uuid4().hex[:8]}"
    post(stack, sender, ENERGY)
    lines = []
    for name in ("rasa-1", "rasa-2"):
        for line in stack.log(name).read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
    assert lines and all({"time", "level", "process", "message"} <= set(line) for line in lines)
    mine = [line for line in lines if line.get("conversation") == f"rest:{sender}"]
    assert [(m["channel"], m["outcome"]) for m in mine] == [("rest", "answered")] and mine[0]["ms"] >= 0


def test_a_slack_event_given_to_both_processes_is_answered_once(stack):
    """Slack resends an event it thinks failed; behind nginx the retry may reach the other process.
    The event id is claimed in Redis, so the other process acknowledges it and answers nothing."""
    slack = Slack(f"{stack.services['rasa-1'].url}/webhooks/slack/webhook", stack.slack_api)
    event = slack.event(ENERGY)
    first = slack.post(event, secret=SLACK_SECRET)
    slack.webhook = f"{stack.services['rasa-2'].url}/webhooks/slack/webhook"
    retry = slack.post(event, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}, SLACK_SECRET)
    assert first.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    slack.webhook = f"{stack.url}/webhooks/slack/webhook"  # and through nginx, as Slack is set up
    later = slack.event(OFFICES)
    assert slack.post(later, secret=SLACK_SECRET).status_code == 200
    assert (
        "Energy Cluster Denmark har disse kontorer" in slack.wait_for_posts(later["event"]["ts"])[0]["text"]
    )
    answers = slack.posts(event["event"]["ts"])
    assert len(answers) == 1 and "Energy Cluster Denmark" in answers[0]["text"]


# -- no message dropped in silence ----------------------------------------------------------------------
def test_200_messages_at_once_are_answered_or_refused_never_dropped(stack):
    """Across both processes: each gets an answer (200) or the Danish 'send igen' (429 with
    Retry-After); what was refused is not in the conversation, what was answered is, once."""
    import aiohttp

    sender = f"burst-{uuid.uuid4().hex[:8]}"

    async def send_all():
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:

            async def one(i):
                body = {"sender": sender, "message": f"{ENERGY} ({i})"}
                async with http.post(stack.webhook, json=body) as response:
                    return i, response.status, await response.json(), response.headers.get("Retry-After")

            return await asyncio.gather(*(one(i) for i in range(200)))

    results = asyncio.run(send_all())
    answered = {f"{ENERGY} ({i})" for i, status, _, _ in results if status == 200}
    refused = [(replies, retry) for _, status, replies, retry in results if status == 429]
    assert len(answered) + len(refused) == 200  # nothing else: no 200 [], no 5xx
    assert all(
        replies and "Energy Cluster Denmark" in replies[0]["text"] for _, s, replies, _ in results if s == 200
    )
    assert all([r["text"] for r in replies] == [BUSY] and retry == "1" for replies, retry in refused)
    stored = stored_user_texts(stack, f"rest:{sender}")
    assert sorted(stored) == sorted(answered)


def test_messages_sent_close_together_are_answered_in_the_order_sent(stack):
    import aiohttp

    sender = f"order-{uuid.uuid4().hex[:8]}"
    texts = [f"{ENERGY} nr. {i}" for i in range(12)]

    async def staggered():
        async with aiohttp.ClientSession() as http:

            async def one(i):
                await asyncio.sleep(0.03 * i)  # one after the other, each before the last is answered
                async with http.post(stack.webhook, json={"sender": sender, "message": texts[i]}) as r:
                    return r.status

            return await asyncio.gather(*(one(i) for i in range(len(texts))))

    assert asyncio.run(staggered()) == [200] * len(texts)
    assert stored_user_texts(stack, f"rest:{sender}") == texts


def test_a_short_load_through_nginx_loses_and_reorders_nothing(stack):
    """The short version of `make load`: 20 users for 30 s, every tracker checked afterwards."""
    run = asyncio.run(scaled.drive(stack, users=20, seconds=30, think=(0.5, 1.5), every=10))
    problems = scaled.verdict(stack, run, soak=False)
    assert problems == [] and len(run.answered) > 100


# -- faults -----------------------------------------------------------------------------------------------
def test_a_killed_rasa_process_leaves_the_conversation_to_the_other_with_its_context(whole):
    chat = Chat(whole.webhook)
    assert "Energy Cluster Denmark" in chat.ask(ENERGY)
    whole.kill("rasa-1")
    for _ in range(3):  # whichever process nginx picks, the answer knows the conversation
        assert "Energy Cluster Denmark har disse kontorer" in chat.ask(OFFICES)


def _socketio_process(stack: Stack) -> str:
    """The Rasa process nginx sent the widget's socket.io requests to (from its access log)."""
    ports = {str(s.port): name for name, s in stack.services.items() if name.startswith("rasa")}
    lines = (stack.dir / "nginx" / "access.log").read_text(encoding="utf-8").splitlines()
    upstreams = [json.loads(line)["upstream"] for line in lines if '"/socket.io/"' in line]
    return ports[upstreams[-1].rsplit(":", 1)[1]]


def test_the_widget_through_nginx_goes_on_when_its_rasa_process_is_killed(whole):
    """socket.io in Chromium: the connection stays on one process (the widget's key); when that one
    is killed, the widget reconnects to the other and the conversation keeps its context."""
    from playwright.sync_api import expect, sync_playwright

    from tests.web.test_widget_to_staff import _say

    with web_page(whole.dir, whole.url, port=PAGE_PORT) as page_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(page_url)
        expect(page.locator(".kb__status")).to_have_text("Forbundet", timeout=30_000)
        assert "Energy Cluster Denmark" in _say(page, ENERGY)
        whole.kill(_socketio_process(whole))
        page.wait_for_timeout(500)
        expect(page.locator(".kb__status")).to_have_text("Forbundet", timeout=30_000)
        assert "Energy Cluster Denmark har disse kontorer" in _say(page, OFFICES)
        browser.close()


def test_a_killed_action_server_is_passed_over_and_with_none_left_the_user_is_told_to_try_again(whole):
    chat = Chat(whole.webhook)
    assert "Energy Cluster Denmark" in chat.ask(ENERGY)
    whole.kill("actions-1")
    assert "Energy Cluster Denmark har disse kontorer" in chat.ask(OFFICES)  # the other one answered
    whole.kill("actions-2")
    status, texts, headers = post(whole, chat.sender, OFFICES)
    assert (status, texts, headers.get("Retry-After")) == (503, [TRY_AGAIN], "5")
    whole.start_actions(0)
    assert "Energy Cluster Denmark har disse kontorer" in chat.ask(OFFICES)  # the next message works


def test_postgres_stopped_for_10_seconds_is_said_and_nothing_is_lost(whole):
    chat = Chat(whole.webhook)
    assert "Energy Cluster Denmark" in chat.ask(ENERGY)
    whole.stop("postgres")
    stopped = time.monotonic()
    status, texts, _ = post(whole, chat.sender, OFFICES)
    assert (status, texts) == (503, [TRY_AGAIN])  # not answered from memory
    assert health(whole, "rasa-1")[0] == 503 and "conversations" in health(whole, "rasa-1")[1]["down"]
    time.sleep(max(0.0, 10 - (time.monotonic() - stopped)))
    whole.start_postgres()
    assert "Energy Cluster Denmark har disse kontorer" in chat.ask(OFFICES)  # context kept
    assert stored_user_texts(whole, chat.conversation)[0] == ENERGY
    logged = "".join(whole.log(n).read_text(encoding="utf-8") for n in ("rasa-1", "rasa-2"))
    assert f"Conversation {chat.conversation}: the message failed" in logged


def test_redis_stopped_is_said_and_the_bot_recovers_when_it_returns(whole):
    chat = Chat(whole.webhook)
    assert "Energy Cluster Denmark" in chat.ask(ENERGY)
    whole.stop("redis")
    status, texts, _ = post(whole, chat.sender, OFFICES)
    assert (status, texts) == (503, [TRY_AGAIN])
    assert "locks" in health(whole, "rasa-2")[1]["down"]
    whole.start_redis()
    assert "Energy Cluster Denmark har disse kontorer" in chat.ask(OFFICES)


def test_everything_restarted_in_the_middle_of_a_request_form_loses_nothing(whole):
    chat = Chat(whole.webhook)
    assert "navn" in chat.ask("Jeg vil gerne mødes med Energy Cluster Denmark i Esbjerg på torsdag kl. 10")
    assert "e-mail" in chat.ask("Mette Jensen")
    whole.down()
    whole.services.clear()
    whole.up()  # the same folder: the same PostgreSQL data
    chat.ask("mette@example.dk")
    chat.ask("Vindmøller A/S")
    chat.ask("test af vinger")
    summary = chat.ask("ja")
    assert "Mette Jensen" in summary and "Esbjerg" in summary
    chat.ask("ja")
    assert len(RequestStore(whole.db_url).mine(chat.conversation)) == 1
