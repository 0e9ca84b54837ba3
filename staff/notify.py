"""Tell staff about a new request: one message in the staff channel (Slack's chat.postMessage)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dataset import Dataset
from staff.config import StaffConfig
from staff.messages import request_blocks, request_text
from stores.requests import Request

logger = logging.getLogger(__name__)


def post_request(request: Request, dataset: Dataset, config: StaffConfig) -> bool:
    """Post the request to the staff channel; False (logged) when Slack is not set up or refuses.
    The request is stored before this runs, so a Slack outage loses nothing."""
    if not config.enabled:
        logger.info("Request %s stored; no staff channel configured (KLYNGEBOT_STAFF_*).", request.id[:8])
        return False
    client = WebClient(token=config.token, base_url=config.api_url, timeout=10)
    try:
        client.chat_postMessage(
            channel=config.channel,
            text=request_text(request, dataset),
            blocks=request_blocks(request, dataset),
        )
    except (SlackApiError, OSError) as error:
        logger.error("Request %s stored, but Slack refused the staff message: %s", request.id[:8], error)
        return False
    return True
