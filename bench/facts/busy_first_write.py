"""F-busy-first-write: a BUSY on a transaction's first write leaves no lock held."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-busy-first-write",
    "a first write that fails with 'database is locked' takes no lock (only the deferred BEGIN stays open); a first write that fails on a constraint, or any write after one that succeeded, keeps the write lock",
)
folder = scratch()

for wal in (True, False):
    mode = "WAL" if wal else "rollback journal"
    db = os.path.join(folder, f"{mode[:3]}.db")
    setup = sqlite3.connect(db)
    if wal:
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (k PRIMARY KEY, v)")
    setup.execute("INSERT INTO t VALUES (1, 1)")
    setup.commit()

    def probe():
        """Whether a third connection can write now (timeout 0: no wait)."""
        other = sqlite3.connect(db, timeout=0)
        try:
            other.execute("INSERT INTO t VALUES (100, 0)")
            other.rollback()
            return "can write"
        except sqlite3.OperationalError as e:
            return str(e)
        finally:
            other.close()

    # 1. The first write fails BUSY: nothing held.
    holder = sqlite3.connect(db, timeout=0)
    holder.execute("INSERT INTO t VALUES (2, 2)")  # takes the write lock
    failing = sqlite3.connect(db, timeout=0)
    try:
        failing.execute("INSERT INTO t VALUES (3, 3)")
        first = "ok"
    except sqlite3.OperationalError as e:
        first = str(e)
    fact.check(first == "database is locked", f"{mode}: the first write while another holds the lock: {first!r}")
    fact.note(f"{mode}: after it, Python's transaction is open: {failing.in_transaction}")
    holder.commit()
    seen = probe()
    fact.check(seen == "can write", f"{mode}: once the holder commits, a third connection {seen} (the failed one holds nothing)")
    failing.rollback()

    # 2. The first write fails on a constraint: the lock stays with it.
    failing.execute("SELECT 1").fetchall()
    try:
        failing.execute("INSERT INTO t VALUES (1, 9)")
        constraint = "ok"
    except sqlite3.IntegrityError as e:
        constraint = str(e)
    fact.check(constraint.startswith("UNIQUE"), f"{mode}: a first write that breaks a key: {constraint!r}")
    seen = probe()
    fact.check(seen == "database is locked", f"{mode}: after that failure a third connection gets {seen!r} (the lock is kept)")
    failing.rollback()

    # 3. A second write fails after the first succeeded: the lock stays too.
    failing.execute("INSERT INTO t VALUES (4, 4)")
    try:
        failing.execute("INSERT INTO t VALUES (1, 9)")
    except sqlite3.IntegrityError:
        pass
    seen = probe()
    fact.check(seen == "database is locked", f"{mode}: after a later write fails a third connection gets {seen!r}")
    failing.rollback()
    for c in (holder, failing, setup):
        c.close()
fact.done()
