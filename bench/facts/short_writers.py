"""F-short-writers: threads of one-statement writes never wait out the busy timeout;
a second process holding a write for longer than it does make them fail."""
import os
import sqlite3
import subprocess
import sys
import threading
import time

from _fact import Fact, scratch

THREADS = 4
ROUNDS = 100

fact = Fact("F-short-writers", "a few threads, each writing one statement and committing at once on its own connection, never see \"database is locked\" under the default 5 s timeout; a second process holding a write transaction longer than the timeout makes a one-row insert fail")
folder = scratch()


def setup(name, wal):
    db = os.path.join(folder, name)
    c = sqlite3.connect(db)
    if wal:
        c.execute("PRAGMA journal_mode=WAL")
    c.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, who INTEGER, n INTEGER)")
    c.commit()
    c.close()
    return db


def short_writers(db):
    """THREADS threads, each opening a connection per write (default timeout),
    one INSERT or UPDATE, commit, close, as fast as they can."""
    locked, slowest = [], [0.0]

    def worker(i):
        for r in range(ROUNDS):
            start = time.perf_counter()
            conn = sqlite3.connect(db)
            try:
                if r % 2:
                    conn.execute("UPDATE t SET n = n + 1 WHERE who = ?", (i,))
                else:
                    conn.execute("INSERT INTO t (who, n) VALUES (?, 0)", (i,))
                conn.commit()
            except sqlite3.OperationalError as e:
                if "locked" in str(e):
                    locked.append(str(e))
            finally:
                conn.close()
            slowest[0] = max(slowest[0], time.perf_counter() - start)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return locked, slowest[0]


for wal in (False, True):
    mode = "WAL" if wal else "rollback journal"
    db = setup(f"short-{int(wal)}.db", wal)
    locked, slowest = short_writers(db)
    fact.check(not locked, f"{mode}: {THREADS} threads x {ROUNDS} one-statement writes committed at once, default timeout: {len(locked)} lock errors")
    fact.note(f"{mode}: slowest write took {slowest * 1000:.1f} ms, against a 5 s wait (a loaded machine, fsync included)")

# Another process holds the write lock for longer than the writer's timeout (a
# 1 s timeout here, so the script stays short; the default 5 s behaves the same
# against a holder of more than 5 s).
db = setup("held.db", False)
holder = subprocess.Popen(
    [sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({db!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('INSERT INTO t (who, n) VALUES (99, 0)')\n"
        "print('held', flush=True)\n"
        "time.sleep(3)\n"
        "c.execute('COMMIT')\n"
    )],
    stdout=subprocess.PIPE,
    text=True,
)
assert holder.stdout.readline().strip() == "held"
error = None
conn = sqlite3.connect(db, timeout=1.0)
try:
    conn.execute("INSERT INTO t (who, n) VALUES (1, 0)")
    conn.commit()
except sqlite3.OperationalError as e:
    error = str(e)
finally:
    conn.close()
holder.wait()
fact.check(error is not None and "locked" in error, f"a one-row INSERT (timeout=1 s) while another process holds a write for 3 s: {error!r}")

fact.done()
