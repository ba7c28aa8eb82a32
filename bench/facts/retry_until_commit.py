"""F-retry-until-commit: a loop that retries one write (or a commit) until it commits publishes it once."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-retry-until-commit",
    "retrying one write and its commit on 'database is locked' until the commit succeeds publishes that write once; a commit that failed keeps its transaction, so retrying the commit alone publishes the earlier writes once, while re-running a plain INSERT before the retried commit applies it twice",
)
folder = scratch()
db = os.path.join(folder, "retry.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE t (k PRIMARY KEY, v)")
setup.execute("CREATE TABLE log (v)")
setup.commit()

# 1. The write itself meets another connection's write lock: nothing of it is
#    kept, and the next turn's write and commit publish it once.
holder = sqlite3.connect(db, timeout=0)
holder.execute("INSERT INTO log VALUES ('holder')")  # takes the write lock
writer = sqlite3.connect(db, timeout=0)
turns = 0
while True:
    turns += 1
    try:
        writer.execute("INSERT INTO t VALUES (1, 'a') ON CONFLICT(k) DO UPDATE SET v = excluded.v")
        writer.commit()
        break
    except sqlite3.OperationalError:
        if turns == 3:
            holder.commit()  # the other writer lets go
rows = setup.execute("SELECT k, v FROM t").fetchall()
fact.check(rows == [(1, "a")] and turns == 4, f"upsert retried {turns} turns: table holds {rows}")

# 2. The commit meets a reader (rollback journal: COMMIT waits for readers):
#    the transaction and its writes stay; committing again publishes them once.
reader = sqlite3.connect(db, timeout=0)
reader.execute("BEGIN")
reader.execute("SELECT * FROM t").fetchall()  # holds a shared lock
writer.execute("INSERT INTO log VALUES ('batch')")
failed = 0
while True:
    try:
        writer.commit()
        break
    except sqlite3.OperationalError:
        failed += 1
        fact.note(f"commit failed ({failed}), still in a transaction: {writer.in_transaction}")
        reader.rollback()
count = setup.execute("SELECT count(*) FROM log WHERE v = 'batch'").fetchone()[0]
fact.check(failed == 1 and count == 1, f"commit retried after {failed} failure: the batch row is there {count} time(s)")

# 3. Contrast: the INSERT re-run before the retried commit is applied twice.
reader.execute("BEGIN")
reader.execute("SELECT * FROM t").fetchall()
failed = 0
while True:
    try:
        writer.execute("INSERT INTO log VALUES ('again')")
        writer.commit()
        break
    except sqlite3.OperationalError:
        failed += 1
        reader.rollback()
count = setup.execute("SELECT count(*) FROM log WHERE v = 'again'").fetchone()[0]
fact.check(count == 2, f"a plain INSERT re-run after a failed commit: the row is there {count} time(s)")
for c in (holder, writer, reader, setup):
    c.close()
fact.done()
