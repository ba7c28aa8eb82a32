"""Two uploads; each job reads its document's row. The commit is held back
until the job has read (if the job has started within 0.8 s), the way a busy
commit waits for the write lock under load."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import uploads  # noqa: E402

work = sys.argv[2]
real_connect = sqlite3.connect
real_process = uploads.process
started = threading.Event()
read = threading.Event()


class SlowCommit:
    def __init__(self, conn):
        self._conn = conn

    def commit(self):
        if started.wait(0.8):
            read.wait(2)
        return self._conn.commit()

    def __getattr__(self, name):
        return getattr(self._conn, name)


def traced_process(path, doc_id):
    started.set()
    try:
        return real_process(path, doc_id)
    finally:
        read.set()


def run(db, hold_commit):
    uploads.init(db)
    results = []
    for name in ["a.pdf", "b.pdf"]:
        started.clear()
        read.clear()
        if hold_commit:
            sqlite3.connect = lambda *a, **k: SlowCommit(real_connect(*a, **k))
            uploads.process = traced_process
        try:
            job = uploads.upload(db, name)
        finally:
            sqlite3.connect = real_connect
            uploads.process = real_process
        results.append(job.result(timeout=10))
    with real_connect(db) as conn:
        stored = [row[0] for row in conn.execute("SELECT name FROM documents ORDER BY id")]
    return results, stored


_, sequential = run(os.path.join(work, "seq.db"), hold_commit=False)
seen, _ = run(os.path.join(work, "load.db"), hold_commit=True)
missing = seen.count("missing")
print(json.dumps({
    "sequential": sequential,
    "hazard": missing,
    "detail": f"jobs saw {seen}",
}))
