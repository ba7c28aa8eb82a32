"""The connect timeout is not the wait: a PRAGMA busy_timeout right after replaces
it, or the connection only runs a checkpoint that is meant to give up when the
database is busy."""
import sqlite3
import threading

threading.Thread(target=print).start()


def open_reader(path):
    conn = sqlite3.connect(path, timeout=0.05)
    conn.execute("PRAGMA busy_timeout = 3000")
    return conn


def checkpoint_or_refuse(path):
    conn = sqlite3.connect(path, timeout=0.2)
    try:
        row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if row is not None and row[0] != 0:
            raise RuntimeError("database is busy; try again later")
    finally:
        conn.close()
