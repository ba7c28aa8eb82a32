"""A storage layer hands its commits to a single database thread through a
decorator (the wrapper submits the method to a pool), while its statement
method takes a fresh cursor on the caller's thread with no lock. Statements
and commits then run on the one connection from two threads at once."""
import functools
import sqlite3
from concurrent.futures import ThreadPoolExecutor

writer = ThreadPoolExecutor(max_workers=1)


def on_writer(method):
    @functools.wraps(method)
    def run_there(*args, **kwargs):
        return writer.submit(method, *args, **kwargs)
    return run_there


class Storage:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def run(self, sql, params=()):
        cursor = self.conn.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall()

    @on_writer
    def flush(self):
        self.conn.commit()


storage = Storage("events.db")


def record(event):
    storage.run("INSERT INTO events (body) VALUES (?)", (event,))
    storage.flush()
