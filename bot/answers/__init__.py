"""Short Danish answers built from the dataset: the text a user reads and the buttons they may press.

Each module answers one family of questions (clusters, places, programme, chat). The answers
know nothing about Rasa: a button names the intent and entities it stands for, and `actions/`
turns that into a channel payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.dataset import Cluster, Dataset, Fact
from bot.dates import DateSpan, format_da


@dataclass(frozen=True)
class Button:
    title: str
    intent: str
    entities: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Answer:
    text: str
    buttons: tuple[Button, ...] = ()
    # What the answer was about, so that a follow-up ("og hvor ligger deres kontor?") has context.
    cluster: str | None = None
    area: str | None = None
    # True when the answer asks the user where they are; their next message is the place.
    awaits_place: bool = False
    # The programme subject the answer led with ("start", "per_year" …), kept for follow-ups.
    subject: str | None = None


# A fact older than this is shown with its date, so nobody takes a 2020 figure for today's.
STALE_AFTER_DAYS = 365


def sources(*facts: Fact | None, limit: int = 2, today: date | None = None) -> str:
    """The closing line that says where the facts come from; with `today`, each source whose fact
    is more than a year old carries that fact's date ("… (oplyst 1. oktober 2020)")."""
    cited: dict[str, Fact] = {}
    for fact in facts:
        if fact is not None:
            cited.setdefault(fact.source.url, fact)
    shown = list(cited.items())[:limit]
    if not shown:
        return ""
    parts = [
        f"{url} (oplyst {day(fact.as_of)})"
        if today is not None and (today - fact.as_of.end).days > STALE_AFTER_DAYS
        else url
        for url, fact in shown
    ]
    return ("Kilde: " if len(parts) == 1 else "Kilder: ") + ", ".join(parts)


def hedge(fact: Fact | None) -> str:
    """A short Danish caveat for facts that are inferred or disputed, else ""."""
    if fact is None or fact.is_certain:
        return ""
    return " (formentlig)" if fact.certainty == "inferred" else " (kilderne er uenige)"


def join_lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def listing(items: list[str]) -> str:
    """Danish enumeration: "a", "a og b", "a, b og c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def where_to_ask(dataset: Dataset, on: date) -> str:
    """Who to ask when the dataset does not know: the body that was the programme's desk on `on`
    (the date asked about, or today)."""
    programme_desks = [c for c in dataset.contacts if c.role == "klyngeprogrammet"]
    desks = [c for c in programme_desks if c.is_desk_on(on)] or programme_desks
    if not desks:
        return "Spørg Danmarks Erhvervsfremmebestyrelse, som står for klyngeprogrammet."
    contact = desks[0]
    ways = [*contact.emails[:1], *(f"tlf. {phone}" for phone in contact.phones[:1])]
    how = f" ({', '.join(ways)})" if ways else ""
    return f"Spørg {contact.name}{how}."


def cluster_button(cluster: Cluster, intent: str, title: str | None = None) -> Button:
    return Button(title or cluster.name, intent, {"cluster": cluster.id})


def when(span: DateSpan) -> str:
    """How an answer names the date asked about: "i dag", "den 1. januar 2021", "i 2022", "i perioden …"."""
    if not span.text:
        return "i dag"
    if span.is_single_day():
        return f"den {format_da(span)}"
    words = format_da(span)
    return f"i perioden {words}" if " – " in words else f"i {words}"


def is_past(span: DateSpan, today: date) -> bool:
    return span.end < today


def day(value) -> str:
    return format_da(value)
