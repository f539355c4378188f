"""Pause Python's cyclic garbage collector while an import builds hundreds of thousands of rows.

Reading, checking and writing a 100,000-row file allocates millions of small lists and tuples that all stay
alive until the end; each allocation burst triggers a collection that walks every one of them again (the
collector's cost grows with the live heap), which measured ~40% of the read and check time
(bench/bench_import.py). None of these objects form reference cycles, so reference counting frees them all
the same; the collector is switched back on afterwards. Re-entrant: only the outermost pause re-enables it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused (see the module docstring)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return function(*args, **kwargs)

    return wrapper
