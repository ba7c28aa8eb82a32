"""Write p99 of short writers with and without one process-wide lock, by the
number of threads that write at once (the measurement behind SQF303's "at
most two writer threads" exception, semantic/writer_threads.rs).

Each of THREADS threads opens a connection per write, runs one INSERT and
commits, then waits a random 0..2*GAP ms (the rest of its request), ROUNDS
times. A commit holds the write lock FSYNC ms longer (a stand-in for the WAL
fsync of `synchronous=FULL` on an ordinary disk; the database lives in
/dev/shm when there is one). Prints p50/p99/max per setup.

    python3 bench/load/writers_p99.py                      # 2, 4, 10, 30, 50 threads
    python3 bench/load/writers_p99.py --threads 30 --fsync 1
    python3 bench/load/writers_p99.py --threads 2 --readers 4 --scan 5000 --unlocked-only [--rollback-journal]

`--readers N` adds N threads that only read beside the writers (one SELECT walking
`--scan` rows, then a nap): the shape behind SQF101's two-writer exception
(bench/realfix/LOG.md, prec_pragmas). At two writers, rollback journal and WAL
alike showed no lock error and the same p99, readers or not.

Seen on the 2-core dev machine (FSYNC 3 ms, WAL; milliseconds, p99 unlocked / locked):
2 threads 12 / 11, 4 threads 16 / 15, 10 threads 61 / 24, 30 threads 342 / 96,
50 threads 548 / 119 (a second run: 30 threads 638 / 68, 50 threads 937 / 107);
with FSYNC 1 ms, 50 threads 1145 / 51. Two writers never
form a queue; from about ten, one-statement writers already wait many naps of
the busy handler (F-busy-polls), so "one statement per transaction" alone does
not keep the p99 under 100 ms at the audit's 10-50 concurrent uploads. Timing
depends on the machine: read the shape, not the numbers.
"""
import argparse
import os
import random
import sqlite3
import tempfile
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, action="append")
parser.add_argument("--rounds", type=int, default=40)
parser.add_argument("--gap", type=float, default=None, help="mean ms between a thread's writes (default 10 ms per thread)")
parser.add_argument("--fsync", type=float, default=3.0, help="ms a commit holds the lock")
parser.add_argument("--rollback-journal", action="store_true")
parser.add_argument("--readers", type=int, default=0,
                    help="threads that only read beside the writers: each runs one short SELECT, then naps")
parser.add_argument("--scan", type=int, default=0,
                    help="rows each reader's SELECT walks (0: a lookup by rowid)")
parser.add_argument("--unlocked-only", action="store_true", help="skip the runs under one Python lock")
args = parser.parse_args()
FSYNC = args.fsync / 1000


class SlowCommit(sqlite3.Connection):
    def commit(self):
        time.sleep(FSYNC)
        return super().commit()


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(threads, locked):
    folder = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    db = os.path.join(folder, "w.db")
    setup = sqlite3.connect(db)
    if not args.rollback_journal:
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (a, b)")
    # Rows for the readers to walk (a table the size of a small app's).
    setup.executemany("INSERT INTO t VALUES (?, ?)", ((-1, "y" * 200) for _ in range(max(args.scan, 1))))
    setup.commit()
    setup.close()
    gap = (args.gap if args.gap is not None else 10.0 * threads) / 1000
    lock = threading.RLock()
    latencies, failures, guard = [], [0], threading.Lock()
    start = threading.Barrier(threads)

    def write(conn, i):
        conn.execute("INSERT INTO t VALUES (?, ?)", (i, "x" * 200))
        conn.commit()

    def worker():
        start.wait()
        for i in range(args.rounds):
            t0 = time.perf_counter()
            try:
                conn = sqlite3.connect(db, factory=SlowCommit)
                if locked:
                    with lock:
                        write(conn, i)
                else:
                    write(conn, i)
                conn.close()
                with guard:
                    latencies.append((time.perf_counter() - t0) * 1000)
            except sqlite3.OperationalError:
                with guard:
                    failures[0] += 1
            time.sleep(random.uniform(0, 2 * gap))

    stop = threading.Event()
    read_failures = [0]

    def reader():
        conn = sqlite3.connect(db)
        while not stop.is_set():
            try:
                if args.scan:
                    conn.execute("SELECT count(*), max(length(b)) FROM (SELECT * FROM t LIMIT ?)", (args.scan,)).fetchall()
                else:
                    conn.execute("SELECT b FROM t WHERE rowid = 1").fetchall()
            except sqlite3.OperationalError:
                with guard:
                    read_failures[0] += 1
            time.sleep(random.uniform(0, 2 * gap))
        conn.close()

    readers = [threading.Thread(target=reader) for _ in range(args.readers)]
    for t in readers:
        t.start()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    failures[0] += read_failures[0]
    return failures[0], percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies)


for threads in args.threads or [2, 4, 10, 30, 50]:
    for locked in (False,) if args.unlocked_only else (False, True):
        failed, p50, p99, worst = run(threads, locked)
        print(f"{threads:3d} threads {'locked  ' if locked else 'unlocked'}: p50 {p50:6.1f} ms  p99 {p99:7.1f} ms  max {worst:7.1f} ms  locked errors {failed}")
