"""Answers about the cluster programme: counts, money, designation, history, strongholds — for a date."""

from __future__ import annotations

from datetime import date

from bot.answers import Answer, Button, day, hedge, is_past, join_lines, listing, sources, when, where_to_ask
from bot.answers.clusters import ACTIVE, UNKNOWN, status_on
from bot.answers.programme_topics import dated, latest, now_lines, office_count
from bot.dataset import Cluster, Dataset
from bot.dates import DateSpan

HISTORY_SHOWN = 8


def _day_asked(span: DateSpan, today: date) -> date:
    """The day an answer is about: the end of the span asked about, never later than today."""
    return min(span.end, today)


# -- counts ---------------------------------------------------------------------------------------
def count(dataset: Dataset, about_offices: bool, span: DateSpan, today: date) -> Answer:
    """How many clusters (or offices, when the question says so) there were on the date asked about."""
    if about_offices:
        return office_count(dataset, None, span, today)
    return _count_clusters(dataset, span, today)


def _count_clusters(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    first, last = span.start, _day_asked(span, today)
    asked, was = when(span).capitalize(), "var" if is_past(span, today) else "er"
    states = {c.id: status_on(dataset, c, last) for c in dataset.clusters.values()}
    active = [c for c in dataset.clusters.values() if states[c.id] == ACTIVE]
    unknown = [c for c in dataset.clusters.values() if states[c.id] == UNKNOWN]
    designated = min((c.designated_on for c in dataset.clusters.values()), default=None)
    if designated is None or last < designated:
        return Answer(
            f"De nationale klynger blev først udpeget {day(designated)}, så {when(span)} var der ingen "
            "af dem."
        )
    if unknown:
        return _count_in_unknown_programme(dataset, last, asked, active)
    ended_within = [
        c for c in dataset.clusters.values() if c.ended_on is not None and first < c.ended_on <= last
    ]
    lines = [f"{asked} {was} der {len(active)} nationale klynger."]
    if ended_within:
        before = len(active) + len(ended_within)
        lines = [
            f"{asked} var der først {before} nationale klynger og derefter {len(active)}, fordi "
            + "; ".join(
                f"{c.name} {c.ended.extra.get('reason') or 'ophørte'} ({day(c.ended.value)})"
                for c in ended_within
            )
            + "."
        ]
    stated = latest([f for f in dataset.counts if f.extra.get("subject") == "clusters"], last)
    return Answer(
        join_lines(*lines, sources(stated, *(c.ended for c in ended_within), today=today)),
        (Button("Vis alle klynger", "list_clusters"),),
    )


def _count_in_unknown_programme(dataset: Dataset, on: date, asked: str, confirmed) -> Answer:
    """How many clusters in a programme whose full list no source gives: the stated counts, then
    what is confirmed and what is not."""
    programme = dataset.programme_on(on)
    stated = [f for f in dataset.counts if programme and programme.start <= f.as_of.start <= programme.end]
    lines = [f"{asked} gælder {programme.name if programme else 'en periode, jeg ikke kender'}."]
    lines += [dated(f) for f in stated[:2]]
    status, facts = now_lines(dataset, on, brief=True)
    lines += status[1:]
    return Answer(
        join_lines(*lines, sources(*stated, *facts)),
        (Button("Vis alle klynger", "list_clusters"),),
    )


# -- money -----------------------------------------------------------------------------------------
def funding(dataset: Dataset, span: DateSpan, today: date, cluster: Cluster | None = None) -> Answer:
    """What the programme covering the date gives the clusters, or what one named cluster got."""
    on = _day_asked(span, today)
    programme = dataset.programme_on(on) or (dataset.programmes[-1] if dataset.programmes else None)
    if cluster is not None:
        return _cluster_funding(dataset, cluster, today)
    facts = [
        f
        for f in dataset.about(dataset.funding, None)
        if programme and f.extra.get("programme") == programme.id
    ]
    if not facts:
        return Answer(
            f"Hvor mange penge klyngerne fik {when(span)}, står ikke i mine kilder. "
            f"{where_to_ask(dataset, on)}"
        )
    lines = [f"{programme.name}:"] + [f"- {f.value}" for f in facts[:4]]
    return Answer(join_lines(*lines, sources(*facts, today=today)))


def _cluster_funding(dataset: Dataset, cluster: Cluster, today: date) -> Answer:
    facts = dataset.about(dataset.funding, cluster.id)
    if not facts:
        return Answer(
            f"Hvor mange penge {cluster.name} har fået, står ikke i mine kilder. {where_to_ask(dataset, today)}",
            cluster=cluster.id,
        )
    lines = [f"- {dated(f)}" for f in facts]
    return Answer(join_lines(*lines, sources(*facts)), cluster=cluster.id)


# -- designation and programme -------------------------------------------------------------------
def programme(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """Who designated the clusters, when, and the programme periods."""
    on = _day_asked(span, today)
    lines = []
    for p in dataset.programmes:
        marker = " (gælder nu)" if p.covers(today) else ""
        designated = p.designated
        who = designated.extra.get("by")
        if designated.value:
            lines.append(
                f"- {p.name}{marker}: udpeget {day(designated.value)}" + (f" af {who}" if who else "") + "."
            )
        else:
            lines.append(
                f"- {p.name}{marker}: {designated.note or 'hvilke klynger der er udpeget, står ikke i mine kilder'}"
                + (f" Udpegningen foretages af {who}{hedge(designated)}." if who else "")
            )
    what = next((f for f in dataset.facts if f.extra.get("topic") == "klyngeorganisation"), None)
    current = dataset.programme_on(on)
    return Answer(
        join_lines(
            what.value if what else "",
            "Klyngeprogrammets perioder:",
            *lines,
            sources(what, *(p.designated for p in dataset.programmes), today=today),
        ),
        (
            Button("Hvor mange penge får klyngerne?", "ask_funding"),
            Button("Hvad har ændret sig?", "ask_history"),
        )
        if current
        else (),
    )


def history(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """The programme's dated timeline: the latest events, or those in the period asked about."""
    on = _day_asked(span, today)
    events = [e for e in dataset.about(dataset.events, None) if e.as_of.start <= on]
    if span.text:
        events = [e for e in events if span.start <= e.as_of.start] or events
    shown = events[-HISTORY_SHOWN:]
    if not shown:
        return Answer("Jeg kender ingen begivenheder i klyngeprogrammet før den dato.")
    lines = [f"Det vigtigste, der er sket med de nationale klynger{' ' + when(span) if span.text else ''}:"]
    lines += [f"- {day(e.as_of)}: {e.value}" for e in shown]
    return Answer(
        join_lines(*lines, sources(*shown, limit=3)), (Button("Hvor mange klynger er der?", "ask_count"),)
    )


def strongholds(dataset: Dataset, today: date) -> Answer:
    """The strongholds and emerging areas, and which cluster (if any) each has."""
    lines = []
    for kind, title in (("styrkeposition", "Styrkepositioner"), ("spirende", "Spirende områder")):
        areas = [a for a in dataset.areas.values() if a.kind.value == kind]
        parts = []
        for area in areas:
            clusters = dataset.clusters_for_area(area.id)
            owner = listing([c.name for c in clusters]) if clusters else "ingen klynge"
            parts.append(f"{area.name_da.lower()} ({owner})")
        lines.append(f"{title}: " + "; ".join(parts) + ".")
    notes = [f.value for f in dataset.strongholds[:1]]
    return Answer(join_lines(*notes, *lines, sources(*dataset.strongholds[:1], today=today)))
