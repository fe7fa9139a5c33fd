"""Tooling for tests and benchmarks; the running site never imports this package."""
