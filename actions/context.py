"""What the user's latest message (and the conversation so far) says: clusters, areas, place, date."""
from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker

from actions.knowledge import Knowledge
from bot.dataset import Cluster
from bot.dates import DateSpan, as_of
from bot.geo import Resolution

# Words that point back to the cluster of the previous answer ("og hvor ligger deres kontor?").
BACK_REFERENCES = frozenset({"deres", "dens", "dem", "klyngens", "samme"})


class Context:
    """The latest message read through the dataset: entity values first, then the text itself."""

    def __init__(self, tracker: Tracker, knowledge: Knowledge, today: date | None = None):
        self.tracker = tracker
        self.knowledge = knowledge
        self.text: str = tracker.latest_message.get("text") or ""
        self.entities: list[dict] = tracker.latest_message.get("entities") or []
        self.today = today or date.today()

    def values(self, entity: str) -> list[str]:
        return [str(e["value"]) for e in self.entities if e.get("entity") == entity and e.get("value")]

    # -- clusters and areas ---------------------------------------------------------------------
    def named_clusters(self) -> list[Cluster]:
        """Clusters the message names: entity values (ids from synonyms or raw text), else the text."""
        clusters = self.knowledge.dataset.clusters
        ids: list[str] = []
        for value in self.values("cluster"):
            ids += [value] if value in clusters else self.knowledge.matcher.clusters(value)
        ids = ids or self.knowledge.matcher.clusters(self.text)
        return [clusters[i] for i in dict.fromkeys(ids)]

    def areas(self) -> list[str]:
        """Area ids the message mentions, by entity or by vocabulary."""
        areas = self.knowledge.dataset.areas
        ids: list[str] = []
        for value in self.values("area"):
            ids += [value] if value in areas else self.knowledge.matcher.areas(value)
        return list(dict.fromkeys(ids or self.knowledge.matcher.areas(self.text)))

    def clusters(self, use_context: bool = True) -> list[Cluster]:
        """The clusters the message is about: named, else via its areas, else the previous answer's."""
        named = self.named_clusters()
        if named:
            return named
        dataset = self.knowledge.dataset
        via_area = [c for a in self.areas() for c in dataset.clusters_for_area(a)]
        if via_area:
            return list(dict.fromkeys(via_area))
        remembered = self.tracker.get_slot("cluster")
        if use_context and remembered in dataset.clusters:
            return [dataset.clusters[remembered]]
        return []

    def refers_back(self) -> bool:
        words = {w.strip("?.!,").lower() for w in self.text.split()}
        return bool(words & BACK_REFERENCES)

    # -- place and date -------------------------------------------------------------------------
    def place(self) -> Resolution | None:
        """The place the message names: postcode entity, town entity, else any place in the text."""
        gazetteer = self.knowledge.gazetteer
        cluster_words = {v.casefold() for v in self.values("cluster")}
        for value in self.values("postcode") + self.values("town"):
            if value.casefold() in cluster_words:
                continue
            resolution = gazetteer.resolve(value)
            if resolution.status != "unknown":
                return resolution
        found = gazetteer.find_in_text(self.knowledge.matcher.without_cluster_names(self.text))
        if found is not None:
            return found
        # An entity the gazetteer does not know is still worth answering about ("Xyzby").
        unknown = self.values("postcode") + self.values("town")
        return gazetteer.resolve(unknown[0]) if unknown else None

    def span(self) -> DateSpan:
        return as_of(self.text, self.today)
