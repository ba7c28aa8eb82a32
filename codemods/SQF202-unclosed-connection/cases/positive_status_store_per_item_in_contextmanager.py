"""A status store opens its connection in the constructor and has no close().
The command builds one per work item inside a context manager that yields it and
never closes it: a run over many items leaves one open connection per item."""
import contextlib
import sqlite3


class StatusStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS status (item TEXT, state TEXT)")

    def mark(self, item, state):
        with self.conn:
            self.conn.execute("INSERT INTO status VALUES (?, ?)", (item, state))


@contextlib.contextmanager
def status_for(item_dir):
    store = StatusStore(item_dir + "/status.db")
    yield store


def process(item):
    return item


def main(items):
    for item in items:
        with status_for(item) as store:
            store.mark(item, "started")
            process(item)
            store.mark(item, "done")
