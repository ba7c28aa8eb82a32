"""F-cursor-after-lock: a cursor returned from under a lock is read after it."""
import os
import sqlite3
import threading

from _fact import Fact, scratch

fact = Fact("F-cursor-after-lock", "a SELECT's cursor handed out of `with lock:` yields its rows later, outside the lock: other threads' writes on the shared connection, uncommitted ones included, show up in them")
db = os.path.join(scratch(), "q.db")
conn = sqlite3.connect(db, check_same_thread=False)
conn.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT)")
conn.executemany("INSERT INTO jobs (state) VALUES (?)", [("new",)] * 200)
conn.commit()
lock = threading.Lock()


def jobs_returning_cursor():
    # The helper's shape: the statement runs under the lock, the cursor leaves it.
    with lock:
        return conn.execute("SELECT id FROM jobs WHERE state = 'new' ORDER BY id")


def jobs_as_list():
    # The fix: the rows are read while the lock is held.
    with lock:
        return conn.execute("SELECT id FROM jobs WHERE state = 'new' ORDER BY id").fetchall()


def writer_adds_uncommitted():
    # Another thread's transaction, under the lock, not yet committed.
    with lock:
        conn.executemany("INSERT INTO jobs (state) VALUES (?)", [("new",)] * 50)


cur = jobs_returning_cursor()
first = cur.fetchone()
t = threading.Thread(target=writer_adds_uncommitted)
t.start()
t.join()
rest = cur.fetchall()
seen = 1 + len(rest)
fact.check(seen == 250, f"the SELECT ran with 200 matching rows; its caller, fetching after the lock, got {seen} (the other thread's 50 uncommitted inserts)")
with lock:
    conn.rollback()

listed = jobs_as_list()
t = threading.Thread(target=writer_adds_uncommitted)
t.start()
t.join()
fact.check(len(listed) == 200, f"rows read inside the lock: {len(listed)}, whatever the other thread does afterwards")
with lock:
    conn.rollback()
conn.close()
fact.done()
