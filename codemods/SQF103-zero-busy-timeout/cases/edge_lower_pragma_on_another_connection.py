"""Edge: the lower PRAGMA runs on another connection (a read-only probe), not on the
one with the long timeout; and a PRAGMA through a cursor of the connection that
lowers 20 s to 10 s: still twice Python's default, a choice, not reported (one that
lowers it to the default or below is)."""
import sqlite3
import threading


def writer(path):
    conn = sqlite3.connect(path, timeout=20)
    probe = sqlite3.connect(path)
    probe.execute("PRAGMA busy_timeout=1000")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()


def through_cursor(path):
    conn = sqlite3.connect(path, timeout=20)
    conn.cursor().execute("PRAGMA busy_timeout=10000")
    return conn


threading.Thread(target=writer, args=("app.db",)).start()
