"""Factories that already close on the failing path, run only PRAGMAs or reads
before returning, or return on another path first: nothing to add."""
import sqlite3
import threading


def guarded(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    except BaseException:
        conn.close()
        raise
    return conn


def pragmas_only(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.row_factory = sqlite3.Row
    return conn


def finally_closes_on_error(path):
    conn = sqlite3.connect(path)
    ok = False
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        ok = True
    finally:
        if not ok:
            conn.close()
    return conn


def worker():
    conn = guarded("a.db")
    try:
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
    finally:
        conn.close()


threading.Thread(target=worker).start()
