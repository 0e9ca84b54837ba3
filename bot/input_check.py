"""Tells what is wrong with a message the assistant cannot answer, so the reply can say so in Danish."""
from __future__ import annotations

import re

from bot.text import fold, words

EMPTY, TOO_LONG, NO_WORDS, MARKUP, ENGLISH, CODE = "empty", "too_long", "no_words", "markup", "english", "code"
MAX_CHARS = 1000  # longer messages are not questions a chat user types; see bot.answers.chat

_MARKUP = re.compile(r"<\s*/?\s*[a-z][^>]*>|javascript:|on\w+\s*=", re.IGNORECASE)
_CODE = re.compile(r"(\bdrop\s+table\b|\bselect\b.+\bfrom\b|\bunion\s+select\b|;\s*--|\bor\s+1\s*=\s*1\b|\$\{|\{\{)",
                   re.IGNORECASE)
_ENGLISH = frozenset("the what which where who how is are does do can you your my i office offices nearest "
                     "cluster clusters please hello hi thanks about find there in for of to".split())
_DANISH = frozenset(fold(w) for w in "hvad hvilken hvilke hvor hvem hvordan er og jeg du det den en et til i på "
                    "med klynge klynger klyngen kontor nærmeste tak hej ikke har kan".split())


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
    if looks_english(tokens):
        return ENGLISH
    return None


def looks_english(tokens: list[str]) -> bool:
    """More English function words than Danish ones, and at least two of them."""
    english = sum(token in _ENGLISH for token in tokens)
    danish = sum(token in _DANISH for token in tokens)
    return english >= 2 and english > danish
