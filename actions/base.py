"""Klyngebot's actions: one per answering intent, a follow-up and a fallback, over the answer table."""

from __future__ import annotations

import json

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import request_form
from actions.answers import ANSWERS, action_name, subject_answer
from actions.context import Context
from actions.knowledge import Knowledge
from bot.answers import Answer, Button
from bot.answers.chat import not_understood


def payload(button: Button) -> str:
    """Rasa's payload for a button: the intent and entities it stands for, with no NLU needed."""
    entities = json.dumps(button.entities, ensure_ascii=False) if button.entities else ""
    return f"/{button.intent}{entities}"


def send(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    buttons = [{"title": b.title, "payload": payload(b)} for b in answer.buttons]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)


def answer_events(intent: str, context: Context, dispatcher: CollectingDispatcher) -> list[dict]:
    """Answer `intent` for this turn and return the slots for the next: what the answer was about."""
    answer = subject_answer(intent, context) or ANSWERS[intent](context)
    send(dispatcher, answer)
    events = [
        SlotSet("last_question", intent),
        SlotSet("awaiting_place", answer.awaits_place),
        SlotSet("subject", answer.subject),
    ]
    if answer.cluster:
        events.append(SlotSet("cluster", answer.cluster))
    if answer.area:
        events.append(SlotSet("area", answer.area))
    if not context.follow_up and not context.values("date"):
        # A new question without a date is about today; "og på Bornholm?" after it must not
        # bring back a year asked about two questions ago.
        events.append(SlotSet("date", None))
    return events


class AnswerAction(Action):
    """Answers one intent. Run for a follow-up (intent `inform`), it keeps the conversation's details."""

    def __init__(self, intent: str, knowledge: Knowledge):
        self.intent = intent
        self.knowledge = knowledge

    def name(self) -> str:
        return action_name(self.intent)

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        follow_up = (tracker.latest_message.get("intent") or {}).get("name") == "inform"
        return answer_events(self.intent, Context(tracker, self.knowledge, follow_up=follow_up), dispatcher)


class FollowUp(Action):
    """A follow-up with no question before it ("7500", "hvad med energi?"): the detail decides."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        context = Context(tracker, self.knowledge, follow_up=True)
        return answer_events(choose(context), context, dispatcher)


def choose(context: Context) -> str:
    if context.place(use_context=False) is not None:
        return "ask_nearest_office"
    if context.named_clusters():
        return "ask_cluster_info"
    return "ask_cluster_for_area"


FALLBACK_ACTION = "action_fallback"  # config.yml's core_fallback_action_name and the nlu_fallback rule


class Fallback(Action):
    """When the NLU is unsure: answer from what it resolved if the message names an area, a cluster or
    a place ("fødevarer?", "vi ligger i Randers"), else say in Danish why it could not be used
    (empty, emoji, markup…) and what works."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return FALLBACK_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        context = Context(tracker, self.knowledge)
        if context.problem in (None, "english"):
            # "hvad er det årlige beløb nu?" names its subject even when no intent is sure enough.
            if context.subject is not None and not context.named_clusters():
                return answer_events("ask_programme", context, dispatcher)
            if context.areas():
                return answer_events("ask_cluster_for_area", context, dispatcher)
            if context.named_clusters():
                return answer_events("ask_cluster_info", context, dispatcher)
            found = context.place(use_context=False)
            if found is not None and found.status == "found":
                return answer_events("ask_nearest_office", context, dispatcher)
        send(dispatcher, not_understood(context.problem))
        dispatcher.utter_message(response="utter_suggestions")
        return []


def all_actions(knowledge: Knowledge) -> list[Action]:
    return [
        *(AnswerAction(intent, knowledge) for intent in ANSWERS),
        FollowUp(knowledge),
        Fallback(knowledge),
        *request_form.actions(knowledge),
    ]
