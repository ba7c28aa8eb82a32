"""F-busy-polls: the busy handler sleeps and retries; it is not a queue."""
import os
import sqlite3
import threading
import time

from _fact import Fact, scratch

fact = Fact("F-busy-polls", "a writer waiting on the lock sleeps in growing steps (up to 100 ms) and retries, so it wakes late and a later writer can go first; a thread waiting on a threading.Lock is woken at release")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE t (who TEXT, at REAL)")
HOLD = 0.15

order = []
acquired = {}


def writer(name, delay, t0):
    conn = sqlite3.connect(db, isolation_level=None, timeout=5)
    time.sleep(delay)
    conn.execute("BEGIN IMMEDIATE")
    acquired[name] = time.perf_counter() - t0
    order.append(name)
    conn.execute("INSERT INTO t VALUES (?, ?)", (name, acquired[name]))
    conn.execute("COMMIT")
    conn.close()


def trial(with_late=True):
    order.clear()
    acquired.clear()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    t0 = time.perf_counter()
    early = threading.Thread(target=writer, args=("early", 0.0, t0))
    late = threading.Thread(target=writer, args=("late", HOLD - 0.01, t0))
    early.start()
    if with_late:
        late.start()
    time.sleep(HOLD - (time.perf_counter() - t0))
    holder.execute("COMMIT")
    released = time.perf_counter() - t0
    early.join()
    if with_late:
        late.join()
    holder.close()
    return released, dict(acquired), list(order)


# Timing on a busy machine varies; one clear trial out of five shows the mechanism.
overtaken = 0
for _ in range(5):
    released, got, who = trial()
    overtaken += who[0] == "late"
    fact.note(f"lock released at {released * 1000:.0f} ms; early waiter got it at {got['early'] * 1000:.0f} ms, late waiter (started at {(HOLD - 0.01) * 1000:.0f} ms) at {got['late'] * 1000:.0f} ms; order {who}")
fact.check(overtaken >= 1, f"the writer that started waiting {(HOLD - 0.01) * 1000:.0f} ms later went first in {overtaken} of 5 trials")
# The wake-up lag is measured with the early waiter alone: the late waiter's
# first retries fall within a few ms of the release by design, so with it
# present the lag says more about the schedule's phase than about polling.
lags = []
for _ in range(5):
    released, got, _ = trial(with_late=False)
    lags.append((got["early"] - released) * 1000)
fact.check(max(lags) >= 5, f"a lone waiter took the released lock up to {max(lags):.1f} ms after it was free (it is asleep between retries, not queued)")

# For comparison, a Python lock: a waiter is woken when it is released, not on a timer.
# (CPython promises no order among several waiters; this shows only the wake-up.)
py_lock = threading.Lock()
py_lags = []
for _ in range(5):
    py_lock.acquire()
    got_at = []
    waiter = threading.Thread(target=lambda: (py_lock.acquire(), got_at.append(time.perf_counter()), py_lock.release()))
    waiter.start()
    time.sleep(HOLD)
    released_at = time.perf_counter()
    py_lock.release()
    waiter.join()
    py_lags.append((got_at[0] - released_at) * 1000)
fact.check(max(py_lags) < max(lags), f"a thread waiting on a threading.Lock took it at most {max(py_lags):.2f} ms after release")
fact.done()
