"""The same storage with one lock around every use of its connection."""
import sqlite3
import threading


class SQLiteSession:
    def __init__(self, name):
        self.filename = name + ".session"
        self._conn = None
        self._lock = threading.Lock()

    def load(self):
        with self._lock:
            self._conn = sqlite3.connect(self.filename, check_same_thread=False)
            self._conn.execute("CREATE TABLE IF NOT EXISTS peers (id INTEGER PRIMARY KEY, hash INTEGER)")

    def process_peers(self, peers):
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO peers VALUES (?, ?)", peers)

    def get_peer(self, peer_id):
        with self._lock:
            row = self._conn.execute("SELECT hash FROM peers WHERE id = ?", (peer_id,)).fetchone()
        return row[0] if row else None

    def set_state(self, pts, date):
        with self._lock:
            self._conn.execute("DELETE FROM state")
            self._conn.execute("INSERT INTO state VALUES (?, ?)", (pts, date))

    def save(self):
        with self._lock:
            self._conn.commit()
