"""F-savepoint-deferred: SAVEPOINT outside a transaction begins a DEFERRED one."""
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact("F-savepoint-deferred", "SAVEPOINT sent with no transaction open begins a DEFERRED transaction: it takes no lock, and a read then a write inside it fails at once against another writer, as a deferred BEGIN does")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE c (n INTEGER)")
setup.execute("INSERT INTO c VALUES (0)")

# The default (legacy) isolation level, as most projects open connections: Python
# sends no BEGIN of its own before SAVEPOINT.
a = sqlite3.connect(db, timeout=5)
b = sqlite3.connect(db, isolation_level=None, timeout=5)

# 1. SAVEPOINT opens a transaction, but takes no lock: another writer still can.
a.execute("SAVEPOINT sp1")
fact.check(a.in_transaction, f"after SAVEPOINT with none open, in_transaction is {a.in_transaction}")
try:
    b.execute("BEGIN IMMEDIATE")
    b.execute("UPDATE c SET n = n + 1")
    b.execute("COMMIT")
    outcome = "committed"
except sqlite3.OperationalError as e:
    outcome = str(e)
fact.check(outcome == "committed", f"another connection writes while the savepoint is open: {outcome} (no lock was taken)")
a.execute("RELEASE sp1")

# 2. Read, then write inside the savepoint while another writer holds the lock.
a.execute("SAVEPOINT sp1")
a.execute("SELECT n FROM c").fetchall()
b.execute("BEGIN IMMEDIATE")
b.execute("UPDATE c SET n = n + 1")
start = time.perf_counter()
try:
    a.execute("UPDATE c SET n = n + 1")
    outcome = "updated"
except sqlite3.OperationalError as e:
    outcome = str(e)
ms = (time.perf_counter() - start) * 1000
fact.check(outcome.startswith("database is locked") and ms < 50, f"write after a read inside the savepoint, another writer holding the lock, timeout=5: {outcome} after {ms:.2f} ms")
b.execute("COMMIT")
a.execute("ROLLBACK TO sp1")
a.execute("RELEASE sp1")

# 3. BEGIN IMMEDIATE cannot be sent inside it: the outermost BEGIN must be IMMEDIATE.
a.execute("SAVEPOINT sp1")
try:
    a.execute("BEGIN IMMEDIATE")
    outcome = "began"
except sqlite3.OperationalError as e:
    outcome = str(e)
fact.check("within a transaction" in outcome, f"BEGIN IMMEDIATE inside the savepoint: {outcome}")
a.execute("RELEASE sp1")
fact.done()
