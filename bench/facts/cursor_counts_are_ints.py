"""F-cursor-counts: a cursor's `rowcount` is always an int (-1 where no rows
were changed by a DML statement), and its `lastrowid` is None only on a cursor
that has run nothing: after any statement it is an int (the new row's id after
an INSERT, 0 or the connection's last inserted id otherwise). `int()`,
`float()` and `str()` of either cannot raise on a cursor that has executed."""
import sqlite3

from _fact import Fact

fact = Fact(
    "F-cursor-counts",
    "rowcount is always an int; lastrowid is an int once the cursor has executed anything",
)
conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
cur = conn.cursor()
fact.check(isinstance(cur.rowcount, int) and cur.lastrowid is None,
           f"a fresh cursor: rowcount {cur.rowcount!r}, lastrowid {cur.lastrowid!r}")
cur.execute("SELECT * FROM t")
fact.check(cur.rowcount == -1, f"after a SELECT, rowcount is {cur.rowcount!r}")
cur.execute("INSERT INTO t (x) VALUES (1)")
fact.check(isinstance(cur.lastrowid, int) and int(cur.lastrowid) == 1,
           f"after an INSERT, lastrowid is {cur.lastrowid!r} and int() of it is {int(cur.lastrowid)}")
for sql in ("UPDATE t SET x = 2", "SELECT 1", "CREATE TABLE u (y)"):
    fresh = conn.cursor()
    fresh.execute(sql)
    fact.check(isinstance(fresh.lastrowid, int) and isinstance(fresh.rowcount, int),
               f"a fresh cursor after {sql.split()[0]}: lastrowid {fresh.lastrowid!r}, rowcount {fresh.rowcount!r}")
conn.close()
fact.done()
