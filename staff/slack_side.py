"""The staff side of the Slack app, whichever way Slack reaches it (the signed webhook in
channels/slack.py, or Socket Mode in staff/socket_mode.py): button presses and the Home tab."""

from __future__ import annotations

from datetime import datetime, timezone

from slack_sdk.web.async_client import AsyncWebClient

from bot import dataset as dataset_module
from bot.dataset import Dataset
from staff.config import StaffConfig
from staff.home import home_view
from staff.interactions import handle
from stores.requests import RequestStore


class StaffSide:
    """What staff can do in Slack; the store and dataset are opened at the first use."""

    def __init__(self, client: AsyncWebClient, config: StaffConfig | None = None):
        self.client = client
        self.config = config or StaffConfig.from_env()
        self._store: RequestStore | None = None
        self._dataset: Dataset | None = None

    @property
    def store(self) -> RequestStore:
        if self._store is None:
            self._store = RequestStore()
        return self._store

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = dataset_module.load()
        return self._dataset

    async def pressed(self, payload: dict) -> None:
        """A press on a request's button: the request changed, its message or Home tab redrawn."""
        update = handle(payload, self.store, self.dataset, self.config, datetime.now(timezone.utc))
        if update is None:
            return
        if update.home_of:
            await self.publish_home(self.config.team, update.home_of)
        elif update.ts and update.channel:
            await self.client.chat_update(
                channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks
            )

    async def publish_home(self, team_id: str | None, user: str | None) -> None:
        """The Home tab for a member of the staff's workspace: open requests and ratings."""
        if not user or not self.config.is_staff_team(team_id):
            return
        await self.client.views_publish(
            user_id=user, view=home_view(self.store, self.dataset, datetime.now(timezone.utc))
        )
