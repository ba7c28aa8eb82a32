"""5 threads save pages through peewee, taking turns, while a report holds a read
transaction 2 s. Taking turns keeps writers from waiting on each other, so only the
reader can make them fail: deterministic on a loaded machine."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import models  # noqa: E402

work = sys.argv[2]

# Without contention: the program's own result.
models.init(os.path.join(work, "seq.db"))
for n in range(5):
    models.save_page(f"doc{n}", n)
sequential = [list(p) for p in models.pages()]

db = os.path.join(work, "pages.db")
models.init(db)
models.save_page("doc0", 0)

reading = threading.Event()
locked = []


def report():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM page").fetchone()
    reading.set()
    threading.Event().wait(2.0)
    conn.execute("COMMIT")
    conn.close()


turn = threading.Lock()


def writer(i):
    reading.wait()
    with turn:
        try:
            models.save_page(f"doc{i}", i)
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
