"""Eight workers, each with a store of its own (its own connection and its own
lock, as eight processes on the file would have), increment one counter
through the store's write helper, released together by a barrier for ten
rounds; each read is followed by 2 ms of "processing" (a connection subclass
sleeps after SELECT on the worker threads), widening the race window the way
real code does between the check and the write."""
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
work = sys.argv[2]

_connect = sqlite3.connect


class ProcessingConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        cur = super().execute(sql, *args)
        if sql.lstrip().upper().startswith("SELECT") and threading.current_thread().name.startswith("w"):
            time.sleep(0.002)
        return cur


def connect(*args, **kwargs):
    kwargs.setdefault("factory", ProcessingConnection)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
import counters  # noqa: E402
import store  # noqa: E402

seq = os.path.join(work, "seq.db")
store.init(seq)
one = store.Store(seq)
for _ in range(5):
    counters.increment(one)
one.close()
sequential = store.value(seq)

db = os.path.join(work, "load.db")
store.init(db)
THREADS, ROUNDS = 8, 10
barrier = threading.Barrier(THREADS)
errors = []


def worker():
    own = store.Store(db)
    try:
        for _ in range(ROUNDS):
            barrier.wait()
            counters.increment(own)
    except sqlite3.OperationalError as e:
        errors.append(str(e))
        barrier.abort()
    finally:
        own.close()


threads = [threading.Thread(target=worker, name=f"w{i}") for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
lost = THREADS * ROUNDS - store.value(db)
print(json.dumps({
    "sequential": sequential,
    "hazard": lost,
    "detail": f"{lost} of {THREADS * ROUNDS} increments lost, {len(errors)} errors",
}))
