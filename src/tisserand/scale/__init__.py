"""Synthetic centres of any size, for benchmarks and load tests (``tisserand generate``)."""
