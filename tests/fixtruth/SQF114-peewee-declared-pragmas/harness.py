"""5 threads save books through a peewee database declared with foreign keys on,
taking turns, while a report holds a read transaction 2 s. Only the reader can make
them fail. The result also says whether foreign keys are still enforced: a fix that
moved the pragmas into init() would replace the declared ones and turn them off."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import models  # noqa: E402

work = sys.argv[2]

models.init(os.path.join(work, "seq.db"))
for n in range(5):
    models.save_book(f"doc{n}", n)
sequential = {"books": [list(b) for b in models.books()], "orphan_rejected": models.orphan_rejected()}

db = os.path.join(work, "books.db")
models.init(db)
models.save_book("doc0", 0)

reading = threading.Event()
locked = []


def report():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM book").fetchone()
    reading.set()
    threading.Event().wait(2.0)
    conn.execute("COMMIT")
    conn.close()


turn = threading.Lock()


def writer(i):
    reading.wait()
    with turn:
        try:
            models.save_book(f"doc{i}", i)
        except Exception as e:  # peewee wraps sqlite3's OperationalError
            locked.append(str(e))


threads = [threading.Thread(target=report)] + [threading.Thread(target=writer, args=(i,)) for i in range(1, 6)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
print(json.dumps({
    "sequential": sequential,
    "hazard": len(locked),
    "detail": f"{len(locked)} of 5 peewee writes got 'database is locked' behind a 2 s read",
}))
