"""The benchmark's Markdown: formatting, targets, and the page (from a small made-up result)."""

from __future__ import annotations

import copy

import pytest

from bench import report


def nlu(intent: float, entity: float) -> dict:
    return {
        "slices": {
            "all": {
                "title": "all held-out utterances",
                "how": "test set",
                "n": 10,
                "intent_accuracy": intent,
                "intent_macro_f1": intent - 0.01,
                "entity_precision": entity,
                "entity_recall": entity,
                "entity_f1": entity,
            },
            "short": {
                "title": "very short",
                "how": "rule",
                "n": 2,
                "intent_accuracy": 0.5,
                "entity_f1": None,
            },
        },
        "worst_intents": [
            {
                "intent": "ask_history",
                "f1": 0.5,
                "precision": 0.4,
                "recall": 0.667,
                "support": 3,
                "predicted_as": {"ask_count": 1},
                "taken_from": {"ask_status": 2, "inform": 1},
            }
        ],
        "intent_f1": {"ask_history": 0.5},
    }


def latency(p95: float, errors: int = 0) -> dict:
    level = {
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.2,
        "throughput": 10.0,
        "errors": errors,
        "messages": 100,
    }
    return {"1": dict(level), "20": dict(level)}


@pytest.fixture
def results():
    return {
        "run": {"date": "2026-11-27 12:00 CET", "wall_seconds": 1500, "quick": False},
        "machine": {"cpu": "AMD EPYC", "cores": 2},
        "nlu": {"ours": nlu(0.96, 0.97), "rasa_default": nlu(0.90, 0.92), "keyword": nlu(0.70, 0.80)},
        "answers": {
            s: {"accuracy": a, "by_intent": {"ask_contact": (int(10 * a), 10)}, "outcomes": []}
            for s, a in (("ours", 0.98), ("rasa_default", 0.90), ("keyword", 0.85))
        },
        "hard": {
            s: {"accuracy": a, "by_intent": {"follow_up": (int(10 * a), 10)}, "outcomes": []}
            for s, a in (("ours", 0.96), ("rasa_default", 0.70), ("keyword", 0.50))
        },
        "latency": {"ours": latency(55), "stock": latency(50)},
        "resources": {
            "train_seconds": {"ours": 300},
            "startup_seconds": {"ours": 15},
            "memory_mb": {
                "ours": {"rss_mb": 1200, "peak_mb": 1300},
                "actions": {"rss_mb": 100, "peak_mb": 110},
            },
        },
    }


def test_points_are_absolute_percentage_points():
    assert report.points(0.962, 0.9) == "+6.2 pts"
    assert report.points(0.8, 0.9) == "-10.0 pts"
    assert report.points(None, 0.9) == "–"


def test_small_formats():
    assert report.score(0.96149) == "0.961"
    assert report.ms(4.26) == "4.3 ms" and report.ms(123.4) == "123 ms"
    assert report.seconds(95) == "95 s" and report.seconds(600) == "10.0 min"
    assert report.megabytes(900) == "900 MB" and report.megabytes(2048) == "2.00 GB"
    assert report.ratio(60, 50) == 1.2 and report.ratio(60, 0) is None


def test_every_target_passes_when_met(results):
    assert all(ok for _, ok in report.checks(results))


def test_a_baseline_ahead_fails_the_row_even_above_target(results):
    results["answers"]["keyword"]["accuracy"] = 0.99
    failed = [name for name, ok in report.checks(results) if not ok]
    assert failed == ["end-to-end answer accuracy beats both baselines"]
    row = next(line for line in report.quality_table(results).splitlines() if line.startswith("| end-to-end"))
    assert row.endswith(report.FAIL + " |") and "-1.0 pts" in row


def test_latency_target_is_relative_to_the_stock_bot(results):
    slow = copy.deepcopy(results)
    slow["latency"]["ours"] = latency(65)  # 1.3 × the stock bot's p95
    assert ("p95 latency at 1 conversation ≤ 1.2× the stock bot's", False) in report.checks(slow)
    assert "1.30×" in report.latency_table(slow)


def test_memory_start_up_and_throughput_have_targets(results):
    results["resources"]["memory_mb"]["ours"]["rss_mb"] = 1500  # + 100 for the actions
    results["resources"]["startup_seconds"]["ours"] = 29
    results["latency"]["ours"]["20"]["throughput"] = 7.0  # 0.7 × the stock bot's
    failed = [name for name, ok in report.checks(results) if not ok]
    assert failed == [
        "throughput at 20 conversations ≥ 0.8× the stock bot's",
        "memory of Rasa + actions ≤ 1.50 GB",
        "start-up ≤ 20 s",
    ]


def test_errors_at_twenty_conversations_fail(results):
    results["latency"]["ours"] = latency(60, errors=2)
    assert ("no errors at 20 conversations", False) in report.checks(results)
    assert "2 of 100" in report.latency_table(results)


def test_missing_numbers_show_as_dashes_not_errors():
    assert "–" in report.quality_table({}) and report.FAIL in report.quality_table({})
    assert report.document({})  # a page even from an empty result


def test_the_page_has_every_table_and_the_machine(results):
    page = report.document(results)
    for heading in (
        "Understanding and answers",
        "Latency over REST",
        "Training, start-up and memory",
        "Robustness slices",
        "Weakest five intents",
        "End-to-end answers by topic",
    ):
        assert heading in page
    assert "AMD EPYC, 2 cores" in page and "2026-11-27" in page and "make bench" in page
    assert (
        "| `ask_history` | 3 | 0.400 | 0.667 | 0.500 | 0.500 / 0.500 | ask_count ×1 | ask_status ×2, inform ×1 |"
        in page
    )
    assert "very short | rule | 2 | 0.500 / 0.500 / 0.500 | – / – / – |" in page
