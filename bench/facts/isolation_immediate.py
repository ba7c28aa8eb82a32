"""F-isolation-immediate: isolation_level="IMMEDIATE" does not cover a read before the first write."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-isolation-immediate", "isolation_level='IMMEDIATE' begins after the SELECT, so read-then-write loses updates; an explicit BEGIN IMMEDIATE before the read does not")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE c (n INTEGER)")
setup.execute("INSERT INTO c VALUES (0)")
setup.commit()

# Two increments interleaved the way two threads do: both read, then both write.
a = sqlite3.connect(db, isolation_level="IMMEDIATE")
b = sqlite3.connect(db, isolation_level="IMMEDIATE")
sent = []
a.set_trace_callback(sent.append)
n_a = a.execute("SELECT n FROM c").fetchone()[0]
fact.check(not a.in_transaction, "after the SELECT no transaction is open on the IMMEDIATE connection")
n_b = b.execute("SELECT n FROM c").fetchone()[0]
b.execute("UPDATE c SET n = ?", (n_b + 1,))
b.commit()
a.execute("UPDATE c SET n = ?", (n_a + 1,))
a.commit()
fact.check(sent.index("BEGIN IMMEDIATE") > sent.index("SELECT n FROM c"), f"statements sent: {sent}")
final = setup.execute("SELECT n FROM c").fetchone()[0]
fact.check(final == 1, f"two increments from 0 leave n = {final} (one update lost)")

# The same with BEGIN IMMEDIATE sent before the read: the second reader waits.
setup.execute("UPDATE c SET n = 0")
setup.commit()
a = sqlite3.connect(db, isolation_level=None)
b = sqlite3.connect(db, isolation_level=None, timeout=0)
a.execute("BEGIN IMMEDIATE")
n_a = a.execute("SELECT n FROM c").fetchone()[0]
try:
    b.execute("BEGIN IMMEDIATE")
    blocked = False
except sqlite3.OperationalError:
    blocked = True
fact.check(blocked, "a second BEGIN IMMEDIATE cannot start while the first holds the lock (it would wait with a timeout)")
a.execute("UPDATE c SET n = ?", (n_a + 1,))
a.execute("COMMIT")
b.execute("BEGIN IMMEDIATE")
n_b = b.execute("SELECT n FROM c").fetchone()[0]
b.execute("UPDATE c SET n = ?", (n_b + 1,))
b.execute("COMMIT")
final = setup.execute("SELECT n FROM c").fetchone()[0]
fact.check(final == 2, f"with BEGIN IMMEDIATE before the read, two increments leave n = {final}")
fact.done()
