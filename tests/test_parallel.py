"""Large collections are loaded and rendered by forked workers: same results, same order, as in one process."""

from __future__ import annotations

import subprocess
import sys
import threading

from generator.parallel import can_fork, parallel_map

from .conftest import ROOT

SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator import parallel
from generator.loader import load_practices, practice_files
from generator.render import render_site

files = practice_files(Path(sys.argv[1]) / "practices")
parallel.MIN_ITEMS = 10**9
alone = load_practices(files)
alone_pages = render_site(alone.practices)
parallel.MIN_ITEMS = 1
assert parallel.can_fork()
forked = load_practices(files)
forked_pages = render_site(forked.practices)
assert [i.practice for i in forked.practices] == [i.practice for i in alone.practices]
assert [str(p) for p in forked.problems] == [str(p) for p in alone.problems]
assert forked_pages == alone_pages, "pages differ"
print("same", len(forked.practices), len(forked_pages))
"""


def test_forked_workers_give_the_same_records_and_pages_as_one_process():
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("same ")


def test_no_forking_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert parallel_map(lambda x: x * 2, list(range(500))) == [x * 2 for x in range(500)]
    finally:
        stop.set()
        thread.join()


def test_loading_and_rendering_leave_the_cycle_collector_as_they_found_it():
    import gc

    from generator.loader import load_practices, practice_files
    from generator.render import render_site

    assert gc.isenabled()
    loaded = load_practices(practice_files(ROOT / "tests" / "records" / "valid"))
    render_site(loaded.practices)
    assert gc.isenabled()
    gc.disable()
    try:
        load_practices([])
        assert not gc.isenabled()
    finally:
        gc.enable()
