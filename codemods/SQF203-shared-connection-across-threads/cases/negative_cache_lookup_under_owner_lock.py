"""The same cache written safely: the indexer's transactions and the lookup's
counter both run under the cache's one lock, each statement on a cursor of
its own. A second cache opens its connection in the indexing thread and only
that thread ever uses it."""
import sqlite3
import threading


class LockedCache:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()
        threading.Thread(target=self._index, daemon=True).start()

    def _index(self):
        while True:
            with self.lock:
                with self.conn:
                    self.conn.execute("INSERT INTO thumbs (path) SELECT path FROM pending")
                    self.conn.execute("DELETE FROM pending")

    def lookup(self, path):
        with self.lock:
            row = self.conn.execute("SELECT image FROM thumbs WHERE path = ?", (path,)).fetchone()
            self.conn.execute("UPDATE thumbs SET hits = hits + 1 WHERE path = ?", (path,))
            self.conn.commit()
        return row


class IndexerOnly:
    def __init__(self, path):
        self.path = path
        threading.Thread(target=self._index, daemon=True).start()

    def _index(self):
        conn = sqlite3.connect(self.path)
        while True:
            with conn:
                conn.execute("DELETE FROM pending")
