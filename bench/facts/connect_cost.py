"""F-connect-cost (sqlite3 half): what opening a connection per request costs."""
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact("F-connect-cost", "a sqlite3 connect+close costs far more than a query on an open connection, but well under a millisecond")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE t (x)")
setup.commit()
N = 2000


def per_call(fn):
    start = time.perf_counter()
    for _ in range(N):
        fn()
    return (time.perf_counter() - start) / N * 1000


def fresh():
    conn = sqlite3.connect(db)
    conn.execute("SELECT count(*) FROM t").fetchone()
    conn.close()


reused = per_call(lambda: setup.execute("SELECT count(*) FROM t").fetchone())
connecting = per_call(fresh)
fact.check(connecting > 3 * reused, f"connect + query + close {connecting:.3f} ms, query on an open connection {reused:.4f} ms ({connecting / reused:.0f}x)")
fact.check(connecting < 5, f"a connect per request costs {connecting:.3f} ms: negligible beside a request, not inside a loop over thousands of items")


# What a per-request connection repeats on top of the connect, when its
# factory runs it every time: cheap settings, a schema check, a WAL switch.
def with_statements(*sql):
    def run():
        conn = sqlite3.connect(db)
        for statement in sql:
            conn.execute(statement).fetchall()
        conn.execute("SELECT count(*) FROM t").fetchone()
        conn.close()

    return run


settings = per_call(with_statements("PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON"))
schema = per_call(with_statements(*[f"CREATE TABLE IF NOT EXISTS s{i} (id INTEGER PRIMARY KEY, v TEXT)" for i in range(5)]))
wal = per_call(with_statements("PRAGMA journal_mode=WAL"))
fact.note(f"per connect: cheap settings {settings:.3f} ms, five CREATE TABLE IF NOT EXISTS {schema:.3f} ms, PRAGMA journal_mode=WAL {wal:.3f} ms")
fact.check(settings < 5, f"busy_timeout and foreign_keys per connect keep it under a millisecond or so: {settings:.3f} ms")
fact.done()
