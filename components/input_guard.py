"""An NLU component that turns messages it cannot answer into `nlu_fallback`, whatever the classifier guessed.

A classifier always picks some intent, even for 10,000 "a"s, an emoji or a <script> tag, and its
guess can be confident. This runs last in the pipeline and hands such messages to the fallback
action, which says in Danish what was wrong (bot.input_check decides; bot.answers.chat words it).
A bare postcode ("7500") has no words but is a place: it stays with the intent `inform`. A message
that asks for a meeting, a desk or a call-back becomes `request_contact` even when the classifier
heard a contact question or a follow-up.
What is wrong with a message goes into its hints (`problem`), so the action needs no text.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import input_check
from bot.values import HINTS

# English is not guarded: the training data holds English questions for the main intents, so
# "Which cluster covers energy?" is understood and answered (in Danish) like its Danish twin.
GUARDED = {
    input_check.EMPTY,
    input_check.TOO_LONG,
    input_check.NO_WORDS,
    input_check.GIBBERISH,
    input_check.MARKUP,
    input_check.CODE,
}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            problem = input_check.problem(message.get(TEXT))
            message.set(HINTS, {**(message.get(HINTS) or {}), "problem": problem}, add_to_output=True)
            if problem == input_check.NO_WORDS and _names_a_place(message):
                inform = {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = inform
                message.data[INTENT_RANKING_KEY] = [inform]
                continue
            if _reads_as_a_request(message):
                request = {INTENT_NAME_KEY: "request_contact", PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = request
                message.data[INTENT_RANKING_KEY] = [request, *message.data.get(INTENT_RANKING_KEY, [])]
                continue
            if problem in GUARDED:
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = fallback
                message.data[INTENT_RANKING_KEY] = [fallback, *message.data.get(INTENT_RANKING_KEY, [])]
                message.data[ENTITIES] = []
        return messages


# A message that asks for a meeting, a desk or a call-back (bot/contact_details.py) is a request
# even when the classifier, after a contact answer, hears a contact question or a follow-up:
# "kan jeg komme forbi jer i Vejle?".
REQUEST_OVER = frozenset({"ask_contact", "inform", "greet", "out_of_scope", "ask_cluster_info"})


def _reads_as_a_request(message: Message) -> bool:
    kind = (message.get(HINTS) or {}).get("request_kind")
    return bool(kind) and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in REQUEST_OVER


def _names_a_place(message: Message) -> bool:
    return any(e.get("entity") == "postcode" for e in message.get(ENTITIES) or [])
