"""Actions that keep the conversation going: follow-ups that lean on context, and the fallback."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BY_INTENT, AnswerAction, send
from actions.context import Context
from bot import input_check
from bot.answers.chat import not_understood


class ActionFollowUp(Action):
    """Answers "hvad med energi?", "7500" or "og i 2021?" by repeating the last question with the new detail."""

    def name(self) -> str:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        context = Context(tracker, AnswerAction.knowledge)
        return self.choose(context, tracker.get_slot("last_question")).respond(dispatcher, context)

    @staticmethod
    def choose(context: Context, last_question: str | None) -> AnswerAction:
        """The action to repeat: the last question's, else the one the new detail suggests."""
        if last_question in BY_INTENT:
            return BY_INTENT[last_question]
        if context.place() is not None:
            return BY_INTENT["ask_nearest_office"]
        if context.named_clusters():
            return BY_INTENT["ask_cluster_info"]
        return BY_INTENT["ask_cluster_for_area"]


class ActionFallback(Action):
    """When the NLU is unsure: answer from the dataset if the message names an area, a cluster or a
    place ("fødevarer?", "vi ligger i Randers"), else say in Danish why it could not be used (empty,
    emoji, markup…) and what works."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        context = Context(tracker, AnswerAction.knowledge)
        if input_check.problem(context.text) is None:
            if context.areas():
                return BY_INTENT["ask_cluster_for_area"].respond(dispatcher, context)
            if context.named_clusters():
                return BY_INTENT["ask_cluster_info"].respond(dispatcher, context)
            found = context.place()
            if found is not None and found.status == "found":
                return BY_INTENT["ask_nearest_office"].respond(dispatcher, context)
        send(dispatcher, not_understood(context.text))
        dispatcher.utter_message(response="utter_suggestions")
        return []
