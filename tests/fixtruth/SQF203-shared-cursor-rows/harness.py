"""Two threads read the hits of two pages through the object's one cursor. Thread A
pauses between its execute and its fetch until thread B has executed, and B executes
after A (each wait gives up after 1.5 s): the interleaving a busy process produces."""
import importlib
import json
import os
import sqlite3
import sys
import threading

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
ROWS = [("a", 1), ("a", 2), ("b", 30)]
EXPECTED = {"a": [1, 2], "b": [30]}


def load(db):
    os.environ["STATS_DB"] = os.path.join(work, db)
    module = importlib.import_module("stats")
    module = importlib.reload(module)
    for page, n in ROWS:
        module.stats.bump(page, n)
    return module


seq = load("seq.db")
sequential = {page: seq.stats.hits_of(page) for page in EXPECTED}
seq.stats.conn.close()

mod = load("load.db")
real = mod.stats.cur
a_executed = threading.Event()
b_executed = threading.Event()


class Interleaving:
    """The shared cursor, with the scheduling made explicit."""

    def execute(self, sql, params=()):
        name = threading.current_thread().name
        if sql.startswith("SELECT") and name == "reader-b":
            a_executed.wait(1.5)
        result = real.execute(sql, params)
        if sql.startswith("SELECT") and name == "reader-a":
            a_executed.set()
            b_executed.wait(1.5)
        if sql.startswith("SELECT") and name == "reader-b":
            b_executed.set()
        return result

    def __getattr__(self, name):
        return getattr(real, name)


mod.stats.cur = Interleaving()
results = {}


def read(page):
    try:
        results[page] = mod.stats.hits_of(page)
    except sqlite3.ProgrammingError as e:
        results[page] = f"ProgrammingError: {e}"


a = threading.Thread(target=read, args=("a",), name="reader-a")
b = threading.Thread(target=read, args=("b",), name="reader-b")
a.start()
b.start()
for t in (a, b):
    t.join(timeout=10)
wrong = sum(1 for page, rows in EXPECTED.items() if results.get(page) != rows)
print(json.dumps({
    "sequential": sequential,
    "hazard": wrong,
    "detail": f"readers given rows that are not their page's: {wrong}; results {results}",
}))
