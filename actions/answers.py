"""The one table of Klyngebot's answers: which bot/ answer each intent gets, from a turn's Context."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from actions.context import Context
from bot.answers import Answer, programme_topics
from bot.answers import clusters as about_clusters
from bot.answers import places as about_places
from bot.answers import programme as about_programme

AnswerFn = Callable[[Context], Answer]


def cluster_for_area(c: Context) -> Answer:
    dataset = c.knowledge.dataset
    areas = c.areas()
    if areas:
        return about_clusters.for_areas(dataset, areas, c.today)
    # "Hvad med CLEAN?" names the cluster rather than an area.
    named = c.named_clusters()
    if named:
        return about_clusters.info(dataset, named[0], c.today)
    return about_clusters.no_area_found(dataset, c.candidates)


def _one_cluster(about: Callable) -> Callable[[str], AnswerFn]:
    """An answer about one cluster; asks which one when neither the turn nor the conversation says."""

    def for_intent(intent: str) -> AnswerFn:
        def answer(c: Context) -> Answer:
            clusters = c.clusters()
            if not clusters:
                return about_clusters.which_cluster(c.knowledge.dataset, intent, c.today)
            return about(c, clusters[0])

        return answer

    return for_intent


def nearest_office(c: Context) -> Answer:
    # A named cluster or area narrows the search; so does "deres", a follow-up, or the cluster of a
    # question we asked back ("Hvor bor du?") to learn the place.
    use_context = c.refers_back or c.follow_up or bool(c.slot("awaiting_place"))
    clusters = c.clusters(use_context=use_context) or None
    one = clusters[0] if clusters and len(clusters) == 1 else None
    resolution = c.place()
    if resolution is None:
        return about_places.ask_for_place(one)
    problem = about_places.place_problem(resolution, "ask_nearest_office")
    if problem is not None:
        return Answer(problem.text, problem.buttons, cluster=one.id if one else None, awaits_place=True)
    return about_places.nearest(
        c.knowledge.dataset, c.knowledge.gazetteer, resolution.places[0], c.today, clusters
    )


def clusters_in_place(c: Context) -> Answer:
    resolution = c.place(use_context=c.follow_up)
    if resolution is None:
        return Answer("Hvilken by, kommune, region eller landsdel tænker du på?", awaits_place=True)
    problem = about_places.place_problem(resolution, "ask_clusters_in_place")
    if problem is not None:
        return problem
    return about_places.in_place(
        c.knowledge.dataset, c.knowledge.gazetteer, resolution.places[0], c.today, c.span()
    )


_office_list = _one_cluster(lambda c, cl: about_clusters.offices(c.knowledge.dataset, cl, c.today))(
    "ask_offices"
)


def offices(c: Context) -> Answer:
    # A place given after a cluster's list of offices ("jeg bor i Holstebro") asks which is nearest.
    if c.follow_up and c.place(use_context=False) is not None:
        return nearest_office(c)
    return _office_list(c)


def funding(c: Context) -> Answer:
    named = c.named_clusters()
    return about_programme.funding(c.knowledge.dataset, c.span(), c.today, named[0] if named else None)


# Intents about the programme whose answer leads with the subject the question names
# (bot/answers/programme_topics.py). "now", "designation" and "per_year" are read only where the
# intent agrees: "hvor mange klynger er der nu?" is still a count.
PROGRAMME_INTENTS = frozenset(
    {
        "ask_programme",
        "ask_history",
        "ask_count",
        "ask_funding",
        "ask_contact",
        "ask_strongholds",
        "ask_status",
    }
)
NARROW_SUBJECTS = {
    "now": {"ask_programme", "ask_status"},
    "designation": {"ask_programme", "ask_history", "ask_status"},
    "per_year": {"ask_funding", "ask_programme"},
    "sides": {"ask_funding", "ask_programme"},
    "start": {"ask_programme", "ask_history", "ask_status"},
}


def subject_answer(intent: str, c: Context) -> Answer | None:
    """The answer for the subject a programme question names, or None to answer the intent as usual."""
    subject = c.subject
    if intent not in PROGRAMME_INTENTS or subject is None or c.named_clusters():
        return None
    if subject in NARROW_SUBJECTS and intent not in NARROW_SUBJECTS[subject]:
        return None
    answer = programme_topics.answer(c.knowledge.dataset, subject, c.span(), c.today)
    return answer if answer is None else replace(answer, subject=subject)


# Questions whose cluster a bare follow-up ("hvad er telefonnummeret?") keeps talking about.
ABOUT_A_CLUSTER = frozenset(
    {"ask_cluster_info", "ask_contact", "ask_offices", "ask_status", "ask_cluster_for_area"}
)


def contact(c: Context) -> Answer:
    """A cluster's contact details; a contact question that names no cluster is about the programme."""
    dataset = c.knowledge.dataset
    named = c.named_clusters()
    remembered = (
        c.clusters() if (c.refers_back or c.follow_up or c.slot("last_question") in ABOUT_A_CLUSTER) else []
    )
    clusters = named or remembered
    if not clusters:
        return programme_topics.programme_contact(dataset, c.today)
    return about_clusters.contact(dataset, clusters[0], c.today)


ANSWERS: dict[str, AnswerFn] = {
    "ask_cluster_for_area": cluster_for_area,
    "ask_cluster_info": _one_cluster(lambda c, cl: about_clusters.info(c.knowledge.dataset, cl, c.today))(
        "ask_cluster_info"
    ),
    "ask_contact": contact,
    "ask_offices": offices,
    "ask_status": _one_cluster(
        lambda c, cl: about_clusters.status(c.knowledge.dataset, cl, c.span(), c.today)
    )("ask_status"),
    "ask_nearest_office": nearest_office,
    "list_clusters": lambda c: about_clusters.listing_answer(c.knowledge.dataset, c.today, c.span()),
    "ask_clusters_in_place": clusters_in_place,
    "ask_count": lambda c: about_programme.count(c.knowledge.dataset, c.about_offices, c.span(), c.today),
    "ask_funding": funding,
    "ask_programme": lambda c: about_programme.programme(c.knowledge.dataset, c.span(), c.today),
    "ask_history": lambda c: about_programme.history(c.knowledge.dataset, c.span(), c.today),
    "ask_strongholds": lambda c: about_programme.strongholds(c.knowledge.dataset, c.today),
}


def action_name(intent: str) -> str:
    return f"action_{intent.removeprefix('ask_')}"
