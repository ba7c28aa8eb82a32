"""F-upgrade-fails-fast and F-begin-immediate: a transaction that read first gets no busy wait."""
import os
import sqlite3
import threading
import time

from _fact import Fact, scratch

fact = Fact("F-upgrade-fails-fast / F-begin-immediate", "a deferred transaction that has read fails at once when it tries to write against another writer, despite timeout=5; BEGIN IMMEDIATE waits instead")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE c (n INTEGER)")
setup.execute("INSERT INTO c VALUES (0)")


def code(e):
    return getattr(e, "sqlite_errorcode", None)


# 1. Another connection holds the write lock while we upgrade from a read.
a = sqlite3.connect(db, isolation_level=None, timeout=5)
b = sqlite3.connect(db, isolation_level=None, timeout=5)
a.execute("BEGIN")
a.execute("SELECT n FROM c").fetchall()
b.execute("BEGIN IMMEDIATE")
b.execute("UPDATE c SET n = n + 1")
start = time.perf_counter()
try:
    a.execute("UPDATE c SET n = n + 1")
    outcome = "updated"
except sqlite3.OperationalError as e:
    outcome = f"{e} (code {code(e)})"
ms = (time.perf_counter() - start) * 1000
fact.check(outcome.startswith("database is locked") and ms < 50, f"write after a read while another writer holds the lock, timeout=5: {outcome} after {ms:.2f} ms")
a.execute("ROLLBACK")
b.execute("COMMIT")

# 2. The other writer has already committed: our snapshot is stale.
a.execute("BEGIN")
a.execute("SELECT n FROM c").fetchall()
b.execute("UPDATE c SET n = n + 1")  # autocommit: committed now
start = time.perf_counter()
try:
    a.execute("UPDATE c SET n = n + 1")
    outcome, errcode = "updated", None
except sqlite3.OperationalError as e:
    outcome, errcode = str(e), code(e)
ms = (time.perf_counter() - start) * 1000
fact.check(outcome == "database is locked" and ms < 50, f"write after a read whose snapshot another commit made stale: {outcome!r} after {ms:.2f} ms")
if errcode is not None:
    fact.check(errcode == 517, f"its extended code is {errcode} (SQLITE_BUSY_SNAPSHOT is 517)")
a.execute("ROLLBACK")

# 3. BEGIN IMMEDIATE before the read: the second writer waits in the busy handler.
# The holder commits from a timer thread, so it may be used across threads.
holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
holder.execute("BEGIN IMMEDIATE")
holder.execute("UPDATE c SET n = n + 1")
release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
release.start()
start = time.perf_counter()
try:
    a.execute("BEGIN IMMEDIATE")
    n = a.execute("SELECT n FROM c").fetchone()[0]
    a.execute("UPDATE c SET n = ?", (n + 1,))
    a.execute("COMMIT")
    outcome = "committed"
except sqlite3.OperationalError as e:
    outcome = str(e)
ms = (time.perf_counter() - start) * 1000
release.join()
fact.check(outcome == "committed" and ms >= 150, f"BEGIN IMMEDIATE while another writer holds the lock for 200 ms: {outcome} after {ms:.0f} ms (it waited)")
fact.done()
