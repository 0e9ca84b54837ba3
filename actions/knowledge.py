"""What the actions know: the dataset, the gazetteer and the requests store, made once by `actions.server`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot import dataset as dataset_module
from bot.dataset import Dataset
from bot.geo import Gazetteer
from staff.config import StaffConfig
from stores.requests import RequestStore


@dataclass(frozen=True)
class Knowledge:
    dataset: Dataset
    gazetteer: Gazetteer
    # Requests and ratings (stores/requests.py); the database is opened on first use.
    requests: RequestStore = field(default_factory=RequestStore)
    # Where new requests are announced to staff (Slack); disabled unless configured.
    staff: StaffConfig = field(default_factory=StaffConfig.from_env)

    @classmethod
    def load(cls, requests: RequestStore | None = None) -> "Knowledge":
        """Read and validate the dataset and the gazetteer (a broken dataset stops the server)."""
        return cls(
            dataset=dataset_module.load(), gazetteer=Gazetteer.load(), requests=requests or RequestStore()
        )
