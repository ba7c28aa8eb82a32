"""F-update-then-insert: an upsert done as UPDATE, then (when rowcount is 0) INSERT,
each statement committed on its own, inserts the same new key twice under threads;
one statement (`INSERT ... ON CONFLICT(key) DO UPDATE`) or one lock held across the
steps does not."""
import os
import sqlite3
import threading

from _fact import Fact, scratch

fact = Fact(
    "F-update-then-insert",
    "UPDATE, check rowcount, INSERT as separate transactions: threads upserting one new key insert it twice",
)
THREADS, KEYS = 8, 60


def run(upsert, lock_all=False):
    db = os.path.join(scratch(), "u.db")
    setup = sqlite3.connect(db)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE kv (k TEXT, v INTEGER)")  # no unique key: duplicates show
    setup.commit()
    setup.close()
    statement_lock, all_lock = threading.Lock(), threading.Lock()
    start = threading.Barrier(THREADS)

    def worker():
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)

        def execute(sql, params):
            # The wrapper's per-statement helper: a lock per statement, commit.
            with statement_lock:
                cur = conn.execute(sql, params)
                return cur

        start.wait()
        for k in range(KEYS):
            if lock_all:
                with all_lock:
                    upsert(conn, execute, str(k))
            else:
                upsert(conn, execute, str(k))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = sqlite3.connect(db)
    rows = check.execute("SELECT count(*) FROM kv").fetchone()[0]
    check.close()
    return rows - KEYS


def by_rowcount(conn, execute, key):
    cur = execute("UPDATE kv SET v = v + 1 WHERE k = ?", (key,))
    if cur.rowcount == 0:
        execute("INSERT INTO kv (k, v) VALUES (?, 1)", (key,))


def by_total_changes(conn, execute, key):
    before = conn.total_changes
    execute("UPDATE kv SET v = v + 1 WHERE k = ?", (key,))
    if conn.total_changes == before:
        execute("INSERT INTO kv (k, v) VALUES (?, 1)", (key,))


dups = [run(by_rowcount) for _ in range(3)]
fact.note(f"rowcount check, {THREADS} threads x {KEYS} new keys, 3 runs: duplicate rows {dups}")
fact.check(max(dups) > 0, "the rowcount check lets two threads insert one new key")
dups = [run(by_total_changes) for _ in range(3)]
fact.note(f"total_changes check, 3 runs: duplicate rows {dups}")
fact.check(max(dups) > 0, "so does comparing total_changes before and after")
dups = run(by_rowcount, lock_all=True)
fact.check(dups == 0, f"one lock held across UPDATE, check and INSERT: {dups} duplicates")


def on_conflict(db_unused, execute, key):
    execute(
        "INSERT INTO kv (k, v) VALUES (?, 1) ON CONFLICT(k) DO UPDATE SET v = v + 1",
        (key,),
    )


# ON CONFLICT needs the unique key the by-hand version did without.
def run_unique():
    db = os.path.join(scratch(), "c.db")
    setup = sqlite3.connect(db)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE kv (k TEXT UNIQUE, v INTEGER)")
    setup.close()
    start = threading.Barrier(THREADS)
    errors = []

    def worker():
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        start.wait()
        for k in range(KEYS):
            try:
                on_conflict(None, conn.execute, str(k))
            except sqlite3.Error as e:
                errors.append(e)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = sqlite3.connect(db)
    rows, total = check.execute("SELECT count(*), sum(v) FROM kv").fetchone()
    check.close()
    return rows, total, errors


rows, total, errors = run_unique()
fact.check(
    rows == KEYS and total == KEYS * THREADS and not errors,
    f"INSERT ... ON CONFLICT(k) DO UPDATE: {rows} rows, sum {total} of {KEYS * THREADS}, {len(errors)} errors",
)
fact.done()
