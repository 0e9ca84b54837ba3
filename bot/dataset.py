"""Loads the cluster dataset in data/clusters/ into frozen dataclasses, failing loudly when it is broken.

The files and their rules are described in data/clusters/README.md. Loading checks everything
that needs only the dataset itself (sources, dates, ids, names); `bot.validate` adds the checks
that need the gazetteer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from bot.dates import DateSpan, parse_fact_date
from bot.text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clusters"
CERTAINTIES = ("stated", "inferred", "conflicting")
OFFICE_ROLES = ("hovedsæde", "afdeling", "hub", "satellit", "repræsentation")
PERIOD_STATUSES = ("designated", "funded", "not-funded", "unknown")
AREA_KINDS = ("styrkeposition", "spirende")


class DatasetError(ValueError):
    """The dataset breaks a rule of data/clusters/README.md; the message lists every problem."""


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    title: str
    publisher: str | None
    date: DateSpan | None


@dataclass(frozen=True)
class Fact:
    """A value with the source that states it and the date the source says it held."""

    value: Any
    source: Source
    as_of: DateSpan
    certainty: str = "stated"
    note: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_certain(self) -> bool:
        return self.certainty == "stated"


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    fact: Fact


@dataclass(frozen=True)
class PeriodStatus:
    programme: str
    status: str
    fact: Fact | None  # None when the status is unknown
    note: str | None = None


@dataclass(frozen=True)
class Office:
    cluster_id: str
    town: str | None
    region: str | None
    role: str
    host: str | None
    street: str | None
    postcode: str | None
    opened: DateSpan | None
    closed: DateSpan | None
    fact: Fact  # value is the town (or region); source and as_of of the office as a whole

    @property
    def is_headquarters(self) -> bool:
        return self.role == "hovedsæde"

    def is_open(self, on: date) -> bool:
        """Whether the office existed on that day as far as the sources tell."""
        if self.closed is not None and self.closed.start <= on:
            return False
        return self.opened is None or self.opened.start <= on


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str
    aliases: tuple[str, ...]
    areas: tuple[str, ...]
    description: Fact | None
    website: Fact | None
    email: Fact | None
    phone: Fact | None
    people: tuple[Person, ...]
    designated: Fact
    ended: Fact | None
    periods: tuple[PeriodStatus, ...]
    offices: tuple[Office, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def headquarters(self) -> Office | None:
        return next((office for office in self.offices if office.is_headquarters), None)

    def is_active(self, on: date) -> bool:
        """Designated by that day and not yet ended."""
        if self.designated_on > on:
            return False
        return self.ended_on is None or self.ended_on > on

    @property
    def designated_on(self) -> date:
        return parse_fact_date(self.designated.value).start

    @property
    def ended_on(self) -> date | None:
        return None if self.ended is None else parse_fact_date(self.ended.value).start

    def period(self, programme: str) -> PeriodStatus | None:
        return next((p for p in self.periods if p.programme == programme), None)


@dataclass(frozen=True)
class Area:
    id: str
    name_da: str
    name_en: str
    kind: Fact  # value: "styrkeposition" or "spirende"
    scope: Fact | None
    vocabulary: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    start: date
    end: date
    designated: Fact
    fact: Fact
    # What the sources do not tell about the programme, said plainly in answers about "now".
    open_questions: tuple[str, ...] = ()

    def covers(self, on: date) -> bool:
        return self.start <= on <= self.end


@dataclass(frozen=True)
class Contact:
    """Where to ask when the dataset does not know."""

    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    url: str | None
    fact: Fact
    # What the body answers for: "klyngeprogrammet" (the programme's desk), "presse", "støtteorgan".
    role: str = "klyngeprogrammet"
    # The days this body is the desk for the programme (`desk: {from, until}`); None: no bound.
    desk_from: date | None = None
    desk_until: date | None = None

    def is_desk_on(self, on: date) -> bool:
        return (self.desk_from is None or self.desk_from <= on) and (
            self.desk_until is None or on <= self.desk_until
        )


@dataclass(frozen=True)
class Dataset:
    sources: dict[str, Source]
    areas: dict[str, Area]
    clusters: dict[str, Cluster]
    programmes: tuple[Programme, ...]
    # Programme-level facts; extra["cluster"] ties one to a cluster where the file says so.
    counts: tuple[Fact, ...]  # value is the number; extra["subject"] says of what, extra["text"] in words
    funding: tuple[Fact, ...]  # value is a Danish sentence; extra["programme"]
    events: tuple[Fact, ...]  # value is a Danish sentence; as_of is the event's date
    strongholds: tuple[Fact, ...]
    facts: tuple[Fact, ...]  # extra["topic"]
    contacts: tuple[Contact, ...]

    def about(self, facts: tuple[Fact, ...], cluster_id: str | None) -> list[Fact]:
        """The facts of a programme section about one cluster (None: about the programme as a whole)."""
        return [fact for fact in facts if fact.extra.get("cluster") == cluster_id]

    def clusters_for_area(self, area_id: str) -> list[Cluster]:
        return [c for c in self.clusters.values() if area_id in c.areas]

    def cluster_id(self, value: str) -> str | None:
        """The cluster an entity value stands for: its id, or a name or alias as written (any case,
        æ/ø/å folded). Klyngebot's own NLU sends ids; another NLU ("marlog") or a payload may not."""
        return value if value in self.clusters else self._ids[0].get(fold(value))

    def area_id(self, value: str) -> str | None:
        """The area an entity value stands for: its id, name or a vocabulary term as written."""
        return value if value in self.areas else self._ids[1].get(fold(value))

    @functools.cached_property
    def _ids(self) -> tuple[dict[str, str], dict[str, str]]:
        clusters = {fold(name): c.id for c in self.clusters.values() for name in (c.id, *c.names)}
        areas = {
            fold(term): a.id
            for a in self.areas.values()
            for term in (a.id, a.name_da, a.name_en, *a.vocabulary)
        }
        return clusters, areas

    def active_clusters(self, on: date) -> list[Cluster]:
        return [c for c in self.clusters.values() if c.is_active(on)]

    def programme_on(self, on: date) -> Programme | None:
        return next((p for p in self.programmes if p.covers(on)), None)

    def programme(self, programme_id: str) -> Programme | None:
        return next((p for p in self.programmes if p.id == programme_id), None)

    def offices(self, on: date | None = None) -> list[Office]:
        """Every office with a known town, open on `on` when given."""
        return [
            office
            for cluster in self.clusters.values()
            for office in cluster.offices
            if office.town and (on is None or (cluster.is_active(on) and office.is_open(on)))
        ]


@functools.lru_cache(maxsize=4)
def load(folder: Path = DATA_DIR) -> Dataset:
    """The dataset in `folder`, loaded once per process; DatasetError lists every problem."""
    return _Loader(Path(folder)).load()


class _Loader:
    """Builds the dataclasses and collects every rule broken on the way, to report them at once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.errors: list[str] = []
        self.sources: dict[str, Source] = {}
        self.used_sources: set[str] = set()

    # -- files -----------------------------------------------------------------------------
    def load(self) -> Dataset:
        self.sources = self._sources(self._read("sources.yml").get("sources") or {})
        areas = self._areas(self._read("areas.yml").get("areas") or [])
        clusters = self._clusters(sorted((self.folder / "clusters").glob("*.yml")), areas)
        programme = self._read("programme.yml")
        dataset = Dataset(
            sources=self.sources,
            areas=areas,
            clusters=clusters,
            programmes=tuple(self._programmes(programme.get("programmes") or [])),
            counts=self._facts(
                programme,
                "counts",
                value_key="value",
                extra_keys=("subject", "text", "approximate", "cluster", "region"),
            ),
            funding=self._facts(
                programme,
                "funding",
                value_key="text",
                extra_keys=("programme", "cluster", "per_year", "total", "payers"),
            ),
            events=self._facts(
                programme, "events", value_key="text", date_key="date", extra_keys=("cluster",)
            ),
            strongholds=self._facts(programme, "strongholds", value_key="text"),
            facts=self._facts(programme, "facts", value_key="text", extra_keys=("topic", "cluster")),
            contacts=tuple(self._contacts(programme.get("contacts") or [])),
        )
        unused = sorted(set(self.sources) - self.used_sources)
        if unused:
            self.errors.append(f"sources.yml: sources no fact cites: {', '.join(unused)}")
        if self.errors:
            raise DatasetError("the cluster dataset is broken:\n- " + "\n- ".join(self.errors))
        return dataset

    def _read(self, name: str) -> dict:
        path = self.folder / name
        try:
            with path.open(encoding="utf-8") as handle:
                return yaml.safe_load(handle) or {}
        except (OSError, yaml.YAMLError) as error:
            self.errors.append(f"{name}: cannot read: {error}")
            return {}

    # -- facts -----------------------------------------------------------------------------
    def _date(self, value: Any, where: str) -> DateSpan | None:
        try:
            return parse_fact_date(value)
        except (ValueError, TypeError) as error:
            self.errors.append(f"{where}: date {value!r} does not parse: {error}")
            return None

    def _fact(
        self,
        raw: Any,
        where: str,
        value_key: str = "value",
        date_key: str = "as_of",
        extra_keys: Iterable[str] = (),
    ) -> Fact | None:
        """A sourced fact, or None (after recording why) when it breaks the rules."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.errors.append(f"{where}: a fact must be a mapping with value, source and as_of")
            return None
        source_id = raw.get("source")
        source = self.sources.get(source_id) if source_id else None
        if source is None:
            self.errors.append(f"{where}: missing or unknown source {source_id!r}")
        else:
            self.used_sources.add(source.id)
        if raw.get(date_key) is None:
            self.errors.append(f"{where}: missing {date_key}")
        as_of = self._date(raw.get(date_key), where) if raw.get(date_key) is not None else None
        certainty = raw.get("certainty", "stated")
        if certainty not in CERTAINTIES:
            self.errors.append(f"{where}: certainty {certainty!r} is not one of {CERTAINTIES}")
        if certainty != "stated" and not raw.get("note"):
            self.errors.append(f"{where}: a {certainty} fact needs a note saying why")
        if source is None or as_of is None:
            return None
        return Fact(
            value=raw.get(value_key),
            source=source,
            as_of=as_of,
            certainty=certainty,
            note=raw.get("note"),
            extra={key: raw.get(key) for key in extra_keys},
        )

    def _facts(
        self,
        section: dict,
        name: str,
        value_key: str,
        date_key: str = "as_of",
        extra_keys: Iterable[str] = (),
    ) -> tuple[Fact, ...]:
        facts = []
        for index, raw in enumerate(section.get(name) or []):
            fact = self._fact(raw, f"programme.yml {name}[{index}]", value_key, date_key, extra_keys)
            if fact is not None:
                facts.append(fact)
        return tuple(facts)

    # -- sources ---------------------------------------------------------------------------
    def _sources(self, raw: dict) -> dict[str, Source]:
        sources = {}
        for source_id, entry in raw.items():
            where = f"sources.yml {source_id}"
            url = (entry or {}).get("url") or ""
            if not url.startswith(("https://", "http://")):
                self.errors.append(f"{where}: url must be an http(s) address, got {url!r}")
            if not (entry or {}).get("title"):
                self.errors.append(f"{where}: missing title")
            published = entry.get("date") if entry else None
            sources[source_id] = Source(
                id=source_id,
                url=url,
                title=(entry or {}).get("title") or "",
                publisher=(entry or {}).get("publisher"),
                date=self._date(published, where) if published is not None else None,
            )
        return sources

    # -- areas -----------------------------------------------------------------------------
    def _areas(self, raw: list) -> dict[str, Area]:
        areas: dict[str, Area] = {}
        owner: dict[str, str] = {}
        for entry in raw:
            area_id = entry.get("id")
            where = f"areas.yml {area_id}"
            if not area_id or area_id in areas:
                self.errors.append(f"{where}: missing or duplicate id")
                continue
            kind = self._fact(entry.get("kind"), f"{where} kind")
            if kind is not None and kind.value not in AREA_KINDS:
                self.errors.append(f"{where}: kind {kind.value!r} is not one of {AREA_KINDS}")
            vocabulary = tuple(str(term).strip() for term in entry.get("vocabulary") or [])
            for term in vocabulary:
                key = fold(term)
                if key in owner and owner[key] != area_id:
                    self.errors.append(f"{where}: '{term}' is also in the vocabulary of {owner[key]}")
                owner[key] = area_id
            name = entry.get("name") or {}
            if not name.get("da") or not name.get("en"):
                self.errors.append(f"{where}: needs name.da and name.en")
            if kind is None:
                self.errors.append(f"{where}: needs a sourced kind")
                continue
            areas[area_id] = Area(
                id=area_id,
                name_da=name.get("da", ""),
                name_en=name.get("en", ""),
                kind=kind,
                scope=self._fact(entry.get("scope"), f"{where} scope"),
                vocabulary=vocabulary,
            )
        return areas

    # -- clusters --------------------------------------------------------------------------
    def _clusters(self, paths: list[Path], areas: dict[str, Area]) -> dict[str, Cluster]:
        clusters: dict[str, Cluster] = {}
        names: dict[str, str] = {}
        vocabulary = {fold(term): area.id for area in areas.values() for term in area.vocabulary}
        for path in paths:
            raw = self._read(f"clusters/{path.name}")
            cluster = self._cluster(raw, path.stem, areas)
            if cluster is None:
                continue
            if cluster.id in clusters:
                self.errors.append(f"clusters/{path.name}: duplicate id {cluster.id}")
            for name in cluster.names:
                key = fold(name)
                if key in names and names[key] != cluster.id:
                    self.errors.append(f"clusters/{path.name}: name '{name}' is also used by {names[key]}")
                if key in vocabulary:
                    self.errors.append(
                        f"clusters/{path.name}: name '{name}' is also a vocabulary word of {vocabulary[key]}"
                    )
                names[key] = cluster.id
            clusters[cluster.id] = cluster
        return clusters

    def _cluster(self, raw: dict, stem: str, areas: dict[str, Area]) -> Cluster | None:
        where = f"clusters/{stem}.yml"
        cluster_id = raw.get("id")
        if cluster_id != stem:
            self.errors.append(f"{where}: id {cluster_id!r} must equal the file name")
        if not raw.get("name"):
            self.errors.append(f"{where}: missing name")
        for area_id in raw.get("areas") or []:
            if area_id not in areas:
                self.errors.append(f"{where}: unknown area {area_id!r}")
        if not raw.get("areas"):
            self.errors.append(f"{where}: needs at least one area")
        designated = self._fact(raw.get("designated"), f"{where} designated")
        ended = self._fact(raw.get("ended"), f"{where} ended", extra_keys=("reason", "detail"))
        for label, fact in (("designated", designated), ("ended", ended)):
            if fact is not None:
                self._date(fact.value, f"{where} {label} value")
        if designated is None:
            self.errors.append(f"{where}: needs a sourced designated date")
            return None
        return Cluster(
            id=stem,
            name=raw.get("name") or stem,
            aliases=tuple(raw.get("aliases") or ()),
            areas=tuple(raw.get("areas") or ()),
            description=self._fact(raw.get("description"), f"{where} description"),
            website=self._fact(raw.get("website"), f"{where} website"),
            email=self._fact(raw.get("email"), f"{where} email"),
            phone=self._fact(raw.get("phone"), f"{where} phone"),
            people=tuple(self._people(raw.get("people") or [], where)),
            designated=designated,
            ended=ended,
            periods=tuple(self._periods(raw.get("periods") or [], where)),
            offices=tuple(self._offices(raw.get("offices") or [], stem, where)),
        )

    def _people(self, raw: list, where: str) -> Iterable[Person]:
        for index, entry in enumerate(raw):
            fact = self._fact(entry, f"{where} people[{index}]", value_key="name")
            if fact is not None and entry.get("name") and entry.get("role"):
                yield Person(name=entry["name"], role=entry["role"], fact=fact)
            elif fact is not None:
                self.errors.append(f"{where} people[{index}]: needs name and role")

    def _periods(self, raw: list, where: str) -> Iterable[PeriodStatus]:
        for index, entry in enumerate(raw):
            here = f"{where} periods[{index}]"
            status = entry.get("status")
            if status not in PERIOD_STATUSES:
                self.errors.append(f"{here}: status {status!r} is not one of {PERIOD_STATUSES}")
            fact = None if status == "unknown" and not entry.get("source") else self._fact(entry, here)
            if status != "unknown" and fact is None:
                continue
            yield PeriodStatus(
                programme=str(entry.get("value")), status=status, fact=fact, note=entry.get("note")
            )

    def _when(self, raw: Any, where: str) -> DateSpan | None:
        """An office's opening or closing: a plain date (the office's own source says it) or a
        fact with a source of its own (MARLOG's offices closed with its bankruptcy)."""
        if raw is None:
            return None
        if isinstance(raw, dict):
            fact = self._fact(raw, where)
            return self._date(fact.value, where) if fact is not None else None
        return self._date(raw, where)

    def _offices(self, raw: list, cluster_id: str, where: str) -> Iterable[Office]:
        for index, entry in enumerate(raw):
            here = f"{where} offices[{index}]"
            town, region = entry.get("town"), entry.get("region")
            if not town and not region:
                self.errors.append(f"{here}: needs a town or, when no source names one, a region")
            if entry.get("role") not in OFFICE_ROLES:
                self.errors.append(f"{here}: role {entry.get('role')!r} is not one of {OFFICE_ROLES}")
            postcode = entry.get("postcode")
            if postcode is not None and not (
                isinstance(postcode, str) and postcode.isdigit() and len(postcode) == 4
            ):
                self.errors.append(f"{here}: postcode must be four digits in quotes, got {postcode!r}")
            fact = self._fact({**entry, "value": town or region}, here)
            if fact is None:
                continue
            yield Office(
                cluster_id=cluster_id,
                town=town,
                region=region,
                role=entry.get("role"),
                host=entry.get("host"),
                street=entry.get("street"),
                postcode=postcode,
                opened=self._when(entry.get("opened"), f"{here} opened"),
                closed=self._when(entry.get("closed"), f"{here} closed"),
                fact=fact,
            )

    # -- programme -------------------------------------------------------------------------
    def _programmes(self, raw: list) -> Iterable[Programme]:
        for entry in raw:
            where = f"programme.yml programmes {entry.get('id')}"
            fact = self._fact(
                {**entry, "value": entry.get("name"), "as_of": entry.get("as_of") or entry.get("start")},
                where,
            )
            designated = self._fact(entry.get("designated"), f"{where} designated", extra_keys=("by",))
            start = self._date(entry.get("start"), f"{where} start")
            end = self._date(entry.get("end"), f"{where} end")
            if None in (fact, designated, start, end):
                self.errors.append(f"{where}: needs name, start, end, source and a sourced designated")
                continue
            yield Programme(
                id=str(entry["id"]),
                name=entry["name"],
                start=start.start,
                end=end.end,
                designated=designated,
                fact=fact,
                open_questions=tuple(str(q) for q in entry.get("open_questions") or ()),
            )

    def _contacts(self, raw: list) -> Iterable[Contact]:
        for index, entry in enumerate(raw):
            fact = self._fact({**entry, "value": entry.get("name")}, f"programme.yml contacts[{index}]")
            if fact is None:
                continue
            desk = {
                bound: self._date(value, f"programme.yml contacts[{index}] desk.{bound}")
                for bound, value in (entry.get("desk") or {}).items()
            }
            since, until = desk.get("from"), desk.get("until")
            yield Contact(
                name=entry.get("name", ""),
                emails=tuple(_as_list(entry.get("email"))),
                phones=tuple(_as_list(entry.get("phone"))),
                url=entry.get("url"),
                fact=fact,
                role=str(entry.get("role") or "klyngeprogrammet"),
                desk_from=since.start if since else None,
                desk_until=until.end if until else None,
            )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
