"""bot/facts_report.py: unknown, conflicting, weak and stale facts, per cluster and for the programme."""

from datetime import date

from bot import facts_report
from tests.conftest import TODAY


def _kinds(dataset, cluster_id, today=TODAY):
    found = facts_report.findings(facts_report.cluster_facts(dataset.clusters[cluster_id]), today)
    return {(f.kind, f.what) for f in found}


def test_a_conflicting_status_and_missing_contacts_are_listed(dataset):
    sound = _kinds(dataset, "danish-sound-cluster")
    assert ("conflicting", "status 2025-2028") in sound
    assert ("unknown", "e-mail") in sound and ("unknown", "phone") in sound
    assert ("unknown", "offices") in _kinds(dataset, "censec")


def test_staleness_counts_from_the_day_of_the_report(dataset):
    assert ("stale", "designated") not in _kinds(dataset, "clean", today=date(2021, 1, 1))
    assert ("stale", "designated") in _kinds(dataset, "clean", today=date(2026, 12, 1))


def test_the_programme_shows_its_inferred_designation(dataset):
    found = facts_report.findings(facts_report.programme_facts(dataset), TODAY)
    assert ("weak", "2025-2028: designation") in {(f.kind, f.what) for f in found}


def test_the_report_has_a_row_per_cluster_and_the_totals(dataset):
    text = facts_report.report(dataset, TODAY)
    assert all(f"| {c.name} |" in text for c in dataset.clusters.values())
    assert "| **total** |" in text and "| The programme |" in text
    assert "more than 24 months old" in text
