"""Klyngebot's entity extractor: clusters, areas, places and dates resolved to canonical values.

A thin Rasa shell over `bot.understanding.Reader`; it owns every entity the bot uses (DIET is
not in the pipeline). The dataset and gazetteer are read once, when Rasa loads the model. Each
message also gets `klyngebot_hints` in its parse data (a reference back, offices asked about,
clusters a description reads like); the actions read those and the entities, never the text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import dataset as dataset_module
from bot.geo import Gazetteer
from bot.understanding import Reader, sources_fingerprint
from bot.values import HINTS

FOUND = "klyngebot_entities"  # what this found, also in training, where ENTITIES are the annotations


# Also a featurizer to Rasa, so that training data passes through it: the intent classifier learns
# from the entity types it finds (see components/intent_classifier.py).
@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
)
class DatasetEntities(GraphComponent, EntityExtractorMixin):
    def __init__(self, reader: Reader):
        self.reader = reader

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DatasetEntities":
        return cls(Reader(dataset_module.load(), Gazetteer.load()))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        # Rasa caches this node by its config and the training data alone; without this, a changed
        # dataset or matcher would leave the intent classifier trained on yesterday's entities.
        return sources_fingerprint()

    def process(self, messages: list[Message]) -> list[Message]:
        today = date.today()
        for message in messages:
            self.read(message, today)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # The intent classifier learns from the entity types this finds, so it sees them in training too.
        today = date.today()
        for message in training_data.training_examples:
            if message.get(TEXT):
                self.read(message, today, training=True)
        return training_data

    def read(self, message: Message, today: date, training: bool = False) -> None:
        text = message.get(TEXT) or ""
        reading = self.reader.read(text, today)
        found = self.add_extractor_name([entity.as_rasa(text) for entity in reading.entities])
        message.set(FOUND, found)
        if training:
            return  # the annotations stay the training data's own
        message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        message.set(HINTS, reading.hints.as_dict(), add_to_output=True)
