"""The held-out Danish NLU test set and its robustness slices.

A slice is either a subset picked by a rule ("≤ 2 words") or a variant made by transforming each
utterance ("all lower case"), with its entity annotations moved along. Variants exist only in
memory for evaluation; nothing is written to the training data.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Callable

from bot.input_check import looks_english
from bot.text import fold, words

ROOT = Path(__file__).resolve().parent.parent
TEST_SET = ROOT / "tests" / "nlu" / "test_nlu.yml"
DANISH_LETTERS = "æøåÆØÅ"
SHORT_WORDS, LONG_WORDS = 2, 25


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[dict, ...] = ()  # {"entity", "start", "end", "value"} as Rasa reads the annotations


@dataclass(frozen=True)
class Slice:
    id: str
    title: str  # what the table calls it
    how: str  # how it is made, in a few words
    examples: tuple[Example, ...]


def load(path: Path = TEST_SET) -> list[Example]:
    """The test set as Rasa reads it (annotations parsed by Rasa's own loader)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(
            m.get("text"),
            m.get("intent"),
            tuple(
                {k: e[k] for k in ("entity", "start", "end", "value") if k in e}
                for e in m.get("entities") or []
            ),
        )
        for m in data.intent_examples
    ]


# -- transformations ------------------------------------------------------------------------------
def rewrite(example: Example, change: Callable[[str], str]) -> Example:
    """The example with every character passed through `change`, entity offsets moved to match."""
    pieces = [change(ch) for ch in example.text]
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    return Example(
        "".join(pieces),
        example.intent,
        tuple({**e, "start": offsets[e["start"]], "end": offsets[e["end"]]} for e in example.entities),
    )


_FOLDS = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}


def fold_danish_letters(example: Example) -> Example:
    """æ/ø/å written as ae/oe/aa, as on a keyboard without them."""
    return rewrite(example, lambda ch: _FOLDS.get(ch, ch))


def lower_case(example: Example) -> Example:
    return rewrite(example, lambda ch: ch.lower() if len(ch.lower()) == 1 else ch)


def swap_letters(example: Example) -> Example:
    """A typing slip: two neighbouring letters swapped in the middle of the longest word (≥ 5 letters)."""
    candidates = [(len(w), -i, i) for i, w in enumerate(words(example.text)) if w.isalpha() and len(w) >= 5]
    if not candidates:
        return example
    index = max(candidates)[2]
    position = 0
    for i, word in enumerate(words(example.text)):
        position = example.text.index(word, position)
        if i == index:
            break
        position += len(word)
    word = example.text[position : position + len(words(example.text)[index])]
    # Vary the slip from word to word, deterministically: CRC32 is the same in every process.
    middle = 1 + zlib.crc32(word.encode()) % (len(word) - 3)
    for j in [middle, *range(1, len(word) - 1)]:
        if word[j] != word[j + 1]:
            slipped = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
            return replace(
                example, text=example.text[:position] + slipped + example.text[position + len(word) :]
            )
    return example


# -- rules ----------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _plain_spellings() -> frozenset[str]:
    """Words that are a Danish word with æ/ø/å typed without them ("naermeste", "fodevarer", "kobenhavn"),
    and not themselves a word or name ("for" is a word, not "før"; "aalborg" is a name)."""
    from bot import dataset as dataset_module
    from bot.geo import Gazetteer

    table = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(table, "rt", encoding="utf-8") as handle:
        lexicon = json.load(handle)
    known = {w.lower() for form, lemma in lexicon.items() for w in (form, lemma)}
    dataset = dataset_module.load()
    terms = [n for c in dataset.clusters.values() for n in c.names]
    terms += [t for a in dataset.areas.values() for t in (a.name_da, *a.vocabulary)]
    terms += Gazetteer.load().names()
    known |= {w.lower() for term in terms for w in words(term)}
    strip = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
    accented = [w for w in known if any(ch in w for ch in "æøå")]
    return frozenset({fold(w) for w in accented} | {w.translate(strip) for w in accented}) - known


def written_without_danish_letters(text: str) -> bool:
    """Danish typed without æ/ø/å ("naermeste kontor"); English ("are" is not "åre") is its own slice."""
    return (
        not any(ch in text for ch in DANISH_LETTERS)
        and not is_english(text)
        and any(w.lower() in _plain_spellings() for w in words(text))
    )


def is_english(text: str) -> bool:
    return looks_english([fold(w) for w in words(text)])


def slices(examples: list[Example]) -> list[Slice]:
    """The full set, then each robustness slice (rules over the set, or transformed variants)."""

    def changed(transform):  # a variant counts only where the transformation changed something
        return tuple(v for e in examples if (v := transform(e)).text != e.text)

    def picked(rule):
        return tuple(e for e in examples if rule(e.text))

    return [
        Slice("all", "all held-out utterances", "tests/nlu/test_nlu.yml", tuple(examples)),
        Slice(
            "no-aeoeaa",
            "written without æ/ø/å",
            "rule: no æøå, though a word should have them",
            picked(written_without_danish_letters),
        ),
        Slice(
            "folded",
            "æ/ø/å typed as ae/oe/aa",
            "variant of every utterance with æøå",
            changed(fold_danish_letters),
        ),
        Slice(
            "typo", "with a typo", "variant: two letters swapped in the longest word", changed(swap_letters)
        ),
        Slice("lower", "all lower case", "variant of every utterance with a capital", changed(lower_case)),
        Slice(
            "short",
            f"very short (≤ {SHORT_WORDS} words)",
            "rule",
            picked(lambda t: len(words(t)) <= SHORT_WORDS),
        ),
        Slice(
            "long",
            f"long descriptions (≥ {LONG_WORDS} words)",
            "rule",
            picked(lambda t: len(words(t)) >= LONG_WORDS),
        ),
        Slice("english", "English questions", "rule: bot.input_check.looks_english", picked(is_english)),
    ]
