"""Tells what is wrong with a message the assistant cannot answer, so the reply can say so in Danish."""

from __future__ import annotations

import re

from bot.text import fold, words

EMPTY, TOO_LONG, NO_WORDS, MARKUP, ENGLISH, CODE = (
    "empty",
    "too_long",
    "no_words",
    "markup",
    "english",
    "code",
)
GIBBERISH = "gibberish"
MAX_CHARS = 1000  # longer messages are not questions a chat user types; see bot.answers.chat
MAX_WORD = 40  # Danish compounds run long, but not this long: "aaaa…" or a pasted hash is no word

_MARKUP = re.compile(r"<\s*/?\s*[a-z][^>]*>|javascript:|on\w+\s*=", re.IGNORECASE)
_CODE = re.compile(
    r"(\bdrop\s+table\b|\bselect\b.+\bfrom\b|\bunion\s+select\b|;\s*--|\bor\s+1\s*=\s*1\b|\$\{|\{\{)",
    re.IGNORECASE,
)
# English words that are not also Danish words ("i", "to", "for" and "is" are Danish too).
_ENGLISH = frozenset(
    "the what which where who how are does do can you your my office offices nearest "
    "cluster clusters please hello thanks about find there in of".split()
)
_DANISH = frozenset(
    fold(w)
    for w in "hvad hvilken hvilke hvor hvem hvordan er og jeg du det den en et til i på "
    "med klynge klynger klyngen kontor nærmeste tak hej ikke har kan".split()
)


def problem(text: str | None) -> str | None:
    """What makes a message unanswerable as such: one of the constants above, or None."""
    text = text or ""
    if not text.strip():
        return EMPTY
    if len(text) > MAX_CHARS:
        return TOO_LONG
    if _MARKUP.search(text):
        return MARKUP
    if _CODE.search(text):
        return CODE
    tokens = [fold(w) for w in words(text)]
    if not any(any(ch.isalpha() for ch in token) for token in tokens):
        return NO_WORDS
    if max(len(token) for token in tokens) > MAX_WORD:
        return GIBBERISH
    if looks_english(tokens):
        return ENGLISH
    return None


def looks_english(tokens: list[str]) -> bool:
    """More English function words than Danish ones, and at least two of them."""
    english = sum(token in _ENGLISH for token in tokens)
    danish = sum(token in _DANISH for token in tokens)
    return english >= 2 and english > danish
