"""Actions about the programme: counts, money, designation, history and strongholds."""
from __future__ import annotations

from actions.base import AnswerAction
from actions.context import Context
from bot.answers import Answer, programme as answers


class ActionCount(AnswerAction):
    intent = "ask_count"

    def answer(self, context: Context) -> Answer:
        return answers.count(self.knowledge.dataset, context.text, context.span(), context.today)


class ActionFunding(AnswerAction):
    intent = "ask_funding"

    def answer(self, context: Context) -> Answer:
        named = context.named_clusters()
        return answers.funding(self.knowledge.dataset, context.span(), context.today,
                               named[0] if named else None)


class ActionProgramme(AnswerAction):
    intent = "ask_programme"

    def answer(self, context: Context) -> Answer:
        return answers.programme(self.knowledge.dataset, context.span(), context.today)


class ActionHistory(AnswerAction):
    intent = "ask_history"

    def answer(self, context: Context) -> Answer:
        return answers.history(self.knowledge.dataset, context.span(), context.today)


class ActionStrongholds(AnswerAction):
    intent = "ask_strongholds"

    def answer(self, context: Context) -> Answer:
        return answers.strongholds(self.knowledge.dataset)
