"""Actions about places: the nearest office, and clusters in a town or region."""
from __future__ import annotations

from actions.base import AnswerAction
from actions.context import Context
from bot.answers import Answer, places as answers


class ActionNearestOffice(AnswerAction):
    intent = "ask_nearest_office"

    def answer(self, context: Context) -> Answer:
        # A named cluster or area narrows the search; so does "deres"/"dens", or the cluster of a
        # question we asked back ("Hvor bor du?") to learn the place.
        use_context = context.refers_back() or bool(context.tracker.get_slot("awaiting_place"))
        clusters = context.clusters(use_context=use_context) or None
        resolution = context.place()
        if resolution is None:
            return answers.ask_for_place(clusters[0] if clusters and len(clusters) == 1 else None)
        problem = answers.place_problem(resolution, self.intent)
        if problem is not None:
            return _keep_cluster(problem, clusters)
        return answers.nearest(self.knowledge.dataset, self.knowledge.gazetteer, resolution.places[0],
                               context.today, clusters)


def _keep_cluster(answer: Answer, clusters) -> Answer:
    """An ask-back keeps the cluster the user named, for when they answer with the place."""
    if clusters and len(clusters) == 1:
        return Answer(answer.text, answer.buttons, cluster=clusters[0].id, awaits_place=answer.awaits_place)
    return answer


class ActionClustersInPlace(AnswerAction):
    intent = "ask_clusters_in_place"

    def answer(self, context: Context) -> Answer:
        resolution = context.place()
        if resolution is None:
            return Answer("Hvilken by, kommune eller region tænker du på?", awaits_place=True)
        problem = answers.place_problem(resolution, self.intent)
        if problem is not None:
            return problem
        return answers.in_place(self.knowledge.dataset, self.knowledge.gazetteer, resolution.places[0],
                                context.today)
