"""Benchmarks: `make bench` (see docs/benchmarks.md). Not part of the product."""
