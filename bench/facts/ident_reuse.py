"""F-ident-reuse: a thread ident is reused after its thread ends, and a default
connection cached under it passes the same-thread check in the new thread."""
import sqlite3
import threading

from _fact import Fact

fact = Fact(
    "F-ident-reuse",
    "threading.get_ident() values come back after their thread ends; a connection keyed by one "
    "is then used by the new thread without error, while one carried to a live other thread raises",
)
cache = {}


def open_one():
    cache.setdefault(threading.get_ident(), sqlite3.connect(":memory:"))


# One thread at a time, each started after the last one ended.
for _ in range(100):
    t = threading.Thread(target=open_one)
    t.start()
    t.join()
fact.check(len(cache) < 100, f"100 threads run one after another left {len(cache)} distinct idents")

results = {"ok": 0, "refused": 0, "missing": 0}


def use_cached():
    conn = cache.get(threading.get_ident())
    if conn is None:
        results["missing"] += 1
        return
    try:
        conn.execute("SELECT 1")
        results["ok"] += 1
    except sqlite3.ProgrammingError:
        results["refused"] += 1


for _ in range(20):
    t = threading.Thread(target=use_cached)
    t.start()
    t.join()
fact.check(
    results["ok"] > 0 and results["refused"] == 0,
    f"a later thread with a reused ident uses the dead thread's connection: {results}",
)

carried = []


def use_carried(conn):
    try:
        conn.execute("SELECT 1")
        carried.append("ran")
    except sqlite3.ProgrammingError:
        carried.append("ProgrammingError")


mine = sqlite3.connect(":memory:")
t = threading.Thread(target=use_carried, args=(mine,))
t.start()
t.join()
fact.check(carried == ["ProgrammingError"], f"a connection carried to another live thread: {carried}")
fact.done()
