"""The shape every answering action shares: read the context, get an Answer from bot/, send it."""
from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import Context
from actions.knowledge import KNOWLEDGE, Knowledge
from bot import input_check
from bot.answers import Answer, Button
from bot.answers.chat import not_understood

logger = logging.getLogger(__name__)

# Registry of answering actions by the intent they answer, so a follow-up can repeat the question.
BY_INTENT: dict[str, "AnswerAction"] = {}


def payload(button: Button) -> str:
    """Rasa's payload for a button: the intent and entities it stands for, with no NLU needed."""
    entities = json.dumps(button.entities, ensure_ascii=False) if button.entities else ""
    return f"/{button.intent}{entities}"


def send(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    buttons = [{"title": b.title, "payload": payload(b)} for b in answer.buttons]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)


class AnswerAction(Action):
    """An action that answers one intent from bot/; subclasses implement `answer`."""

    intent: str = ""
    knowledge: Knowledge = KNOWLEDGE

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.intent:
            BY_INTENT[cls.intent] = cls()

    def name(self) -> str:
        return f"action_{self.intent.removeprefix('ask_')}"

    def answer(self, context: Context) -> Answer:
        raise NotImplementedError

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        context = Context(tracker, self.knowledge)
        return self.respond(dispatcher, context)

    def respond(self, dispatcher: CollectingDispatcher, context: Context) -> list[dict]:
        # A message too long or empty to be a question gets the same reply whatever the NLU guessed.
        if input_check.problem(context.text) in (input_check.EMPTY, input_check.TOO_LONG):
            send(dispatcher, not_understood(context.text))
            dispatcher.utter_message(response="utter_suggestions")
            return []
        answer = self.answer(context)
        send(dispatcher, answer)
        return self.remember(answer)

    def remember(self, answer: Answer) -> list[dict]:
        """Slots for the next turn: what the answer was about and which question it answered."""
        events = [SlotSet("last_question", self.intent), SlotSet("awaiting_place", answer.awaits_place)]
        if answer.cluster:
            events.append(SlotSet("cluster", answer.cluster))
        if answer.area:
            events.append(SlotSet("area", answer.area))
        return events
