"""The load generator's arithmetic and its loopback-only rule."""

from __future__ import annotations

import pytest

from bench.load import LoadResult, check_loopback, percentile


def test_percentiles_interpolate_like_numpy():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(values, 50) == 5.5
    assert percentile(values, 95) == pytest.approx(9.55)
    assert percentile([7], 99) == 7


def test_throughput_counts_answered_messages_only():
    result = LoadResult(20, (0.1, 0.2, 0.3), errors=1, seconds=2.0)
    assert result.messages == 4 and result.throughput == 1.5
    assert result.summary()["p50_ms"] == pytest.approx(200)


def test_only_loopback_is_loaded():
    check_loopback("http://127.0.0.1:5005/webhooks/rest/webhook")
    with pytest.raises(ValueError):
        check_loopback("http://example.com/webhooks/rest/webhook")
