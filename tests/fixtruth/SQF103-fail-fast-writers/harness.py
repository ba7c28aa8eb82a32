"""10 status writers arrive while a slow transaction holds the write lock for 0.4 s."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import jobs  # noqa: E402

work = sys.argv[2]

seq = os.path.join(work, "seq.db")
jobs.init(seq)
for d in range(10):
    jobs.set_status(seq, f"doc{d}", "done")
sequential = [list(r) for r in jobs.statuses(seq)]

db = os.path.join(work, "load.db")
jobs.init(db)
held = threading.Event()
locked = []


def slow_writer():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO jobs (doc, status) VALUES ('batch', 'running')")
    held.set()
    threading.Event().wait(0.4)
    conn.execute("ROLLBACK")
    conn.close()


def status_writer(d):
    held.wait()
    try:
        jobs.set_status(db, f"doc{d}", "done")
    except sqlite3.OperationalError as e:
        locked.append(str(e))


threads = [threading.Thread(target=slow_writer)] + [
    threading.Thread(target=status_writer, args=(d,)) for d in range(10)
]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
print(json.dumps({
    "sequential": sequential,
    "hazard": len(locked),
    "detail": f"{len(locked)} of 10 writers got 'database is locked' while a transaction held the lock 0.4 s",
}))
