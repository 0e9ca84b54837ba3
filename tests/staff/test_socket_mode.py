"""staff/socket_mode.py: Socket Mode requests are acknowledged at once and reach the same staff code."""

from __future__ import annotations

import asyncio

from aiohttp import web
from slack_sdk.socket_mode.request import SocketModeRequest

from staff.socket_mode import SocketModeStaff


class Client:
    def __init__(self):
        self.acks = []

    async def send_socket_mode_response(self, response):
        self.acks.append((response.envelope_id, response.payload))


class Staff:
    def __init__(self):
        self.calls = []

    async def pressed(self, payload):
        self.calls.append(("pressed", payload["actions"][0]["action_id"]))

    async def publish_home(self, team, user):
        self.calls.append(("home", team, user))


def _request(kind, payload, envelope="e1"):
    return SocketModeRequest(type=kind, envelope_id=envelope, payload=payload)


def test_presses_and_the_home_tab_are_acknowledged_and_handled():
    client, staff = Client(), Staff()
    handler = SocketModeStaff(staff, "http://127.0.0.1:9")
    press = {"type": "block_actions", "actions": [{"action_id": "staff_handled", "value": "x"}]}
    other = {"type": "block_actions", "actions": [{"action_id": "ab12c", "value": "/greet"}]}
    home = {"team_id": "T0KLYNGE", "event": {"type": "app_home_opened", "user": "U0STAFF"}}

    async def scenario():
        await handler.on_request(client, _request("interactive", press, "e1"))
        await handler.on_request(client, _request("interactive", other, "e2"))
        await handler.on_request(client, _request("events_api", home, "e3"))

    asyncio.run(scenario())
    assert [envelope for envelope, _ in client.acks] == ["e1", "e2", "e3"]
    assert staff.calls == [("pressed", "staff_handled"), ("home", "T0KLYNGE", "U0STAFF")]


def test_the_slash_command_is_answered_from_rasa_in_the_acknowledgement():
    asked = []

    async def rest(request):
        body = await request.json()
        asked.append(body)
        return web.json_response([{"text": "Energiteknologi hører under Energy Cluster Denmark."}])

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", rest)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        client = Client()
        handler = SocketModeStaff(Staff(), f"http://127.0.0.1:{port}")
        await handler.on_request(
            client, _request("slash_commands", {"text": "Hvilken klynge dækker energi?", "user_id": "U1"})
        )
        await handler.on_request(client, _request("slash_commands", {"text": "", "user_id": "U1"}, "e2"))
        await runner.cleanup()
        return client.acks

    acks = asyncio.run(scenario())
    assert acks[0][1] == {
        "response_type": "ephemeral",
        "text": "Energiteknologi hører under Energy Cluster Denmark.",
    }
    assert asked == [{"sender": "slack-U1", "message": "Hvilken klynge dækker energi?"}]
    assert "/klynge" in acks[1][1]["text"]


def test_rasa_unreachable_gets_a_polite_danish_answer():
    async def scenario():
        client = Client()
        await SocketModeStaff(Staff(), "http://127.0.0.1:9").on_request(
            client, _request("slash_commands", {"text": "hej", "user_id": "U1"})
        )
        return client.acks

    assert "kan ikke nås" in asyncio.run(scenario())[0][1]["text"]
