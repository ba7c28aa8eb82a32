"""How many threads of one-statement writers the rollback journal serves with
no "database is locked" and a write p99 under 100 ms (the measurement behind
SQF101's bounded-writers exception, semantic/writer_threads.rs SHORT_FEW, and
F-short-writers in docs/sqlite-facts.md).

Each of N writer threads runs, in a tight loop for SECONDS: open a connection
(`sqlite3.connect(path)`, Python's default 5 s busy timeout), run ONE statement
(an INSERT, a keyed UPDATE or a keyed DELETE, in turn), commit, close. One
reader thread runs beside them:

    keyed   a connection per lookup, one SELECT by primary key, close
    scan    one connection iterating `SELECT * FROM t` (10,000 rows and more)
            row by row, again and again (a report, a broadcast list)
    slow    the same scan with slow work inside the loop (a message sent per
            chat): the cursor holds its read lock across that work, HOLD
            seconds per pass (`--hold`, 0.5 s by default)

Both journals (rollback, WAL) at the default `synchronous=FULL`. The database
is a real file (default: a scratch folder beside this script's working
directory, on the same disk as the projects; `--dir` to choose). Prints, per
run, the writes done, the lock errors seen by writers and by the reader, and
the p50 / p99 / max of one write, connect to close.

    python3 bench/load/short_writer_threads.py                       # N = 2 3 4 8 16 32
    python3 bench/load/short_writer_threads.py --threads 4 --reader slow --seconds 10
    python3 bench/load/short_writer_threads.py --gap 100      # paced: a write every 0.1 s per thread
    python3 bench/load/short_writer_threads.py --threads 1 --reader slow --hold 6 --gap 100

A tight loop is the worst case: a bot's handlers and a reminder thread write a
few times a second at most, far less often than this. The bound set from these
numbers is still the tight loop's, to stay safe. Timing depends on the machine
(its fsync above all) and on its load: read the shape, not the digits.
"""
import argparse
import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, action="append")
parser.add_argument("--seconds", type=float, default=4.0)
parser.add_argument("--reader", action="append", choices=["keyed", "scan", "slow"])
parser.add_argument("--journal", action="append", choices=["rollback", "wal"])
parser.add_argument("--rows", type=int, default=10_000)
parser.add_argument("--dir", default=None)
parser.add_argument("--gap", type=float, default=0.0,
                    help="mean ms a writer pauses between writes (random 0..2*GAP; 0: a tight loop)")
parser.add_argument("--hold", type=float, default=0.5,
                    help="seconds one pass of the slow reader holds its cursor")
args = parser.parse_args()
THREADS = args.threads or [2, 3, 4, 8, 16, 32]
READERS = args.reader or ["keyed", "scan", "slow"]
JOURNALS = args.journal or ["rollback", "wal"]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def setup(folder, journal):
    db = os.path.join(folder, f"short-{journal}.db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    c = sqlite3.connect(db)
    if journal == "wal":
        c.execute("PRAGMA journal_mode=WAL")
    c.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, who INTEGER, n INTEGER, text TEXT)")
    c.executemany(
        "INSERT INTO t (who, n, text) VALUES (?, 0, ?)",
        ((i % 50, "x" * 40) for i in range(args.rows)),
    )
    c.commit()
    c.close()
    return db


def run(db, writers, reader):
    stop = time.perf_counter() + args.seconds
    times, locked, reader_locked, reads = [], [0], [0], [0]
    lock = threading.Lock()

    def writer(i):
        rng = random.Random(i)
        mine, errors, r = [], 0, 0
        while time.perf_counter() < stop:
            r += 1
            start = time.perf_counter()
            conn = sqlite3.connect(db)
            try:
                key = rng.randrange(1, args.rows)
                if r % 3 == 0:
                    conn.execute("INSERT INTO t (who, n, text) VALUES (?, 0, 'new')", (i,))
                elif r % 3 == 1:
                    conn.execute("UPDATE t SET n = n + 1 WHERE k = ?", (key,))
                else:
                    conn.execute("DELETE FROM t WHERE k = ? AND who = -1", (key,))
                conn.commit()
            except sqlite3.OperationalError as e:
                if "locked" not in str(e):
                    raise
                errors += 1
            finally:
                conn.close()
            mine.append(time.perf_counter() - start)
            if args.gap:
                time.sleep(rng.uniform(0, 2 * args.gap) / 1000)
        with lock:
            times.extend(mine)
            locked[0] += errors

    def read_loop():
        rng = random.Random(-1)
        held = None if reader == "keyed" else sqlite3.connect(db)
        while time.perf_counter() < stop:
            try:
                if reader == "keyed":
                    conn = sqlite3.connect(db)
                    try:
                        conn.execute("SELECT * FROM t WHERE k = ?", (rng.randrange(1, args.rows),)).fetchone()
                    finally:
                        conn.close()
                else:
                    begun = time.perf_counter()
                    for n, _row in enumerate(held.execute("SELECT * FROM t")):
                        if reader == "slow" and n % 20 == 0:
                            # Spread the pass over HOLD seconds.
                            ahead = begun + args.hold * n / args.rows - time.perf_counter()
                            if ahead > 0:
                                time.sleep(ahead)
                reads[0] += 1
            except sqlite3.OperationalError as e:
                if "locked" not in str(e):
                    raise
                reader_locked[0] += 1
        if held is not None:
            held.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    threads.append(threading.Thread(target=read_loop))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, locked[0], reader_locked[0], reads[0]


folder = tempfile.mkdtemp(prefix="sqlfix-short-writers-", dir=args.dir or os.getcwd())
try:
    print(f"SQLite {sqlite3.sqlite_version}, {args.seconds:.0f} s per run, {args.rows} rows, "
          f"gap {args.gap:g} ms, hold {args.hold:g} s, load {os.getloadavg()[0]:.1f}, folder {folder}")
    print(f"{'journal':9} {'reader':6} {'N':>3} {'writes':>7} {'locked':>6} {'rd-lock':>7} {'reads':>6} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for reader in READERS:
        for journal in JOURNALS:
            for n in THREADS:
                db = setup(folder, journal)
                times, locked, reader_locked, reads = run(db, n, reader)
                print(f"{journal:9} {reader:6} {n:>3} {len(times):>7} {locked:>6} {reader_locked:>7} {reads:>6} "
                      f"{percentile(times, 0.5) * 1000:>7.1f} {percentile(times, 0.99) * 1000:>7.1f} "
                      f"{max(times, default=0) * 1000:>7.1f}", flush=True)
finally:
    shutil.rmtree(folder, ignore_errors=True)
