"""A thumbnail cache indexes new files on a thread of its own, in
transactions, while the viewer calls `lookup` from its UI thread. The lookup
looks like a read but also bumps a hit counter on the same connection, with no
lock: the UPDATE can land inside the indexer's open transaction (and be
rolled back with it), and the two threads use one connection at once."""
import sqlite3
import threading


class ThumbnailCache:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.worker = threading.Thread(target=self._index, daemon=True)
        self.worker.start()

    def _index(self):
        while True:
            self.conn.execute("BEGIN")
            self.conn.execute("INSERT INTO thumbs (path) SELECT path FROM pending")
            self.conn.execute("DELETE FROM pending")
            self.conn.commit()

    def lookup(self, path):
        row = self.conn.execute("SELECT image FROM thumbs WHERE path = ?", (path,)).fetchone()
        self.conn.execute("UPDATE thumbs SET hits = hits + 1 WHERE path = ?", (path,))
        return row
