"""What a turn is about, from what the NLU resolved (entities, hints) and the conversation's slots.

No text is read here: `components/dataset_entities.py` resolved it already. The latest message
wins; the slots fill in what it leaves out. For a new question only the cluster and the place
carry over (the user still lives where they said); on a follow-up ("og i 2021?", "hvad med
Aarhus?") everything does, so one changed detail keeps the rest.
"""

from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker

from actions.knowledge import Knowledge
from bot.dataset import Cluster
from bot.dates import DateSpan
from bot.geo import Resolution
from bot.values import HINTS, resolution_from_value, span_from_value

PLACE_ENTITIES = ("postcode", "town")


class Context:
    def __init__(
        self, tracker: Tracker, knowledge: Knowledge, today: date | None = None, follow_up: bool = False
    ):
        self.tracker = tracker
        self.knowledge = knowledge
        message = tracker.latest_message or {}
        self.entities: list[dict] = message.get("entities") or []
        self.hints: dict = message.get(HINTS) or {}
        self.today = today or date.today()
        self.follow_up = follow_up

    def values(self, entity: str) -> list:
        return [e["value"] for e in self.entities if e.get("entity") == entity and e.get("value") is not None]

    def slot(self, name: str):
        return self.tracker.get_slot(name)

    # -- clusters and areas ---------------------------------------------------------------------
    def _ids(self, entity: str, to_id) -> list[str]:
        return [i for i in dict.fromkeys(to_id(str(v)) for v in self.values(entity)) if i is not None]

    def named_clusters(self) -> list[Cluster]:
        dataset = self.knowledge.dataset
        return [dataset.clusters[i] for i in self._ids("cluster", dataset.cluster_id)]

    def areas(self) -> list[str]:
        areas = self.knowledge.dataset.areas
        named = self._ids("area", self.knowledge.dataset.area_id)
        remembered = self.knowledge.dataset.area_id(str(self.slot("area") or ""))
        if not named and self.follow_up and remembered in areas and not self.named_clusters():
            return [remembered]
        return named

    def clusters(self, use_context: bool = True) -> list[Cluster]:
        """The clusters the turn is about: named, else via its areas, else the conversation's."""
        named = self.named_clusters()
        if named:
            return named
        dataset = self.knowledge.dataset
        via_area = [c for a in self._ids("area", dataset.area_id) for c in dataset.clusters_for_area(a)]
        if via_area:
            return list(dict.fromkeys(via_area))
        remembered = dataset.cluster_id(str(self.slot("cluster") or ""))
        if use_context and remembered:
            return [dataset.clusters[remembered]]
        return []

    @property
    def refers_back(self) -> bool:
        return bool(self.hints.get("refers_back"))

    @property
    def about_offices(self) -> bool:
        return bool(self.hints.get("about_offices"))

    @property
    def candidates(self) -> list[Cluster]:
        clusters = self.knowledge.dataset.clusters
        return [clusters[i] for i in self.hints.get("candidates") or [] if i in clusters]

    @property
    def subject(self) -> str | None:
        """What a programme question asks for; on a follow-up ("og i 2021?") the previous answer's."""
        subject = self.hints.get("subject")
        if subject is None and self.follow_up:
            subject = self.slot("subject")
        return subject

    @property
    def problem(self) -> str | None:
        return self.hints.get("problem")

    # -- place and date -------------------------------------------------------------------------
    def place(self, use_context: bool = True) -> Resolution | None:
        """The place of the latest message, else the last place found in the conversation."""
        for entity in PLACE_ENTITIES:
            for value in self.values(entity):
                resolution = resolution_from_value(value, self.knowledge.gazetteer)
                if resolution is not None:
                    return resolution
        if use_context:
            remembered = resolution_from_value(self.slot("place"), self.knowledge.gazetteer)
            if remembered is not None and remembered.status == "found":
                return remembered
        return None

    def span(self) -> DateSpan:
        """The dates asked about: the latest message's, on a follow-up the conversation's, else today."""
        for value in self.values("date"):
            span = span_from_value(value)
            if span is not None:
                return span
        if self.follow_up:
            remembered = span_from_value(self.slot("date"))
            if remembered is not None:
                return remembered
        return DateSpan(self.today, self.today, "")
