"""5 writer threads commit, one at a time, while a report holds a read transaction
for 2 s. Taking turns keeps writers from waiting on each other, so only a reader
blocking the writers can make them fail: deterministic even on a loaded machine."""
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import store  # noqa: E402

work = sys.argv[2]

# Without contention: the program's own result.
seq = os.path.join(work, "seq.db")
store.init(seq)
for n in range(5):
    store.add(seq, n)
sequential = store.all_events(seq)

db = os.path.join(work, "load.db")
store.init(db)
locked = []
turn = threading.Lock()
started = threading.Event()


def reader():
    started.set()
    store.report(db, 2.0)


def writer(i):
    started.wait()
    time.sleep(0.1)
    with turn:
        try:
            store.add(db, i)
        except sqlite3.OperationalError as e:
            locked.append(str(e))


threads = [threading.Thread(target=reader)] + [threading.Thread(target=writer, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
print(json.dumps({
    "sequential": sequential,
    "hazard": len(locked),
    "detail": f"{len(locked)} of 5 writers got 'database is locked'; journal_mode={sqlite3.connect(db).execute('PRAGMA journal_mode').fetchone()[0]}",
}))
