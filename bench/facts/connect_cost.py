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
fact.done()
