"""Processes four 300-page documents at once (a thread each) while another thread
(the app's API, say) records new uploads every 5 ms on its own connection;
every API write is timed from its INSERT to the end of its COMMIT. What a user
sees is that write's latency: the target is 100 ms at p99.

Each commit takes 3 ms more, as an fsync does on an ordinary disk (a connection
subclass sleeps before committing), and the database lives in /dev/shm when
there is one, so another program's disk traffic cannot stall a commit. The load
runs five times and the median p99 is judged, so neither one run slowed by
another program nor one lucky run decides. Writing progress once per page, the
pipeline holds the write lock most of the time and the API's writes wait in
SQLite's busy handler (it sleeps and polls, up to 100 ms a nap); throttled,
they rarely meet it."""
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

TARGET_MS = 100
RUNS = 5
PAGES = [f"page {n}" for n in range(300)]


class OrdinaryDiskConnection(sqlite3.Connection):
    def commit(self):
        time.sleep(0.003)
        return super().commit()


sys.path.insert(0, sys.argv[1])
import pipeline  # noqa: E402

work = sys.argv[2]
db = os.path.join(work, "sequential.db")
pipeline.init(db, "doc-1")
conn = sqlite3.connect(db)
result = pipeline.process(conn, "doc-1", PAGES)
final = conn.execute("SELECT pages_done, status FROM documents WHERE id = 'doc-1'").fetchone()
conn.close()
sequential = {"result": result, "final": final}

scratch = "/dev/shm" if os.path.isdir("/dev/shm") else work
runs = []
errors = []
for _ in range(RUNS):
    folder = tempfile.mkdtemp(dir=scratch)
    try:
        db = os.path.join(folder, "pipeline.db")
        pipeline.init(db, "doc-1")
        pipeline.init(db, "doc-2")
        pipeline.init(db, "doc-3")
        pipeline.init(db, "doc-4")
        done = threading.Event()
        timings = []

        def api():
            conn = sqlite3.connect(db, timeout=5.0, factory=OrdinaryDiskConnection)
            n = 0
            try:
                while not done.is_set():
                    n += 1
                    started = time.perf_counter()
                    conn.execute("INSERT INTO documents VALUES (?, 0, 'queued')", (f"upload-{n}",))
                    conn.commit()
                    timings.append(time.perf_counter() - started)
                    time.sleep(0.005)
            except sqlite3.Error as e:
                errors.append(str(e))
            finally:
                conn.close()

        def document(doc_id):
            conn = sqlite3.connect(db, timeout=5.0, factory=OrdinaryDiskConnection)
            try:
                pipeline.process(conn, doc_id, PAGES)
            except sqlite3.Error as e:
                errors.append(str(e))
            finally:
                conn.close()

        writer = threading.Thread(target=api)
        writer.start()
        documents = [threading.Thread(target=document, args=(d,)) for d in ("doc-1", "doc-2", "doc-3", "doc-4")]
        for t in documents:
            t.start()
        for t in documents:
            t.join()
        done.set()
        writer.join()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ordered = sorted(timings)
    runs.append(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000 if ordered else float("inf"))
median = sorted(runs)[len(runs) // 2]
print(json.dumps({
    "sequential": sequential,
    "hazard": (1 if median > TARGET_MS else 0) + len(errors),
    "detail": f"API write p99 {', '.join(f'{p:.0f}' for p in runs)} ms in {RUNS} runs while four "
              f"300-page documents are processed (median {median:.0f}, target {TARGET_MS}), {len(errors)} errors",
}))
