"""F-busy-needs-two: "database is locked" needs a second connection to the file."""
import os
import sqlite3
import threading

from _fact import Fact, scratch

THREADS = 8
ROUNDS = 100

fact = Fact("F-busy-needs-two", "threads sharing ONE connection never get \"database is locked\", with or without a lock; a second connection to the same file brings it")
folder = scratch()


def setup(name):
    db = os.path.join(folder, name)
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, n INTEGER)")
    c.execute("INSERT INTO t VALUES (1, 0)")
    c.commit()
    c.close()
    return db


def hammer(connection_for, lock_for):
    """THREADS threads each run ROUNDS read-then-write transactions; count the errors."""
    locked, other = [], []

    def worker(i):
        conn = connection_for(i)
        lock = lock_for(i)
        for _ in range(ROUNDS):
            # The rollback runs under the same lock as the transaction: a rollback
            # racing another thread's statement on the shared connection garbles
            # the connection's error message, which is the unlocked case's hazard.
            if lock is not None:
                lock.acquire()
            try:
                n = conn.execute("SELECT n FROM t WHERE k = 1").fetchone()[0]
                conn.execute("UPDATE t SET n = ? WHERE k = 1", (n + 1,))
                conn.execute("INSERT INTO t (n) VALUES (?)", (i,))
                conn.commit()
            except Exception as e:  # unlocked sharing also breaks the C module's state
                (locked if "locked" in str(e) else other).append(f"{type(e).__name__}: {e}")
                try:
                    conn.rollback()
                except Exception:  # noqa: BLE001 - unlocked sharing can break rollback too (SystemError)
                    pass
            finally:
                if lock is not None:
                    lock.release()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return locked, other


for wal in (False, True):
    mode = "WAL" if wal else "rollback journal"
    # One connection with no busy wait at all (timeout=0): any BUSY would raise at once.
    db = setup(f"one-{int(wal)}.db")
    shared = sqlite3.connect(db, timeout=0, check_same_thread=False)
    # The fact is about locks, not durability: skip the fsyncs.
    shared.execute("PRAGMA synchronous=OFF")
    if wal:
        shared.execute("PRAGMA journal_mode=WAL")
    for lock in (threading.RLock(), None):
        locked, other = hammer(lambda i: shared, lambda i: lock)
        how = "under one RLock" if lock is not None else "with no lock"
        fact.check(not locked, f"{mode}: {THREADS} threads x {ROUNDS} read-then-write transactions on one check_same_thread=False connection {how}, timeout=0: {len(locked)} lock errors")
        if other:
            # Unlocked sharing interleaves transactions (SQF203's hazard), not BUSY.
            fact.note(f"{mode} {how}: {len(other)} other errors, e.g. {other[0]!r}")
    # A write while a SELECT of the same connection is still being stepped.
    cur = shared.execute("SELECT k FROM t")
    cur.fetchone()
    try:
        shared.execute("INSERT INTO t (n) VALUES (0)")
        shared.commit()
        during = "ok"
    except sqlite3.OperationalError as e:
        during = str(e)
    fact.check(during == "ok", f"{mode}: write and commit while the same connection's SELECT is unfinished: {during!r}")
    shared.close()

    # Two connections to the same file, same work: BUSY appears.
    db = setup(f"two-{int(wal)}.db")
    pair = [sqlite3.connect(db, timeout=0, check_same_thread=False) for _ in range(2)]
    for c in pair:
        c.execute("PRAGMA synchronous=OFF")
    if wal:
        pair[0].execute("PRAGMA journal_mode=WAL")
    # Each connection's threads take that connection's lock: only the two
    # connections contend (whether their turns overlap depends on scheduling).
    locks = [threading.Lock(), threading.Lock()]
    locked, _ = hammer(lambda i: pair[i % 2], lambda i: locks[i % 2])
    fact.note(f"{mode}: the same work on two connections to the file, each used under its own lock, timeout=0: {len(locked)} lock errors")
    # While one connection holds the write lock, none of the other's writers
    # gets through, and "database is locked" is how they fail.
    rows_before = pair[0].execute("SELECT COUNT(*) FROM t").fetchone()[0]
    pair[0].execute("BEGIN IMMEDIATE")
    lock = threading.Lock()
    locked, other = hammer(lambda i: pair[1], lambda i: lock)
    pair[0].rollback()
    rows_after = pair[0].execute("SELECT COUNT(*) FROM t").fetchone()[0]
    total = THREADS * ROUNDS
    fact.check(rows_after == rows_before and len(locked) == total, f"{mode}: while a second connection holds the write lock, the threads' {total} transactions on the first: {rows_after - rows_before} committed, {len(locked)} lock errors, {len(other)} other errors")
    for c in pair:
        c.close()

fact.done()
