"""A `sqlite3.Connection` subclass with one instance per thread: the web
threads and the download worker each get their own `Library` connection,
opened by `super().__init__`, which turns on foreign keys and nothing else. No
`sqlite3.connect` call appears, but every instance is a connection in the
rollback journal, and the worker's writes block the readers."""
import sqlite3
import threading

_local = threading.local()


class Library(sqlite3.Connection):
    path = "library.db"

    def __init__(self, timeout=10):
        super().__init__(self.path, timeout=timeout)
        self.execute("PRAGMA foreign_keys = ON")


def db():
    if not hasattr(_local, "conn"):
        _local.conn = Library()
    return _local.conn


def add_book(title):
    conn = db()
    conn.execute("INSERT INTO books(title) VALUES (?)", (title,))
    conn.commit()


def download_worker(queue):
    while True:
        add_book(queue.get())


def start(queue):
    threading.Thread(target=download_worker, args=(queue,), daemon=True).start()
