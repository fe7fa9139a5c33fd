"""Running code at once on several database connections, for the PostgreSQL locking tests."""

import threading

from django.db import connection


def run_in_threads(count: int, work, *, timeout: float = 120) -> None:
    """Run `work(index)` in `count` threads that start together, each on its own connection.

    Needs a transactional test (`django_db(transaction=True)`): the threads
    see only what is committed. Errors in any thread fail the test.
    """
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=20)
            work(index)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # or the test database cannot be flushed afterwards

    workers = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=timeout)
    assert not errors, errors
