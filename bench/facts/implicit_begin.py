"""F-implicit-begin: legacy transaction control opens a transaction only before a write."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-implicit-begin", "with the default isolation_level, BEGIN is sent only before INSERT/UPDATE/DELETE/REPLACE")
db = os.path.join(scratch(), "t.db")
sent = []
conn = sqlite3.connect(db)
conn.set_trace_callback(sent.append)
fact.check(conn.isolation_level == "", f"default isolation_level is {conn.isolation_level!r}")

conn.execute("CREATE TABLE t (x)")
fact.check(not conn.in_transaction, "after CREATE TABLE: no transaction open (DDL runs in autocommit)")
conn.execute("SELECT count(*) FROM t").fetchall()
fact.check(not conn.in_transaction, "after SELECT: no transaction open")
conn.execute("PRAGMA user_version").fetchall()
fact.check(not conn.in_transaction, "after PRAGMA: no transaction open")
conn.execute("INSERT INTO t VALUES (1)")
fact.check(conn.in_transaction, "after INSERT: a transaction is open")
fact.check("BEGIN " in sent, f"the implicit statement sent before the INSERT is 'BEGIN ' (DEFERRED): {sent[-2:]}")
conn.execute("SELECT x FROM t").fetchall()
fact.check(conn.in_transaction, "a later SELECT does not end it; it stays open until commit()")
conn.commit()
fact.check(not conn.in_transaction, "after commit(): closed")
fact.done()
