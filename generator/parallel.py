"""Map a function over items in forked worker processes when that is safe and worth it.

Forked workers inherit the function and the items (nothing is pickled on the way in); only the
results come back. The items are cut into chunks that this process and the workers take in turn
until none is left, so a process that gets less of the machine does less of the work. Forking
is only safe from a single-threaded process, so with other threads running (a test's HTTP
server, say) the work is done here, in order, with the same results.

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
CHUNKS_PER_WORKER = 8  # small enough to share the work evenly, large enough to cost nothing
_JOB: tuple[Callable[[Any], Any], Sequence[Any], list[tuple[int, int]], Any] | None = None


def _take_chunks(_: object = None) -> list[tuple[int, list[Any]]]:
    """Take the next chunk of items until none is left; each process, this one included, runs this.
    A process that gets less of the machine (the other core is busy) simply takes fewer chunks."""
    function, items, bounds, next_chunk = _JOB
    done = []
    while True:
        with next_chunk.get_lock():
            index = next_chunk.value
            next_chunk.value += 1
        if index >= len(bounds):
            return done
        start, end = bounds[index]
        done.append((index, [function(item) for item in items[start:end]]))


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
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    _JOB = (function, items, bounds, context.Value("i", 0))
    try:
        # This process takes chunks too: its results need no trip back through a pipe, and it would
        # otherwise sit idle while the workers run.
        with context.Pool(workers - 1) as pool:
            others = pool.map_async(_take_chunks, range(workers - 1))
            chunks = dict(_take_chunks())
            for part in others.get():
                chunks.update(part)
    finally:
        _JOB = None
    return [result for index in range(len(bounds)) for result in chunks[index]]


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
