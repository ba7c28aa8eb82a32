"""The store has close(); the context manager closes it in finally, another
caller uses contextlib.closing, and one instance lives for the whole process."""
import contextlib
import sqlite3


class StatusStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def mark(self, item, state):
        with self.conn:
            self.conn.execute("INSERT INTO status VALUES (?, ?)", (item, state))

    def close(self):
        self.conn.close()


@contextlib.contextmanager
def status_for(item_dir):
    store = StatusStore(item_dir + "/status.db")
    try:
        yield store
    finally:
        store.close()


def main(items):
    for item in items:
        with status_for(item) as store:
            store.mark(item, "done")
    for item in items:
        with contextlib.closing(StatusStore(item + "/s.db")) as store:
            store.mark(item, "done")


STORE = StatusStore("global.db")
