"""Tooling for tests and benchmarks; the running site never imports this package.

Benchmarks' data builders and URL confs, the SMTP sink: management commands,
tests and benchmarks import them when they run (a test checks the site does not).
"""
