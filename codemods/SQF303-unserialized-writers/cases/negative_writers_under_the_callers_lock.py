"""A background thread rebuilds derived tables, but only through a method that
holds the store's write lock around every step: the helpers write one thread
at a time, so no two writers ever wait on each other in the busy handler."""
import sqlite3
import threading


def rebuild_clusters(conn):
    conn.execute("DELETE FROM clusters")
    conn.execute("INSERT INTO clusters (id, size) SELECT topic, COUNT(*) FROM notes GROUP BY topic")
    conn.commit()


def rebuild_scores(conn):
    conn.execute("DELETE FROM scores")
    conn.execute("INSERT INTO scores (note_id, score) SELECT id, length(body) FROM notes")
    conn.commit()


class NoteStore:
    def __init__(self, path):
        self.path = path
        self.conn = None
        self._write_lock = threading.Lock()
        self._init_lock = threading.Lock()

    def _connect(self):
        with self._init_lock:
            if self.conn is None:
                self.conn = sqlite3.connect(self.path, timeout=10)
                self._mark_upgraded()

    def _mark_upgraded(self):
        # Runs once, inside the init lock.
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('upgraded', '1')")
        self.conn.commit()

    def add(self, body):
        self._connect()
        with self._write_lock:
            self.conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))
            self.conn.commit()

    def consolidate(self):
        self._connect()
        with self._write_lock:
            rebuild_clusters(self.conn)
            rebuild_scores(self.conn)

    def consolidate_in_background(self):
        threading.Thread(target=self._background, daemon=True).start()

    def _background(self):
        self.consolidate()
