"""Actions about clusters: which one covers an area, what it is, contact, offices, status, the list."""
from __future__ import annotations

from actions.base import AnswerAction
from actions.context import Context
from bot.answers import Answer, clusters as answers


class ActionClusterForArea(AnswerAction):
    intent = "ask_cluster_for_area"

    def answer(self, context: Context) -> Answer:
        dataset = self.knowledge.dataset
        areas = context.areas()
        if not areas:
            # "Hvad med CLEAN?" style questions name the cluster rather than an area.
            named = context.named_clusters()
            if named:
                return answers.info(dataset, named[0], context.today)
            return answers.no_area_found(dataset)
        return answers.for_areas(dataset, areas, context.today)


class _OneClusterAction(AnswerAction):
    """An action about one cluster; asks which one when the message and context do not say."""

    def answer(self, context: Context) -> Answer:
        dataset = self.knowledge.dataset
        clusters = context.clusters()
        if not clusters:
            return answers.which_cluster(dataset, self.intent, context.today)
        return self.about(context, clusters[0])

    def about(self, context: Context, cluster) -> Answer:
        raise NotImplementedError


class ActionClusterInfo(_OneClusterAction):
    intent = "ask_cluster_info"

    def about(self, context, cluster):
        return answers.info(self.knowledge.dataset, cluster, context.today)


class ActionContact(_OneClusterAction):
    intent = "ask_contact"

    def about(self, context, cluster):
        return answers.contact(self.knowledge.dataset, cluster, context.today)


class ActionOffices(_OneClusterAction):
    intent = "ask_offices"

    def about(self, context, cluster):
        return answers.offices(self.knowledge.dataset, cluster, context.today)


class ActionStatus(_OneClusterAction):
    intent = "ask_status"

    def about(self, context, cluster):
        return answers.status(self.knowledge.dataset, cluster, context.span(), context.today)


class ActionListClusters(AnswerAction):
    intent = "list_clusters"

    def answer(self, context: Context) -> Answer:
        return answers.listing_answer(self.knowledge.dataset, context.today)
