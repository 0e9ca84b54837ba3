"""What the actions know: the dataset and the gazetteer, loaded once by `actions.server` at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot import dataset as dataset_module
from bot.dataset import Dataset
from bot.geo import Gazetteer


@dataclass(frozen=True)
class Knowledge:
    dataset: Dataset
    gazetteer: Gazetteer

    @classmethod
    def load(cls) -> "Knowledge":
        """Read and validate the dataset and the gazetteer (a broken dataset stops the server)."""
        return cls(dataset=dataset_module.load(), gazetteer=Gazetteer.load())
