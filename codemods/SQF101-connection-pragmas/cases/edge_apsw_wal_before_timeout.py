"""Worker threads each open the queue database through apsw. The PRAGMA
journal_mode=WAL needs the database's lock, and apsw waits 0 ms until a
timeout is set: `open_late` sets its timeout only after switching to WAL
(reported on the WAL PRAGMA), `open_first` sets it before (not reported), and
`open_configured` hands its connection to a helper that sets the timeout
first (not reported, neither the open nor the helper)."""
import threading

import apsw


def open_late(path):
    conn = apsw.Connection(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.setbusytimeout(5000)
    return conn


def open_first(path):
    conn = apsw.Connection(path)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def _configure(conn):
    cur = conn.cursor()
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA journal_mode = WAL")


def open_configured(path):
    conn = apsw.Connection(path)
    _configure(conn)
    return conn


def worker(path, opener):
    conn = opener(path)
    with conn:
        conn.execute("INSERT INTO jobs DEFAULT VALUES")


def start(path):
    for opener in (open_late, open_first, open_configured):
        threading.Thread(target=worker, args=(path, opener)).start()
