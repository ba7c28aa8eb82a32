"""F-short-writers: two threads of one-statement writes, paced like a program's
(not a tight loop), never wait out the busy timeout; a reader holding its
cursor across slow work, or a second process holding a write, longer than
the timeout makes them fail in the rollback journal.

The thread-count bound (and tight loops, where even two such writers can
starve one another on a slow disk) is measured by
bench/load/short_writer_threads.py, not checked here: its timing depends on
the machine's disk and load."""
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time

from _fact import Fact, scratch

THREADS = 2
ROUNDS = 100
GAP = 0.020

fact = Fact("F-short-writers", "two threads, each writing one statement and committing at once on its own connection with a pause between writes, never see \"database is locked\" under the default 5 s timeout; a reader holding its cursor, or another process holding a write transaction, longer than the timeout makes a one-row write fail in the rollback journal")
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
    one INSERT or UPDATE, commit, close, then a pause of 0-20 ms."""
    locked, slowest = [], [0.0]

    def worker(i):
        rng = random.Random(i)
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
            time.sleep(rng.uniform(0, GAP))

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
    fact.check(not locked, f"{mode}: {THREADS} threads x {ROUNDS} one-statement writes committed at once, 0-20 ms apart, default timeout: {len(locked)} lock errors")
    fact.note(f"{mode}: slowest write took {slowest * 1000:.1f} ms, against a 5 s wait (a loaded machine, fsync included)")



def held_cursor(db, hold):
    """A reader walks a SELECT cursor for `hold` seconds (slow work per row)
    while one writer (timeout=1 s) updates a row: the writer's error, if any."""
    c = sqlite3.connect(db)
    c.executemany("INSERT INTO t (who, n) VALUES (?, 0)", ((i,) for i in range(50)))
    c.commit()
    c.close()
    started = threading.Event()

    def reader():
        r = sqlite3.connect(db)
        for n, _row in enumerate(r.execute("SELECT * FROM t")):
            if n == 0:
                started.set()
            time.sleep(hold / 50)
        r.close()

    t = threading.Thread(target=reader)
    t.start()
    started.wait()
    error = None
    w = sqlite3.connect(db, timeout=1.0)
    try:
        w.execute("UPDATE t SET n = n + 1 WHERE who = 1")
        w.commit()
    except sqlite3.OperationalError as e:
        error = str(e)
    finally:
        w.close()
    t.join()
    return error


for wal in (False, True):
    mode = "WAL" if wal else "rollback journal"
    error = held_cursor(setup(f"cursor-{int(wal)}.db", wal), 2.0)
    if wal:
        fact.check(error is None, f"{mode}: a one-row UPDATE (timeout=1 s) while a reader walks its cursor for 2 s: {error!r}")
    else:
        fact.check(error is not None and "locked" in error, f"{mode}: a one-row UPDATE (timeout=1 s) while a reader walks its cursor for 2 s: {error!r}")

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
