"""Which clusters a free description reads most like, for words no area's vocabulary holds.

"Vi laver enzymer" names no area, but "enzym" shares its spelling with words in some clusters'
texts. Each cluster is a document (its name, description, and its areas' names, scope and
vocabulary); words are compared by character 3- and 4-grams weighted by how rare they are
among the clusters (tf-idf, cosine). Only the message's content words count: no stop words,
no short words, nothing already known to the lexicon as a common word of a question.
"""

from __future__ import annotations

import math
from collections import Counter

from spacy.lang.da.stop_words import STOP_WORDS

from bot.dataset import Dataset
from bot.language import Word, analyse
from bot.text import fold

MIN_WORD = 4
MIN_SCORE = 0.12  # below this the best cluster shares only common letter runs ("-ing", "-er")
LIMIT = 3
# Question words that say nothing about a trade.
QUESTION_WORDS = frozenset(
    fold(w)
    for w in (
        "klynge klynger klyngen hvilken hvilke hvem hvad hvor dækker passer arbejder laver virksomhed "
        "firma selskab produkt produkter branche område hjælp finde finder cluster company which help "
        "find need".split()
    )
)
_STOP = frozenset(fold(w) for w in STOP_WORDS)


def grams(word: str) -> Counter:
    padded = f"<{word}>"
    return Counter(padded[i : i + n] for n in (3, 4) for i in range(len(padded) - n + 1))


class ClusterIndex:
    def __init__(self, dataset: Dataset):
        documents: dict[str, Counter] = {}
        for cluster in dataset.clusters.values():
            if cluster.ended is not None:
                continue  # a cluster that ended is no suggestion
            texts = [*cluster.names, str(cluster.description.value) if cluster.description else ""]
            for area_id in cluster.areas:
                area = dataset.areas.get(area_id)
                if area is not None:
                    texts += [
                        area.name_da,
                        area.name_en,
                        *area.vocabulary,
                        str(area.scope.value) if area.scope else "",
                    ]
            counts: Counter = Counter()
            for word in analyse(" ".join(texts)):
                key = fold(word.lemma)
                if len(key) >= MIN_WORD and key not in _STOP:
                    counts.update(grams(key))
            documents[cluster.id] = counts
        df = Counter(gram for counts in documents.values() for gram in counts)
        n = len(documents)
        self.idf = {gram: math.log((1 + n) / (1 + count)) + 1 for gram, count in df.items()}
        self.vectors = {cid: self._weigh(counts) for cid, counts in documents.items()}

    def _weigh(self, counts: Counter) -> dict[str, float]:
        vector = {gram: (1 + math.log(c)) * self.idf.get(gram, 0.0) for gram, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {gram: v / norm for gram, v in vector.items()}

    def rank(self, words: list[Word]) -> list[str]:
        """Cluster ids the content words read like, best first (at most LIMIT, none when unsure)."""
        content = [fold(w.lemma) for w in words if not w.text[:1].isupper() or w.start == 0]
        content = [
            k
            for k in content
            if len(k) >= MIN_WORD and k not in _STOP and k not in QUESTION_WORDS and not k.isdigit()
        ]
        if not content:
            return []
        query: Counter = Counter()
        for key in content:
            query.update(grams(key))
        # Grams no cluster has say nothing; the query is weighed only by grams the index knows.
        vector = self._weigh(Counter({g: c for g, c in query.items() if g in self.idf}))
        if not vector:
            return []
        scores = {
            cid: sum(w * doc.get(g, 0.0) for g, w in vector.items()) for cid, doc in self.vectors.items()
        }
        best = sorted(scores, key=lambda cid: (-scores[cid], cid))
        return [cid for cid in best[:LIMIT] if scores[cid] >= MIN_SCORE]
