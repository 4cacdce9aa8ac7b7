"""The second core: one piece of work run beside the rest, in a forked process (concurrent.futures).

Forking hands the second process this one's memory (the records, the templates) without copying
it, and the work is passed by inheritance too: only its result travels back (pickled). Used for
rendering half of the pages, and for writing the open data while MkDocs runs (README, Benchmark:
pickling 1,000 records costs as much as loading them, so no records are ever sent).

The one rule for when: from ``PARALLEL_FROM`` practices on, with two cores, and only from a process
that runs no other thread (a forked child can wait forever on a lock another thread held; the live
preview builds in a thread, so it stays in one process). The second process dies with this one
(``die_with_parent``), so a killed build leaves nobody writing into its folder."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

PARALLEL_FROM = 400

PR_SET_PDEATHSIG = 1


def worth_it(practices: int) -> bool:
    return practices >= PARALLEL_FROM and len(os.sched_getaffinity(0)) >= 2 and threading.active_count() == 1


def die_with_parent() -> None:
    """Runs first in a child process: when this process is killed, the child is killed too (Linux'
    PR_SET_PDEATHSIG), instead of writing on into a folder the next build removes."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


_work: tuple[Callable, tuple] | None = None  # inherited by the forked process


def _run_work() -> Any:
    assert _work is not None
    function, args = _work
    return function(*args)


@contextmanager
def beside(function: Callable, *args: Any, in_two: bool = True) -> Iterator[Future]:
    """Run ``function(*args)`` in a second process while the ``with`` block runs in this one. On
    leaving the block, waits for it; ``.result()`` of the yielded future gives its result or raises
    its exception. With ``in_two`` false (``worth_it`` says no), it runs here first, before the block."""
    global _work
    if not in_two:
        done: Future = Future()
        done.set_result(function(*args))
        yield done
        return
    _work = (function, args)
    # What exists now is left out of both processes' cycle collection: the second process would
    # otherwise write to (and so copy) every page of memory it shares with this one.
    gc.freeze()
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent) as pool:
            yield pool.submit(_run_work)  # forks here, before the pool starts its own thread
    finally:
        _work = None
        gc.unfreeze()
