"""What a visitor tells when they ask to meet someone: the kind of request, an e-mail, a phone.

Read by bot/understanding.py (the one place a message is read) and checked by the request form.
"""

from __future__ import annotations

import re

from bot.text import fold

MEETING, DESK, CALLBACK = "meeting", "desk", "callback"
KIND_NAMES = {MEETING: "et møde", DESK: "en lånt kontorplads", CALLBACK: "at blive ringet op"}

# Folded phrases; the first kind found in the message wins, desk before meeting ("låne en plads til
# et møde" is a desk), call-back before both ("ring mig op om et møde").
_KINDS = (
    (
        CALLBACK,
        re.compile(
            r"\b(ring\w* (mig|os) op|ringet op|ringe op|ringe (til )?(mig|os)|ring (til )?(mig|os)|opkald|call me|call back)\b"
        ),
    ),
    (
        DESK,
        re.compile(
            r"\b(laane|laan|leje) (en |et )?(kontorplads|kontor|skrivebord|arbejdsplads|plads|desk)"
            r"|\bkontorplads\w*|\bhotdesk\w*|\bborrow a desk\b"
        ),
    ),
    (
        MEETING,
        re.compile(
            r"\b(moedes|moede\w*|mode|besoeg\w*|komme forbi|kigge forbi|tale med (en|nogen)|snakke med (en|nogen)|"
            r"en person|et menneske|meet|meeting|visit)\b"
        ),
    ),
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
# Danish numbers: 8 digits, grouped or not, optionally +45 / 0045 first.
_YEARS = re.compile(r"(19|20)\d\d ?[-–] ?(19|20)\d\d")  # "2025-2028" is a period, not a number
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)45[ -]?)?(?:\d[ -]?){7}\d(?!\d)")


def request_kind(text: str) -> str | None:
    folded = fold(text or "")
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    return None


def find_email(text: str) -> tuple[str, int, int] | None:
    found = _EMAIL.search(text or "")
    return (found.group().lower(), found.start(), found.end()) if found else None


def find_phone(text: str) -> tuple[str, int, int] | None:
    """A Danish phone number as "+45 12 34 56 78", where it stands; None when there is none."""
    found = next((m for m in _PHONE.finditer(text or "") if not _YEARS.fullmatch(m.group().strip())), None)
    if not found:
        return None
    digits = re.sub(r"\D", "", found.group())
    digits = digits[-8:]
    return "+45 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2)), found.start(), found.end()
