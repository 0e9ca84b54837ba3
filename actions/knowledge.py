"""What the actions know, loaded once when the action server starts (a broken dataset stops it)."""
from __future__ import annotations

from dataclasses import dataclass

from bot import dataset as dataset_module
from bot.dataset import Dataset
from bot.geo import Gazetteer
from bot.matching import Matcher


@dataclass(frozen=True)
class Knowledge:
    dataset: Dataset
    gazetteer: Gazetteer
    matcher: Matcher


def load() -> Knowledge:
    dataset = dataset_module.load()
    gazetteer = Gazetteer.load()
    return Knowledge(dataset=dataset, gazetteer=gazetteer, matcher=Matcher(dataset, gazetteer.names()))


KNOWLEDGE = load()
