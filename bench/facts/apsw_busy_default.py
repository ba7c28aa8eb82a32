"""F-apsw-busy: apsw connections wait 0 ms on a lock unless told otherwise.

Needs apsw (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import time

from _fact import Fact, need, scratch

apsw = need("apsw")
fact = Fact("F-apsw-busy", "apsw.Connection(path) has busy timeout 0: a writer that meets a held lock fails at once; setbusytimeout(ms) makes it wait")
fact.note(f"apsw {apsw.apsw_version()}")
path = os.path.join(scratch(), "t.db")
holder = apsw.Connection(path)
holder.execute("CREATE TABLE t (x)")
other = apsw.Connection(path)
timeout = list(other.execute("PRAGMA busy_timeout"))[0][0]
fact.check(timeout == 0, f"PRAGMA busy_timeout of a new apsw connection: {timeout}")
holder.execute("BEGIN IMMEDIATE")
holder.execute("INSERT INTO t VALUES (1)")
start = time.perf_counter()
try:
    other.execute("BEGIN IMMEDIATE")
    failed = False
except apsw.BusyError:
    failed = True
waited = time.perf_counter() - start
fact.check(failed and waited < 0.05, f"a second writer fails with BusyError after {waited * 1000:.1f} ms")
other.setbusytimeout(300)
start = time.perf_counter()
try:
    other.execute("BEGIN IMMEDIATE")
    failed = False
except apsw.BusyError:
    failed = True
waited = time.perf_counter() - start
fact.check(failed and waited >= 0.25, f"after setbusytimeout(300) it waits {waited * 1000:.0f} ms before BusyError")
holder.execute("COMMIT")
fact.done()
