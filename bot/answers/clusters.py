"""Answers about clusters: which one covers an area, what it is, how to reach it, where it sits, its status."""

from __future__ import annotations

from datetime import date

from bot.answers import (
    Answer,
    Button,
    cluster_button,
    day,
    hedge,
    is_past,
    join_lines,
    listing,
    sources,
    when,
    where_to_ask,
)
from bot.dataset import Area, Cluster, Dataset, Office
from bot.dates import DateSpan

# The programme a date falls in decides what "active" can mean; these are the states a user hears.
ACTIVE, ENDED, NOT_YET, UNKNOWN = "active", "ended", "not-yet", "unknown"


def status_on(dataset: Dataset, cluster: Cluster, on: date) -> str:
    """Whether a cluster was a national cluster on a day, as far as the sources tell."""
    if on < cluster.designated_on:
        return NOT_YET
    if cluster.ended_on is not None and on >= cluster.ended_on:
        return ENDED
    programme = dataset.programme_on(on)
    if programme is None:
        # Between designation and the first programme's start the cluster is designated.
        first = min(dataset.programmes, key=lambda p: p.start, default=None)
        return ACTIVE if first is not None and on < first.start else UNKNOWN
    period = cluster.period(programme.id)
    return ACTIVE if period is not None and period.status in ("designated", "funded") else UNKNOWN


def cluster_buttons(cluster: Cluster, *skip: str) -> tuple[Button, ...]:
    """The natural next questions about a cluster (a cluster that ended cannot be visited or called)."""
    choices = (
        ("ask_cluster_info", "Hvad laver klyngen?"),
        ("ask_contact", "Kontakt"),
        ("ask_offices", "Kontorer"),
        ("ask_nearest_office", "Nærmeste kontor"),
    )
    if cluster.ended is not None:
        skip = (*skip, "ask_contact", "ask_nearest_office")
    return tuple(cluster_button(cluster, intent, title) for intent, title in choices if intent not in skip)


def _area_names(dataset: Dataset, cluster: Cluster) -> str:
    return listing([dataset.areas[a].name_da.lower() for a in cluster.areas if a in dataset.areas])


def _status_sentence(dataset: Dataset, cluster: Cluster, today: date) -> str:
    state = status_on(dataset, cluster, today)
    if state == ENDED:
        return ended_story(cluster)
    programme = dataset.programme_on(today)
    if state == ACTIVE:
        return f"Den er national klynge i {programme.name if programme else 'klyngeprogrammet'}."
    if programme is not None:
        return f"Om den er udpeget i {programme.name}, står ikke i mine kilder."
    return ""


def ended_story(cluster: Cluster) -> str:
    """ "MARLOG gik konkurs … . Ifølge formanden …": how a cluster that ended, ended."""
    reason = cluster.ended.extra.get("reason") or f"ophørte {day(cluster.ended.value)}"
    return join_sentences(f"{cluster.name} {reason}.", cluster.ended.extra.get("detail") or "")


def join_sentences(*sentences: str) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


# -- which cluster covers an area -------------------------------------------------------------
def for_areas(dataset: Dataset, area_ids: list[str], today: date) -> Answer:
    """Which cluster covers each of the areas (at most three), as of today."""
    parts, facts, buttons = [], [], []
    focus: Cluster | None = None
    for area_id in area_ids[:3]:
        area = dataset.areas[area_id]
        text, cluster, area_facts = _for_area(dataset, area, today)
        parts.append(text)
        facts.extend(area_facts)
        if cluster is not None:
            focus = focus or cluster
            buttons.extend(
                cluster_buttons(cluster, "ask_nearest_office")[:2]
                if len(area_ids) == 1
                else [cluster_button(cluster, "ask_cluster_info")]
            )
    return Answer(
        join_lines(*parts, sources(*facts, today=today)),
        tuple(buttons),
        cluster=focus.id if focus else None,
        area=area_ids[0],
    )


def _for_area(dataset: Dataset, area: Area, today: date) -> tuple[str, Cluster | None, list]:
    clusters = dataset.clusters_for_area(area.id)
    living = [c for c in clusters if status_on(dataset, c, today) != ENDED]
    if living:
        cluster = living[0]
        hq = cluster.headquarters
        where = f" Hovedsædet ligger i {hq.town}{hedge(hq.fact)}." if hq and hq.town else ""
        web = f" Hjemmeside: {cluster.website.value}" if cluster.website else ""
        return (
            f"{area.name_da} hører under {cluster.name}.{where}{web}",
            cluster,
            [area.scope, cluster.designated],
        )
    if clusters:
        ended = clusters[0]
        successors = [
            f for f in dataset.about(dataset.facts, ended.id) if f.extra.get("topic") == "efterfoelger"
        ]
        return (
            join_sentences(
                f"{area.name_da} havde {ended.name} som national klynge.",
                ended_story(ended),
                successors[0].value if successors else "Jeg kender ingen ny national klynge for området.",
                where_to_ask(dataset, today),
            ),
            None,
            [ended.ended, *successors[:1]],
        )
    return (
        f"{area.name_da} er en {area.kind.value}, men der er ingen national klynge for området.",
        None,
        [area.kind],
    )


def no_area_found(dataset: Dataset, candidates: list[Cluster] = ()) -> Answer:
    """The question back when no area was recognised; clusters the words read like become buttons."""
    if candidates:
        return Answer(
            "Jeg kender ikke lige det område, men måske mener du en af disse klynger?",
            (
                *(cluster_button(c, "ask_cluster_info") for c in candidates),
                Button("Vis alle klynger", "list_clusters"),
            ),
        )
    examples = [area.name_da.lower() for area in list(dataset.areas.values())[:4]]
    return Answer(
        "Jeg kunne ikke se, hvilket område eller hvilken branche du mener. "
        f"Skriv fx {listing(examples)}, eller beskriv kort, hvad jeres virksomhed laver.",
        (Button("Vis alle klynger", "list_clusters"),),
    )


# -- one cluster ------------------------------------------------------------------------------
def info(dataset: Dataset, cluster: Cluster, today: date) -> Answer:
    """What the cluster is and does, who leads it and whether it is still active."""
    what = (
        cluster.description.value
        if cluster.description
        else f"{cluster.name} er national klynge for {_area_names(dataset, cluster)}."
    )
    leaders = [f"{p.role}: {p.name}" for p in cluster.people[:2]]
    lead = f"Ledelse ({day(cluster.people[0].fact.as_of)}): {'; '.join(leaders)}." if leaders else ""
    return Answer(
        join_lines(
            what,
            _status_sentence(dataset, cluster, today),
            lead,
            sources(cluster.description, cluster.ended, today=today),
        ),
        cluster_buttons(cluster, "ask_cluster_info"),
        cluster=cluster.id,
    )


def contact(dataset: Dataset, cluster: Cluster, today: date) -> Answer:
    """Website, e-mail and phone, saying plainly which of them nobody could source."""
    lines = [f"Sådan kontakter du {cluster.name}:"]
    if status_on(dataset, cluster, today) == ENDED:
        lines = [ended_story(cluster), "Det sidste, mine kilder kender:"]
    unknown = []
    for label, fact in (
        ("Hjemmeside", cluster.website),
        ("E-mail", cluster.email),
        ("Telefon", cluster.phone),
    ):
        if fact is None:
            unknown.append(label.lower())
        else:
            lines.append(f"- {label}: {fact.value}{hedge(fact)}")
    for person in cluster.people[:1]:
        lines.append(f"- {person.role.capitalize()}: {person.name} ({day(person.fact.as_of)})")
    if unknown:
        lines.append(
            f"Klyngens {listing(unknown)} er ukendt for mig. "
            + ("Se klyngens hjemmeside, eller spørg " if cluster.website else "Spørg ")
            + where_to_ask(dataset, today)[len("Spørg ") :]
        )
    # A person, not just an address: the request form (actions/request_form.py), for a living cluster.
    book = () if cluster.ended is not None else (cluster_button(cluster, "request_contact", "Book et møde"),)
    return Answer(
        join_lines(*lines, sources(cluster.website, cluster.email, cluster.phone, today=today)),
        (*book, *cluster_buttons(cluster, "ask_contact")),
        cluster=cluster.id,
    )


def describe_office(office: Office) -> str:
    """An office in a line: "Aarhus (hovedsæde): Agro Food Park, 8200 Aarhus N"."""
    place = office.town or f"{office.region} (by ukendt)"
    address = [part for part in (office.host, office.street) if part]
    if office.postcode:
        address.append(f"{office.postcode} {office.town or ''}".strip())
    where = ", ".join(dict.fromkeys(address)) if address else "adresse ukendt"
    return f"{place} ({office.role}){hedge(office.fact)}: {where}"


def offices(dataset: Dataset, cluster: Cluster, today: date) -> Answer:
    """Headquarters first, then every other office the sources name; closed ones said to be closed."""
    ordered = sorted(cluster.offices, key=lambda o: (not o.is_headquarters, o.town is None, o.town or ""))
    if not ordered:
        return Answer(
            join_lines(
                f"Jeg kender ingen adresse eller by for {cluster.name}'s kontorer.",
                f"Hjemmeside: {cluster.website.value}" if cluster.website else where_to_ask(dataset, today),
            ),
            cluster_buttons(cluster, "ask_offices"),
            cluster=cluster.id,
        )
    open_now = [o for o in ordered if o.is_open(today) and status_on(dataset, cluster, today) != ENDED]
    closed = [o for o in ordered if o not in open_now]
    lines = [
        f"{cluster.name} har disse kontorer:"
        if open_now
        else f"{cluster.name} har ingen åbne kontorer længere."
    ]
    lines += [f"- {describe_office(o)}" for o in open_now]
    if closed:
        lines.append(
            "Lukket: "
            + "; ".join(
                f"{o.town or o.region} (lukket {day(o.closed) if o.closed else ''})".replace(" ()", "")
                for o in closed
            )
        )
    if cluster.headquarters is None:
        lines.append("Hvor hovedsædet ligger, står ikke i mine kilder.")
    return Answer(
        join_lines(*lines, sources(*(o.fact for o in ordered), today=today)),
        cluster_buttons(cluster, "ask_offices"),
        cluster=cluster.id,
    )


def status(dataset: Dataset, cluster: Cluster, span: DateSpan, today: date) -> Answer:
    """Whether the cluster was (or is) active on the date asked about, with its programme periods."""
    on = min(span.end, today)
    asked, was = when(span), "var" if is_past(span, today) else "er"
    state = status_on(dataset, cluster, on)
    programme = dataset.programme_on(on)
    if state == ENDED:
        text = join_sentences(f"Nej, {asked} {was} {cluster.name} ikke længere aktiv.", ended_story(cluster))
    elif state == NOT_YET:
        text = (
            f"Nej, {asked} {was} {cluster.name} endnu ikke national klynge. "
            f"Den blev udpeget {day(cluster.designated.value)}."
        )
    elif state == ACTIVE:
        during = f" i {programme.name}" if programme else f" (udpeget {day(cluster.designated.value)})"
        text = f"Ja, {asked} {was} {cluster.name} national klynge{during}."
        if cluster.ended is not None:
            text += f" Senere: {ended_story(cluster)}"
    else:
        text = join_sentences(
            f"Det ved jeg ikke sikkert. {cluster.name} var national klynge i 2021–2024, men om den er "
            f"udpeget i {programme.name if programme else 'den periode'}, står ikke i mine kilder.",
            where_to_ask(dataset, on),
        )
    notes = [p.note for p in cluster.periods if p.note and programme and p.programme == programme.id]
    facts = [cluster.designated, cluster.ended, *(p.fact for p in cluster.periods)]
    return Answer(
        join_lines(text, *notes[:1], sources(*facts, today=today)),
        cluster_buttons(cluster),
        cluster=cluster.id,
    )


# -- all clusters ------------------------------------------------------------------------------
def listing_answer(dataset: Dataset, today: date, span: DateSpan | None = None) -> Answer:
    """Every national cluster with its area; ended ones last; which are confirmed for the programme of
    the day asked about (today by default). Asked about a later programme, that comes first."""
    clusters = sorted(dataset.clusters.values(), key=lambda c: c.name.lower())
    living = [c for c in clusters if status_on(dataset, c, today) != ENDED]
    ended = [c for c in clusters if c not in living]
    lines = [
        f"De {len(clusters)} nationale klynger udpeget {day(clusters[0].designated.value)}:"
        if clusters
        else "Jeg kender ingen klynger."
    ]
    lines += [f"- {c.name} – {_area_names(dataset, c)}" for c in living]
    lines += [f"- {c.name} – {_area_names(dataset, c)} (ophørt {day(c.ended.value)})" for c in ended]
    on = min(span.end, today) if span is not None and span.text else today
    programme = dataset.programme_on(on)
    confirmed = [c.name for c in living if status_on(dataset, c, on) == ACTIVE]
    if programme is not None and len(confirmed) < len(living):
        unsure = (
            f"For {programme.name} bekræfter mine kilder kun {listing(confirmed) or 'ingen'}; "
            f"den fulde liste kender jeg ikke. {where_to_ask(dataset, on)}"
        )
        if on != today or (span is not None and span.text):
            lines.insert(0, unsure)
        else:
            lines.append(unsure)
    return Answer(
        join_lines(*lines, sources(clusters[0].designated if clusters else None, today=today)),
        tuple(cluster_button(c, "ask_cluster_info") for c in living),
    )


def which_cluster(dataset: Dataset, intent: str, today: date) -> Answer:
    """The question back when the user did not say which cluster, with one button per cluster."""
    clusters = sorted(
        (c for c in dataset.clusters.values() if status_on(dataset, c, today) != ENDED),
        key=lambda c: c.name.lower(),
    )
    return Answer(
        "Hvilken klynge mener du? Skriv navnet, eller vælg en her:",
        tuple(cluster_button(c, intent) for c in clusters),
    )
