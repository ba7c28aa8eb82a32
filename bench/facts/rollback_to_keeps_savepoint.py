"""F-rollback-to-keeps-savepoint: ROLLBACK TO undoes the savepoint's work but keeps it, and its transaction, open."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-rollback-to-keeps-savepoint", "ROLLBACK TO name undoes the writes since the savepoint but does not release it: a savepoint that began the transaction keeps it open, with the write lock, until RELEASE, COMMIT or ROLLBACK")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
setup.close()

# Autocommit mode, as savepoint helpers usually run (and the default legacy mode
# sends no BEGIN before SAVEPOINT either: F-savepoint-deferred).
a = sqlite3.connect(db, isolation_level=None, timeout=5)
b = sqlite3.connect(db, isolation_level=None, timeout=0.2)

a.execute("SAVEPOINT sp")
a.execute("INSERT INTO t VALUES ('a')")
a.execute("ROLLBACK TO SAVEPOINT sp")
fact.check(a.in_transaction, f"after ROLLBACK TO SAVEPOINT, in_transaction is {a.in_transaction}")
n = a.execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(n == 0, f"the insert made inside the savepoint is undone: {n} rows")
try:
    b.execute("INSERT INTO t VALUES ('b')")
    outcome = "inserted"
except sqlite3.OperationalError as e:
    outcome = str(e)
fact.check(outcome.startswith("database is locked"), f"another connection writes after the ROLLBACK TO (timeout 0.2 s): {outcome}")
# The savepoint is still there: a second ROLLBACK TO of the same name works.
a.execute("ROLLBACK TO sp")
fact.check(True, "a second ROLLBACK TO sp succeeds: the savepoint was kept")
a.execute("RELEASE sp")
fact.check(not a.in_transaction, f"after RELEASE, in_transaction is {a.in_transaction}")
b.execute("INSERT INTO t VALUES ('b')")
fact.check(True, "after RELEASE the other connection writes")

# ROLLBACK TO then RELEASE (the usual pairing in an except clause or a finally).
a.execute("SAVEPOINT sp")
a.execute("INSERT INTO t VALUES ('c')")
a.execute("ROLLBACK TO sp")
a.execute("RELEASE sp")
fact.check(not a.in_transaction, "ROLLBACK TO followed by RELEASE ends the transaction the savepoint began")
fact.done()
