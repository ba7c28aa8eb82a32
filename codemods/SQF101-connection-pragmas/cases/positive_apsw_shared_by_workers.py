"""A download manager keeps its queue in SQLite through apsw. Worker threads
each open a connection and mark items done while the feeder thread inserts
new ones. apsw waits 0 ms for a lock by default, so whichever writer meets the
other's transaction fails at once with BusyError instead of waiting."""
import threading

import apsw


class Queue:
    def __init__(self, path):
        self.path = path
        self.db = apsw.Connection(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS items (url TEXT, done INTEGER)")

    def add(self, url):
        with self.db:
            self.db.execute("INSERT INTO items VALUES (?, 0)", (url,))


def worker(path, urls):
    conn = apsw.Connection(path)
    for url in urls:
        with conn:
            conn.execute("UPDATE items SET done = 1 WHERE url = ?", (url,))


def start(path, batches):
    for batch in batches:
        threading.Thread(target=worker, args=(path, batch)).start()
