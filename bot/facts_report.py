"""Staleness in plain sight: which facts of the dataset are unknown, conflicting, weakly sourced
(inferred) or older than 24 months, per cluster and for the programme.

    python -m bot.facts_report [docs/facts-report.md]    # `make facts-report`

A fact without a source or with an invalid tag never gets this far: `bot.validate` (and so
`make test`) refuses the dataset.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from dateutil.relativedelta import relativedelta

from bot import dataset as dataset_module
from bot.dataset import Cluster, Dataset, Fact

STALE_MONTHS = 24
STALE_AFTER = relativedelta(months=STALE_MONTHS)  # relativedelta keeps this as years=2
KINDS = ("unknown", "conflicting", "weak", "stale")
OUT = Path(__file__).resolve().parent.parent / "docs" / "facts-report.md"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    what: str  # "website", "periods 2025-2028", "offices: Struer"
    detail: str = ""


def judge(what: str, fact: Fact | None, today: date) -> list[Finding]:
    """What is worth saying about one fact (None: the dataset does not know it)."""
    if fact is None:
        return [Finding("unknown", what)]
    found = []
    if fact.certainty == "conflicting":
        found.append(Finding("conflicting", what, fact.note or ""))
    elif fact.certainty == "inferred":
        found.append(Finding("weak", what, fact.note or ""))
    if fact.as_of.end < today - STALE_AFTER:
        found.append(Finding("stale", what, f"as of {fact.as_of.text or fact.as_of.end.isoformat()}"))
    return found


def cluster_facts(cluster: Cluster) -> Iterable[tuple[str, Fact | None]]:
    yield "description", cluster.description
    yield "website", cluster.website
    yield "e-mail", cluster.email
    yield "phone", cluster.phone
    yield "designated", cluster.designated
    if cluster.ended is not None:
        yield "ended", cluster.ended
    if not cluster.people:
        yield "people", None
    for person in cluster.people:
        yield f"people: {person.role} {person.name}", person.fact
    for period in cluster.periods:
        fact = period.fact
        if period.status == "unknown" and (fact is None or fact.certainty != "conflicting"):
            fact = None  # an unknown status is unknown, whatever hint the source gives
        yield f"status {period.programme}", fact
    if not cluster.offices:
        yield "offices", None
    for office in cluster.offices:
        where = office.town or f"{office.region}, town unknown"
        yield f"office {where} ({office.role})", office.fact
        if office.town is None:
            yield f"office {where}: town", None
        if office.street is None:
            yield f"office {where}: street address", None


def programme_facts(dataset: Dataset) -> Iterable[tuple[str, Fact | None]]:
    for programme in dataset.programmes:
        yield f"{programme.id}: designation", programme.designated
    sections = (
        ("count", dataset.counts),
        ("funding", dataset.funding),
        ("event", dataset.events),
        ("stronghold", dataset.strongholds),
        ("fact", dataset.facts),
    )
    for label, facts in sections:
        for fact in dataset.about(facts, None):
            yield f"{label}: {_short(str(fact.value))}", fact
    for contact in dataset.contacts:
        yield f"contact: {contact.name}", contact.fact


def findings(items: Iterable[tuple[str, Fact | None]], today: date) -> list[Finding]:
    return [finding for what, fact in items for finding in judge(what, fact, today)]


def report(dataset: Dataset, today: date) -> str:
    sections = [("The programme", findings(programme_facts(dataset), today))] + [
        (cluster.name, findings(cluster_facts(cluster), today))
        for cluster in sorted(dataset.clusters.values(), key=lambda c: c.name)
    ]
    lines = [
        "# Facts report",
        "",
        f"Written by `make facts-report` (`python -m bot.facts_report`) on {today.isoformat()} from "
        "data/clusters/. *unknown*: the dataset does not know it (the bot says so and names where "
        'to ask); *conflicting*: sources disagree; *weak*: inferred, the bot says "formentlig"; '
        f"*stale*: the source's as-of date is more than {STALE_MONTHS} months old.",
        "",
        "| | " + " | ".join(KINDS) + " |",
        "|---|" + "---|" * len(KINDS),
    ]
    totals = {kind: 0 for kind in KINDS}
    for name, found in sections:
        counts = {kind: sum(f.kind == kind for f in found) for kind in KINDS}
        for kind in KINDS:
            totals[kind] += counts[kind]
        lines.append(f"| {name} | " + " | ".join(str(counts[k]) for k in KINDS) + " |")
    lines.append("| **total** | " + " | ".join(f"**{totals[k]}**" for k in KINDS) + " |")
    for name, found in sections:
        lines += ["", f"## {name}", ""]
        for kind in KINDS:
            items = [f for f in found if f.kind == kind]
            if items:
                shown = "; ".join(f.what + (f" ({_short(f.detail, 120)})" if f.detail else "") for f in items)
                lines.append(f"- **{kind}** ({len(items)}): {shown}")
        if not found:
            lines.append("Nothing unknown, disputed, weak or stale.")
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    today = date.today()
    text = report(dataset_module.load(), today)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text.split("\n\n## ")[0].split("\n", 4)[-1])  # the totals table
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
