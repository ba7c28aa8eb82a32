"""Saves pages from 10 threads and reads the durability each connection runs with.

Corruption needs a power cut mid-commit, which a test cannot make; what it can
show is that the app's connections run with synchronous=0 (OFF), which allows it.
"""
import json
import os
import sys
import threading

sys.path.insert(0, sys.argv[1])
import store  # noqa: E402

work = sys.argv[2]
db = os.path.join(work, "pages.db")
store.init(db)

threads = [
    threading.Thread(target=lambda d=d: [store.save_page(db, f"doc{d}", n) for n in range(5)])
    for d in range(10)
]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
sequential = [list(row) for row in store.pages(db)]

levels = []
for _ in range(10):
    conn = store.connect(db)
    levels.append(conn.execute("PRAGMA synchronous").fetchone()[0])
    conn.close()
off = sum(1 for level in levels if level == 0)
print(json.dumps({
    "sequential": sequential,
    "hazard": off,
    "detail": f"{off} of 10 connections run with synchronous=OFF (levels {sorted(set(levels))})",
}))
