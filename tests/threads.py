"""Run work in many threads at the same moment, each with its own database connection (concurrency tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def run_together(n: int, work: Callable[[int], object]) -> list[BaseException]:
    """Start ``work(0)`` … ``work(n - 1)`` in ``n`` threads released by one barrier; return what they raised.

    Each thread closes its own database connections when done, so the test database can be dropped after.
    """
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(i)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors
