"""A client's session storage: one SQLite connection, opened when the session
is loaded (not in the constructor) and kept on the object."""
import sqlite3


class SQLiteSession:
    def __init__(self, name):
        self.filename = name + ".session"
        self._conn = None

    def load(self):
        self._conn = sqlite3.connect(self.filename)
        self._conn.execute("CREATE TABLE IF NOT EXISTS peers (id INTEGER PRIMARY KEY, hash INTEGER)")
        self._conn.execute("CREATE TABLE IF NOT EXISTS state (pts INTEGER, date INTEGER)")

    def process_peers(self, peers):
        self._conn.executemany("INSERT OR REPLACE INTO peers VALUES (?, ?)", peers)

    def get_peer(self, peer_id):
        row = self._conn.execute("SELECT hash FROM peers WHERE id = ?", (peer_id,)).fetchone()
        return row[0] if row else None

    def set_state(self, pts, date):
        self._conn.execute("DELETE FROM state")
        self._conn.execute("INSERT INTO state VALUES (?, ?)", (pts, date))

    def save(self):
        self._conn.commit()
