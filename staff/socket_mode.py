"""Staff's Slack app over Socket Mode: no public URL, the app dials out to Slack.

    SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… KLYNGEBOT_STAFF_TEAM=T… KLYNGEBOT_STAFF_CHANNEL=C… \\
        python -m staff.socket_mode [--rasa http://127.0.0.1:5005]

Slack sends the same payloads it would post to the webhook (button presses, `app_home_opened`,
`/klynge`) over a websocket (slack_sdk's SocketModeClient). Each is acknowledged at once, as Slack
requires; presses and the Home tab go to staff/slack_side.py, the same code the webhook uses. A
`/klynge` question is asked over the Rasa server's REST webhook on loopback and answered
ephemerally. Socket Mode traffic is authenticated by the app-level token, so no signature check
is needed; staff status is checked the same way (staff/config.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

import aiohttp
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack import SLASH_HELP, from_slack, to_slack
from staff.config import SLACK_API_URL
from staff.interactions import is_staff_action
from staff.slack_side import StaffSide

logger = logging.getLogger(__name__)


class SocketModeStaff:
    """Turns Socket Mode requests into staff actions and /klynge answers."""

    def __init__(self, staff: StaffSide, rasa_url: str):
        self.staff = staff
        self.rasa_url = rasa_url.rstrip("/")

    async def on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        ack: dict | None = None
        payload = request.payload or {}
        if request.type == "slash_commands":
            ack = await self.slash_command(payload)
        await client.send_socket_mode_response(
            SocketModeResponse(envelope_id=request.envelope_id, payload=ack)
        )
        if request.type == "interactive" and is_staff_action(payload):
            await self.staff.pressed(payload)
        elif request.type == "events_api":
            event = payload.get("event") or {}
            if event.get("type") == "app_home_opened":
                await self.staff.publish_home(payload.get("team_id"), event.get("user"))

    async def slash_command(self, payload: dict) -> dict:
        question = from_slack(payload.get("text") or "").strip()
        if not question:
            return {"response_type": "ephemeral", "text": SLASH_HELP}
        sender = f"slack-{payload.get('user_id', '')}"
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
                async with session.post(
                    f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": question}
                ) as reply:
                    messages = await reply.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("/klynge could not reach Rasa at %s: %s", self.rasa_url, error)
            return {
                "response_type": "ephemeral",
                "text": "Klyngebot kan ikke nås lige nu. Prøv igen om lidt.",
            }
        answer = "\n\n".join(m.get("text") or "" for m in messages if isinstance(m, dict) and m.get("text"))
        return {"response_type": "ephemeral", "text": to_slack(answer or SLASH_HELP)}


async def run(rasa_url: str) -> None:
    web = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ.get("SLACK_API_URL") or SLACK_API_URL
    )
    handler = SocketModeStaff(StaffSide(web), rasa_url)
    client = SocketModeClient(app_token=os.environ["SLACK_APP_TOKEN"], web_client=web)
    client.socket_mode_request_listeners.append(handler.on_request)
    await client.connect()
    logger.info("Staff's Slack app connected over Socket Mode; /klynge asks %s", rasa_url)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", default="http://127.0.0.1:5005", help="the Rasa server, for /klynge")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    missing = [
        v
        for v in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "KLYNGEBOT_STAFF_TEAM", "KLYNGEBOT_STAFF_CHANNEL")
        if not os.environ.get(v)
    ]
    if missing:
        raise SystemExit(f"Socket Mode needs {', '.join(missing)} (see docs/slack.md).")
    asyncio.run(run(args.rasa))


if __name__ == "__main__":
    main()
