"""Answers about places: the nearest office, clusters in a town or region, and asking where the user is."""

from __future__ import annotations

from datetime import date

from bot.answers import Answer, Button, cluster_button, join_lines, listing, sources, when
from bot.answers.clusters import ENDED, describe_office, status_on
from bot.dataset import Cluster, Dataset, Office
from bot.dates import DateSpan
from bot.geo import Gazetteer, Place, Resolution, rank_by_distance

NEAREST_SHOWN = 3


def ask_for_place(cluster: Cluster | None = None) -> Answer:
    whose = f"{cluster.name}s " if cluster else ""
    return Answer(
        f"Hvor bor du? Skriv en by eller et postnummer, så finder jeg {whose}nærmeste kontor.",
        cluster=cluster.id if cluster else None,
        awaits_place=True,
    )


def place_problem(resolution: Resolution, intent: str) -> Answer | None:
    """The question back when a place is ambiguous, unknown or a wrong postcode; None when found."""
    shown = _safe(resolution.query)
    if resolution.status == "ambiguous":
        return Answer(
            f"Der er flere steder, der hedder {shown}. Hvilket mener du?",
            tuple(Button(_label(place), intent, _entities(place)) for place in resolution.places[:6]),
            awaits_place=True,
        )
    if resolution.status == "invalid_postcode":
        return Answer(
            f"{shown} er ikke et dansk postnummer. Danske postnumre har fire cifre, fx 7500 "
            "for Holstebro. Prøv igen med dit postnummer eller din by.",
            awaits_place=True,
        )
    if resolution.status == "unknown":
        return Answer(
            f"Jeg kender ikke stedet »{shown}«. Skriv en dansk by, en kommune eller et "
            "postnummer, fx »8000 Aarhus C« eller »Holstebro«.",
            awaits_place=True,
        )
    return None


def _label(place: Place) -> str:
    return (
        f"{place.postcode} {place.name}"
        if place.postcode and place.postcode not in place.name
        else place.name
    )


def _entities(place: Place) -> dict:
    # A namesake without a postcode of its own is named by its kommune, which is unambiguous.
    if place.postcode:
        return {"postcode": place.postcode}
    return {"town": place.kommune or place.name}


def _safe(text: str, limit: int = 40) -> str:
    """The user's own words, cut short and with markup characters removed, fit to repeat back."""
    cleaned = "".join(ch for ch in text if ch not in "<>{}[]`*_|\\")
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _origin_name(place: Place) -> str:
    return (
        f"{place.name} ({place.postcode})"
        if place.postcode and place.postcode not in place.name
        else place.name
    )


def nearest(
    dataset: Dataset, gazetteer: Gazetteer, origin: Place, today: date, clusters: list[Cluster] | None = None
) -> Answer:
    """The nearest open offices, one per cluster (or the nearest offices of the named clusters)."""
    candidates = [
        o for o in dataset.offices(today) if clusters is None or o.cluster_id in {c.id for c in clusters}
    ]
    located = [(o, gazetteer.town(o.town)) for o in candidates]
    ranked = rank_by_distance(
        origin, [(o, p) for o, p in located if p is not None], lambda pair: (pair[1].lat, pair[1].lon)
    )
    shown: list[tuple[Office, Place, float]] = []
    seen_clusters: set[str] = set()
    for (office, place), km in ranked:
        # With no cluster named, one office per cluster makes a more useful top three.
        if clusters is None and office.cluster_id in seen_clusters:
            continue
        seen_clusters.add(office.cluster_id)
        shown.append((office, place, km))
        if len(shown) == NEAREST_SHOWN:
            break
    named = listing([c.name for c in clusters]) if clusters else ""
    if not shown:
        return _no_open_office(dataset, clusters, today)
    lines = [
        f"Nærmeste {named + '-' if len(clusters or []) == 1 else ''}kontorer fra {_origin_name(origin)}:"
        if len(shown) > 1
        else f"Nærmeste kontor fra {_origin_name(origin)}:"
    ]
    for index, (office, _place, km) in enumerate(shown, 1):
        cluster = dataset.clusters[office.cluster_id]
        web = f" – {cluster.website.value}" if cluster.website else ""
        lines.append(f"{index}. {cluster.name}: {describe_office(office)}, ca. {_km(km)}{web}")
    if origin.island and any(place.island != origin.island for _, place, _ in shown):
        lines.append(f"Afstanden er i fugleflugt; fra {origin.island} skal du over vandet.")
    else:
        lines.append("Afstande er i fugleflugt mellem bymidterne.")
    first = dataset.clusters[shown[0][0].cluster_id]
    return Answer(
        join_lines(*lines, sources(*(office.fact for office, _, _ in shown), today=today)),
        tuple(
            cluster_button(
                dataset.clusters[o.cluster_id],
                "ask_contact",
                f"Kontakt {dataset.clusters[o.cluster_id].name}",
            )
            for o, _, _ in shown
        ),
        cluster=first.id,
    )


def _km(km: float) -> str:
    return "under 1 km" if km < 1 else f"{round(km)} km"


def _no_open_office(dataset: Dataset, clusters: list[Cluster] | None, today: date) -> Answer:
    if clusters and all(status_on(dataset, c, today) == ENDED for c in clusters):
        names = listing([c.name for c in clusters])
        return Answer(f"{names} findes ikke længere, så der er ingen kontorer at besøge.")
    names = listing([c.name for c in clusters or []]) or "klyngerne"
    return Answer(
        f"Jeg kender ingen by for {names}s kontorer. Se klyngens hjemmeside for adressen.",
        tuple(cluster_button(c, "ask_contact", f"Kontakt {c.name}") for c in clusters or []),
    )


# Islands and parts of the country that are islands take "på": "på Fyn", "på Lolland-Falster".
_ISLAND_PARTS = frozenset(
    {"Fyn", "Sjælland", "Lolland-Falster", "Bornholm", "Lolland", "Falster", "Møn", "Als"}
)


def where(place: Place) -> str:
    """ "i Aarhus", "i Nordjylland", "på Fyn", "på Bornholm"."""
    if place.kind == "kommune" and place.island is not None:
        return f"på {place.island}"  # "på Bornholm" rather than "i Bornholms Regionskommune"
    island = place.name in _ISLAND_PARTS or place.name == place.island
    return f"{'på' if island else 'i'} {place.name}"


def in_place(
    dataset: Dataset, gazetteer: Gazetteer, place: Place, today: date, span: DateSpan | None = None
) -> Answer:
    """Clusters with an open office in a town, kommune or region, today or at the start of the
    dates asked about ("i 2021")."""
    asked = span is not None and bool(span.text)
    on = span.start if asked else today
    at = where(place) + (f" {when(span)}" if asked else "")

    def inside(office: Office) -> bool:
        located = gazetteer.town(office.town)
        if located is None:
            return False
        # A town or postcode stands for its kommune: "i Aarhus" includes an office in Skejby.
        return gazetteer.contains(place, located)

    found: dict[str, list[Office]] = {}
    for office in dataset.offices(on):
        if inside(office):
            found.setdefault(office.cluster_id, []).append(office)
    # Offices whose town no source names, but whose region one does, count for a region question.
    regional = [
        o
        for c in dataset.clusters.values()
        for o in c.offices
        if place.kind == "region"
        and o.town is None
        and o.region == place.region
        and status_on(dataset, c, on) != ENDED
        and o.is_open(on)
    ]
    for office in regional:
        found.setdefault(office.cluster_id, []).append(office)
    if not found:
        return Answer(
            f"Jeg kender ingen klyngekontorer {at}. Vil du se de nærmeste?",
            (Button(f"Nærmeste kontor fra {place.name}", "ask_nearest_office", _entities(place)),),
        )
    lines = [f"Klynger med kontor {at}:"]
    for cluster_id, offices in sorted(found.items(), key=lambda item: dataset.clusters[item[0]].name):
        towns = listing(sorted({o.town or f"{o.region}, by ukendt" for o in offices}))
        extra = (
            f" ({towns})" if place.kind != "town" else f" ({', '.join(sorted({o.role for o in offices}))})"
        )
        lines.append(f"- {dataset.clusters[cluster_id].name}{extra}")
    all_offices = [o for offices in found.values() for o in offices]
    return Answer(
        join_lines(*lines, sources(*(o.fact for o in all_offices), today=today)),
        tuple(cluster_button(dataset.clusters[c], "ask_offices", dataset.clusters[c].name) for c in found),
    )
