"""Klyngebot's benchmark: `python -m bench.run` (what `make bench` runs); see docs/benchmarks.md."""
