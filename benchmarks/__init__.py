"""Benchmarks run from the repository root (`python -m benchmarks.NAME`); each module exposes a function returning
its timings."""
