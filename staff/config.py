"""Who staff are and where their channel is: environment variables, never anything a visitor types."""

from __future__ import annotations

import os
from dataclasses import dataclass

SLACK_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class StaffConfig:
    token: str | None  # the Slack app's bot token (SLACK_BOT_TOKEN)
    team: str | None  # KLYNGEBOT_STAFF_TEAM: the workspace id (T…)
    channel: str | None  # KLYNGEBOT_STAFF_CHANNEL: the staff channel id (C…)
    api_url: str = SLACK_API_URL

    @classmethod
    def from_env(cls) -> "StaffConfig":
        return cls(
            token=os.environ.get("SLACK_BOT_TOKEN") or None,
            team=os.environ.get("KLYNGEBOT_STAFF_TEAM") or None,
            channel=os.environ.get("KLYNGEBOT_STAFF_CHANNEL") or None,
            api_url=os.environ.get("SLACK_API_URL") or SLACK_API_URL,
        )

    @property
    def enabled(self) -> bool:
        return bool(self.token and self.team and self.channel)

    def is_staff(self, team_id: str | None, channel_id: str | None) -> bool:
        """A press from the configured team in the configured channel; nothing else is staff."""
        return self.enabled and team_id == self.team and channel_id == self.channel

    def is_staff_team(self, team_id: str | None) -> bool:
        """Someone of the staff's own Slack workspace (the app's Home tab is theirs)."""
        return self.enabled and team_id == self.team
