"""F-shared-cursor: one cursor used by two threads mixes up their results."""
import os
import sqlite3
import threading
import time

from _fact import Fact, scratch

fact = Fact("F-shared-cursor", "one cursor shared by threads (check_same_thread=False): a thread fetches another's rows, or gets 'Recursive use of cursors not allowed'")
db = os.path.join(scratch(), "c.db")
conn = sqlite3.connect(db, check_same_thread=False)
conn.execute("CREATE TABLE hits (owner TEXT, n INTEGER)")
conn.executemany("INSERT INTO hits VALUES (?, ?)", [("a", 1), ("a", 2), ("b", 30)])
conn.commit()
cur = conn.cursor()  # kept like `self.cur = self.conn.cursor()`

# Thread A executes, thread B executes on the same cursor before A fetches:
# A's fetchall() returns B's rows (the order forced with events, as a scheduler may).
a_executed, b_executed = threading.Event(), threading.Event()
seen = {}


def reader_a():
    cur.execute("SELECT n FROM hits WHERE owner = 'a' ORDER BY n")
    a_executed.set()
    b_executed.wait()
    seen["a"] = cur.fetchall()


def reader_b():
    a_executed.wait()
    cur.execute("SELECT n FROM hits WHERE owner = 'b'")
    b_executed.set()


threads = [threading.Thread(target=reader_a), threading.Thread(target=reader_b)]
for t in threads:
    t.start()
for t in threads:
    t.join()
fact.check(seen["a"] == [(30,)], f"A asked for its rows [(1,), (2,)] and fetched {seen['a']}")

# While one thread's statement is running on the cursor, another's execute() on it raises.
started = threading.Event()


def slow(x):
    started.set()
    time.sleep(0.3)
    return x


conn.create_function("slow", 1, slow)
errors = []


def long_query():
    cur.execute("SELECT slow(n) FROM hits WHERE owner = 'b'").fetchall()


def second_query():
    started.wait()
    try:
        cur.execute("SELECT 1")
    except sqlite3.ProgrammingError as e:
        errors.append(str(e))


threads = [threading.Thread(target=long_query), threading.Thread(target=second_query)]
for t in threads:
    t.start()
for t in threads:
    t.join()
fact.check(any("Recursive use of cursors" in e for e in errors), f"execute() during another thread's statement: {errors[:1]}")

# The fix: a cursor per call (conn.execute) and the connection under one lock.
lock = threading.Lock()
results = {}


def locked_reader(owner):
    for _ in range(50):
        with lock:
            rows = conn.execute("SELECT n FROM hits WHERE owner = ? ORDER BY n", (owner,)).fetchall()
        if rows != {"a": [(1,), (2,)], "b": [(30,)]}[owner]:
            results[owner] = rows
            return
    results[owner] = "ok"


threads = [threading.Thread(target=locked_reader, args=(o,)) for o in ("a", "b", "a", "b")]
for t in threads:
    t.start()
for t in threads:
    t.join()
fact.check(set(results.values()) == {"ok"}, f"a cursor per call under one lock, 4 threads x 50 reads: {results}")
conn.close()
fact.done()
