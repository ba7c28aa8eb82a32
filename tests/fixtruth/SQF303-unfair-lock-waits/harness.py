"""Six documents are processed at once by the pipeline's thread pool, each saving
forty page checkpoints; every save is timed where the pipeline asks for it
(waiting for the lock included). What a user sees is the write p99: the target
is 100 ms.

Each commit takes 3 ms more, as an fsync does on an ordinary disk (a connection
subclass sleeps before committing), and the database lives in /dev/shm when
there is one: the stand-in fsync is then the same on every machine, and another
program's disk traffic cannot stall a commit.

The load runs five times and the median p99 is judged, so neither one run
slowed by another program nor one lucky run decides. Before the fix the median
is over the target (SQLite's busy handler sleeps and polls, up to 100 ms a
nap); after it, it meets it."""
import json
import os
import sqlite3
import sys
import tempfile
import time

TARGET_MS = 100
RUNS = 5

_connect = sqlite3.connect


class OrdinaryDiskConnection(sqlite3.Connection):
    def commit(self):
        time.sleep(0.003)
        return super().commit()


def connect(*args, **kwargs):
    kwargs.setdefault("factory", OrdinaryDiskConnection)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
sys.path.insert(0, sys.argv[1])
import pipeline  # noqa: E402

work = sys.argv[2]
seq = os.path.join(work, "seq.db")
pipeline.init(seq, ["a", "b"])
pipeline.run(seq, ["a", "b"], 3, workers=1)
sequential = pipeline.pages_done(seq)

DOCS = [f"d{i:02d}" for i in range(6)]
PAGES = 40
save = pipeline.save_checkpoint
timings = []


def timed_save(*args, **kwargs):
    started = time.perf_counter()
    try:
        return save(*args, **kwargs)
    finally:
        timings.append(time.perf_counter() - started)


pipeline.save_checkpoint = timed_save
scratch = "/dev/shm" if os.path.isdir("/dev/shm") else work
runs = []
errors = 0
for run in range(RUNS):
    timings.clear()
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        db = os.path.join(folder, "load.db")
        pipeline.init(db, DOCS)
        errors += sum(1 for e in pipeline.run(db, DOCS, PAGES) if e is not None)
    ordered = sorted(timings)
    runs.append(ordered[int(len(ordered) * 0.99) - 1] * 1000)
median = sorted(runs)[len(runs) // 2]
print(json.dumps({
    "sequential": sequential,
    "hazard": (1 if median > TARGET_MS else 0) + errors,
    "detail": f"write p99 {', '.join(f'{p:.0f}' for p in runs)} ms in {RUNS} runs of "
              f"{len(DOCS)} threads x {PAGES} saves (median {median:.0f}, target {TARGET_MS}), {errors} errors",
}))
