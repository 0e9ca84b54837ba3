"""Values that travel through Rasa (entities, slots, button payloads) as plain JSON, and back.

Kept apart from bot/understanding.py so the action server can read them without spaCy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dates import DateSpan
from bot.geo import Gazetteer, Place, Resolution

# The key of a message's parse data that holds its hints (bot.understanding.Hints, plus the input
# guard's `problem`): written by components/, read by actions/context.py.
HINTS = "klyngebot_hints"


def place_value(resolution: Resolution) -> dict:
    """A Resolution as plain JSON, so a slot or a button can carry it whole."""
    return {
        "status": resolution.status,
        "query": resolution.query,
        "places": [vars(place).copy() for place in resolution.places],
    }


def resolution_from_value(value: Any, gazetteer: Gazetteer | None = None) -> Resolution | None:
    """The Resolution a place value stands for; a bare name ("7500", "Holstebro", as a typed button
    payload may carry) is looked up in the gazetteer."""
    if isinstance(value, dict) and "status" in value:
        places = tuple(Place(**place) for place in value.get("places") or ())
        return Resolution(str(value.get("query", "")), str(value["status"]), places)
    if isinstance(value, str) and value.strip() and gazetteer is not None:
        return gazetteer.resolve(value)
    return None


def date_value(span: DateSpan) -> dict:
    return {"start": span.start.isoformat(), "end": span.end.isoformat(), "text": span.text}


def span_from_value(value: Any) -> DateSpan | None:
    if not isinstance(value, dict):
        return None
    try:
        return DateSpan(
            date.fromisoformat(value["start"]), date.fromisoformat(value["end"]), str(value.get("text") or "")
        )
    except (KeyError, TypeError, ValueError):
        return None
