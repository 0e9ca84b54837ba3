"""Counts in Prometheus' text format and JSON log lines (ops/)."""

from __future__ import annotations

import json
import logging

from ops.logs import JsonFormatter, conversation
from ops.metrics import Registry


def test_counters_and_histograms_are_written_in_the_text_format():
    registry = Registry()
    registry.describe("x_total", "counter", "Things")
    registry.count("x_total", channel="rest", outcome="answered")
    registry.count("x_total", 2, channel="rest", outcome="answered")
    for value in (0.01, 0.07, 3.0, 99.0):
        registry.observe("x_seconds", value, channel="rest")
    text = registry.render()
    assert "# HELP x_total Things\n# TYPE x_total counter\n" in text
    assert 'x_total{channel="rest",outcome="answered"} 3\n' in text
    assert 'x_seconds_bucket{channel="rest",le="0.025"} 1\n' in text
    assert 'x_seconds_bucket{channel="rest",le="0.1"} 2\n' in text  # cumulative
    assert 'x_seconds_bucket{channel="rest",le="5.0"} 3\n' in text
    assert 'x_seconds_bucket{channel="rest",le="+Inf"} 4\n' in text
    assert (
        'x_seconds_count{channel="rest"} 4\n' in text and 'x_seconds_sum{channel="rest"} 102.080000' in text
    )


def test_a_described_metric_is_named_before_its_first_sample():
    registry = Registry()
    registry.describe("z_total", "counter", "Zs")
    assert registry.render() == "# HELP z_total Zs\n# TYPE z_total counter\n"


def test_label_values_are_escaped():
    registry = Registry()
    registry.count("y_total", action='a"b\\c\nd')
    assert 'y_total{action="a\\"b\\\\c\\nd"} 1' in registry.render()


def test_a_log_line_is_one_json_object_with_the_conversation_and_fields():
    record = logging.LogRecord(
        "channels.limits", logging.INFO, __file__, 1, "Message over %s", ("rest",), None
    )
    record.outcome, record.ms = "answered", 42
    token = conversation.set("rest:anna")
    try:
        line = json.loads(JsonFormatter("rasa-1").format(record))
    finally:
        conversation.reset(token)
    assert line["message"] == "Message over rest" and line["process"] == "rasa-1"
    assert (line["conversation"], line["outcome"], line["ms"], line["level"]) == (
        "rest:anna",
        "answered",
        42,
        "info",
    )
