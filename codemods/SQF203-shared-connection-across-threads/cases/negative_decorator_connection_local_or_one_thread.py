"""Two decorators that open a connection per call without the race: one hands
the method a local connection, and the other's object is only used by the one
thread that runs the program."""
import functools
import sqlite3
import threading


def with_conn(method):
    @functools.wraps(method)
    def wrapper(self, *args):
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                return method(self, conn, *args)
        finally:
            conn.close()

    return wrapper


def opened(method):
    @functools.wraps(method)
    def wrapper(self, *args):
        self.conn = sqlite3.connect(self.path, timeout=5)
        try:
            return method(self, *args)
        finally:
            self.conn.close()

    return wrapper


class Shared:
    def __init__(self, path):
        self.path = path

    @with_conn
    def add(self, conn, item):
        conn.execute("INSERT INTO items VALUES (?)", (item,))


class Report:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @opened
    def total(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]


SHARED = Shared("items.db")


def worker(items):
    for item in items:
        SHARED.add(item)


def main(batches):
    threads = [threading.Thread(target=worker, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(Report("items.db").total())
