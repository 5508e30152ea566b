"""Benchmarks of SSC Atlas: search, API, pages and ingestion, each one command (see README.md)."""
