"""F-gevent-no-yield: greenlets never switch inside a sqlite3 call."""
import os
import time

from _fact import Fact, need, scratch

gevent = need("gevent")
from gevent import monkey  # noqa: E402

monkey.patch_all()

import sqlite3  # noqa: E402
import threading  # noqa: E402

fact = Fact("F-gevent-no-yield", "under gevent's monkey.patch_all, threads are greenlets that switch only at gevent I/O or sleep: transactions committed before the next yield never meet another greenlet's lock, and a yield inside one makes the other greenlet's write block the whole process")
folder = scratch()
path = os.path.join(folder, "app.db")
setup = sqlite3.connect(path)
setup.execute("CREATE TABLE t (who, n)")
setup.commit()
setup.close()

errors = []


def writer(who, yield_inside):
    conn = sqlite3.connect(path, timeout=0.3)
    try:
        for n in range(200):
            conn.execute("INSERT INTO t VALUES (?, ?)", (who, n))
            if yield_inside:
                time.sleep(0.001)  # patched: a greenlet switch inside the transaction
            conn.commit()
            time.sleep(0)  # patched: a switch between transactions
    except sqlite3.OperationalError as e:
        errors.append(str(e))
    finally:
        conn.close()


threads = [threading.Thread(target=writer, args=(i, False)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
rows = sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(
    not errors and rows == 1600,
    f"eight patched threads, each committing before it yields: {rows} rows, {len(errors)} lock errors",
)

errors.clear()
started = time.monotonic()
threads = [threading.Thread(target=writer, args=(i, True)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - started
fact.check(
    bool(errors),
    f"two patched threads that yield inside their transaction: {len(errors)} lock error(s) ({errors[:1]}) after {elapsed:.2f} s",
)
fact.done()
