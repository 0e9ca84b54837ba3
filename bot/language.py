"""Danish words and lemmas: the one analysis of a message Klyngebot and its Rasa model share.

No pretrained Danish pipeline can be installed here, so this is spaCy's Danish tokenizer
(`spacy.blank("da")`: tokenizer exceptions, stop words) plus the lemma lookup table of
spacy-lookups-data, read as a plain dictionary. The table is widened once so that what people
type still finds its lemma:

- "hoereapparaterne" typed without æ/ø/å (it maps to the proper lemma "høreapparat");
- chained entries ("klyngerne" -> "klynger" -> "klynge") resolved to their root;
- "Skibsfarten", "SKIBSFARTEN": looked up in lower case.

In Rasa, components/danish_tokenizer.py turns the words into tokens.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from importlib import resources

import spacy
from spacy.tokenizer import Tokenizer

from bot.text import fold


@functools.lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    data = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    widened = {form: _root(table, lemma) for form, lemma in table.items()}
    for form, lemma in list(widened.items()):
        widened.setdefault(fold(form), lemma)
    return widened


def _root(table: dict[str, str], lemma: str) -> str:
    # The table sometimes chains ("klyngerne" -> "klynger" -> "klynge"); following the chain
    # gives every inflection the same lemma, which is all matching needs.
    for _ in range(4):
        nxt = table.get(lemma, lemma)
        if nxt == lemma:
            break
        lemma = nxt
    return lemma


@functools.lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """spaCy's Danish tokenizer, built on first use."""
    return spacy.blank("da").tokenizer


@dataclass(frozen=True)
class Word:
    text: str  # as typed
    lemma: str  # lower case; the text itself when the lexicon does not know the word
    known: bool  # whether the Danish lexicon knows the word (unknown: names, typos, compounds)
    start: int = 0  # where the word stands in the text: text[start:end]
    end: int = 0


@functools.lru_cache(maxsize=1024)
def analyse(text: str) -> tuple[Word, ...]:
    """The words of `text` with their lemmas, punctuation dropped (cached: every reader of a
    message analyses the same text)."""
    # The lemmatizer's table is looked up in lower case here, so that "SKIBSFARTEN" and
    # "Skibsfarten" get the lemma "skibsfart" just like "skibsfarten".
    table = _lemma_table()
    words = []
    for token in tokenizer()(text):
        if token.is_punct or token.is_space:
            continue
        surface = token.text.strip("'’`´")
        lower = surface.lower()
        known = lower in table
        words.append(
            Word(
                text=surface,
                lemma=table[lower].lower() if known else lower,
                known=known,
                start=token.idx,
                end=token.idx + len(token.text),
            )
        )
    return tuple(words)


def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the words in `text`, punctuation dropped."""
    return [word.lemma for word in analyse(text)]


def inflected_forms(lemma: str) -> frozenset[str]:
    """Every lower-case form the lexicon maps to `lemma` (æ/ø/å-less spellings included)."""
    return _forms_by_lemma().get(lemma, frozenset())


@functools.lru_cache(maxsize=1)
def _forms_by_lemma() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for form, lemma in _lemma_table().items():
        if form == form.lower():
            forms.setdefault(lemma.lower(), set()).add(form)
    return {lemma: frozenset(found) for lemma, found in forms.items()}
