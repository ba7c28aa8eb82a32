"""F-private-memory: each `:memory:` connection has a database no other connection sees."""
import sqlite3

from _fact import Fact

fact = Fact("F-private-memory", "two connections to \":memory:\" (or \"file::memory:\" without cache=shared) see different databases, and one holding a write transaction never blocks the other; with cache=shared they share one")

for name, uri in ((":memory:", False), ("file::memory:", True), ("file:scratch?mode=memory", True)):
    a = sqlite3.connect(name, uri=uri, timeout=0)
    b = sqlite3.connect(name, uri=uri, timeout=0)
    a.execute("CREATE TABLE t (x)")
    a.execute("INSERT INTO t VALUES (1)")  # a now holds a write transaction
    seen = b.execute("SELECT name FROM sqlite_master").fetchall()
    fact.check(seen == [], f"{name!r}: the second connection sees none of the first one's tables")
    try:
        b.execute("CREATE TABLE t (x)")
        b.execute("INSERT INTO t VALUES (2)")
        b.commit()
        fact.check(True, f"{name!r}: the second connection writes while the first holds its write transaction")
    except sqlite3.OperationalError as e:
        fact.check(False, f"{name!r}: the second connection's write failed: {e}")
    a.rollback()
    a.close()
    b.close()

shared = "file:shared_scratch?mode=memory&cache=shared"
a = sqlite3.connect(shared, uri=True)
b = sqlite3.connect(shared, uri=True)
a.execute("CREATE TABLE t (x)")
a.commit()
fact.check(b.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)], "with cache=shared the second connection sees the first one's table")
a.close()
b.close()
fact.done()
