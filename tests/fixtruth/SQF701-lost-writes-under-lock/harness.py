"""A maintenance job holds the write lock for 0.3 s; meanwhile three documents'
statuses are written (the writer fails fast: timeout=0.05)."""
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import status  # noqa: E402

work = sys.argv[2]
seq = os.path.join(work, "seq.db")
status.init(seq)
returned = [status.set_status(seq, f"doc-{n}", "done") for n in range(3)]
sequential = {"returned": returned, "stored": status.all_status(seq)}

db = os.path.join(work, "load.db")
status.init(db)
locked = threading.Event()


def maintenance():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(0.3)
    conn.execute("COMMIT")
    conn.close()


holder = threading.Thread(target=maintenance)
holder.start()
locked.wait(5)
for n in range(3):
    status.set_status(db, f"doc-{n}", "done")
holder.join()
stored = status.all_status(db)
lost = 3 - len(stored)
print(json.dumps({
    "sequential": sequential,
    "hazard": lost,
    "detail": f"{lost} of 3 status writes lost while the lock was held",
}))
