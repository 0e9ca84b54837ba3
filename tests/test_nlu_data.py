"""The NLU data: the held-out set stays held out, and every annotated entity means something to the bot.

- No utterance of tests/nlu/test_nlu.yml equals a training utterance of data/nlu/, or differs from
  one by a single word (a substituted, added or dropped word), after normalising both: casefolded,
  annotations and punctuation removed. One-word utterances are only compared for equality, since
  any two of them ("7500", "Holstebro") differ by one word.
- Every annotated cluster and area value is found by bot.matching.Matcher, and every town value by
  bot.geo.Gazetteer.resolve, so an entity DIET learns to extract is one the actions can use.
  Postcodes are any digit string (unknown postcodes are answered as such). Two lists below name
  the exceptions; both are checked, so they shrink when the dataset or gazetteer grows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TRAINING_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml"))  # data/nlu/generated/ holds no utterances
TEST_FILE = ROOT / "tests" / "nlu" / "test_nlu.yml"
ENGLISH_FILE = ROOT / "data" / "nlu" / "english.yml"
MAX_ENGLISH_SHARE = 0.08

# Real places people name that the gazetteer does not hold (landsdele, islands, peninsulas, a
# research campus). They stay annotated as towns: the bot then says it does not know the place.
DELIBERATE_UNKNOWN_TOWNS = {
    "Als",
    "Amager",
    "Foulum",
    "Jylland",
    "Lammefjorden",
    "Mors",
    "Salling",
    "Storkøbenhavn",
    "Sydfyn",
    "Trekantområdet",
}

# Values users write that the dataset does not know yet: nicknames and spellings of clusters, and
# trades without a vocabulary term. Each is a strict xfail: once data/clusters/ learns it, the
# test passes unexpectedly and fails, and the value comes off this list.
DATASET_GAPS = {
    ("cluster", "byggeklyngen"),
    ("cluster", "cph fintech"),
    ("cluster", "energy cluster"),
    ("cluster", "food and bio cluster"),
    ("cluster", "life science klyngen"),
    ("cluster", "vision danmark"),
    ("area", "enzymer"),
    ("area", "sensorer"),
    ("area", "veje"),
}

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{([^}]+)\})")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def utterances(path: Path) -> list[tuple[str, str]]:
    """(intent, utterance as written) for every example of a Rasa YAML NLU file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        (block["intent"], line.strip()[2:].strip())
        for block in document.get("nlu", [])
        if "intent" in block
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def entities(utterance: str) -> list[tuple[str, str]]:
    """(entity, annotated text) for every annotation: [text](entity) or [text]{"entity": ...}."""
    found = []
    for text, short, json_like in _ANNOTATION.findall(utterance):
        name = short.split(":")[0] if short else yaml.safe_load("{" + json_like + "}")["entity"]
        found.append((name, text))
    return found


def normalise(utterance: str) -> tuple[str, ...]:
    """The words of an utterance, casefolded, without annotations and punctuation."""
    return tuple(_WORD.findall(_ANNOTATION.sub(r"\1", utterance).casefold()))


def _deletions(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[:i] + words[i + 1 :] for i in range(len(words))}


def _wildcards(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[:i] + ("\0",) + words[i + 1 :] for i in range(len(words))}


def too_close(test: list[str], training: list[str]) -> list[tuple[str, str]]:
    """(test, training) pairs that are equal, or one word apart when both have two words or more."""
    exact: dict[tuple[str, ...], str] = {}
    by_deletion: dict[tuple[str, ...], str] = {}
    by_wildcard: dict[tuple[str, ...], str] = {}
    for utterance in training:
        words = normalise(utterance)
        exact.setdefault(words, utterance)
        if len(words) >= 2:
            for key in _deletions(words):
                if len(key) >= 2:
                    by_deletion.setdefault(key, utterance)
            for key in _wildcards(words):
                by_wildcard.setdefault(key, utterance)
    pairs = []
    for utterance in test:
        words = normalise(utterance)
        hit = exact.get(words)
        if hit is None and len(words) >= 2:
            hit = (
                by_deletion.get(words)  # the training utterance has one word more
                or next((exact[k] for k in _deletions(words) if len(k) >= 2 and k in exact), None)
                or next((by_wildcard[k] for k in _wildcards(words) if k in by_wildcard), None)
            )
        if hit is not None:
            pairs.append((utterance, hit))
    return pairs


@pytest.fixture(scope="module")
def training():
    return [u for path in TRAINING_FILES for u in utterances(path)]


@pytest.fixture(scope="module")
def test_set():
    return utterances(TEST_FILE)


def annotated_values(examples) -> set[tuple[str, str]]:
    return {pair for _, utterance in examples for pair in entities(utterance)}


def test_the_held_out_set_is_not_in_the_training_data(training, test_set):
    pairs = too_close([u for _, u in test_set], [u for _, u in training])
    assert not pairs, "test utterances too close to training ones:\n" + "\n".join(
        f"  {test!r}  ~  {train!r}" for test, train in pairs
    )


def test_one_word_edits_count_as_too_close():
    training = ["hvilke klynger har kontor i [Aarhus](town)", "hej"]
    assert too_close(
        [
            "hvilke klynger har kontor i [Vejle](town)?",
            "Hvilke klynger har kontor i Aarhus",
            "hvilke klynger har et kontor i aarhus",
            "klynger har kontor i aarhus",
        ],
        training,
    ) == [
        ("hvilke klynger har kontor i [Vejle](town)?", training[0]),
        ("Hvilke klynger har kontor i Aarhus", training[0]),
        ("hvilke klynger har et kontor i aarhus", training[0]),
        ("klynger har kontor i aarhus", training[0]),
    ]
    assert too_close(["hejsa", "hvilke klynger har et kontor i vejle"], training) == []


def _resolves(entity: str, value: str, matcher, gazetteer) -> bool:
    if entity == "cluster":
        return bool(matcher.clusters(value))
    if entity == "area":
        return bool(matcher.areas(value))
    if entity == "town":
        return gazetteer.resolve(value).status in ("found", "ambiguous")
    if entity == "postcode":
        return value.isdigit()
    return False  # an entity the domain does not know


def test_every_annotated_value_resolves(training, test_set, matcher, gazetteer):
    values = annotated_values(training) | annotated_values(test_set)
    unresolved = sorted(
        (entity, value)
        for entity, value in values
        if (entity, value.casefold()) not in DATASET_GAPS
        and not (entity == "town" and value in DELIBERATE_UNKNOWN_TOWNS)
        and not _resolves(entity, value, matcher, gazetteer)
    )
    assert not unresolved, f"annotations the bot cannot resolve: {unresolved}"


@pytest.mark.parametrize("entity, value", sorted(DATASET_GAPS), ids=lambda v: v)
@pytest.mark.xfail(strict=True, reason="not in data/clusters yet: add it as an alias or vocabulary term")
def test_dataset_gap_resolves(entity, value, matcher, gazetteer):
    assert _resolves(entity, value, matcher, gazetteer)


def test_deliberate_unknown_towns_are_unknown_to_the_gazetteer(gazetteer):
    known = sorted(t for t in DELIBERATE_UNKNOWN_TOWNS if gazetteer.resolve(t).status != "unknown")
    assert not known, f"the gazetteer knows these now; drop them from DELIBERATE_UNKNOWN_TOWNS: {known}"


def test_every_gap_and_unknown_town_is_still_annotated_somewhere(training, test_set):
    values = {
        (entity, value.casefold())
        for entity, value in annotated_values(training) | annotated_values(test_set)
    }
    stale = sorted(gap for gap in DATASET_GAPS if gap not in values)
    stale += sorted(("town", t) for t in DELIBERATE_UNKNOWN_TOWNS if ("town", t.casefold()) not in values)
    assert not stale, f"no longer annotated anywhere, drop from the lists: {stale}"


def test_english_is_a_small_share_of_the_training_data(training):
    assert len(utterances(ENGLISH_FILE)) <= MAX_ENGLISH_SHARE * len(training)


def test_annotations_cover_whole_words(training, test_set):
    # DIET tags whole tokens: "[CenSec](cluster)s" would teach it half a word.
    glued = [u for _, u in training + test_set if re.search(r"\]\([^)]+\)[^\W_]|[^\W_]\[[^\]]+\]\(", u)]
    assert not glued, f"annotations that split a word: {glued}"
