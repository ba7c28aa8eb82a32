"""Twelve documents are processed at once by the pipeline's thread pool, each
saving ten page checkpoints; every save is timed where the pipeline asks for it
(waiting for the lock included).

What is counted is unfairness, which does not depend on how fast or busy the
machine is: while one save waits, how many saves of other threads finish. Waiting
in line, at most the other 11 threads go first (once each); the busy handler
instead sleeps and polls (up to 100 ms a nap), and a writer that keeps napping is
overtaken again and again. A save overtaken more than 33 times (three times the queue)
counts as a hazard.

Each commit takes 3 ms, as an fsync does on an ordinary disk (a connection
subclass sleeps before committing), so transactions overlap as they do in
production even on a fast scratch disk."""
import json
import os
import sqlite3
import sys
import threading
import time

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

DOCS = [f"d{i:02d}" for i in range(12)]
PAGES = 10
db = os.path.join(work, "load.db")
pipeline.init(db, DOCS)
saves = []  # (started, finished, thread)
save = pipeline.save_checkpoint


def timed_save(*args, **kwargs):
    started = time.perf_counter()
    try:
        return save(*args, **kwargs)
    finally:
        saves.append((started, time.perf_counter(), threading.get_ident()))


pipeline.save_checkpoint = timed_save
errors = [e for e in pipeline.run(db, DOCS, PAGES) if e is not None]
overtaken = [
    sum(1 for (_, end2, t2) in saves if t2 != thread and start < end2 < end)
    for (start, end, thread) in saves
]
limit = 3 * (len(DOCS) - 1)
unfair = sum(1 for n in overtaken if n > limit)
timings = sorted(end - start for (start, end, _) in saves)
p99 = timings[int(len(timings) * 0.99) - 1] * 1000
print(json.dumps({
    "sequential": sequential,
    "hazard": unfair + len(errors),
    "detail": f"{unfair} of {len(saves)} saves overtaken more than {limit} times (worst {max(overtaken)}), p99 {p99:.0f} ms, {len(errors)} errors",
}))
