"""What one message says, resolved against the dataset and the gazetteer: Klyngebot's entities.

This is the one place a message's text is read for meaning. The Rasa component
`components/dataset_entities.py` runs it inside the NLU pipeline; the actions only read what it
found (entity values and slots), never the text.

Entities, each with where it stands in the message and a canonical value:

- `cluster`: a cluster id ("energy-cluster-denmark"), by name, alias, typo or glued spelling;
- `area`: an area id ("maritim"), by vocabulary, inflection, typo or compound part;
- `town` (a name) or `postcode` (digits): a place, as a Resolution value (bot/values.py);
- `date`: the span a date expression names, as {"start", "end", "text"}.

Beside them, `Hints`: a reference back to the previous answer ("deres"), whether the question
is about offices, and for a free description that names no area, the clusters it reads most like.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot import meeting_time
from bot.contact_details import find_email, find_phone, request_kind
from bot.dataset import Dataset
from bot.dates import find_span
from bot.geo import Gazetteer
from bot.language import analyse
from bot.matching import AREA, CLUSTER, Matcher
from bot.retrieval import ClusterIndex
from bot.text import fold
from bot.values import date_value, place_value

# Words that point back to the cluster of the previous answer ("og hvor ligger deres kontor?").
BACK_REFERENCES = frozenset({"deres", "dens", "dem", "klyngens", "samme", "their", "its", "they", "them"})
# "de" is "they" after a verb or question word ("har de en hjemmeside?", "hvor ligger de?"), but
# "the" before an adjective or noun ("er de nationale klynger …").
_THEY_AFTER = frozenset(
    "har er ligger laver sidder kan hedder holder arbejder findes bor goer hvor hvem hvad hvordan".split()
)
_THE_BEFORE = frozenset(
    "nationale danske andre store stoerste nye gamle forskellige mange fleste klynger klyngerne".split()
)


def refers_back(words) -> bool:
    """Whether the message points back to the cluster of the previous answer ("deres", "har de …")."""
    folded = [fold(w.text) for w in words]
    for i, word in enumerate(folded):
        if word in BACK_REFERENCES:
            return True
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if word == "de" and i and folded[i - 1] in _THEY_AFTER and after not in _THE_BEFORE:
            return True
    return False


# Lemmas that turn "hvor mange …" from clusters into offices.
OFFICE_WORDS = frozenset(
    {
        "kontor",
        "repræsentation",
        "afdeling",
        "filial",
        "adresse",
        "satellit",
        "hub",
        "underafdeling",
        "lokation",
        "sted",
        "office",
    }
)


# Lemmas of what one asks a cluster for; some are trades too ("vi laver hjemmesider").
CONTACT_WORDS = frozenset({"hjemmeside", "website", "mail", "e-mail", "telefon", "telefonnummer"})


# What a question about the programme asks for, in order of precedence: a press question that
# names the minister is about the press desk, "er de stadig udpeget?" is about now. Each subject:
# lemmas, folded word prefixes ("*part": anywhere in the word), phrases.
PROGRAMME_SUBJECTS: tuple[tuple[str, frozenset, tuple, tuple], ...] = (
    ("press", frozenset({"journalist"}), ("presse",), ()),
    (
        "law",
        frozenset({"lov", "lovgivning", "lovforslag", "law"}),
        ("erhvervsfremmelov",),
        ("kun en klynge", "en klynge pr.", "en klynge per", "en klynge inden for"),
    ),
    ("chair", frozenset({"formand", "forkvinde", "chair", "chairman"}), (), ()),
    (
        "welcome",
        frozenset({"minister", "citat", "velkomst", "udtale"}),
        ("minist", "*minister"),
        ("glaede sig", "glaedede sig"),
    ),
    ("conditions", frozenset({"krav", "betingelse", "kriterium", "kriterie", "adgangskrav"}), (), ()),
    ("capital", frozenset({"hovedstad", "hovedstadsområde"}), ("hovedstad",), ()),
    ("representations", frozenset({"repræsentation"}), ("repraesentation",), ()),
    ("addresses", frozenset({"adresse"}), ("adresse",), ()),
    (
        "sides",
        frozenset(),
        (),
        (
            "hver side",
            "hvem betaler",
            "hvem finansierer",
            "hvem giver pengene",
            "hvor kommer pengene fra",
            "hvem kommer pengene fra",
            "kommer pengene",
            "betaler for",
        ),
    ),
    (
        "per_year",
        frozenset({"årlig"}),
        ("aarlig",),
        ("om aaret", "pr aar", "pr. aar", "per aar", "hvert aar", "aarligt", "a year", "per year"),
    ),
    (
        "start",
        frozenset({"starte", "start", "begynde", "begyndelse", "opstart"}),
        (),
        ("i luften", "i gang", "paa banen"),
    ),
    (
        "now",
        frozenset({"nu", "aktuel", "status", "stadig", "fortsat", "bekræfte", "afklare", "now", "currently"}),
        (),
        ("i dag", "lige nu", "for tiden", "i aar"),
    ),
    (
        "designation",
        frozenset({"udpege", "udpegning", "udnævne", "genudpege", "genudpegning", "appoint"}),
        ("udpeg", "genudpeg"),
        (
            "staar bag",
            "bag de",
            "bag klyngerne",
            "bag programmet",
            "bag klyngeprogrammet",
            "staar for udpegningen",
        ),
    ),
)


# Set phrases whose words are no trade: "gik klyngerne i luften?" is not about air (miljø).
IDIOMS = re.compile(r"\b(?:i luften|i gang|på banen|paa banen)\b", re.IGNORECASE)


def _part_of(word: str, part: str) -> bool:
    """A word begins with `part`, or holds it anywhere when written "*part" ("erhvervsministeren")."""
    return part[1:] in word if part.startswith("*") else word.startswith(part)


# "now" alone ("hvad sker der nu?") is no programme question; with one of these words it is.
_PROGRAMME_WORDS = ("klynge", "program", "cluster")


def programme_subject(words) -> str | None:
    """What a question about the programme asks for ("press", "start", "per_year" …), else None."""
    lemmas = {w.lemma for w in words}
    folded = [fold(w.text) for w in words]
    joined = " " + " ".join(folded) + " "
    about_programme = any(w.startswith(_PROGRAMME_WORDS) for w in folded)
    for subject, subject_lemmas, prefixes, phrases in PROGRAMME_SUBJECTS:
        if subject == "now" and not about_programme:
            continue
        if lemmas & subject_lemmas or any(_part_of(w, p) for w in folded for p in prefixes):
            return subject
        if any(f" {phrase} " in joined for phrase in phrases):
            return subject
    return None


@dataclass(frozen=True)
class Entity:
    entity: str
    value: Any
    start: int
    end: int
    confidence: float = 1.0

    def as_rasa(self, text: str) -> dict:
        return {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "value_text": text[self.start : self.end],
            "confidence_entity": self.confidence,
        }


@dataclass(frozen=True)
class Hints:
    refers_back: bool = False
    about_offices: bool = False
    candidates: tuple[str, ...] = ()  # cluster ids a description reads like, best first
    subject: str | None = None  # what a programme question asks for (PROGRAMME_SUBJECTS)
    # For a request to meet someone (bot/contact_details.py, bot/meeting_time.py):
    request_kind: str | None = None  # "meeting", "desk", "callback"
    email: str | None = None
    phone: str | None = None
    wanted: dict | None = None  # {"day", "at", "text"} or {"problem": "no-such-day", "text"}

    def as_dict(self) -> dict:
        return {
            "refers_back": self.refers_back,
            "about_offices": self.about_offices,
            "candidates": list(self.candidates),
            "subject": self.subject,
            "request_kind": self.request_kind,
            "email": self.email,
            "phone": self.phone,
            "wanted": self.wanted,
        }


@dataclass(frozen=True)
class Reading:
    entities: tuple[Entity, ...]
    hints: Hints


ROOT = Path(__file__).resolve().parent.parent
# What a Reader's answers depend on: the code under bot/ and the data it reads.
READER_SOURCES = ("bot/**/*.py", "data/clusters/**/*.yml", "data/geo/*")


def sources_fingerprint() -> str:
    """A hash of everything a Reader depends on, so a trained model knows when its entities went stale."""
    digest = hashlib.sha256()
    for pattern in READER_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


# -- reading a message ---------------------------------------------------------------------------
class Reader:
    """Reads messages against one dataset and gazetteer (build once: the indexes take a second)."""

    def __init__(self, dataset: Dataset, gazetteer: Gazetteer):
        self.dataset = dataset
        self.gazetteer = gazetteer
        self.matcher = Matcher(dataset, gazetteer.names())
        self.index = ClusterIndex(dataset)

    def read(self, text: str, today: date) -> Reading:
        text = text or ""
        words = analyse(text)
        about_offices = bool({word.lemma for word in words} & OFFICE_WORDS)
        back = refers_back(words)
        places = self._places(text, about_offices)
        entities = [*places]
        matches = self.matcher.find(text)
        # About a cluster named or meant ("deres"), an office or contact word is no trade:
        # "LD Clusters satellit" is an office, "hvad er deres hjemmeside?" asks for a website.
        about_a_cluster = back or any(m.kind == CLUSTER for m in matches)
        idioms = [Entity("idiom", None, i.start(), i.end()) for i in IDIOMS.finditer(text)]
        for m in matches:
            if m.kind not in (CLUSTER, AREA) or _overlaps(*m.span, places):
                continue  # a place's name is no trade ("kobenhavn" is no typo of an area word)
            if m.kind == AREA and _overlaps(*m.span, idioms):
                continue
            if m.kind == AREA and about_a_cluster and _lemma(m.text) in OFFICE_WORDS | CONTACT_WORDS:
                continue
            confidence = min(1.0, m.score / max(1, len(m.text.split())))
            entities.append(
                self._cluster_by_area(text, m.target, m.span, confidence)
                if m.kind == AREA
                else self._cluster(text, m.target, m.span, confidence)
            )
        span = find_span(text, today)
        if span is not None and span.text:
            start = _locate(text, span.text)
            if start is not None and not _overlaps(start, start + len(span.text), entities):
                entities.append(Entity("date", date_value(span), start, start + len(span.text)))
        entities.sort(key=lambda e: e.start)
        named = any(e.entity in (CLUSTER, AREA) for e in entities)
        hints = Hints(
            refers_back=back,
            about_offices=about_offices,
            candidates=() if named else tuple(self.index.rank(words)),
            subject=programme_subject(words),
            **_request_hints(text, today),
        )
        return Reading(tuple(entities), hints)

    def _cluster(self, text: str, cluster: str, span: tuple[int, int], confidence: float) -> Entity:
        """A cluster's name, with the "klyngen" people add to it ("MADE klyngen")."""
        following = _CLUSTER_WORD.match(text, span[1])
        return Entity(CLUSTER, cluster, span[0], following.end() if following else span[1], confidence)

    def _cluster_by_area(self, text: str, area: str, span: tuple[int, int], confidence: float) -> Entity:
        """An area word followed by "klyngen"/"cluster" names that area's cluster ("life science klyngen")."""
        following = _CLUSTER_WORD.match(text, span[1])
        owners = self.dataset.clusters_for_area(area)
        if following and len(owners) == 1:
            return Entity(CLUSTER, owners[0].id, span[0], following.end(), confidence)
        return Entity(AREA, area, *span, confidence=confidence)

    def _places(self, text: str, about_offices: bool) -> list[Entity]:
        """The place the message names; "7500 Holstebro" is a postcode and a town, both for that place."""
        # Cluster names blanked out (same length): "Odense Robotics … uden for Odense" is the second Odense.
        blanked = self.matcher.without_cluster_names(text)
        resolution = self.gazetteer.find_in_text(blanked, about_offices)
        if resolution is None:
            return []
        start = _locate(blanked, resolution.query)
        if start is None:
            return []
        value, query = place_value(resolution), resolution.query
        number = _POSTCODE_THEN_NAME.match(query)
        if number:
            return [
                Entity("postcode", value, start, start + number.end(1)),
                Entity("town", value, start + number.start(2), start + len(query)),
            ]
        kind = "postcode" if query.strip()[:1].isdigit() else "town"
        return [Entity(kind, value, start, start + len(query))]


def _request_hints(text: str, today: date) -> dict:
    """What a message tells for a request: its kind, an e-mail, a phone, the day and time wanted."""
    email, phone = find_email(text), find_phone(text)
    wanted = meeting_time.find(text, today)
    if isinstance(wanted, meeting_time.MeetingTime):
        wanted_value = {
            "day": wanted.day.isoformat(),
            "at": wanted.at.strftime("%H:%M") if wanted.at else None,
            "text": wanted.text,
        }
    elif isinstance(wanted, meeting_time.Refusal):
        wanted_value = {"problem": wanted.reason, "text": wanted.text}
    else:
        at = meeting_time.read_time(text)
        wanted_value = {"day": None, "at": at.strftime("%H:%M"), "text": ""} if at else None
    return {
        "request_kind": request_kind(text),
        "email": email[0] if email else None,
        "phone": phone[0] if phone else None,
        "wanted": wanted_value,
    }


_CLUSTER_WORD = re.compile(r"[ -]?(klyngen|klynge|cluster|clusteret)\b", re.IGNORECASE)
_POSTCODE_THEN_NAME = re.compile(r"(?:dk-?)?(\d{4})\s+(\S.*)$", re.IGNORECASE)


def _lemma(text: str) -> str:
    words = analyse(text)
    return words[0].lemma if len(words) == 1 else ""


def _locate(text: str, part: str) -> int | None:
    if not part:
        return None
    start = text.find(part)
    if start < 0:
        start = text.casefold().find(part.casefold())
    return start if start >= 0 else None


def _overlaps(start: int, end: int, entities: list[Entity]) -> bool:
    return any(start < e.end and e.start < end for e in entities)
