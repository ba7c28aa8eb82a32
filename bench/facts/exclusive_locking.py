"""F-exclusive-lock: locking_mode=EXCLUSIVE keeps the lock after the transaction ends."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-exclusive-lock", "a connection in locking_mode=EXCLUSIVE keeps its lock after commit: every other connection gets 'database is locked'")
folder = scratch()

for wal in (False, True):
    mode = "WAL" if wal else "rollback journal"
    db = os.path.join(folder, f"{mode[:3]}.db")
    owner = sqlite3.connect(db, isolation_level=None)
    if wal:
        owner.execute("PRAGMA journal_mode=WAL")
    owner.execute("CREATE TABLE t (x)")
    owner.execute("PRAGMA locking_mode=EXCLUSIVE")
    owner.execute("INSERT INTO t VALUES (1)")  # committed; the lock stays
    other = sqlite3.connect(db, timeout=0.2)
    for what, sql in (("read", "SELECT count(*) FROM t"), ("write", "INSERT INTO t VALUES (2)")):
        try:
            other.execute(sql).fetchall()
            other.commit()
            outcome = "ok"
        except sqlite3.OperationalError as e:
            outcome = str(e)
        fact.check(outcome == "database is locked", f"{mode}: another connection's {what} after the owner committed: {outcome!r}")
    other.close()
    owner.close()
    after = sqlite3.connect(db).execute("SELECT count(*) FROM t").fetchone()[0]
    fact.check(after == 1, f"{mode}: once the owner closes, others can read again ({after} row)")
fact.done()
