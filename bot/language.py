"""The Danish spaCy pipeline Klyngebot and its Rasa model share.

No pretrained Danish pipeline can be installed here, so this is `spacy.blank("da")` (Danish
tokenizer exceptions, stop words) plus the lookup lemmatizer from spacy-lookups-data. The lemma
table is widened once so that what people type still finds its lemma:

- "Skibsfarten" at the start of a sentence (the table only holds lower case keys);
- "hoereapparaterne" typed without æ/ø/å (it maps to the proper lemma "høreapparat");
- chained entries ("klyngerne" -> "klynger" -> "klynge") resolved to their root.

`python -m bot.language DIR` saves the pipeline for Rasa's SpacyNLP (config.yml names DIR).
"""

from __future__ import annotations

import functools
import gzip
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups

from bot.text import fold


@functools.lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    data = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    widened = {form: _root(table, lemma) for form, lemma in table.items()}
    for form, lemma in list(widened.items()):
        widened.setdefault(fold(form), lemma)
        widened.setdefault(form[:1].upper() + form[1:], lemma)
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


def build_pipeline() -> Language:
    """A fresh Danish pipeline: tokenizer plus the widened lookup lemmatizer."""
    nlp = spacy.blank("da")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", _lemma_table())
    lemmatizer.initialize(lookups=lookups)
    return nlp


@functools.lru_cache(maxsize=1)
def pipeline() -> Language:
    """The process-wide pipeline, built on first use (about two seconds)."""
    return build_pipeline()


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
    for token in pipeline().tokenizer(text):
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


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bot.language OUTPUT_DIR", file=sys.stderr)
        return 2
    target = Path(argv[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    build_pipeline().to_disk(target)
    print(f"saved the Danish pipeline to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
