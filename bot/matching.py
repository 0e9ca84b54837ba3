"""Finds the clusters and areas a Danish message talks about, by name or by vocabulary.

Every name, alias and vocabulary term of the dataset is indexed by the folded lemmas of its
words, so inflections ("rederierne"), case and æ/ø/å spellings ("hoereapparater") match
exactly, and so do names written as one word or apart ("visiondenmark", "energi klyngen").
What is left is tried, in order of trust, as a light typo ("Odense Robtics") and as a Danish
compound ("høreapparatproducent" → høreapparat).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable

from spacy.lang.da.stop_words import STOP_WORDS

from bot.dataset import Dataset
from bot.language import Word, analyse
from bot.text import fold

CLUSTER = "cluster"
AREA = "area"

# Scores per matched word: an exact match is trusted most, a compound part least.
EXACT, TYPO, COMPOUND = 1.0, 0.8, 0.6
MIN_COMPOUND_PART = 4  # "film" in "filmproduktion"; shorter parts ("it", "is") match too much
MIN_COMPOUND_REST = 4  # so that "moderne" is not "mode" + "rne"
# A misspelt word is unknown to the lexicon, so its inflection is still on it ("hoereaparaterne");
# these endings come off before comparing it with the lemmas in the index.
INFLECTIONS = ("erne", "ernes", "ene", "ens", "er", "en", "et", "e", "r", "s")
# A stop word ("så", "for", "der") is never a term on its own, even when its folded spelling
# collides with one ("så" -> "saa", like "SaaS").
STOP_KEYS = frozenset(fold(word) for word in STOP_WORDS)
# Words about the programme itself, never a typo of a trade ("programme" is no "programmer").
PROGRAMME_KEYS = frozenset({"program", "programme", "programmet", "klyngeprogram", "klyngeprogrammet"})


@dataclass(frozen=True)
class Match:
    kind: str  # CLUSTER or AREA
    target: str  # the cluster or area id
    score: float
    text: str  # the words of the message that matched, as typed
    start: int  # index of the first matched word
    span: tuple[int, int] = (0, 0)  # where the match stands in the message: message[span[0]:span[1]]


def typo_budget(length: int) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    if length < 5:
        return 0
    return 1 if length < 9 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count once), or limit + 1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _key(word: Word) -> str:
    return fold(word.lemma)


def term_key(term: str) -> tuple[str, ...]:
    """The index key of a dataset term: the folded lemmas of its words."""
    return tuple(_key(word) for word in analyse(term))


class Matcher:
    """Index of every cluster name and area term of a dataset.

    `proper_names` (the gazetteer's place names) are words that are never read as typos or
    compounds of a term: "København" is no compound of "havn", "Holstebro" no typo of anything.
    """

    def __init__(self, dataset: Dataset, proper_names: Iterable[str] = ()):
        self.proper_names = frozenset(fold(name) for name in proper_names)
        self.find = functools.lru_cache(maxsize=512)(self._find)  # actions ask about one text often
        self.index: dict[tuple[str, ...], tuple[str, str]] = {}
        for cluster in dataset.clusters.values():
            for name in cluster.names:
                for variant in name_variants(name):
                    self._add(variant, (CLUSTER, cluster.id))
        for area in dataset.areas.values():
            for term in (area.name_da, area.name_en, *area.vocabulary):
                self._add(term, (AREA, area.id))
        self.longest = max((len(key) for key in self.index), default=1)
        self.single_words = {key[0]: target for key, target in self.index.items() if len(key) == 1}

    def _add(self, term: str, target: tuple[str, str]) -> None:
        key = term_key(term)
        if key:
            # A cluster name wins over a vocabulary term with the same words (the dataset
            # validator forbids that, but the index must not depend on file order).
            if self.index.get(key, target)[0] == CLUSTER and target[0] == AREA:
                return
            self.index[key] = target
            if len(key) > 1 and target[0] == CLUSTER:
                # People glue a name together as they would a Danish compound: "visiondenmark".
                self.index.setdefault(("".join(key),), target)

    # -- searching -------------------------------------------------------------------------
    def _find(self, text: str) -> tuple[Match, ...]:
        """Every cluster and area the text mentions, best first; each word is used once."""
        words = analyse(text)
        keys = [_key(word) for word in words]
        used = [False] * len(words)
        fixed = [fold(word.text) in self.proper_names for word in words]
        matches: list[Match] = []
        self._exact(words, keys, used, matches)
        self._typos(words, keys, used, fixed, matches)
        self._compounds(words, keys, used, fixed, matches)
        return tuple(sorted(matches, key=lambda m: (-m.score, m.start)))

    def _claim(self, words, used, start, length, target, score, matches) -> None:
        for i in range(start, start + length):
            used[i] = True
        text = " ".join(word.text for word in words[start : start + length])
        span = (words[start].start, words[start + length - 1].end)
        matches.append(Match(target[0], target[1], score * length, text, start, span))

    def _exact(self, words, keys, used, matches) -> None:
        for length in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                if any(used[start : start + length]):
                    continue
                window = keys[start : start + length]
                if length == 1 and window[0] in STOP_KEYS:
                    continue
                target = (
                    self.index.get(tuple(window))
                    or self._genitive(words, window, start, length)
                    or self._written_apart(words, start, length)
                )
                if target:
                    self._claim(words, used, start, length, target, EXACT, matches)

    def _genitive(self, words, window, start, length):
        # Names take a Danish genitive -s ("MARLOGs kontor", "Energy Cluster Denmarks hjemmeside").
        last = words[start + length - 1]
        if last.known or not window[-1].endswith("s") or len(window[-1]) < 4:
            return None
        return self.index.get((*window[:-1], window[-1][:-1]))

    def _written_apart(self, words, start, length):
        # A compound written as two words, a common Danish slip: "energi klyngen" is "energiklyngen",
        # "digital leads" is DigitalLead's. Never across a small word: "for svaret" is no "forsvaret".
        if length != 2 or any(fold(w.text) in STOP_KEYS for w in words[start : start + 2]):
            return None
        joined = term_key(words[start].text + words[start + 1].text)
        if len(joined) != 1:
            return None
        key = joined[0]
        return self.index.get(joined) or (self.index.get((key[:-1],)) if key.endswith("s") else None)

    def _typos(self, words, keys, used, fixed, matches) -> None:
        for length in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                span = range(start, start + length)
                # Only windows with an unknown word can hold a typo; known words are real words,
                # and a place name alone is no typo ("Odense Robtics" still is one).
                if any(used[i] for i in span) or all(words[i].known or fixed[i] for i in span):
                    continue
                if any(keys[i] in PROGRAMME_KEYS for i in span):
                    continue
                target = self._closest(" ".join(keys[start : start + length]), length)
                if target:
                    self._claim(words, used, start, length, target, TYPO, matches)

    def _closest(self, window: str, length: int):
        budget = typo_budget(len(window.replace(" ", "")))
        if budget == 0:
            return None
        stems = {window} | {
            window[: -len(end)]
            for end in INFLECTIONS
            if window.endswith(end) and typo_budget(len(window) - len(end))
        }
        best, best_distance, tie = None, budget + 1, False
        for key, target in self.index.items():
            if len(key) != length:
                continue
            distance = min(edit_distance(stem, " ".join(key), budget) for stem in stems)
            if distance < best_distance:
                best, best_distance, tie = target, distance, False
            elif distance == best_distance and target != best:
                tie = True
        return None if tie else best

    def _compounds(self, words, keys, used, fixed, matches) -> None:
        for i, key in enumerate(keys):
            if used[i] or fixed[i] or len(key) < MIN_COMPOUND_PART + MIN_COMPOUND_REST:
                continue
            # Prefer the first part: in "fødevareproduktion" the modifier (fødevare) names the
            # trade, the head (produktion) only the kind of activity.
            target = self._part(key, prefix=True) or self._part(key, prefix=False)
            if target:
                self._claim(words, used, i, 1, target, COMPOUND, matches)

    def _part(self, key: str, prefix: bool):
        for size in range(len(key) - MIN_COMPOUND_REST, MIN_COMPOUND_PART - 1, -1):
            part = key[:size] if prefix else key[-size:]
            if part in self.single_words:
                return self.single_words[part]
        return None

    # -- conveniences ----------------------------------------------------------------------
    def clusters(self, text: str) -> list[str]:
        """Ids of the clusters the text names, best first, without repeats."""
        return _unique(m.target for m in self.find(text) if m.kind == CLUSTER)

    def without_cluster_names(self, text: str) -> str:
        """The text with every cluster name blanked out, so "Odense Robotics" is not read as Odense."""
        for match in sorted((m for m in self.find(text) if m.kind == CLUSTER), key=lambda m: -m.span[0]):
            text = text[: match.span[0]] + " " * (match.span[1] - match.span[0]) + text[match.span[1] :]
        return text

    def areas(self, text: str) -> list[str]:
        """Ids of the areas the text mentions, best first, without repeats."""
        return _unique(m.target for m in self.find(text) if m.kind == AREA)


def name_variants(name: str) -> set[str]:
    """A cluster's name as people write it: "&" as "og"/"and", "Cluster" as "klyngen", or left out
    ("Lifestyle og Design klyngen", "Lifestyle & Design")."""
    names = {name}
    for joiner in (" og ", " and "):
        names |= {n.replace(" & ", joiner) for n in names}
    for n in list(names):
        words = n.split()
        if len(words) > 2 and words[-1].casefold() == "cluster":
            names |= {" ".join(words[:-1]), " ".join([*words[:-1], "klyngen"])}
    return names


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
