"""F-shared-transaction: a reader's commit on a shared connection ends the owner's transaction."""
import os
import sqlite3
import threading

from _fact import Fact, scratch

fact = Fact("F-shared-transaction", "on one check_same_thread=False connection, another thread's read sees the owner's uncommitted rows and its commit() commits them: the owner's rollback then undoes nothing")
db = os.path.join(scratch(), "cache.db")
conn = sqlite3.connect(db, check_same_thread=False)
conn.execute("CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT)")
conn.commit()

# The owner thread (here the main thread) starts a write and has not finished it.
conn.execute("INSERT INTO cache VALUES ('k1', 'half-done')")
seen = {}


def reader():
    # Another thread's `get`: a SELECT, then an unconditional commit().
    seen["rows"] = conn.execute("SELECT count(*) FROM cache").fetchone()[0]
    conn.commit()


t = threading.Thread(target=reader)
t.start()
t.join()
fact.check(seen["rows"] == 1, f"the reader thread counted {seen['rows']} row(s): the owner's uncommitted insert")
conn.rollback()  # the owner gives up its write
other = sqlite3.connect(db)
kept = other.execute("SELECT count(*) FROM cache").fetchone()[0]
other.close()
fact.check(kept == 1, f"after the owner's rollback, another connection sees {kept} row(s): the reader's commit() had committed it")
conn.close()
fact.done()
