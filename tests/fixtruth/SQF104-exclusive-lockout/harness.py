"""A worker keeps its connection and records stages; 5 status requests read progress."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import store  # noqa: E402

work = sys.argv[2]
db = os.path.join(work, "progress.db")
store.init(db)

worker = store.connect(db)
for stage in range(3):
    store.record(worker, "doc1", stage)

results = []
locked = []


def status():
    try:
        results.append(store.progress(db, "doc1"))
    except sqlite3.OperationalError as e:
        locked.append(str(e))


threads = [threading.Thread(target=status) for _ in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
worker.close()
print(json.dumps({
    "sequential": store.progress(db, "doc1"),
    "hazard": len(locked),
    "detail": f"{len(locked)} of 5 status reads got 'database is locked' while the worker's connection was open",
}))
