"""A staff member presses a request's button in Slack: the store is changed, the message updated."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.dataset import Dataset
from staff.config import StaffConfig
from staff.messages import HANDLED, MAIL, TAKE, request_blocks, request_text
from stores.requests import RequestStore

logger = logging.getLogger(__name__)
STATUS_OF_ACTION = {TAKE: "taken", HANDLED: "handled"}


@dataclass(frozen=True)
class Update:
    """What to do in Slack after a press: replace the message at `ts` in `channel`."""

    channel: str | None
    ts: str
    text: str
    blocks: list[dict]
    home_of: str | None = None  # pressed in this user's Home tab: publish it again instead


def is_staff_action(payload: dict) -> bool:
    actions = payload.get("actions") or []
    return payload.get("type") == "block_actions" and any(
        str(a.get("action_id", "")).startswith("staff_") for a in actions
    )


def handle(
    payload: dict, store: RequestStore, dataset: Dataset, config: StaffConfig, now: datetime
) -> Update | None:
    """Apply a staff press (take, handled) from a signed Slack payload; None when it is not staff's
    or changes nothing (the e-mail button only opens the visitor's address)."""
    team = (payload.get("team") or {}).get("id") or (payload.get("user") or {}).get("team_id")
    channel = (payload.get("channel") or {}).get("id")
    user = (payload.get("user") or {}).get("id") or ""
    from_home = (payload.get("view") or {}).get("type") == "home"
    if not (config.is_staff(team, channel) or (from_home and config.is_staff_team(team))):
        logger.warning(
            "Ignored a staff button from team %s, channel %s: not the staff channel.", team, channel
        )
        return None
    action = (payload.get("actions") or [{}])[0]
    status = STATUS_OF_ACTION.get(action.get("action_id"))
    if action.get("action_id") == MAIL or status is None:
        return None
    request = store.mark(str(action.get("value") or ""), status, user, now)
    if request is None:
        logger.warning("A staff button named request %r, which does not exist.", action.get("value"))
        return None
    logger.info("Request %s marked %s by %s.", request.id[:8], status, user)
    ts = (payload.get("container") or {}).get("message_ts") or (payload.get("message") or {}).get("ts") or ""
    return Update(
        channel,
        ts,
        request_text(request, dataset),
        request_blocks(request, dataset),
        user if from_home else None,
    )
