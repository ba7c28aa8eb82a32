"""F-autocommit: Python 3.12's `autocommit` attribute changes what commit() does.

Needs Python 3.12 or newer (the attribute does not exist before); exits 2 on older ones.
"""
import os
import sqlite3
import sys

from _fact import Fact, scratch

if sys.version_info < (3, 12):
    print(f"F-autocommit needs Python 3.12 or newer (this is {sys.version.split()[0]}): install python3.12 and run it with that")
    sys.exit(2)

fact = Fact("F-autocommit", "autocommit=True makes commit() and `with conn:` no-ops, so BEGIN IMMEDIATE ... commit() keeps the write lock; autocommit=False keeps a transaction always open")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, autocommit=True)
setup.execute("CREATE TABLE t (x)")

conn = sqlite3.connect(db, autocommit=True)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO t VALUES (1)")
conn.commit()
fact.check(conn.in_transaction, "autocommit=True: after BEGIN IMMEDIATE, INSERT, commit(): still in a transaction")
other = sqlite3.connect(db, timeout=0, autocommit=True)
try:
    other.execute("INSERT INTO t VALUES (2)")
    outcome = "ok"
except sqlite3.OperationalError as e:
    outcome = str(e)
fact.check(outcome == "database is locked", f"another writer meanwhile: {outcome!r}")
with conn:
    pass
fact.check(conn.in_transaction, "`with conn:` did not end it either")
conn.execute("COMMIT")
fact.check(not conn.in_transaction, "conn.execute('COMMIT') ends it")

held = sqlite3.connect(db, autocommit=False, isolation_level="IMMEDIATE")
fact.check(held.in_transaction, "autocommit=False: a transaction is open right after connect (isolation_level ignored)")
held.commit()
fact.check(held.in_transaction, "and a new one opens right after commit()")
held.close()
fact.done()
