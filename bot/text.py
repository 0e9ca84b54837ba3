"""Danish text normalisation shared by matching, the gazetteer and the NLU export."""

from __future__ import annotations

import re
import unicodedata

# Danish letters have conventional two-letter spellings that people type when their keyboard
# (or phone) lacks them; folding both spellings to the same key makes "Aarhus" == "Århus".
_DANISH_FOLDS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Casefolded text with æ/ø/å written as ae/oe/aa, other accents removed, spaces squeezed."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_DANISH_FOLDS)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of a text in order, punctuation dropped (hyphenated words kept whole)."""
    return _WORD.findall(text)
