"""Map a function over items in forked worker processes when that is safe and worth it.

Forked workers inherit the function and the items (nothing is pickled on the way in); only the
results come back. Forking is only safe from a single-threaded process, so with other threads
running (a test's HTTP server, say) the work is done here, in order, with the same results.

``gc_paused`` keeps Python's cycle collector from running during such bulk work."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

MIN_ITEMS = 200
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    function, items = _JOB
    return [function(item) for item in items[bounds[0]:bounds[1]]]


def in_worker() -> bool:
    """Whether this code runs in a worker process (its results then travel back by pickle)."""
    return multiprocessing.current_process().name != "MainProcess"


def worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and not in_worker()


def parallel_map(function: Callable[[Any], Any], items: Sequence[Any], workers: int | None = None) -> list[Any]:
    """``[function(item) for item in items]``, computed in forked workers for large inputs."""
    global _JOB
    workers = workers or worker_count()
    if workers < 2 or len(items) < MIN_ITEMS or not can_fork():
        return [function(item) for item in items]
    step = -(-len(items) // workers)
    bounds = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
    _JOB = (function, items)
    try:
        # This process takes the first slice itself: its results need no trip back through a pipe,
        # and it would otherwise sit idle while the workers run.
        with multiprocessing.get_context("fork").Pool(len(bounds) - 1) as pool:
            others = pool.map_async(_run_slice, bounds[1:])
            parts = [_run_slice(bounds[0]), *others.get()]
    finally:
        _JOB = None
    return [result for part in parts for result in part]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the duration of a bulk job (loading or rendering every record).

    Such jobs build many objects that live on (records, pages) and few reference cycles; the
    collector would otherwise scan the growing heap again and again, which took about 40% of the
    time of loading. Memory is still freed by reference counting; cycles are collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
