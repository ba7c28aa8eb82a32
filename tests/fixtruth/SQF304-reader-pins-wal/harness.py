"""The export runs in a thread; at its first row the harness lets an upload burst
commit 400 rows of 4 KB (about 1,200 WAL frames), then runs
`PRAGMA wal_checkpoint(PASSIVE)` and counts the WAL frames it could not copy back
because a reader's snapshot still needs them. A stand-in for `time` in the export
module pauses the first "rate limit" sleep until the burst is done, so the burst
always lands while the export is in its loop."""
import json
import os
import sqlite3
import sys
import threading
import time as real_time

sys.path.insert(0, sys.argv[1])
import export  # noqa: E402

work = sys.argv[2]
in_loop = threading.Event()
burst_done = threading.Event()


class PacedTime:
    def __getattr__(self, name):
        return getattr(real_time, name)

    def sleep(self, seconds):
        if not in_loop.is_set():
            in_loop.set()
            burst_done.wait(5)
        real_time.sleep(seconds)


seq = os.path.join(work, "seq.db")
export.init(seq, 5)
sequential = export.export_ids(seq)

export.time = PacedTime()
db = os.path.join(work, "load.db")
export.init(db, 20)
result = {}
reader = threading.Thread(target=lambda: result.update(ids=export.export_ids(db)))
reader.start()
in_loop.wait(5)
writer = sqlite3.connect(db)
for i in range(400):
    writer.execute("INSERT INTO uploads (body) VALUES (?)", ("x" * 4000,))
    writer.commit()
busy, log, done = writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
burst_done.set()
reader.join(10)
writer.close()
stuck = max(log - done, 0)
print(json.dumps({
    "sequential": sequential,
    "hazard": stuck,
    "detail": f"{stuck} of {log} WAL frames could not be checkpointed during the export",
}))
