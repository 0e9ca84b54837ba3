"""Checks the cluster dataset against its rules and the gazetteer; `python -m bot.validate` exits 1 on a problem.

Loading (bot.dataset) already fails on a missing source, a date that does not parse, duplicate ids
or names. This adds what needs more than the dataset itself:
- every office town is a town the gazetteer knows (else "nearest office" cannot place it);
- every stated count of clusters agrees with the cluster files on its date;
- vocabulary terms do not read as Danish stop words, also once folded ("SaaS" reads as "så"):
  they would match almost any message.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.lang.da.stop_words import STOP_WORDS

from bot import dataset as dataset_module
from bot.answers.clusters import ACTIVE, status_on
from bot.dataset import Dataset, DatasetError
from bot.geo import Gazetteer
from bot.matching import STOP_KEYS, term_key


def problems(dataset: Dataset, gazetteer: Gazetteer) -> list[str]:
    """Every rule the dataset breaks beyond those loading checks; empty when it is sound."""
    found = []
    for cluster in dataset.clusters.values():
        for office in cluster.offices:
            if office.town and gazetteer.town(office.town) is None:
                found.append(
                    f"clusters/{cluster.id}.yml: the gazetteer does not know the office town {office.town!r}"
                )
            if office.region and gazetteer.region(office.region) is None:
                found.append(f"clusters/{cluster.id}.yml: unknown region {office.region!r}")
    for fact in dataset.counts:
        if fact.extra.get("subject") != "clusters":
            continue
        on = fact.as_of.end
        derived = sum(status_on(dataset, c, on) == ACTIVE for c in dataset.clusters.values())
        if derived != fact.value:
            found.append(
                f"programme.yml counts: {fact.value} clusters on {on} per {fact.source.id}, "
                f"but the cluster files give {derived}"
            )
    for area in dataset.areas.values():
        for term in area.vocabulary:
            key = term_key(term)
            if term.lower() in STOP_WORDS or (len(key) == 1 and key[0] in STOP_KEYS):
                found.append(f"areas.yml {area.id}: vocabulary term {term!r} reads as a Danish stop word")
    return found


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else dataset_module.DATA_DIR
    try:
        dataset = dataset_module.load(folder)
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    found = problems(dataset, Gazetteer.load())
    if found:
        print("the cluster dataset is broken:\n- " + "\n- ".join(found), file=sys.stderr)
        return 1
    offices = [o for c in dataset.clusters.values() for o in c.offices]
    print(
        f"dataset ok: {len(dataset.clusters)} clusters, {len(dataset.areas)} areas, "
        f"{len(offices)} offices, {len(dataset.sources)} sources"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
