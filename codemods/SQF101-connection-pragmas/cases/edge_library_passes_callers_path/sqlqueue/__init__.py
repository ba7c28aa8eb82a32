"""A queue library: the caller names the file and shares the queue between
threads. WAL and synchronous are the caller's choice (a read-only file, Python
3.12 autocommit=False, the durability they want), so the findings on the
caller's path are display-only; the library's own private file is fixed."""
import sqlite3
import threading


class Queue:
    def __init__(self, path, **options):
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def reopen(self):
        return sqlite3.connect(self.path)

    def put(self, item):
        with self.lock:
            self.conn.execute("INSERT INTO q VALUES (?)", (item,))
            self.conn.commit()


def connect_like(**kwargs):
    return sqlite3.connect(**kwargs)


def stats_connection():
    return sqlite3.connect("sqlqueue-stats.db")


def open_later(database, **kwargs):
    """An async driver's shape: a connector closure made now, called later on the
    driver's thread, opening the file its caller named (str, bytes or a path)."""

    def connector():
        if isinstance(database, str):
            location = database
        elif isinstance(database, bytes):
            location = database.decode("utf-8")
        else:
            location = str(database)
        return sqlite3.connect(location, **kwargs)

    return connector


def open_named_here(**kwargs):
    def connector():
        location = "sqlqueue-cache.db"
        return sqlite3.connect(location, **kwargs)

    return connector
