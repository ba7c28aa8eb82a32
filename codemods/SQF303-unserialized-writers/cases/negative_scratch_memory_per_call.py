"""Pool threads that each fill a scratch database in memory to aggregate a
batch, then write the totals to the shared file under the program's lock. The
scratch transactions run on many threads at once with nothing serializing
them, but each `:memory:` connection (named by a constant, or a `file::memory:`
URI) has a database of its own that no other connection can open, so no writer
ever waits on another there. Not reported."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

DB = "totals.db"
SCRATCH = ":memory:"
WRITE_LOCK = threading.Lock()


def aggregate(batch):
    scratch = sqlite3.connect(SCRATCH)
    try:
        scratch.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)")
        for key in batch:
            scratch.execute("INSERT OR IGNORE INTO t VALUES (?, 0)", (key,))
            scratch.execute("UPDATE t SET n = n + 1 WHERE k = ?", (key,))
        scratch.commit()
        return scratch.execute("SELECT k, n FROM t").fetchall()
    finally:
        scratch.close()


def ranks(batch):
    scratch = sqlite3.connect("file::memory:", uri=True)
    try:
        scratch.execute("CREATE TABLE r (k TEXT, n INTEGER)")
        scratch.executemany("INSERT INTO r VALUES (?, 1)", [(k,) for k in batch])
        scratch.execute("DELETE FROM r WHERE k = ''")
        scratch.commit()
        return scratch.execute("SELECT k FROM r ORDER BY n").fetchall()
    finally:
        scratch.close()


def handle(batch):
    totals = aggregate(batch)
    ranks(batch)
    with WRITE_LOCK:
        conn = sqlite3.connect(DB, timeout=30)
        try:
            conn.executemany("INSERT INTO totals VALUES (?, ?)", totals)
            conn.execute("UPDATE meta SET batches = batches + 1")
            conn.commit()
        finally:
            conn.close()


def main(batches):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(handle, batches))


if __name__ == "__main__":
    main([["a", "b"], ["c"], ["d", "a"]])
