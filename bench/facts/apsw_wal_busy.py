"""F-apsw-wal-busy: `PRAGMA journal_mode=WAL` needs the database's lock, so on an
apsw connection with no busy timeout yet it fails at once beside another
connection's transaction; with the timeout set first it waits out readers
(beside an open write transaction it fails at once either way).

Needs apsw (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import time

from _fact import Fact, need, scratch

apsw = need("apsw")
fact = Fact("F-apsw-wal-busy", "PRAGMA journal_mode=WAL on an apsw connection with no timeout fails at once while another connection holds a lock; a timeout set first makes it wait beside readers")
fact.note(f"apsw {apsw.apsw_version()}")
path = os.path.join(scratch(), "t.db")
holder = apsw.Connection(path)
holder.execute("CREATE TABLE t (x)")
holder.execute("INSERT INTO t VALUES (1)")


def switch(conn):
    start = time.perf_counter()
    try:
        mode = list(conn.execute("PRAGMA journal_mode = WAL"))[0][0]
    except apsw.BusyError:
        mode = None
    return mode, time.perf_counter() - start


# A writer's transaction, then a reader's.
for what, begin in (("a write transaction", "BEGIN IMMEDIATE"), ("a read transaction", "BEGIN")):
    holder.execute(begin)
    list(holder.execute("SELECT * FROM t"))
    other = apsw.Connection(path)
    mode, waited = switch(other)
    fact.check(mode is None and waited < 0.05, f"beside {what}: the WAL PRAGMA fails with BusyError after {waited * 1000:.1f} ms")
    other.setbusytimeout(300)
    mode, waited = switch(other)
    if begin == "BEGIN":
        fact.check(mode is None and waited >= 0.25, f"beside {what}, after setbusytimeout(300): it waits {waited * 1000:.0f} ms before BusyError")
    else:
        # Holding its read lock while the writer holds RESERVED, it could wait
        # forever: SQLite returns BUSY at once, timeout or not (F-upgrade-fails-fast).
        fact.check(mode is None and waited < 0.05, f"beside {what}, even after setbusytimeout(300): BusyError after {waited * 1000:.1f} ms (no wait can help)")
    holder.execute("COMMIT")
    other.close()
other = apsw.Connection(path)
mode, _ = switch(other)
fact.check(mode == "wal", f"with no other transaction open it switches: {mode}")
fact.done()
