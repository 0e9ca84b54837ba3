"""Programme questions that name what they ask for: the answer leads with that subject.

"Hvor mange repræsentationer …?", "… i hovedstaden?", "hvornår gik klyngerne i luften?", "hvor
mange penge om året?", "hvem udpeger dem?", "hvad er pressetelefonen?", "hvad sagde
ministrene?", "hvilken lov …?": each subject (bot/understanding.py PROGRAMME_SUBJECTS) gets the
figure for the period asked about (today by default) and, where it changed, the earlier one with
its date. Answers about "now" say what is confirmed for the running programme and what is not.
"""

from __future__ import annotations

from datetime import date

from bot.answers import Answer, Button, day, hedge, join_lines, sources, where_to_ask
from bot.answers.clusters import ACTIVE, status_on
from bot.dataset import Dataset, Fact, Programme
from bot.dates import DateSpan

OFFICE_SUBJECTS = ("representations", "addresses", "branches")
CAPITAL = "Region Hovedstaden"


def _on(span: DateSpan, today: date) -> date:
    return min(span.end, today)


def dated(fact: Fact) -> str:
    """A fact's sentence with its date and, if uncertain, a caveat: "… (28. september 2022)."."""
    text = str(fact.extra.get("text") or fact.value).rstrip(".")
    return f"{text}{hedge(fact)} ({day(fact.as_of)})."


def latest(facts: list[Fact], on: date) -> Fact | None:
    """The newest fact dated on or before `on`, else the oldest one."""
    ordered = sorted(facts, key=lambda f: f.as_of.start)
    before = [f for f in ordered if f.as_of.start <= on]
    return before[-1] if before else (ordered[0] if ordered else None)


def topic(dataset: Dataset, name: str) -> list[Fact]:
    return [f for f in dataset.facts if f.extra.get("topic") == name and not f.extra.get("cluster")]


def _programme(dataset: Dataset, on: date) -> Programme | None:
    """The programme a day falls in; before the first one (the 2020 designation) the first; after
    the last one the last."""
    ordered = sorted(dataset.programmes, key=lambda p: p.start)
    if not ordered:
        return None
    return dataset.programme_on(on) or (ordered[0] if on < ordered[0].start else ordered[-1])


def _before(dataset: Dataset, programme: Programme) -> Programme | None:
    earlier = [p for p in dataset.programmes if p.start < programme.start]
    return max(earlier, key=lambda p: p.start) if earlier else None


# -- offices: representations, addresses, the capital ---------------------------------------------
def office_count(dataset: Dataset, subject: str | None, span: DateSpan, today: date) -> Answer:
    """The count of the kind asked for (representations, addresses), else the newest of any kind;
    then the other counts with their dates."""
    on = _on(span, today)
    stated = [
        f for f in dataset.counts if f.extra.get("subject") in OFFICE_SUBJECTS and not f.extra.get("region")
    ]
    asked = [f for f in stated if f.extra.get("subject") == subject]
    lead = latest(asked, on) or latest(stated, on)
    known = dataset.offices(on)
    mine = f"Jeg kender selv byen for {len(known)} åbne kontorer hos {len({o.cluster_id for o in known})} klynger."
    if lead is None:
        return Answer(join_lines("Det samlede antal kontorer står ikke i mine kilder.", mine))
    others = sorted(
        (f for f in stated if f.extra.get("subject") != lead.extra.get("subject")),
        key=lambda f: f.as_of.start,
        reverse=True,
    )[:2]
    if subject == "representations" and lead.as_of.end < on:
        mine = "Et nyere tal for repræsentationer står ikke i mine kilder. " + mine
    lines = [dated(lead)]
    if others:
        lines.append("Andre tal: " + " ".join(dated(f) for f in others))
    return Answer(
        join_lines(*lines, mine, sources(lead, *others)),
        (
            Button("Nærmeste kontor", "ask_nearest_office"),
            Button(
                "Hvilke klynger er i hovedstaden?", "ask_clusters_in_place", {"town": "Region Hovedstaden"}
            ),
        ),
    )


def capital(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """The capital region's share of the representations, and where the headquarters went."""
    on = _on(span, today)
    share = [f for f in dataset.counts if f.extra.get("region") == CAPITAL]
    geography = [f for f in topic(dataset, "geografi") if "hovedstad" in str(f.value).lower()]
    east = [f for f in dataset.counts if f.extra.get("subject") == "headquarters-east-of-storebaelt"]
    facts = [*share, *geography, *east]
    if not facts:
        return Answer(
            f"Hvor mange kontorer klyngerne har i hovedstaden, står ikke i mine kilder. {where_to_ask(dataset, on)}"
        )
    lines = [dated(f) for f in facts]
    return Answer(
        join_lines(*lines, sources(*facts)),
        (Button("Vis klyngerne i hovedstaden", "ask_clusters_in_place", {"town": CAPITAL}),),
    )


# -- dates: start and designation ----------------------------------------------------------------
def start(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """When the clusters started (the first programme's first day), and when the running one began."""
    if not dataset.programmes:
        return Answer("Hvornår klyngerne startede, står ikke i mine kilder.")
    first = min(dataset.programmes, key=lambda p: p.start)
    lines = [
        f"Klyngerne gik i gang {day(first.start)}, da {first.name} begyndte. "
        f"De var udpeget {day(first.designated.value)}."
    ]
    said = topic(dataset, "start")
    lines += [dated(f) for f in said[:1]]
    current = dataset.programme_on(_on(span, today))
    funded = [f for f in dataset.counts if f.extra.get("subject") == "funded-organisations"]
    if current is not None and current is not first:
        lines.append(
            f"Det nuværende program, {current.name}, dækker {current.start.year}-{current.end.year}."
        )
        lines += [dated(f) for f in funded[:1]]
    return Answer(
        join_lines(*lines, sources(first.fact, *said[:1], *funded[:1])),
        (Button("Hvad er sket siden?", "ask_history"),),
    )


def designation(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """Who designates the clusters, for the period asked about first, then for the other periods."""
    on = _on(span, today)
    asked = _programme(dataset, on)
    ordered = [
        asked,
        *(p for p in sorted(dataset.programmes, key=lambda p: p.start, reverse=True) if p is not asked),
    ]
    lines = []
    for index, p in enumerate(p for p in ordered if p is not None):
        lead = "" if index == 0 else "Før det: " if p.start < asked.start else "Senere: "
        lines.append(lead + _designated(p))
    return Answer(
        join_lines(*lines, sources(*(p.designated for p in ordered if p))),
        (Button("Hvad er bekræftet nu?", "ask_programme"),),
    )


def _designated(p: Programme) -> str:
    d = p.designated
    who = d.extra.get("by")
    if d.value:
        return f"{p.name}: {who or 'ministeriet'} udpegede klyngerne {day(d.value)}."
    return f"{p.name}: formentlig udpeget af {who or 'en ukendt myndighed'} ({day(d.as_of)}). {d.note or ''}".strip()


# -- money per year ------------------------------------------------------------------------------
def per_year(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """The yearly amount of the programme asked about, as stated or worked out from its total, and
    the earlier programme's for comparison."""
    on = _on(span, today)
    asked = _programme(dataset, on)
    if asked is None:
        return Answer(
            f"Hvor mange penge klyngerne får om året, står ikke i mine kilder. {where_to_ask(dataset, on)}"
        )
    lines, facts = [], []
    for index, p in enumerate(x for x in (asked, _before(dataset, asked)) if x is not None):
        line, fact = _yearly(dataset, p)
        lines.append(("" if index == 0 else "Før det: ") + line)
        facts.append(fact)
    return Answer(
        join_lines(*lines, sources(*facts)),
        (Button("Hvem står for programmet?", "ask_programme"),),
    )


def _yearly(dataset: Dataset, p: Programme) -> tuple[str, Fact | None]:
    facts = [f for f in dataset.funding if f.extra.get("programme") == p.id and not f.extra.get("cluster")]
    stated = next((f for f in facts if f.extra.get("per_year")), None)
    if stated is not None:
        return f"{p.name}: {stated.extra['per_year']} mio. kr. om året ({day(stated.as_of)}).", stated
    total = next((f for f in facts if f.extra.get("total")), None)
    if total is not None:
        years = p.end.year - p.start.year + 1
        amount = total.extra["total"]
        return (
            f"{p.name}: {amount} mio. kr. i alt ({day(total.as_of)}). Et årligt beløb oplyser kilden ikke; "
            f"fordelt ligeligt over {years} år er det cirka {round(amount / years)} mio. kr. om året (min udregning).",
            total,
        )
    return f"{p.name}: beløbet står ikke i mine kilder.", None


def sides(dataset: Dataset, span: DateSpan, today: date) -> Answer:
    """Who pays: the bodies behind the money of the programme asked about, then of the other one."""
    asked = _programme(dataset, _on(span, today))
    if asked is None:
        return Answer(
            f"Hvem der betaler for klyngerne, står ikke i mine kilder. {where_to_ask(dataset, today)}"
        )
    ordered = [asked, *(p for p in sorted(dataset.programmes, key=lambda p: p.start) if p is not asked)]
    lines, facts = [], []
    for index, p in enumerate(ordered):
        said = [f for f in dataset.funding if f.extra.get("programme") == p.id and f.extra.get("payers")]
        if said:
            lines.append(("" if index == 0 else "Til sammenligning, ") + f"{p.name}:")
            lines += [f"- {dated(f)}" for f in said]
            facts += said
    if not lines:
        return Answer(
            f"Hvem der betaler for klyngerne, står ikke i mine kilder. {where_to_ask(dataset, today)}"
        )
    return Answer(
        join_lines(*lines, sources(*facts, limit=3)), (Button("Hvor mange penge om året?", "ask_funding"),)
    )


# -- people, law, press, conditions ---------------------------------------------------------------
def _topic_answer(dataset: Dataset, name: str, lead: str, today: date, unknown: str) -> Answer:
    facts = topic(dataset, name)
    if not facts:
        return Answer(f"{unknown} {where_to_ask(dataset, today)}")
    return Answer(join_lines(lead, *(f"- {f.value}" for f in facts), sources(*facts, limit=3, today=today)))


def welcome(dataset: Dataset, today: date) -> Answer:
    designated = min((p.designated.value for p in dataset.programmes if p.designated.value), default=None)
    lead = f"Da klyngerne blev udpeget {day(designated)}:" if designated else "Da klyngerne blev udpeget:"
    return _topic_answer(dataset, "velkomst", lead, today, "Hvad ministrene sagde, står ikke i mine kilder.")


def law(dataset: Dataset, today: date) -> Answer:
    return _topic_answer(
        dataset,
        "lov",
        "Loven bag klyngerne:",
        today,
        "Hvilken lov klyngeindsatsen bygger på, står ikke i mine kilder.",
    )


def conditions(dataset: Dataset, today: date) -> Answer:
    return _topic_answer(
        dataset,
        "adgangskrav",
        "Kravene til en klyngeorganisation, da klyngerne for 2021-2024 blev valgt:",
        today,
        "Kravene til en klyngeorganisation står ikke i mine kilder.",
    )


def chair(dataset: Dataset, today: date) -> Answer:
    facts = sorted(topic(dataset, "formand"), key=lambda f: f.as_of.start)
    if not facts:
        return Answer(f"Hvem der er formand, står ikke i mine kilder. {where_to_ask(dataset, today)}")
    lines = [f"- {dated(f)}" for f in facts]
    if facts[-1].as_of.end < today:
        lines.append(f"Hvem der er formand i dag, står ikke i mine kilder. {where_to_ask(dataset, today)}")
    return Answer(join_lines("Formand for Danmarks Erhvervsfremmebestyrelse:", *lines, sources(*facts)))


def _reach(contact, first_only: bool = False) -> str:
    """A body's phones, then its e-mails ("tlf. +45 …, presse@…"); only the first of each if asked."""
    phones, emails = (
        (contact.phones[:1], contact.emails[:1]) if first_only else (contact.phones, contact.emails)
    )
    return ", ".join([*(f"tlf. {p}" for p in phones), *emails])


def press(dataset: Dataset, today: date) -> Answer:
    """The press desks in the dataset, dated, and the programme's desk for everything else."""
    desks = [c for c in dataset.contacts if c.role == "presse"]
    lines = []
    for c in desks:
        ways = _reach(c)
        lines.append(f"- {c.name}: {ways} ({day(c.fact.as_of)}).")
        if c.fact.note:
            lines.append(c.fact.note)
    if not desks:
        lines.append("En pressekontakt for klyngeprogrammet står ikke i mine kilder.")
    lines.append(f"Om klyngeprogrammet i dag: {where_to_ask(dataset, today)}")
    return Answer(join_lines("Pressekontakt:", *lines, sources(*(c.fact for c in desks))))


def programme_contact(dataset: Dataset, today: date) -> Answer:
    """A contact question that names no cluster is about the programme: its desk, press, support body."""
    others = [c for c in dataset.contacts if c.role != "klyngeprogrammet"]
    lines = [f"Om klyngeprogrammet: {where_to_ask(dataset, today)}"]
    for c in others:
        ways = _reach(c, first_only=True)
        what = "presse" if c.role == "presse" else c.role
        lines.append(f"- {what.capitalize()}: {c.name}" + (f" ({ways})" if ways else "") + ".")
    lines.append("Vil du kontakte en bestemt klynge, så skriv dens navn.")
    desk = [c for c in dataset.contacts if c.role == "klyngeprogrammet" and c.is_desk_on(today)]
    return Answer(
        join_lines(*lines, sources(*(c.fact for c in [*desk[:1], *others]), today=today)),
        (Button("Vis alle klynger", "list_clusters"),),
    )


# -- now ---------------------------------------------------------------------------------------
def now_lines(dataset: Dataset, today: date, brief: bool = False) -> tuple[list[str], list[Fact]]:
    """What is confirmed about the programme running today and what is not, with the newest source
    (`brief`: only which clusters are confirmed and what is open, for an answer about counts)."""
    p = dataset.programme_on(today)
    if p is None:
        return ["Intet klyngeprogram dækker dagen i dag i mine kilder."], []
    confirmed = [
        f
        for f in dataset.funding
        if f.extra.get("programme") == p.id
        and not f.extra.get("cluster")
        and f.is_certain
        and p.start <= f.as_of.end
    ]
    confirmed += [f for f in topic(dataset, f"klyngeprogram-{p.id}") if f.is_certain]
    confirmed = [] if brief else confirmed
    clusters = [c for c in dataset.clusters.values() if status_on(dataset, c, today) == ACTIVE]
    lines = [f"{p.name}, som gælder nu:", "Bekræftet:"]
    lines += [f"- {dated(f)}" for f in confirmed[:3]]
    if clusters:
        lines.append("- Udpeget eller finansieret: " + ", ".join(c.name for c in clusters) + ".")
    unsure = [p.designated] if not p.designated.is_certain and not brief else []
    lines.append("Ikke bekræftet i mine kilder:")
    lines += [f"- {q}" for q in p.open_questions]
    lines += [f"- {f.note}" for f in unsure if f.note]
    facts = [*confirmed, *unsure, *(c.period(p.id).fact for c in clusters if c.period(p.id))]
    newest = max((f.as_of for f in facts), key=lambda s: s.start, default=None)
    if newest is not None:
        lines.append(f"Min nyeste kilde om programmet er fra {day(newest)}. {where_to_ask(dataset, today)}")
    return lines, facts


def now(dataset: Dataset, today: date) -> Answer:
    lines, facts = now_lines(dataset, today)
    return Answer(
        join_lines(*lines, sources(*facts)),
        (Button("Vis alle klynger", "list_clusters"), Button("Hvor mange penge om året?", "ask_funding")),
    )


# The subjects an answer can lead with; "now" and "designation" only for questions about the
# programme itself (see actions/answers.py).
def answer(dataset: Dataset, subject: str, span: DateSpan, today: date) -> Answer | None:
    if subject in ("representations", "addresses"):
        return office_count(dataset, subject, span, today)
    by_span = {
        "capital": capital,
        "start": start,
        "designation": designation,
        "per_year": per_year,
        "sides": sides,
    }
    if subject in by_span:
        return by_span[subject](dataset, span, today)
    by_day = {"welcome": welcome, "law": law, "conditions": conditions, "chair": chair, "press": press}
    if subject in by_day:
        return by_day[subject](dataset, today)
    if subject == "now":
        return now(dataset, today)
    return None
