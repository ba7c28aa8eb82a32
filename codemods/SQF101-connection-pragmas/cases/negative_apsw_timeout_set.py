"""apsw connections that already wait for the lock, or never take it: the
queue sets a busy timeout right after opening, the worker's connection gets a
busy handler in a helper, the report reader opens the file read-only, and the
scratch database lives in memory."""
import threading

import apsw


def _patient(conn):
    conn.setbusyhandler(lambda tries: tries < 50)
    return conn


class Queue:
    def __init__(self, path):
        self.db = apsw.Connection(path)
        self.db.setbusytimeout(5000)

    def add(self, url):
        with self.db:
            self.db.execute("INSERT INTO items VALUES (?, 0)", (url,))


def worker(path, urls):
    conn = apsw.Connection(path)
    _patient(conn)
    for url in urls:
        with conn:
            conn.execute("UPDATE items SET done = 1 WHERE url = ?", (url,))


def report(path):
    reader = apsw.Connection(path, flags=apsw.SQLITE_OPEN_READONLY)
    return list(reader.execute("SELECT count(*) FROM items WHERE done = 1"))


def scratch():
    mem = apsw.Connection(":memory:")
    return mem


def start(path, batches):
    for batch in batches:
        threading.Thread(target=worker, args=(path, batch)).start()
