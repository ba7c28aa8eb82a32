"""F-loop-carried: a loop that writes per item and commits after the loop holds the write lock across every later item's slow work."""
import os
import sqlite3
import threading
import time

from _fact import Fact, scratch

fact = Fact(
    "F-loop-carried",
    "in a loop that runs slow work and then writes, committing only after the loop, the first item's write keeps the lock through every later item's slow work (even work that comes before the write in the body): a writer on another connection fails with 'database is locked'; doing the slow work first, or committing per item, lets it write",
)
folder = scratch()
ITEMS = 6
SLOW = 0.3  # stands in for one request to a remote store


def setup(db):
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO docs VALUES (?, 'x')", [(i,) for i in range(ITEMS)])
    conn.execute("CREATE TABLE log (at REAL)")
    conn.commit()
    conn.close()


def migrate(db, order):
    conn = sqlite3.connect(db)
    if order == "remote first":
        for _ in range(ITEMS):
            time.sleep(SLOW)
    for i in range(ITEMS):
        if order != "remote first":
            time.sleep(SLOW)  # before the write, inside the body
        conn.execute("DELETE FROM docs WHERE id = ?", (i,))
        if order == "commit per item":
            conn.commit()
    conn.commit()
    conn.close()


def writer(db, results):
    """The live server: one short write while the migration runs (timeout 0.3 s)."""
    time.sleep(SLOW * 2.5)
    conn = sqlite3.connect(db, timeout=0.3)
    try:
        conn.execute("INSERT INTO log VALUES (?)", (time.time(),))
        conn.commit()
        results.append("wrote")
    except sqlite3.OperationalError as e:
        results.append(str(e))
    finally:
        conn.close()


for order in ("commit after the loop", "remote first", "commit per item"):
    db = os.path.join(folder, order.replace(" ", "_") + ".db")
    setup(db)
    results = []
    t = threading.Thread(target=writer, args=(db, results))
    t.start()
    migrate(db, order)
    t.join()
    fact.note(f"{order}: the other writer: {results[0]}")
    if order == "commit after the loop":
        fact.check("locked" in results[0], "commit after the loop: the writer fails with 'database is locked'")
    elif order == "remote first":
        fact.check(results[0] == "wrote", "remote work first: the writer writes (the slow work ran before the first write)")
    else:
        fact.check(results[0] == "wrote", "commit per item: the writer writes between items")

fact.done()
