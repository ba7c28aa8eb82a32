"""A caller looks codes up from its main thread, then from four worker threads
at once (a web server's request threads). Before the fix the first caller's
thread owns the connection and every other thread's lookup raises
ProgrammingError; after it, every lookup answers, one thread at a time."""
import importlib
import json
import os
import sqlite3
import sys
import threading

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
db = os.path.join(work, "codes.sqlite3")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE codes (code TEXT PRIMARY KEY, place TEXT)")
setup.executemany("INSERT INTO codes VALUES (?, ?)", [(str(i), f"place{i}") for i in range(50)])
setup.commit()
setup.close()
os.environ["POSTCODES_DB"] = db
postcodes = importlib.import_module("postcodes")

sequential = [postcodes.place_of(str(i)) for i in range(50)]
errors = []
answers = {}


def worker(n):
    for i in range(n, 50, 4):
        try:
            answers[i] = postcodes.place_of(str(i))
        except sqlite3.ProgrammingError as e:
            errors.append(str(e))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=20)
wrong = sum(1 for i, a in answers.items() if a != f"place{i}")
print(json.dumps({
    "sequential": sequential,
    "hazard": len(errors) + wrong,
    "detail": f"ProgrammingError in worker threads: {len(errors)}; wrong answers: {wrong}",
}))
