"""Developer tooling: benchmarks' data builders and URL confs, test helpers.

Nothing here is imported by the running site (a test checks it); management
commands, tests and benchmarks import it when they run.
"""
