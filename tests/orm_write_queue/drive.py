"""Drives a copy of store.py (argv[1]: its folder) with worker threads saving
pages, and prints JSON: write p99 per run (each save timed where the pipeline
calls it, lock waits included), "database is locked" errors, lost updates.

argv[2] == "no-queue" switches the fixed store's process write queue off (its
acquire and release become no-ops), so the same listeners are measured with
and without it. Each commit takes 3 ms more, as an fsync does on an ordinary
disk, and the database lives in /dev/shm when there is one, so the result does
not depend on this machine's disk. Five runs; the median p99 is judged."""
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

FSYNC_S = float(os.environ.get("FSYNC_MS", "3")) / 1000
_connect = sqlite3.connect


class OrdinaryDiskConnection(sqlite3.Connection):
    def commit(self):
        time.sleep(FSYNC_S)
        return super().commit()


def connect(*args, **kwargs):
    kwargs.setdefault("factory", OrdinaryDiskConnection)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
RUNS, THREADS, PAGES = 5, 8, 30

scratch = "/dev/shm" if os.path.isdir("/dev/shm") else None
runs, locked, lost, other = [], 0, 0, []
nested = None
for run in range(RUNS):
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        os.environ["STORE_DB"] = os.path.join(folder, "load.db")
        sys.path.insert(0, sys.argv[1])
        sys.modules.pop("store", None)
        import store  # noqa: E402

        sys.path.pop(0)
        queue = getattr(store, "_sqlite_write_queue", None)
        if len(sys.argv) > 2 and sys.argv[2] == "no-queue":
            if queue is None:
                sys.exit("no-queue asked, but the store has no _sqlite_write_queue")
            queue.acquire = lambda info: None
            queue.release = lambda info: None
        docs = [f"d{i}" for i in range(THREADS)]
        store.create(docs)
        timings = []
        guard = threading.Lock()

        def process(doc_id):
            global locked
            for page in range(PAGES):
                started = time.perf_counter()
                try:
                    store.save_page(doc_id, page, "lorem ipsum " * 20)
                except Exception as e:
                    with guard:
                        if "database is locked" in str(e):
                            locked += 1
                        else:
                            other.append(f"{type(e).__name__}: {e}"[:200])
                with guard:
                    timings.append(time.perf_counter() - started)
                time.sleep(0.004)  # stand-in for converting the next page

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            list(pool.map(process, docs))
        done = store.pages_done()
        lost += sum(PAGES - n for n in done.values())
        if run == 0 and queue is not None and sys.argv[2:] != ["no-queue"]:
            nested = store.nested_save(docs[0])
        store.engine.dispose()
        ordered = sorted(timings)
        runs.append(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000)
median = sorted(runs)[len(runs) // 2]
print(json.dumps({
    "p99_ms": [round(p, 1) for p in runs],
    "median_p99_ms": round(median, 1),
    "locked": locked,
    "lost": lost,
    "other_errors": other[:5],
    "nested": None if nested is None else {"waited_s": round(nested[0], 2), "inner_error": nested[1]},
}))
