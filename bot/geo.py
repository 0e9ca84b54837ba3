"""Danish places for "nearest office": turn what a user types into a point, and measure distances.

The gazetteer is the small set of files in data/geo/ (GeoNames postcodes and towns built by
scripts/build_gazetteer.py, the hand-written kommune table and a list of place names that are
also ordinary words). Nothing here reaches the network; the files are read once per process.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, TypeVar, Union

from bot.text import fold, words

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"

REGIONS = (
    "Region Nordjylland",
    "Region Midtjylland",
    "Region Syddanmark",
    "Region Sjælland",
    "Region Hovedstaden",
)

# Places of one name closer than this are one place (a town, its postcodes and its GeoNames
# point); farther apart they are namesakes (Viby J / Viby Sj.) and the user has to choose.
SAME_PLACE_KM = 20.0
# A one-letter slip is forgiven only in long names: measured against spaCy's Danish lexicon,
# a 5-letter rule turned 1,400 ordinary words into towns ("bedre" -> Beder, "forum" -> Farum).
MIN_TYPO_QUERY, MIN_TYPO_NAME = 7, 8

_REGION_ALIASES = {
    "Region Nordjylland": ("Nordjylland", "Region Nord", "North Denmark", "North Denmark Region"),
    "Region Midtjylland": ("Midtjylland", "Region Midt", "Central Jutland", "Central Denmark"),
    "Region Syddanmark": ("Syddanmark", "Region Syd", "South Denmark", "Southern Denmark"),
    "Region Sjælland": ("Sjælland", "Region Zealand", "Zealand"),
    "Region Hovedstaden": (
        "Hovedstaden",
        "Hovedstadsområdet",
        "Hovedstadsregionen",
        "Region H",
        "Capital Region",
    ),
}
# Informal names that belong in the NLU lookup table beside the official ones.
_INFORMAL_NAMES = ("Kbh",)

# Abbreviations Danes write for the first word of a place name ("Nr. Nebel", "Kgs. Lyngby").
_PREFIXES = {"nr": "noerre", "sdr": "soender", "st": "store", "ll": "lille", "kgs": "kongens", "kr": "kirke"}
# Informal names of the capital, standing for "København" wherever they appear ("Kbh Ø").
_ALIASES = {"kbh": "koebenhavn", "cph": "koebenhavn"}
# Long and short spellings of a last word that the postal names use interchangeably
# ("Viby Sjælland" / "Viby Sj.", "Nykøbing Falster" / "Nykøbing F", "Vejle Øst" / "Vejle Ø").
_SUFFIX_SPELLINGS = {
    "sjaelland": "sj",
    "sjaell": "sj",
    "jylland": "j",
    "jyll": "j",
    "falster": "f",
    "mors": "m",
    "lolland": "l",
    "oest": "oe",
    "vest": "v",
    "nord": "n",
    "syd": "s",
}
# Last words that only tell districts or namesakes apart: "Aarhus C" is in Aarhus, "Viby J" a Viby.
_DISTRICTS = frozenset(
    "c k n s v oe j m f l sj nv sv noe soe st by fyn sydfyn thy vestj midtsj djurs stevns aeroe".split()
)

# Words before a place name in a sentence ("i Give", "fra Hals", "tæt på Vejle").
_CUES = frozenset("i fra ved naer omkring paa udenfor mod til in from near around".split())
# A cue after one of these says where someone is, so even "jeg bor i ry" means the town.
_WHEREABOUTS = frozenset(
    "bor bosat boende kommer ligger holder hjemme live lives living located based".split()
)
_POSTCODE_CUES = frozenset("postnummer postnummeret postnr zip".split())
# "i 2000 år", "i 1500 kr.": four digits followed by a unit are not a postcode.
_UNITS = frozenset(
    "aar kr kroner dkk euro dage timer minutter km meter procent pct stk mennesker personer "
    "ansatte medlemmer virksomheder kunder gange".split()
)
# "i 2019" is a year far more often than 2000 Frederiksberg … 2100 København Ø.
_YEARS = range(1900, 2100)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(^|[.!?:;\n])[\s\"'(]*$")
_MAX_NAME_WORDS = 4

Point = tuple[float, float]
T = TypeVar("T")


@dataclass(frozen=True)
class Place:
    name: str  # as people write it: "Holstebro", "Viby J", "Vesthimmerlands Kommune", "Region Sjælland"
    kind: str  # "postcode" | "town" | "kommune" | "region" | "landsdel"
    postcode: str | None  # the postcode; for a town its own postcode when it has one
    kommune: str | None  # "Holstebro Kommune"; None for regions (and Christiansø)
    region: str  # one of REGIONS
    lat: float
    lon: float
    island: str | None  # "Bornholm", "Ærø", "Samsø", … when the place is reached by ferry


@dataclass(frozen=True)
class Resolution:
    query: str
    status: str  # "found" | "ambiguous" | "unknown" | "invalid_postcode"
    places: tuple[Place, ...]  # one when found, two or more when ambiguous, () otherwise


# --------------------------------------------------------------------------- names to keys


def place_key(text: str) -> str:
    """The lookup key of a place name: folded, punctuation dropped, abbreviations spelled out."""
    tokens = [part for word in words(fold(text)) for part in word.replace("'", "").split("-") if part]
    tokens = [_ALIASES.get(token, token) for token in tokens]
    if len(tokens) > 1:
        tokens[0] = _PREFIXES.get(tokens[0], tokens[0])
        tokens[-1] = _SUFFIX_SPELLINGS.get(tokens[-1], tokens[-1])
    return " ".join(tokens)


def bare_key(key: str) -> str:
    """The key without a district suffix: "aarhus c" -> "aarhus", "viby sj" -> "viby"."""
    head, _, last = key.rpartition(" ")
    return head if head and last in _DISTRICTS else key


def loose_key(key: str) -> str:
    """The key as typed on a keyboard without æ, ø, å: "koebenhavn" -> "kobenhavn"."""
    return key.replace("aa", "a").replace("oe", "o").replace("ae", "a")


def _slips(key: str) -> set[str]:
    """Strings one typing slip from key that keep its first two letters (people see those)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(key[:i], key[i:]) for i in range(2, len(key) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | swaps | replaces | inserts) - {key}


# --------------------------------------------------------------------------- distances


def _point(where: Union[Place, Point]) -> Point:
    return (where.lat, where.lon) if isinstance(where, Place) else (where[0], where[1])


def distance_km(a: Union[Place, Point], b: Union[Place, Point]) -> float:
    """Straight-line (haversine) distance in km between places or (lat, lon) pairs; water is ignored."""
    (lat1, lon1), (lat2, lon2) = _point(a), _point(b)
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def rank_by_distance(
    origin: Union[Place, Point], items: Iterable[T], point: Callable[[T], Point]
) -> list[tuple[T, float]]:
    """The items with their distance in km from origin, nearest first (ties keep input order)."""
    ranked = [(item, distance_km(origin, point(item))) for item in items]
    return sorted(ranked, key=lambda pair: pair[1])


# --------------------------------------------------------------------------- namesakes


@dataclass(frozen=True)
class _Candidate:
    """A place a name may mean, and what decides which one stands for a cluster of them."""

    place: Place
    population: int
    exact: bool  # the name is the place's own name, not an alternative or its town without district


def _cluster(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Candidates grouped so that each group's members chain together within SAME_PLACE_KM."""
    groups: list[list[_Candidate]] = []
    for candidate in candidates:
        near = [g for g in groups if any(distance_km(c.place, candidate.place) <= SAME_PLACE_KM for c in g)]
        groups = [g for g in groups if g not in near] + [[c for g in near for c in g] + [candidate]]
    return groups


def _representative(group: list[_Candidate], among_namesakes: bool) -> Place:
    """The place that stands for one cluster of same-named candidates.

    A bare town name means the town ("Aarhus", not "Aarhus C"), but when the user has to choose
    between namesakes the postal names are the ones that differ ("Viby J", "Viby Sjælland").
    """
    pool = [c for c in group if c.exact] or group
    towns = [c for c in pool if c.place.kind == "town"]
    postal = [c for c in group if c.place.kind == "postcode"]
    if postal and (among_namesakes or not towns):
        return min(postal, key=lambda c: (not c.exact, c.place.postcode or "")).place
    return max(towns, key=lambda c: c.population).place


# --------------------------------------------------------------------------- text scanning


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    key: str
    capital: bool
    sentence_start: bool


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(
            text=m.group(),
            start=m.start(),
            end=m.end(),
            key=place_key(m.group()),
            capital=m.group()[:1].isupper(),
            sentence_start=bool(_SENTENCE_END.search(text[: m.start()])),
        )
        for m in _TOKEN.finditer(text)
    ]


def _cue(tokens: list[_Token], i: int) -> str | None:
    """ "strong" after "bor i"/"kommer fra", "weak" after a bare preposition, else None."""
    if i == 0 or tokens[i - 1].key not in _CUES:
        return None
    verbs = {t.key for t in tokens[max(0, i - 3) : i - 1]}
    return "strong" if verbs & _WHEREABOUTS else "weak"


def _unknown_whereabouts(tokens: list[_Token]) -> Resolution | None:
    """ "Jeg bor i Xyzby": a capitalised word after "bor i"/"kommer fra" is meant as a place even
    when no gazetteer knows it, so the user hears that it is unknown rather than being asked again."""
    for i, token in enumerate(tokens):
        if _cue(tokens, i) == "strong" and token.capital and token.key.replace(" ", "").isalpha():
            return Resolution(token.text, "unknown", ())
    return None


def _pick(hits: list[Resolution]) -> Resolution | None:
    """The first place mentioned, unless a later one settles it ("Viby … 8260")."""
    if not hits:
        return None
    first = hits[0]
    for later in hits[1:]:
        if first.status == "found":
            break
        if later.status == "found" and (
            first.status == "invalid_postcode"
            or any(distance_km(later.places[0], p) <= SAME_PLACE_KM for p in first.places)
        ):
            return later
    return first


# --------------------------------------------------------------------------- the gazetteer


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: its tables are dicts
class Gazetteer:
    """Danish postcodes, towns, kommuner and regions, and how to find them in what people type."""

    postcodes: Mapping[str, Place]  # "7500" -> Place
    towns: Mapping[str, tuple[Place, ...]]  # key of a town or postal name -> the place, or namesakes
    kommuner: Mapping[str, Place]  # key of "Holstebro Kommune", "Vesthimmerland" -> Place
    regions: Mapping[str, Place]  # key of "Region Sjælland", "Sjælland" -> Place
    parts: Mapping[str, Place]  # key of a landsdel or other part ("Fyn", "Sønderjylland") -> Place
    part_kommuner: Mapping[str, frozenset[str]]  # a part's name -> the official names of its kommuner
    loose: Mapping[str, str]  # loose_key -> the one key it stands for
    common_words: frozenset[str]  # keys of place names that are also ordinary words
    lookup_names: tuple[str, ...]

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> "Gazetteer":
        """The gazetteer in folder (data/geo by default), read once per process."""
        return _load(Path(folder).resolve())

    def resolve(self, query: str) -> Resolution:
        """What a short text names (an entity value, a one-line reply): postcode, town, kommune or region."""
        tokens = place_key(query).split()
        if tokens[:1] == ["dk"] and tokens[1:2] and tokens[1].isdigit():
            tokens = tokens[1:]
        if not tokens:
            return Resolution(query, "unknown", ())
        if tokens[0].isdigit():
            # "7500", "7500 Holstebro": the postcode decides; the name only repeats it.
            return self._postcode(query, tokens[0])
        key = " ".join(tokens)
        return _resolution(query, self._lookup(key) or self._lookup_slip(key))

    def find_in_text(self, text: str, asks_for_place: bool = False) -> Resolution | None:
        """The place a whole message mentions ("jeg bor i 7500 Holstebro"), or None when it names none.

        `asks_for_place`: the message asks where something is ("nærmeste kontor 99999"), so a bare
        number that is no year is read as a postcode, right or wrong, rather than ignored.
        """
        if self._is_just_a_place(text):
            resolution = self.resolve(text)
            if resolution.status == "invalid_postcode" and text.strip().isdigit() and int(text) in _YEARS:
                return None  # "2022" alone, after a question about a year, is that year
            return resolution
        tokens = _tokens(text)
        hits: list[Resolution] = []
        i = 0
        while i < len(tokens):
            used, hit = self._number_at(text, tokens, i, asks_for_place)
            if hit is None:
                used, hit = self._name_at(text, tokens, i)
            if hit is not None:
                hits.append(hit)
            i += max(used, 1)
        found = _pick(hits)
        if found is not None:
            return found
        unknown = _unknown_whereabouts(tokens)
        if unknown is None:
            return None
        # Where someone says they live, a slip of the keyboard is still that town ("bor i Hostebro").
        slipped = self.resolve(unknown.query)
        return slipped if slipped.status == "found" else unknown

    def town(self, name: str) -> Place | None:
        """The place of an office's town as the dataset writes it ("Aalborg", "Horslunde"), or None."""
        key = place_key(name)
        places = self.towns.get(key, ())
        if len(places) == 1:
            return places[0]
        # Among namesakes an office's town is the postal town of that very name.
        return next((p for p in places if p.kind == "postcode" and place_key(p.name) == key), None)

    def names(self) -> list[str]:
        """Town, postal, kommune and region names as people type them, for an NLU lookup table.

        Names that are also ordinary words ("Hals", "Give", "Vejen") are left out: a lookup
        table matches regardless of case and context.
        """
        return list(self.lookup_names)

    def contains(self, area: Place, place: Place) -> bool:
        """Whether `place` lies in `area` (a region, landsdel, kommune, or the kommune of a town)."""
        if area.kind == "region":
            return place.region == area.region
        if area.kind == "landsdel":
            return place.kommune in self.part_kommuner.get(area.name, frozenset())
        return place.kommune == area.kommune

    def region(self, name: str) -> str | None:
        """The canonical region for a region-ish name ("Sjælland" -> "Region Sjælland"), else None."""
        place = self.regions.get(place_key(name))
        return place.region if place else None

    # ----------------------------------------------------------------------- internals

    def _postcode(self, query: str, digits: str) -> Resolution:
        place = self.postcodes.get(digits) if len(digits) == 4 else None
        if place is None:
            return Resolution(query, "invalid_postcode", ())
        return Resolution(query, "found", (place,))

    def _lookup(self, key: str, genitive: bool = True) -> tuple[Place, ...] | None:
        """The place(s) a key names; order: region, "X Kommune", town or postal name, bare kommune name."""
        if key in self.regions:
            return (self.regions[key],)
        if key in self.parts:
            return (self.parts[key],)
        if key.endswith("kommune"):
            return (self.kommuner[key],) if key in self.kommuner else None
        if key in self.towns:
            return self.towns[key]
        if key in self.kommuner:
            return (self.kommuner[key],)
        if loose_key(key) in self.loose:
            return self._lookup(self.loose[loose_key(key)], genitive=False)
        if genitive and key.endswith("s") and len(key) > 4:
            return self._lookup(key[:-1], genitive=False)  # "Aalborgs", "Odenses"
        return None

    def _lookup_slip(self, key: str) -> tuple[Place, ...] | None:
        """The one place a long name is a typing slip away from ("Holstebroo", "Silkebog"), else None."""
        if len(key) < MIN_TYPO_QUERY or self._is_ordinary_word(key) or not key.replace(" ", "").isalpha():
            return None
        found = {
            self._lookup(near, genitive=False)
            for near in _slips(key)
            if len(near) >= MIN_TYPO_NAME and (near in self.towns or near in self.kommuner)
        }
        if len(found) == 1:
            (places,) = found
            return places if places and len(places) == 1 else None
        return None

    def _is_ordinary_word(self, key: str) -> bool:
        """Whether a key is an ordinary word that also names a place, also in its genitive ("gives")
        or typed without æ/ø/å ("morke")."""
        stems = {key, key[:-1]} if key.endswith("s") else {key}
        return any(stem in self.common_words or loose_key(stem) in self.common_words for stem in stems)

    def _is_just_a_place(self, text: str) -> bool:
        """Whether the whole message is a postcode or a place name, as in a one-word reply."""
        key = place_key(text)
        tokens = key.split()
        if not tokens or (
            len(tokens) == 1 and self._is_ordinary_word(key) and not text.strip()[:1].isupper()
        ):
            return False
        if tokens[0] == "dk":
            tokens = tokens[1:]
        if len(tokens) == 1 and tokens[0].isdigit():
            return len(tokens[0]) >= 4  # "14" answers something else; "0000" and "99999" are bad postcodes
        if tokens and tokens[0].isdigit() and len(tokens[0]) == 4:
            tokens = tokens[1:]
        return bool(tokens) and self._lookup(" ".join(tokens)) is not None

    def _number_at(
        self, text: str, tokens: list[_Token], i: int, asks_for_place: bool = False
    ) -> tuple[int, Resolution | None]:
        """A postcode at token i: before a place name, after "postnummer" or "DK-", after "i/fra"
        when it is not a year, or anywhere in a question for a place when it is no year."""
        token = tokens[i]
        if not token.key.isdigit():
            return 0, None
        if len(token.key) == 4 and i + 1 < len(tokens):
            used, named = self._name_after_number(tokens, i + 1)
            if named is not None:
                postcode = self._postcode(text[token.start : tokens[i + used].end], token.key)
                # A wrong postcode beside a good name ("0000 Holstebro"): the name is the clue to trust.
                return 1 + used, postcode if postcode.status == "found" else named
        before = tokens[i - 1].key if i else ""
        if before in _POSTCODE_CUES:
            return 1, self._postcode(token.text, token.key)
        if before == "dk" and text[tokens[i - 1].end : token.start] == "-" and len(token.key) == 4:
            return 1, self._postcode(text[tokens[i - 1].start : token.end], token.key)
        after = tokens[i + 1].key if i + 1 < len(tokens) else ""
        if after in _UNITS:
            return 1, None
        if asks_for_place and 3 <= len(token.key) <= 6 and int(token.key) not in _YEARS:
            return 1, self._postcode(token.text, token.key)
        if len(token.key) != 4:
            return 1, None
        cue = _cue(tokens, i)
        if cue == "strong" or (cue == "weak" and int(token.key) not in _YEARS):
            return 1, self._postcode(token.text, token.key)
        return 1, None

    def _name_after_number(self, tokens: list[_Token], i: int) -> tuple[int, Resolution | None]:
        for n in range(min(_MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            key = place_key(" ".join(t.text for t in span))
            if any(t.key.isdigit() for t in span) or (self._is_ordinary_word(key) and not span[0].capital):
                continue
            places = self._lookup(key)
            if places:
                return n, _resolution(" ".join(t.text for t in span), places)
        return 0, None

    def _name_at(self, text: str, tokens: list[_Token], i: int) -> tuple[int, Resolution | None]:
        """The longest place name starting at token i that reads as a place in this sentence."""
        for n in range(min(_MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if any(t.key.isdigit() for t in span):
                continue
            original = text[span[0].start : span[-1].end]
            key = place_key(original)
            places = self._lookup(key)
            if places and self._reads_as_place(tokens, i, key, n):
                return n, _resolution(original, places)
            if places and self._is_ordinary_word(key):
                return n, None  # an ordinary phrase ("indre by"): its words are not names either
        return 1, None

    def _reads_as_place(self, tokens: list[_Token], i: int, key: str, n: int) -> bool:
        """Whether a name found in a sentence is meant as a place, not the ordinary word it may also be.

        Danish capitalises proper nouns only, so a capital letter inside a sentence or a
        preposition in front ("i/fra/ved/nær") marks a place; a name that is also an ordinary
        word ("ring", "give", "hals") needs both, or a verb saying where someone is ("bor i").
        """
        first = tokens[i]
        cue = _cue(tokens, i)
        if self._is_ordinary_word(key):
            return (first.capital and cue is not None) or (cue == "strong" and n == 1)
        if n > 1 or cue is not None:
            return True
        if first.capital:
            return not first.sentence_start or len(key) >= 4
        return len(key) >= 4


def _resolution(query: str, places: tuple[Place, ...] | None) -> Resolution:
    if not places:
        return Resolution(query, "unknown", ())
    return Resolution(query, "found" if len(places) == 1 else "ambiguous", places)


# --------------------------------------------------------------------------- loading


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _mean_point(places: list[Place]) -> Point:
    return (
        round(sum(p.lat for p in places) / len(places), 4),
        round(sum(p.lon for p in places) / len(places), 4),
    )


def _place(row: dict[str, str], kind: str) -> Place:
    return Place(
        name=row["name"],
        kind=kind,
        postcode=row.get("postcode") or None,
        kommune=row.get("kommune") or None,
        region=row["region"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        island=row.get("island") or None,
    )


def _postal_candidates(postcodes: dict[str, Place]) -> dict[str, list[_Candidate]]:
    """Each postal name as one place ("København K" at the mean of its 232 postcodes), by key."""
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in postcodes.values():
        by_name[place.name].append(place)
    candidates: dict[str, list[_Candidate]] = defaultdict(list)
    for name, places in by_name.items():
        first = min(places, key=lambda p: p.postcode or "")
        lat, lon = _mean_point(places)
        group = Place(name, "postcode", first.postcode, first.kommune, first.region, lat, lon, first.island)
        key = place_key(name)
        candidates[key].append(_Candidate(group, 0, exact=True))
        if bare_key(key) != key:
            candidates[bare_key(key)].append(_Candidate(group, 0, exact=False))
    return candidates


def _town_candidates(rows: list[dict[str, str]]) -> dict[str, list[_Candidate]]:
    """Each GeoNames town under its name, its alternative names and those without district."""
    candidates: dict[str, list[_Candidate]] = defaultdict(list)
    for row in rows:
        place = _place(row, "town")
        own = place_key(row["name"])
        keys = {own} | {place_key(n) for n in row["alternatenames"].split("|") if n}
        for key in keys | {bare_key(k) for k in keys}:
            candidates[key].append(_Candidate(place, int(row["population"] or 0), exact=key == own))
    return candidates


def _kommune_places(
    rows: list[dict[str, str]], towns: Mapping[str, tuple[Place, ...]], postcodes: Mapping[str, Place]
) -> dict[str, Place]:
    """Each kommune at its main town, under its full name, its short name and both with "Kommune"."""
    kommuner: dict[str, Place] = {}
    for row in rows:
        main = postcodes[row["main_postcode"]]
        town = next(
            (p for p in towns.get(place_key(row["main_town"]), ()) if distance_km(p, main) <= SAME_PLACE_KM),
            main,
        )
        place = Place(
            row["kommune"], "kommune", None, row["kommune"], row["region"], town.lat, town.lon, main.island
        )
        stem = re.sub(r"\s+(regions)?kommune$", "", row["kommune"], flags=re.IGNORECASE)
        for name in (
            row["kommune"],
            stem,
            f"{stem} Kommune",
            row["short_name"],
            f"{row['short_name']} Kommune",
        ):
            kommuner[place_key(name)] = place
    return kommuner


def _region_places(kommuner: Mapping[str, Place]) -> dict[str, Place]:
    """Each region at the mean of its kommuner, under its name and its aliases."""
    regions: dict[str, Place] = {}
    for name in REGIONS:
        # Island kommuner stay out of the mean: Bornholm would drag Hovedstaden's point into the sea.
        members = list(
            {p.name: p for p in kommuner.values() if p.region == name and p.island is None}.values()
        )
        lat, lon = _mean_point(members)
        place = Place(name, "region", None, None, name, lat, lon, None)
        for alias in (name,) + _REGION_ALIASES[name]:
            regions[place_key(alias)] = place
    return regions


def _part_places(
    rows: list[dict[str, str]], kommuner: Mapping[str, Place]
) -> tuple[dict[str, Place], dict[str, frozenset[str]]]:
    """Each landsdel or other part at the mean of its kommuner (islands reached by ferry left out of
    the mean), under its name and aliases; and the official names of its kommuner."""
    parts: dict[str, Place] = {}
    members: dict[str, frozenset[str]] = {}
    for row in rows:
        inside = [kommuner[place_key(short)] for short in row["kommuner"].split("|")]
        mainland = [p for p in inside if p.island is None] or inside
        lat, lon = _mean_point(mainland)
        regions = {p.region for p in inside}
        place = Place(
            row["name"], "landsdel", None, None, regions.pop() if len(regions) == 1 else "", lat, lon, None
        )
        members[row["name"]] = frozenset(p.name for p in inside)
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            parts[place_key(alias)] = place
    return parts, members


def _lookup_names(
    postcode_rows: list[dict[str, str]],
    town_rows: list[dict[str, str]],
    kommune_rows: list[dict[str, str]],
    common_words: list[str],
) -> tuple[str, ...]:
    names = {row["name"] for row in postcode_rows + town_rows}
    # Old Danish spellings of a town's name ("Århus", "Ålborg") are still typed.
    names |= {
        alternate
        for row in town_rows
        for alternate in row["alternatenames"].split("|")
        if alternate and fold(alternate) == fold(row["name"])
    }
    names |= {row["kommune"] for row in kommune_rows} | {row["short_name"] for row in kommune_rows}
    names |= set(REGIONS) | {alias for aliases in _REGION_ALIASES.values() for alias in aliases[:3]}
    names |= set(_INFORMAL_NAMES)
    # Compared as written, not folded: "Aars" is no ordinary word although "års" is.
    ordinary = {word.casefold() for word in common_words}
    return tuple(sorted((n for n in names if n.casefold() not in ordinary), key=lambda n: (fold(n), n)))


@lru_cache(maxsize=None)
def _load(folder: Path) -> Gazetteer:
    postcode_rows = _rows(folder / "postcodes.csv")
    town_rows = _rows(folder / "towns.csv")
    kommune_rows = _rows(folder / "kommuner.csv")
    lines = (folder / "common_words.txt").read_text(encoding="utf-8").splitlines()
    ordinary = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    keys = {place_key(word) for word in ordinary}

    postcodes = {row["postcode"]: _place(row, "postcode") for row in postcode_rows}
    candidates = _postal_candidates(postcodes)
    for key, found in _town_candidates(town_rows).items():
        candidates[key].extend(found)
    towns: dict[str, tuple[Place, ...]] = {}
    for key, found in candidates.items():
        groups = _cluster(found)
        towns[key] = tuple(_representative(group, among_namesakes=len(groups) > 1) for group in groups)

    kommuner = _kommune_places(kommune_rows, towns, postcodes)
    regions = _region_places(kommuner)
    parts, part_kommuner = _part_places(_rows(folder / "landsdele.csv"), kommuner)

    # "Koge" stands for Køge only when no other name loses its æ/ø/å the same way.
    spelled: dict[str, set[str]] = defaultdict(set)
    for key in list(towns) + list(kommuner):
        spelled[loose_key(key)].add(key)
    loose = {
        short: next(iter(keys))
        for short, keys in spelled.items()
        if short not in towns and short not in kommuner and len(keys) == 1
    }

    return Gazetteer(
        postcodes=postcodes,
        towns=towns,
        kommuner=kommuner,
        regions=regions,
        parts=parts,
        part_kommuner=part_kommuner,
        loose=loose,
        common_words=frozenset(keys | {loose_key(key) for key in keys}),
        lookup_names=_lookup_names(postcode_rows, town_rows, kommune_rows, ordinary),
    )
