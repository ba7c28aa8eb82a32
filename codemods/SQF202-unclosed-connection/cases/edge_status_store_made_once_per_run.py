"""A store with no close() made once by the command for the whole run: the
process ends with the run, so the one connection is not a leak."""
import contextlib
import sqlite3


class StatusStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def mark(self, item, state):
        with self.conn:
            self.conn.execute("INSERT INTO status VALUES (?, ?)", (item, state))


@contextlib.contextmanager
def status_for(path):
    store = StatusStore(path)
    yield store


def main(items):
    with status_for("status.db") as store:
        for item in items:
            store.mark(item, "done")
