"""Counts and latencies in Prometheus' text exposition format, kept per process.

Each Rasa process and each action server serves its own at `/metrics` (Prometheus scrapes every
process, as it does pods); nginx does not pass `/metrics` on. Standard library only: the format is
a few lines of text (https://prometheus.io/docs/instrumenting/exposition_formats/).
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from typing import Dict, Iterable, Tuple

Labels = Tuple[Tuple[str, str], ...]

# Seconds; a Klyngebot answer takes ~50 ms, a lock wait or a slow database seconds.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Registry:
    """Counters and histograms by name and labels, written out in the text format."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._help: Dict[str, Tuple[str, str]] = {}
        self._counters: Dict[str, Dict[Labels, float]] = defaultdict(lambda: defaultdict(float))
        self._histograms: Dict[str, Dict[Labels, list]] = defaultdict(dict)

    def describe(self, name: str, kind: str, text: str) -> None:
        self._help[name] = (kind, text)

    def count(self, name: str, amount: float = 1, **labels: str) -> None:
        with self._lock:
            self._counters[name][_labels(labels)] += amount

    def observe(self, name: str, value: float, **labels: str) -> None:
        with self._lock:
            series = self._histograms[name].setdefault(_labels(labels), [[0] * len(LATENCY_BUCKETS), 0, 0.0])
            index = bisect.bisect_left(LATENCY_BUCKETS, value)
            if index < len(LATENCY_BUCKETS):
                series[0][index] += 1
            series[1] += 1
            series[2] += value

    def value(self, name: str, **labels: str) -> float:
        """A counter's value (for tests and the health page)."""
        return self._counters.get(name, {}).get(_labels(labels), 0.0)

    def render(self) -> str:
        lines = []
        with self._lock:
            # Every described metric is named, even before its first sample, so a scrape of a
            # process that has done nothing yet still says what it will count.
            for name in sorted(set(self._help) - set(self._counters) - set(self._histograms)):
                lines += self._header(name, self._help[name][0])
            for name, series in sorted(self._counters.items()):
                lines += self._header(name, "counter")
                lines += [f"{name}{_text(labels)} {_number(v)}" for labels, v in sorted(series.items())]
            for name, series in sorted(self._histograms.items()):
                lines += self._header(name, "histogram")
                for labels, (buckets, count, total) in sorted(series.items()):
                    cumulative = 0
                    for bound, n in zip(LATENCY_BUCKETS, buckets, strict=True):
                        cumulative += n
                        lines.append(f"{name}_bucket{_text(labels + (('le', str(bound)),))} {cumulative}")
                    lines.append(f"{name}_bucket{_text(labels + (('le', '+Inf'),))} {count}")
                    lines.append(f"{name}_sum{_text(labels)} {total:.6f}")
                    lines.append(f"{name}_count{_text(labels)} {count}")
        return "\n".join(lines) + "\n"

    def _header(self, name: str, default_kind: str) -> Iterable[str]:
        kind, text = self._help.get(name, (default_kind, name))
        return [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]


def _labels(labels: Dict[str, str]) -> Labels:
    return tuple(sorted((k, str(v)) for k, v in labels.items()))


def _text(labels: Labels) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in labels) + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = Registry()  # one per process
REGISTRY.describe("klyngebot_messages_total", "counter", "User messages by channel and outcome")
REGISTRY.describe("klyngebot_message_seconds", "histogram", "Time from a message to its answers")
REGISTRY.describe("klyngebot_actions_total", "counter", "Custom actions run, by action and outcome")
REGISTRY.describe("klyngebot_fallbacks_total", "counter", "Messages the bot did not understand")
REGISTRY.describe("klyngebot_action_seconds", "histogram", "Time to run a custom action")
REGISTRY.describe("klyngebot_slack_duplicates_total", "counter", "Slack deliveries dropped as repeats")
