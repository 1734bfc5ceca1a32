"""Benchmarks for the outbox and the HTTP app: `python -m bench` prints one table."""
